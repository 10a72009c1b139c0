/**
 * The 50 states and DC (D15's market), with their FIPS codes: a county's 5-digit FIPS code starts with its
 * state's. The API has no list of states or counties, so the form carries this small table. FIPS numbers the
 * states in the order of their names, from 01, leaving out 03, 07, 14, 43 and 52: the codes are counted, not
 * stored.
 */
const table =
  'ALAlabama|AKAlaska|AZArizona|ARArkansas|CACalifornia|COColorado|CTConnecticut|DEDelaware|' +
  'DCDistrict of Columbia|FLFlorida|GAGeorgia|HIHawaii|IDIdaho|ILIllinois|INIndiana|IAIowa|' +
  'KSKansas|KYKentucky|LALouisiana|MEMaine|MDMaryland|MAMassachusetts|MIMichigan|MNMinnesota|' +
  'MSMississippi|MOMissouri|MTMontana|NENebraska|NVNevada|NHNew Hampshire|NJNew Jersey|' +
  'NMNew Mexico|NYNew York|NCNorth Carolina|NDNorth Dakota|OHOhio|OKOklahoma|OROregon|' +
  'PAPennsylvania|RIRhode Island|SCSouth Carolina|SDSouth Dakota|TNTennessee|TXTexas|UTUtah|' +
  'VTVermont|VAVirginia|WAWashington|WVWest Virginia|WIWisconsin|WYWyoming';

export interface UsState {
  code: string;
  fips: string;
  name: string;
}

let fips = 0;
export const usStates: readonly UsState[] = table.split('|').map((entry) => {
  do fips++;
  while ([3, 7, 14, 43, 52].includes(fips));
  return { code: entry.slice(0, 2), fips: String(fips).padStart(2, '0'), name: entry.slice(2) };
});

export const stateByCode = (code: string | null | undefined): UsState | undefined =>
  usStates.find((state) => state.code === code);

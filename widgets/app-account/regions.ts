import { usStates } from '../bids-manager/us-states.js';

/** Countries a business may register in (server/domain/geo/regions.ts keeps the same lists and rules). */
export type Country = 'US' | 'CA' | 'AU';
export const countries: readonly Country[] = ['US', 'CA', 'AU'];

export interface Region {
  code: string;
  name: string;
}

const table = (entries: string): Region[] => entries.split('|').map((entry) => ({ code: entry.split(':')[0]!, name: entry.split(':')[1]! }));

/** States, provinces and territories by country: the US from the bids form's table, Canada and Australia here. */
export const regions: Record<Country, readonly Region[]> = {
  US: usStates,
  CA: table(
    'AB:Alberta|BC:British Columbia|MB:Manitoba|NB:New Brunswick|NL:Newfoundland and Labrador|NS:Nova Scotia|NT:Northwest Territories|' +
      'NU:Nunavut|ON:Ontario|PE:Prince Edward Island|QC:Quebec|SK:Saskatchewan|YT:Yukon',
  ),
  AU: table('ACT:Australian Capital Territory|NSW:New South Wales|NT:Northern Territory|QLD:Queensland|SA:South Australia|TAS:Tasmania|VIC:Victoria|WA:Western Australia'),
};

/** The server's postal code formats (it also checks that a US ZIP lies in the chosen state). */
export const postalCodes: Record<Country, RegExp> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
  AU: /^\d{4}$/,
};

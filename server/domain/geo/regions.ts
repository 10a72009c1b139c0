import zipcodes from 'zipcodes';

export type Country = 'US' | 'CA' | 'AU';

/**
 * States and provinces a business may register in, with the IANA zone its customer starts in (D30: the zone most of
 * the region's people live in; an admin changes it in Bidding Limits).
 */
export const REGIONS: Record<Country, Record<string, string>> = {
  US: {
    AL: 'America/Chicago', AK: 'America/Anchorage', AZ: 'America/Phoenix', AR: 'America/Chicago', CA: 'America/Los_Angeles',
    CO: 'America/Denver', CT: 'America/New_York', DE: 'America/New_York', DC: 'America/New_York', FL: 'America/New_York',
    GA: 'America/New_York', HI: 'Pacific/Honolulu', ID: 'America/Boise', IL: 'America/Chicago', IN: 'America/Indiana/Indianapolis',
    IA: 'America/Chicago', KS: 'America/Chicago', KY: 'America/New_York', LA: 'America/Chicago', ME: 'America/New_York',
    MD: 'America/New_York', MA: 'America/New_York', MI: 'America/Detroit', MN: 'America/Chicago', MS: 'America/Chicago',
    MO: 'America/Chicago', MT: 'America/Denver', NE: 'America/Chicago', NV: 'America/Los_Angeles', NH: 'America/New_York',
    NJ: 'America/New_York', NM: 'America/Denver', NY: 'America/New_York', NC: 'America/New_York', ND: 'America/Chicago',
    OH: 'America/New_York', OK: 'America/Chicago', OR: 'America/Los_Angeles', PA: 'America/New_York', RI: 'America/New_York',
    SC: 'America/New_York', SD: 'America/Chicago', TN: 'America/Chicago', TX: 'America/Chicago', UT: 'America/Denver',
    VT: 'America/New_York', VA: 'America/New_York', WA: 'America/Los_Angeles', WV: 'America/New_York', WI: 'America/Chicago',
    WY: 'America/Denver',
  },
  CA: {
    AB: 'America/Edmonton', BC: 'America/Vancouver', MB: 'America/Winnipeg', NB: 'America/Moncton', NL: 'America/St_Johns',
    NS: 'America/Halifax', NT: 'America/Edmonton', NU: 'America/Iqaluit', ON: 'America/Toronto', PE: 'America/Halifax',
    QC: 'America/Toronto', SK: 'America/Regina', YT: 'America/Whitehorse',
  },
  AU: {
    ACT: 'Australia/Sydney', NSW: 'Australia/Sydney', NT: 'Australia/Darwin', QLD: 'Australia/Brisbane', SA: 'Australia/Adelaide',
    TAS: 'Australia/Hobart', VIC: 'Australia/Melbourne', WA: 'Australia/Perth',
  },
};

const POSTAL: Record<Country, RegExp> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
  AU: /^\d{4}$/,
};

const POSTAL_HINT: Record<Country, string> = { US: 'a ZIP code such as 78701', CA: 'a postal code such as K1A 0B1', AU: 'a postcode such as 2000' };

/** What is wrong with a region and postal code for the country, by field; empty when both are valid. */
export function addressProblems(country: Country, region: string, postalCode: string): { region?: string; postal_code?: string } {
  if (!(region in REGIONS[country])) return { region: `Choose a ${country === 'CA' ? 'province or territory' : 'state or territory'} of ${country}` };
  if (!POSTAL[country].test(postalCode)) return { postal_code: `Enter ${POSTAL_HINT[country]}` };
  // A US ZIP the bundled table places in another state is a typo in one of the two.
  const zip = country === 'US' ? zipcodes.lookup(postalCode.slice(0, 5)) : undefined;
  if (zip && zip.state !== region) return { postal_code: `This ZIP code is in ${zip.state}, not ${region}` };
  return {};
}

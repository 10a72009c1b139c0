import zipcodes from 'zipcodes';

export interface Centroid {
  latitude: number;
  longitude: number;
}

/** A US ZIP's centroid; only radius filters use it (D15: a lead's county never comes from its ZIP). */
export function zipCentroid(zip: string): Centroid | null {
  if (!/^\d{5}$/.test(zip)) return null;
  const found = zipcodes.lookup(zip);
  return found && found.country === 'US' ? { latitude: found.latitude, longitude: found.longitude } : null;
}

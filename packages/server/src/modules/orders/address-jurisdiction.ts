// Which jurisdiction a delivery address is in, from its `region` as a shopper types it ("NV",
// "Nevada", "nevada"), in the store's country: packs that deliver only within their own state
// judge it (regulations: California, Oregon). A region this cannot read gives nothing, and the
// rules then judge the delivery as for an unknown address (the place is checked at the door).
const REGIONS: Record<string, Record<string, string>> = {
  US: {
    alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT', delaware: 'DE',
    'district of columbia': 'DC', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL', indiana: 'IN', iowa: 'IA',
    kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD', massachusetts: 'MA', michigan: 'MI', minnesota: 'MN',
    mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ',
    'new mexico': 'NM', 'new york': 'NY', 'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR',
    pennsylvania: 'PA', 'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT',
    vermont: 'VT', virginia: 'VA', washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY', 'puerto rico': 'PR', guam: 'GU',
  },
  CA: {
    alberta: 'AB', 'british columbia': 'BC', manitoba: 'MB', 'new brunswick': 'NB', 'newfoundland and labrador': 'NL', 'nova scotia': 'NS',
    ontario: 'ON', 'prince edward island': 'PE', quebec: 'QC', québec: 'QC', saskatchewan: 'SK', 'northwest territories': 'NT', nunavut: 'NU', yukon: 'YT',
  },
};

/** The address's jurisdiction code (US-NV) in the country of the store's jurisdiction (US-CA), or undefined when the region cannot be read. */
export function addressJurisdiction(storeJurisdiction: string, region: string | undefined): string | undefined {
  const country = storeJurisdiction.split('-')[0];
  const names = REGIONS[country];
  if (!names || !region) return undefined;
  const typed = region.trim().replace(/\.$/, '').replace(/\s+/g, ' ').toLowerCase();
  const codes = new Set(Object.values(names));
  const code = codes.has(typed.toUpperCase()) ? typed.toUpperCase() : names[typed];
  return code ? `${country}-${code}` : undefined;
}

// Product categories the engine understands. Packs refer to these names; limits and taxes
// compile them into bit masks so a per-line category test is one AND.
export const CATEGORIES = [
  'flower',
  'pre_roll',
  'infused_pre_roll',
  'vape',
  'concentrate',
  'edible',
  'beverage',
  'tincture',
  'capsule',
  'topical',
  'seed',
  'plant',
  'accessory',
] as const;

export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_INDEX: Readonly<Record<Category, number>> = Object.fromEntries(
  CATEGORIES.map((c, i) => [c, i]),
) as Record<Category, number>;

/** Everything that is cannabis (subject to cannabis-specific taxes and limits). */
export const CANNABIS_CATEGORIES: readonly Category[] = CATEGORIES.filter((c) => c !== 'accessory');

export function categoryMask(categories: readonly Category[]): number {
  let mask = 0;
  for (const c of categories) mask |= 1 << CATEGORY_INDEX[c];
  return mask;
}

export const CUSTOMER_KINDS = ['adult_use', 'medical'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const CHANNELS = ['in_store', 'pickup', 'delivery'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ADDRESS_TYPES = ['residence', 'hotel', 'business'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

export const METRC_TAX_FIELDS = [
  'ExciseTax',
  'CityTax',
  'CountyTax',
  'MunicipalTax',
  'DiscountAmount',
  'SalesTax',
  'OtherTax',
] as const;
export type MetrcTaxField = (typeof METRC_TAX_FIELDS)[number];

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

/**
 * Facts about a product that some jurisdictions prohibit whatever its category: `perishable`
 * (needs refrigeration or spoils within days: baked goods such as cookies and brownies) and
 * `contains_alcohol` (alcohol is an ingredient, e.g. an alcohol-based tincture). Product rules
 * match on them; a line without them is unaffected.
 */
export const PRODUCT_ATTRIBUTES = ['perishable', 'contains_alcohol'] as const;
export type ProductAttribute = (typeof PRODUCT_ATTRIBUTES)[number];

export function attributeMask(attributes: readonly ProductAttribute[] | undefined): number {
  let mask = 0;
  if (attributes) for (const a of attributes) mask |= 1 << PRODUCT_ATTRIBUTES.indexOf(a);
  return mask;
}

/**
 * THC compounds other than Δ9 that a line may state per serving (`otherThcMgPerServing`), keyed as
 * certificates of analysis name them: Δ8-THC, Δ10-THC, exo-THC, THCV (Δ9-THCV), Δ8-THCV, THCP,
 * THCB, THCH, HHC and THC-O-acetate. Δ9 itself is `thcMgPerServing`; THCA is `thcaPercent`. HHC is
 * a hexahydro-, not a tetrahydrocannabinol: it is listed because the laws that cap these compounds
 * (Washington's E2SSB 5367 definitions) reach intoxicating hemp-derived cannabinoids, and a figure
 * a lab reports is better counted than dropped.
 */
export const OTHER_THC_COMPOUNDS = ['delta8_thc', 'delta10_thc', 'exo_thc', 'thcv', 'delta8_thcv', 'thcp', 'thcb', 'thch', 'hhc', 'thc_o_acetate'] as const;
export type OtherThcCompound = (typeof OTHER_THC_COMPOUNDS)[number];

export const CUSTOMER_KINDS = ['adult_use', 'medical'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const CHANNELS = ['in_store', 'pickup', 'delivery'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * What a jurisdiction can require a receipt to carry, named for what the law asks rather than how
 * a printer lays it out:
 *
 * - `customerFirstName`: the customer's first name (only the first name).
 * - `customerNumber`: the number the retailer assigned the customer.
 * - `deliveryAddress`: the address the order is delivered to.
 * - `deliveryEmployee`: the first name and employee number of the employee who delivers the order.
 * - `preparingEmployee`: the first name and employee number of the employee who prepared the order.
 * - `itemWeight`: each item's weight (net weight × quantity).
 * - `itemQuantityAndPrice`: each item on its own line with its quantity and its price.
 * - `dateTime`: the date and time the order was placed and the sale made, in the store's time zone.
 * - `total`: the total paid, taxes and fees included.
 * - `signatureLine`: a line for the customer's signature at the hand-over.
 * - `taxesStatedSeparately`: each tax on its own line, apart from the price.
 * - `educationalHandout`: the state's educational material handed to the customer with the sale
 *   (Colorado, with concentrate sales); a hand-over item rather than a printed line.
 */
export const RECEIPT_CONTENTS = [
  'customerFirstName',
  'customerNumber',
  'deliveryAddress',
  'deliveryEmployee',
  'preparingEmployee',
  'itemWeight',
  'itemQuantityAndPrice',
  'dateTime',
  'total',
  'signatureLine',
  'taxesStatedSeparately',
  'educationalHandout',
] as const;
export type ReceiptContent = (typeof RECEIPT_CONTENTS)[number];

/**
 * What kind of place a delivery goes to: the kinds delivery rules name, so a pack can allow or
 * exclude them. The customer (or the store) declares it with the delivery; the engine cannot see
 * the place itself.
 *
 * - `residence`: a private home or apartment (not a dormitory, not lodging).
 * - `hotel`: lodging: a hotel, motel or bed and breakfast.
 * - `business`: a commercial address (an office, a shop).
 * - `dormitory`: student housing, a dormitory or residence hall (Oregon: not a residence).
 * - `consumption_establishment`: a designated consumption establishment, licensed for on-site use (Michigan).
 * - `inpatient_facility`: a hospital, hospice or care facility where the patient is admitted (Maryland medical).
 * - `school`: a school teaching kindergarten through grade 12 (not a college).
 * - `day_care`: a day care center.
 * - `youth_center`: a youth center.
 * - `public_land`: publicly owned or leased land, e.g. a park or a government building.
 */
export const ADDRESS_TYPES = [
  'residence',
  'hotel',
  'business',
  'dormitory',
  'consumption_establishment',
  'inpatient_facility',
  'school',
  'day_care',
  'youth_center',
  'public_land',
] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

/**
 * Ways an order may be handed over outside the store that a jurisdiction allows or bans, apart
 * from delivery: `curbside` (brought out to the customer's parked car) and `drive_through` (served
 * through a window to a customer in a vehicle).
 */
export const PICKUP_MODES = ['curbside', 'drive_through'] as const;
export type PickupMode = (typeof PICKUP_MODES)[number];

/**
 * How a pickup order is handed over, as a pickup names it: `in_store` (at the counter, the
 * default; no pack rule is needed for it) or one of PICKUP_MODES, which the store's pack must allow.
 */
export const HAND_OVER_MODES = ['in_store', ...PICKUP_MODES] as const;
export type HandOverMode = (typeof HAND_OVER_MODES)[number];

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

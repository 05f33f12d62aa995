import { OTHER_THC_COMPOUNDS, otherThcMgPerServingSchema } from '@verdant/rules';
import { z } from 'zod';
import { CATEGORIES, SKU_ATTRIBUTES, STRAIN_TYPES, canonicalAttributes, type Category, type OtherThcMgPerServing, type SkuAttribute } from './catalog.model';

// Reading one POS export row: header aliases and the value parsers. Pure, so the import's rules
// about what a cell may contain are tested without a database.

export type ImportField =
  | 'code'
  | 'registerName'
  | 'title'
  | 'brand'
  | 'category'
  | 'strainType'
  | 'strainName'
  | 'size'
  | 'unit'
  | 'netWeight'
  | 'thcMg'
  | 'thcMgPerServing'
  | 'otherThcMgPerServing'
  | 'thcPercent'
  | 'thcaPercent'
  | 'cbdMg'
  | 'cbdPercent'
  | 'barcode'
  | 'description'
  | 'effects'
  | 'medicalOnly'
  | 'dohCompliant'
  | 'restrictedJurisdictions'
  | 'attributes'
  | 'packCount'
  | 'organizationPrice'
  | 'organizationPriceTiers'
  | 'organizationPriceCurrency'
  | 'priceEffectiveFrom';

const ALIASES: Record<string, ImportField> = {};
const add = (field: ImportField, ...names: string[]) => names.forEach((n) => (ALIASES[n] = field));
add('code', 'sku', 'sku_code', 'code', 'item_sku', 'sku_id', 'product_sku');
add('registerName', 'register_name', 'pos_name', 'name', 'item_name', 'register', 'pos_product_name');
add('title', 'product', 'product_title', 'title', 'product_name', 'display_name');
add('brand', 'brand', 'brand_name', 'vendor_brand', 'manufacturer');
add('category', 'category', 'product_category', 'type', 'product_type');
add('strainType', 'strain', 'strain_type', 'lineage', 'strain_lineage');
add('strainName', 'strain_name');
add('size', 'size', 'size_label', 'package_size');
add('unit', 'unit', 'uom', 'unit_of_measure', 'sold_by');
add('netWeight', 'net_weight', 'net_weight_g', 'net_weight_mg', 'weight', 'weight_g', 'net_wt');
add('thcMg', 'thc_mg', 'total_thc_mg');
add('thcMgPerServing', 'thc_mg_per_serving', 'thc_per_serving_mg');
add('otherThcMgPerServing', 'other_thc_mg_per_serving', 'other_thc_per_serving_mg', 'other_thc');
add('thcPercent', 'thc_percent', 'thc_pct', 'thc', 'thc_%', 'total_thc_percent');
add('thcaPercent', 'thca_percent', 'thca_pct', 'thca', 'thca_%');
add('cbdMg', 'cbd_mg', 'total_cbd_mg');
add('cbdPercent', 'cbd_percent', 'cbd_pct', 'cbd', 'cbd_%');
add('barcode', 'barcode', 'upc', 'gtin', 'ean');
add('description', 'description', 'product_description');
add('effects', 'effects', 'effect', 'feelings');
add('medicalOnly', 'medical_only', 'med_only', 'medical');
add('dohCompliant', 'doh_compliant', 'doh', 'doh_certified', 'doh_compliant_product');
add('restrictedJurisdictions', 'restricted_jurisdictions', 'not_allowed_in', 'restricted_in');
add('attributes', 'attributes', 'product_attributes', 'sku_attributes');
add('packCount', 'pack_count', 'pack_size', 'units_per_pack');
// The organization-wide price (every store without its own) and the start of the row's prices.
// Matched before `price_<LICENSE>`: no license is `*`, `organization` or `effective_from`.
add('organizationPrice', 'price_*', 'organization_price', 'price_organization');
add('priceEffectiveFrom', 'price_effective_from', 'prices_effective_from', 'price_start');
// The organization-wide price's quantity tiers and currency (`tiers_<LICENSE>` give a store's tiers).
add('organizationPriceTiers', 'tiers_*', 'price_*_tiers', 'organization_price_tiers', 'organization_tiers');
add('organizationPriceCurrency', 'price_*_currency', 'organization_price_currency', 'organization_currency');

export const normalizeHeader = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s\-./()]+/g, '_')
    .replace(/_+$/g, '');

export interface HeaderMap {
  fields: Map<number, ImportField>;
  /** Column index → store license number, for `price_<LICENSE>` columns. */
  prices: Map<number, string>;
  /** Column index → store license number, for `tiers_<LICENSE>` columns (that store's price's quantity tiers). */
  tiers: Map<number, string>;
  /** The default unit of the net weight column: `net_weight_mg` is milligrams, others grams. */
  netWeightUnit: 'g' | 'mg';
  ignored: string[];
  problems: string[];
}

export function mapHeaders(headers: string[]): HeaderMap {
  const map: HeaderMap = { fields: new Map(), prices: new Map(), tiers: new Map(), netWeightUnit: 'g', ignored: [], problems: [] };
  const seen = new Map<ImportField, string>();
  headers.forEach((raw, index) => {
    const field = ALIASES[normalizeHeader(raw)];
    const price = raw.trim().match(/^price[\s_:@-]+(.+)$/i);
    if (price && !field) {
      map.prices.set(index, price[1].trim());
      return;
    }
    const tiers = raw.trim().match(/^tiers[\s_:@-]+(.+)$/i);
    if (tiers && !field) {
      map.tiers.set(index, tiers[1].trim());
      return;
    }
    if (!field) {
      if (raw.trim()) map.ignored.push(raw);
      return;
    }
    if (seen.has(field)) {
      map.problems.push(`Columns "${seen.get(field)}" and "${raw}" both give ${field}.`);
      return;
    }
    seen.set(field, raw);
    map.fields.set(index, field);
    if (field === 'netWeight' && normalizeHeader(raw).endsWith('_mg')) map.netWeightUnit = 'mg';
  });
  if (!seen.has('code')) map.problems.push('No SKU code column (sku, sku_code or code).');
  if (!seen.has('registerName') && !seen.has('title')) map.problems.push('Neither a register name nor a product title column.');
  if (map.prices.size === 0 && !seen.has('organizationPrice')) {
    map.problems.push('No price column: name them price_<store license number>, or price_* for the organization-wide price.');
  }
  return map;
}

const CATEGORY_WORDS: Record<string, Category> = {};
for (const c of CATEGORIES) CATEGORY_WORDS[c] = c;
const cat = (category: Category, ...words: string[]) => words.forEach((w) => (CATEGORY_WORDS[w] = category));
cat('flower', 'flowers', 'bud', 'buds', 'smalls', 'shake');
cat('pre_roll', 'preroll', 'prerolls', 'pre_rolls', 'joint', 'joints', 'pre_roll_pack');
cat('infused_pre_roll', 'infused_preroll', 'infused_prerolls', 'infused_pre_rolls', 'infused_joint');
cat('vape', 'vapes', 'cartridge', 'cartridges', 'cart', 'carts', 'vape_cartridge', 'disposable', 'vape_pen', 'pod', 'pods');
cat('concentrate', 'concentrates', 'extract', 'extracts', 'wax', 'shatter', 'live_resin', 'rosin', 'badder', 'budder', 'diamonds', 'hash');
cat('edible', 'edibles', 'gummy', 'gummies', 'chocolate', 'chocolates', 'candy');
cat('beverage', 'beverages', 'drink', 'drinks', 'soda');
cat('tincture', 'tinctures', 'oil', 'sublingual');
cat('capsule', 'capsules', 'pill', 'pills', 'tablet', 'tablets');
cat('topical', 'topicals', 'lotion', 'balm', 'salve', 'transdermal');
cat('seed', 'seeds');
cat('plant', 'plants', 'clone', 'clones', 'immature_plant');
cat('accessory', 'accessories', 'gear', 'paraphernalia', 'merch', 'merchandise', 'non_cannabis');

export function parseCategory(value: string): Category | null {
  return CATEGORY_WORDS[normalizeHeader(value)] ?? null;
}

export function parseStrainType(value: string): (typeof STRAIN_TYPES)[number] | null {
  const v = normalizeHeader(value);
  if (['i', 'indica'].includes(v)) return 'indica';
  if (['s', 'sativa'].includes(v)) return 'sativa';
  if (['h', 'hybrid', 'indica_hybrid', 'sativa_hybrid', 'indica_dominant', 'sativa_dominant', 'indica_dominant_hybrid', 'sativa_dominant_hybrid', 'balanced'].includes(v)) {
    return 'hybrid';
  }
  if (['cbd', 'high_cbd', 'cbd_dominant', 'hemp'].includes(v)) return 'cbd';
  return null;
}

export function parseUnit(value: string): 'each' | 'weight' | null {
  const v = normalizeHeader(value);
  if (['each', 'ea', 'unit', 'units', 'pc', 'pcs', 'piece', 'package', 'pkg'].includes(v)) return 'each';
  if (['weight', 'g', 'gram', 'grams', 'bulk', 'by_weight', 'weighed'].includes(v)) return 'weight';
  return null;
}

/**
 * "$45.00", "45", "1,045.5" → cents; negative and malformed amounts are refused, never rounded,
 * and so are prices past the API's $1,000,000.00 (MAX_PRICE_CENTS). A comma is read only as a
 * thousands separator (groups of three): "45,00" is a decimal comma, and dropping it would price
 * the item at $4,500.00, so it is refused.
 */
export function parsePriceCents(value: string): { cents: number } | { error: 'NEGATIVE_PRICE' | 'INVALID_PRICE' } {
  const v = value.trim().replace(/^\$|\s/g, '');
  if (/^-/.test(v) || /^\(.*\)$/.test(v) || /^\$?-/.test(value.trim())) return { error: 'NEGATIVE_PRICE' };
  const m = v.match(/^\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/);
  if (!m) return { error: 'INVALID_PRICE' };
  const dollars = m[1].replace(/,/g, '');
  if (dollars.length > 7) return { error: 'INVALID_PRICE' };
  const cents = Number(dollars) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return cents <= MAX_PRICE_CENTS ? { cents } : { error: 'INVALID_PRICE' };
}

// The API's bounds (catalog.schemas.ts): a cell past them is a refused row, never a value the
// database refuses halfway through an import.
/** A price: at most $1,000,000.00. */
export const MAX_PRICE_CENTS = 100_000_000;
/** Net weight, THC and CBD of one SKU: at most 10 kg (10,000,000 mg). */
export const MAX_MILLIGRAMS = 10_000_000;
export const MAX_PACK_COUNT = 10_000;
export const MAX_LENGTH = { registerName: 300, title: 300, brand: 200, strainName: 200, sizeLabel: 100, description: 20_000 } as const;

/** "3.5g", "3500mg", "1oz", "3.5" (in the column's default unit) → whole milligrams, at most MAX_MILLIGRAMS. */
export function parseWeightMg(value: string, defaultUnit: 'g' | 'mg'): number | null {
  const m = value
    .trim()
    .toLowerCase()
    .match(/^(\d+(?:\.\d+)?)\s*(mg|g|gr|gram|grams|oz)?$/);
  if (!m) return null;
  const amount = Number(m[1]);
  const unit = m[2] ?? defaultUnit;
  const mg = Math.round(unit === 'mg' ? amount : unit === 'oz' ? amount * 28_349.5 : amount * 1000);
  return mg <= MAX_MILLIGRAMS ? mg : null;
}

/** "24.5", "24.5%" → 24.5 (percent, 0..100). */
export function parsePercent(value: string): number | null {
  const m = value.trim().match(/^(\d+(?:\.\d+)?)\s*%?$/);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 0 && n <= 100 ? Math.round(n * 100) / 100 : null;
}

/** "100", "100mg" → 100 (milligrams, up to 3 decimals, at most MAX_MILLIGRAMS). */
export function parseMilligrams(value: string): number | null {
  const m = value
    .trim()
    .toLowerCase()
    .match(/^(\d+(?:\.\d+)?)\s*(mg)?$/);
  if (!m) return null;
  const mg = Math.round(Number(m[1]) * 1000) / 1000;
  return mg <= MAX_MILLIGRAMS ? mg : null;
}

/** "10" → 10 units in the pack, 1 to MAX_PACK_COUNT. */
export function parsePackCount(value: string): number | null {
  const v = value.trim();
  return /^\d{1,6}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_PACK_COUNT ? Number(v) : null;
}

export function parseBoolean(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'x'].includes(v)) return true;
  if (['false', 'no', 'n', '0', ''].includes(v)) return false;
  return null;
}

/**
 * A SKU's attributes cell ("perishable|contains_alcohol"; ; and , separate too): each known value
 * once, in the catalog's order, or the first value that is not an attribute.
 */
export function parseAttributes(value: string): { attributes: SkuAttribute[] } | { unknown: string } {
  const values = splitList(value).map(normalizeHeader);
  const unknown = values.find((v) => !(SKU_ATTRIBUTES as readonly string[]).includes(v));
  return unknown !== undefined ? { unknown } : { attributes: canonicalAttributes(values as SkuAttribute[]) };
}

export function splitList(value: string): string[] {
  return value
    .split(/[;|,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The other_thc_mg_per_serving cell: mg a serving of each THC compound other than Δ9, as a
 * certificate of analysis lists them, `delta8_thc=0.4; thcp=0.1` (`:` for `=`; `;`, `|` or `,`
 * between compounds; an optional `mg`), keyed as the API keys them (case, spaces and dashes do not
 * matter: `Delta8-THC`). `none` states that none was found ({}). Keys and bounds are the API's
 * (otherThcMgPerServingSchema): an unknown compound is UNKNOWN_THC_COMPOUND, a bad amount
 * INVALID_THC. The compounds come out in the catalog's order, so a re-import compares equal.
 */
export function parseOtherThc(value: string): { value: OtherThcMgPerServing } | { error: 'INVALID_THC' | 'UNKNOWN_THC_COMPOUND'; message: string } {
  if (['none', 'none_found', '{}'].includes(normalizeHeader(value))) return { value: {} };
  const stated: Record<string, number> = {};
  for (const part of splitList(value)) {
    const m = part.match(/^([^=:]+?)\s*[=:]\s*(.*)$/);
    if (!m) return { error: 'INVALID_THC', message: `"${part}" is not a compound and its mg, such as delta8_thc=0.4.` };
    const compound = normalizeHeader(m[1]);
    const amount = m[2].trim().match(/^(\d+(?:\.\d+)?)\s*(mg)?$/i);
    if (!amount) return { error: 'INVALID_THC', message: `"${m[2].trim()}" for ${compound} is not an amount of milligrams.` };
    if (compound in stated) return { error: 'INVALID_THC', message: `${compound} is stated twice.` };
    stated[compound] = Number(amount[1]);
  }
  const checked = otherThcMgPerServingSchema.safeParse(stated);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const compound = String(issue.path[0] ?? '');
    return issue.code === 'invalid_key'
      ? { error: 'UNKNOWN_THC_COMPOUND', message: `"${compound}" is not a THC compound the catalog knows: ${OTHER_THC_COMPOUNDS.join(', ')}.` }
      : { error: 'INVALID_THC', message: `${compound}: ${issue.message} (0 to 10,000 mg, at most 3 decimals).` };
  }
  return { value: inCompoundOrder(checked.data) };
}

/** The compounds in the catalog's order: jsonb keeps its own order, and a re-import compares the JSON. */
export function inCompoundOrder<T extends OtherThcMgPerServing | null>(value: T): T {
  if (value === null) return value;
  const ordered: OtherThcMgPerServing = {};
  for (const compound of OTHER_THC_COMPOUNDS) if (value[compound] !== undefined) ordered[compound] = value[compound];
  return ordered as T;
}

/**
 * A price's quantity tiers in one cell, each a minimum quantity and the unit price from it, as the
 * API's tiers: `3=16.00; 7=14.50` (`:` for `=`; `;` or `|` between tiers, since a price may hold a
 * thousands comma; prices read as the price columns read them). `none` states that there are
 * none. Only the cell's form is checked here; its bounds and order, and that no tier costs more per
 * unit than fewer units, are the API's schema's (priceInputSchema), which the import applies.
 */
export function parseTiers(value: string): { tiers: { minQuantity: number; unitPriceCents: number }[] } | { error: 'INVALID_TIERS'; message: string } {
  if (['none', 'no_tiers'].includes(normalizeHeader(value))) return { tiers: [] };
  const tiers: { minQuantity: number; unitPriceCents: number }[] = [];
  for (const part of value.split(/[;|]/).map((p) => p.trim()).filter(Boolean)) {
    const m = part.match(/^(\d{1,6})\s*[=:]\s*(.+)$/);
    if (!m) return { error: 'INVALID_TIERS', message: `"${part}" is not a quantity and its unit price, such as 3=16.00.` };
    const price = parsePriceCents(m[2]);
    if ('error' in price) return { error: 'INVALID_TIERS', message: `"${m[2].trim()}" for ${m[1]} or more is not a price of at most $1,000,000.00.` };
    tiers.push({ minQuantity: Number(m[1]), unitPriceCents: price.cents });
  }
  return { tiers };
}

/** "CAD", "usd" → an ISO 4217 code in capitals, as the API's currency; null when it is not three letters. */
export function parseCurrency(value: string): string | null {
  const v = value.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(v) ? v : null;
}

// The API's effectiveFrom (catalog.schemas.ts), which this file cannot import: that module reads
// MAX_PRICE_CENTS from here.
const instantSchema = z.iso.datetime({ offset: true });

/** A price start: an instant with its offset or Z, on a real day ("2031-03-07T00:00:00-08:00"), as the API takes it. */
export function parseInstant(value: string): string | null {
  const v = value.trim();
  return instantSchema.safeParse(v).success ? v : null;
}

import { PRODUCT_ATTRIBUTES, type OtherThcCompound, type ProductAttribute } from '@verdant/rules';
import type { ProductCategory, StrainType } from './shorthand';

// The catalog's vocabulary. Category names are the ones the compliance rules (purchase limits,
// taxes) use, so a SKU's category is what checkout counts it as.

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
] as const satisfies readonly ProductCategory[];
export type Category = (typeof CATEGORIES)[number];

export const STRAIN_TYPES = ['indica', 'sativa', 'hybrid', 'cbd'] as const satisfies readonly StrainType[];
export const SKU_UNITS = ['each', 'weight'] as const;
export type SkuUnit = (typeof SKU_UNITS)[number];

/** Product facts the compliance rules match on (perishable, contains_alcohol): the rules' own list. */
export const SKU_ATTRIBUTES = PRODUCT_ATTRIBUTES;
export type SkuAttribute = ProductAttribute;

/** Each attribute once, in the list's order: what the sku.attributes column holds. */
export const canonicalAttributes = (attributes: readonly SkuAttribute[]): SkuAttribute[] => SKU_ATTRIBUTES.filter((a) => attributes.includes(a));

/** Categories whose purchase limits count grams of cannabis: a SKU must state its net weight. */
export const WEIGHT_COUNTED: ReadonlySet<Category> = new Set(['flower', 'pre_roll', 'infused_pre_roll', 'vape', 'concentrate']);
/** Categories whose limits count milligrams of THC: a SKU must state its THC content. */
export const THC_COUNTED: ReadonlySet<Category> = new Set(['edible', 'beverage', 'tincture', 'capsule']);
/** Made with extracted cannabinoids, unless a SKU says otherwise. */
export const INFUSED_BY_DEFAULT: ReadonlySet<Category> = new Set([
  'infused_pre_roll',
  'edible',
  'beverage',
  'tincture',
  'capsule',
  'topical',
]);

export interface Terpene {
  name: string;
  percent?: number;
}
export interface ProductImage {
  url: string;
  alt?: string;
}
export interface PriceTier {
  minQuantity: number;
  unitPriceCents: number;
}

export interface BrandView {
  id: string;
  name: string;
  slug: string;
  aliases: string[];
  description: string;
  createdAt: string;
  updatedAt: string;
}

export interface PriceView {
  storeId: string;
  priceCents: number;
  currency: string;
  tiers: PriceTier[];
  updatedAt: string;
}

/** mg per serving by compound (the rules' OTHER_THC_COMPOUNDS), as the sku column holds it. */
export type OtherThcMgPerServing = Partial<Record<OtherThcCompound, number>>;

export interface SkuView {
  id: string;
  productId: string;
  code: string;
  registerName: string | null;
  barcode: string | null;
  sizeLabel: string;
  unit: SkuUnit;
  netWeightMg: number | null;
  packCount: number | null;
  thcMg: number | null;
  thcMgPerServing: number | null;
  /** THC compounds other than Δ9 per serving, mg by compound; null = not stated, {} = none found. */
  otherThcMgPerServing: OtherThcMgPerServing | null;
  thcPercent: number | null;
  /** THCA % on the label, apart from thcPercent (Δ9): Illinois taxes by THC + 0.877 × THCA. */
  thcaPercent: number | null;
  cbdMg: number | null;
  cbdPercent: number | null;
  infused: boolean;
  /** Meets Washington DOH standards for medical cannabis (the patient tax exemption needs it). */
  dohCompliant: boolean;
  medicalOnly: boolean;
  adultUseAllowed: boolean;
  restrictedJurisdictions: string[];
  attributes: SkuAttribute[];
  reviewStatus: 'confirmed' | 'needs_review' | 'rejected';
  status: 'active' | 'archived';
  prices: PriceView[];
}

export interface ProductView {
  id: string;
  brandId: string | null;
  brandName: string | null;
  title: string;
  slug: string;
  description: string;
  category: Category;
  strainType: (typeof STRAIN_TYPES)[number] | null;
  strainName: string | null;
  effects: string[];
  terpenes: Terpene[];
  images: ProductImage[];
  seo: { title: string; description: string; canonicalSlug: string };
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
  skus: SkuView[];
}

const iso = (value: Date | string) => new Date(value).toISOString();
export const decimal = (value: string | number | null): number | null => (value === null ? null : Number(value));

export type BrandRow = {
  id: string;
  name: string;
  slug: string;
  aliases: string[];
  description: string;
  created_at: Date;
  updated_at: Date;
};

export const toBrandView = (row: BrandRow): BrandView => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  aliases: row.aliases,
  description: row.description,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

export type PriceRow = { store_id: string; price_cents: number; currency: string; tiers: unknown; updated_at: Date };

export const toPriceView = (row: PriceRow): PriceView => ({
  storeId: row.store_id,
  priceCents: row.price_cents,
  currency: row.currency,
  tiers: (row.tiers ?? []) as PriceTier[],
  updatedAt: iso(row.updated_at),
});

export type SkuRow = {
  id: string;
  product_id: string;
  code: string;
  register_name: string | null;
  barcode: string | null;
  size_label: string;
  unit: string;
  net_weight_mg: number | null;
  pack_count: number | null;
  thc_mg: string | null;
  thc_mg_per_serving: string | null;
  other_thc_mg_per_serving: unknown;
  thc_percent: string | null;
  thca_percent: string | null;
  cbd_mg: string | null;
  cbd_percent: string | null;
  infused: boolean;
  doh_compliant: boolean;
  medical_only: boolean;
  adult_use_allowed: boolean;
  restricted_jurisdictions: string[];
  attributes: string[];
  review_status: string;
  status: string;
};

/** The sku.other_thc_mg_per_serving column as read (jsonb, parsed by the driver), or null. */
export const otherThc = (value: unknown): OtherThcMgPerServing | null => (value === null || value === undefined ? null : (value as OtherThcMgPerServing));

/** The column's value to write: JSON text, or null for "not stated". */
export const otherThcColumn = (value: OtherThcMgPerServing | null | undefined): string | null => (value == null ? null : JSON.stringify(value));

export const toSkuView = (row: SkuRow, prices: PriceView[] = []): SkuView => ({
  id: row.id,
  productId: row.product_id,
  code: row.code,
  registerName: row.register_name,
  barcode: row.barcode,
  sizeLabel: row.size_label,
  unit: row.unit as SkuUnit,
  netWeightMg: row.net_weight_mg,
  packCount: row.pack_count,
  thcMg: decimal(row.thc_mg),
  thcMgPerServing: decimal(row.thc_mg_per_serving),
  otherThcMgPerServing: otherThc(row.other_thc_mg_per_serving),
  thcPercent: decimal(row.thc_percent),
  thcaPercent: decimal(row.thca_percent),
  cbdMg: decimal(row.cbd_mg),
  cbdPercent: decimal(row.cbd_percent),
  infused: row.infused,
  dohCompliant: row.doh_compliant,
  medicalOnly: row.medical_only,
  adultUseAllowed: row.adult_use_allowed,
  restrictedJurisdictions: row.restricted_jurisdictions,
  attributes: row.attributes as SkuAttribute[],
  reviewStatus: row.review_status as SkuView['reviewStatus'],
  status: row.status as SkuView['status'],
  prices,
});

export type ProductRow = {
  id: string;
  brand_id: string | null;
  brand_name: string | null;
  title: string;
  slug: string;
  description: string;
  category: string;
  strain_type: string | null;
  strain_name: string | null;
  effects: string[];
  terpenes: unknown;
  images: unknown;
  seo_title: string | null;
  seo_description: string | null;
  status: string;
  created_at: Date;
  updated_at: Date;
};

/** A storefront description: the SEO one if set, else the first sentence-ish of the copy. */
export function seoDescriptionOf(row: Pick<ProductRow, 'seo_description' | 'description' | 'title'>): string {
  if (row.seo_description) return row.seo_description;
  const text = row.description.replace(/\s+/g, ' ').trim();
  if (!text) return row.title;
  return text.length <= 160 ? text : `${text.slice(0, 157).replace(/\s+\S*$/, '')}…`;
}

export const toProductView = (row: ProductRow, skus: SkuView[] = []): ProductView => ({
  id: row.id,
  brandId: row.brand_id,
  brandName: row.brand_name,
  title: row.title,
  slug: row.slug,
  description: row.description,
  category: row.category as Category,
  strainType: row.strain_type as ProductView['strainType'],
  strainName: row.strain_name,
  effects: row.effects,
  terpenes: (row.terpenes ?? []) as Terpene[],
  images: (row.images ?? []) as ProductImage[],
  seo: {
    title: row.seo_title ?? (row.brand_name && !row.title.includes(row.brand_name) ? `${row.title} by ${row.brand_name}` : row.title),
    description: seoDescriptionOf(row),
    canonicalSlug: row.slug,
  },
  status: row.status as ProductView['status'],
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  skus,
});

/** URL-safe, lower-case, ASCII: "Blue Dream 3.5g (Hybrid)" → "blue-dream-3-5g-hybrid". */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/g, '');
  return slug || 'item';
}

/** The unit price for a quantity: the lowest tier whose minimum the quantity reaches. */
export function unitPriceFor(price: { priceCents: number; tiers: readonly PriceTier[] }, quantity: number): number {
  let unit = price.priceCents;
  for (const tier of price.tiers) if (quantity >= tier.minQuantity && tier.unitPriceCents < unit) unit = tier.unitPriceCents;
  return unit;
}

/** The columns of a SKU that describe what it is (written by the API and by the import alike). */
export interface SkuContentColumns {
  code: string;
  register_name: string | null;
  barcode: string | null;
  size_label: string;
  unit: string;
  net_weight_mg: number | null;
  pack_count: number | null;
  thc_mg: number | null;
  thc_mg_per_serving: number | null;
  thc_percent: number | null;
  thca_percent: number | null;
  cbd_mg: number | null;
  cbd_percent: number | null;
  infused: boolean;
  doh_compliant: boolean;
  medical_only: boolean;
  adult_use_allowed: boolean;
  restricted_jurisdictions: string[];
  attributes: string[];
  review_status: string;
}

import type { ColumnType, Generated } from 'kysely';

// Kysely's view of the catalog's tables (migration 0002_create_catalog.sql).
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;
/** A nullable jsonb column: written as JSON text or null, read parsed. */
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
/** numeric columns come back from pg as strings; we write numbers. */
type Decimal = ColumnType<string | null, number | null | undefined, number | null>;

export interface BrandTable {
  id: string;
  organization_id: string;
  name: string;
  slug: string;
  aliases: TextArray;
  description: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductTable {
  id: string;
  organization_id: string;
  brand_id: string | null;
  brand_name: string | null;
  title: string;
  slug: string;
  description: Generated<string>;
  category: string;
  strain_type: string | null;
  strain_name: string | null;
  effects: TextArray;
  terpenes: Json;
  images: Json;
  seo_title: string | null;
  seo_description: string | null;
  status: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  search_vector: ColumnType<string, never, never>;
}

export interface SkuTable {
  id: string;
  organization_id: string;
  product_id: string;
  code: string;
  register_name: string | null;
  barcode: string | null;
  size_label: Generated<string>;
  unit: string;
  net_weight_mg: number | null;
  pack_count: number | null;
  thc_mg: Decimal;
  thc_mg_per_serving: Decimal;
  /** THC compounds other than Δ9 per serving, mg by compound (migration 0158); null = not stated. */
  other_thc_mg_per_serving: NullableJson;
  thc_percent: Decimal;
  thca_percent: Decimal;
  cbd_mg: Decimal;
  cbd_percent: Decimal;
  infused: Generated<boolean>;
  doh_compliant: Generated<boolean>;
  medical_only: Generated<boolean>;
  adult_use_allowed: Generated<boolean>;
  restricted_jurisdictions: TextArray;
  attributes: TextArray;
  review_status: Generated<string>;
  status: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SkuPriceTable {
  organization_id: string;
  store_id: string;
  sku_id: string;
  price_cents: number;
  currency: Generated<string>;
  tiers: Json;
  updated_at: Timestamp;
}

/** Organization-wide prices (store_id null) and prices set ahead: migration 0154. */
export interface SkuPriceScheduleTable {
  id: Generated<string>;
  organization_id: string;
  sku_id: string;
  store_id: string | null;
  price_cents: number;
  currency: string;
  tiers: Json;
  effective_from: Date | string;
  ended_at: Date | string | null;
  created_at: Timestamp;
  created_by: string | null;
  /** Who ended it by a removal (migration 0165); null while not ended, and for entries ended before. */
  ended_by: Generated<string | null>;
}

export interface CatalogReviewItemTable {
  id: string;
  organization_id: string;
  sku_id: string;
  register_name: string;
  suggestion: Json;
  filled_fields: TextArray;
  confidence: ColumnType<string, number, number>;
  reasons: TextArray;
  source: string;
  status: Generated<string>;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision: Json | null;
  created_at: Timestamp;
}

export interface CatalogTables {
  brand: BrandTable;
  product: ProductTable;
  sku: SkuTable;
  sku_price: SkuPriceTable;
  sku_price_schedule: SkuPriceScheduleTable;
  catalog_review_item: CatalogReviewItemTable;
}

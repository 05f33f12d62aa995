// What is on a store's shelves, how long since each package was received and which expire soon,
// so that a manager sells or pulls them first (docs/inventory.md, "Aging and expiry"). Days are
// the store's calendar days (store.timezone), as the sellability rule counts expiry (migration
// 0102): a package expiring today still sells today, and is `expired` from tomorrow.
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { badRequest, notFound } from '../../platform/errors';
import type { Db } from '../../platform/unit-of-work';
import { getSkusForCheckout } from '../catalog';
import type { PackageStatus } from './inventory.tables';

/** Days since received, store-local: 0–30, 31–60, 61–90, over 90. */
export const AGE_BUCKETS = ['days_0_30', 'days_31_60', 'days_61_90', 'days_over_90'] as const;
/** Days to the expiry date, store-local: past it, today to 7, 8 to 30, later, no date known. */
export const EXPIRY_BUCKETS = ['expired', 'within_7_days', 'within_30_days', 'later', 'unknown'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export type ExpiryBucket = (typeof EXPIRY_BUCKETS)[number];

export function ageBucket(daysOnHand: number): AgeBucket {
  if (daysOnHand <= 30) return 'days_0_30';
  if (daysOnHand <= 60) return 'days_31_60';
  if (daysOnHand <= 90) return 'days_61_90';
  return 'days_over_90';
}

export function expiryBucket(daysToExpiry: number | null): ExpiryBucket {
  if (daysToExpiry === null) return 'unknown';
  if (daysToExpiry < 0) return 'expired';
  if (daysToExpiry <= 7) return 'within_7_days';
  if (daysToExpiry <= 30) return 'within_30_days';
  return 'later';
}

export interface AgingFilter {
  expiringWithinDays?: number;
  locationId?: string;
  status?: PackageStatus;
}

type ByUnit = { each: number; mg: number };
export interface BucketTotal<B extends string> {
  bucket: B;
  packages: number;
  onHand: ByUnit;
  available: ByUnit;
}

export interface AgingPackage {
  label: string;
  skuId: string;
  skuCode: string | null;
  skuName: string | null;
  unit: 'each' | 'mg';
  status: PackageStatus;
  labStatus: 'pending' | 'passed' | 'failed';
  onHand: number;
  reserved: number;
  available: number;
  locations: Array<{ code: string; name: string; onHand: number; reserved: number }>;
  receivedOn: string;
  daysOnHand: number;
  expiresOn: string | null;
  daysToExpiry: number | null;
  ageBucket: AgeBucket;
  expiryBucket: ExpiryBucket;
}

export interface AgingReport {
  storeId: string;
  timezone: string;
  today: string;
  filter: { expiringWithinDays: number | null; locationId: string | null; status: PackageStatus | null };
  packages: AgingPackage[];
  totals: { packages: number; onHand: ByUnit; reserved: ByUnit; available: ByUnit };
  ageBuckets: Array<BucketTotal<AgeBucket>>;
  expiryBuckets: Array<BucketTotal<ExpiryBucket>>;
}

interface AgingRow {
  label: string;
  sku_id: string;
  unit: 'each' | 'mg';
  status: PackageStatus;
  lab_status: 'pending' | 'passed' | 'failed';
  received_on: string;
  days_on_hand: number;
  expires_on: string | null;
  days_to_expiry: number | null;
  on_hand: string | number;
  reserved: string | number;
  locations: Array<{ code: string; name: string; onHand: number | string; reserved: number | string }>;
}

/**
 * The store's packages with stock on hand (summed over its locations, goods in transit left out:
 * they are on the road, not on a shelf), soonest expiry first (no date last), then oldest, then
 * by label. The store's day first, then one aggregate statement from `inventory_stock_store_sku_idx`
 * (store_id, sku_id), and the catalog's names of the SKUs found.
 */
export async function inventoryAging(db: Db, organizationId: string, storeId: string, filter: AgingFilter = {}): Promise<AgingReport> {
  // Today at the store, read once: every day of the answer is counted from it. Another
  // organization's store, or none, is 404.
  const store = await sql<{ timezone: string; today: string }>`
    select st.timezone, (now() at time zone st.timezone)::date::text as today
      from store st where st.id = ${storeId} and st.organization_id = ${organizationId}`.execute(db);
  if (store.rows.length === 0) throw notFound('Store', storeId);
  const { timezone, today } = store.rows[0];
  if (filter.locationId) {
    const location = await db.selectFrom('inventory_location').select('id').where('id', '=', filter.locationId).where('store_id', '=', storeId).executeTakeFirst();
    if (!location) {
      const message = 'not a location of this store';
      throw badRequest('VALIDATION_FAILED', message, [{ path: ['querystring', 'locationId'], message }]);
    }
  }
  const within = filter.expiringWithinDays;
  const { rows } = await sql<AgingRow>`
    with st as (select ${timezone}::text as timezone, ${today}::date as today)
    select p.label, p.sku_id, p.unit, p.status, p.lab_status,
           ((p.received_at at time zone st.timezone)::date)::text as received_on,
           (st.today - (p.received_at at time zone st.timezone)::date) as days_on_hand,
           p.expires_on::text as expires_on,
           (p.expires_on - st.today) as days_to_expiry,
           sum(s.on_hand)::bigint as on_hand,
           sum(s.reserved)::bigint as reserved,
           json_agg(json_build_object('code', l.code, 'name', l.name, 'onHand', s.on_hand, 'reserved', s.reserved) order by l.code) as locations
      from inventory_stock s
      cross join st
      join inventory_package p on p.id = s.package_id
      join inventory_location l on l.id = s.location_id
     where s.store_id = ${storeId}
       and s.organization_id = ${organizationId}
       and s.on_hand > 0
       and l.kind <> 'in_transit'
       ${filter.locationId ? sql`and s.location_id = ${filter.locationId}` : sql``}
       ${filter.status ? sql`and p.status = ${filter.status}` : sql``}
       ${within !== undefined ? sql`and p.expires_on <= st.today + ${within}::int` : sql``}
     group by p.id, st.today, st.timezone
     order by p.expires_on nulls last, p.received_at, p.label`.execute(db);

  const skus = new Map((await getSkusForCheckout(db, organizationId, storeId, [...new Set(rows.map((r) => r.sku_id))])).map((s) => [s.skuId, s]));
  const packages: AgingPackage[] = rows.map((r) => {
    const sku = skus.get(r.sku_id);
    const onHand = Number(r.on_hand);
    const reserved = Number(r.reserved);
    const daysOnHand = Number(r.days_on_hand);
    const daysToExpiry = r.days_to_expiry === null ? null : Number(r.days_to_expiry);
    return {
      label: r.label,
      skuId: r.sku_id,
      skuCode: sku?.code ?? null,
      skuName: sku ? [sku.title, sku.sizeLabel].filter(Boolean).join(' ') : null,
      unit: r.unit,
      status: r.status,
      labStatus: r.lab_status,
      onHand,
      reserved,
      available: onHand - reserved,
      locations: r.locations.map((l) => ({ code: l.code, name: l.name, onHand: Number(l.onHand), reserved: Number(l.reserved) })),
      receivedOn: r.received_on,
      daysOnHand,
      expiresOn: r.expires_on,
      daysToExpiry,
      ageBucket: ageBucket(daysOnHand),
      expiryBucket: expiryBucket(daysToExpiry),
    };
  });

  const zero = (): ByUnit => ({ each: 0, mg: 0 });
  const bucketsOf = <B extends string>(names: readonly B[], of: (p: AgingPackage) => B): Array<BucketTotal<B>> => {
    const totals = new Map(names.map((bucket) => [bucket, { bucket, packages: 0, onHand: zero(), available: zero() }]));
    for (const p of packages) {
      const t = totals.get(of(p))!;
      t.packages += 1;
      t.onHand[p.unit] += p.onHand;
      t.available[p.unit] += p.available;
    }
    return [...totals.values()];
  };
  const totals = { packages: packages.length, onHand: zero(), reserved: zero(), available: zero() };
  for (const p of packages) {
    totals.onHand[p.unit] += p.onHand;
    totals.reserved[p.unit] += p.reserved;
    totals.available[p.unit] += p.available;
  }
  return {
    storeId,
    timezone,
    today,
    filter: { expiringWithinDays: within ?? null, locationId: filter.locationId ?? null, status: filter.status ?? null },
    packages,
    totals,
    ageBuckets: bucketsOf(AGE_BUCKETS, (p) => p.ageBucket),
    expiryBuckets: bucketsOf(EXPIRY_BUCKETS, (p) => p.expiryBucket),
  };
}

/** Spreadsheets run cells that start with = + - @ as formulas: catalog text must not (as the recall CSV). */
const cell = (text: string | null) => (text !== null && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** One row per package, as the JSON answer; quantities are integers in the package's unit (units, or milligrams). */
export function agingCsv(report: AgingReport): string {
  const rows = report.packages.map((p) => ({
    ...p,
    skuCode: cell(p.skuCode),
    skuName: cell(p.skuName),
    locations: p.locations.map((l) => `${l.code}:${l.onHand}`).join(' '),
  }));
  return stringify(rows, {
    header: true,
    cast: { number: (value) => String(value) },
    columns: [
      { key: 'label', header: 'package_label' },
      { key: 'skuId', header: 'sku_id' },
      { key: 'skuCode', header: 'sku_code' },
      { key: 'skuName', header: 'sku_name' },
      { key: 'status', header: 'status' },
      { key: 'unit', header: 'unit' },
      { key: 'onHand', header: 'on_hand' },
      { key: 'reserved', header: 'reserved' },
      { key: 'available', header: 'available' },
      { key: 'locations', header: 'locations' },
      { key: 'receivedOn', header: 'received_on' },
      { key: 'daysOnHand', header: 'days_on_hand' },
      { key: 'expiresOn', header: 'expires_on' },
      { key: 'daysToExpiry', header: 'days_to_expiry' },
      { key: 'ageBucket', header: 'age_bucket' },
      { key: 'expiryBucket', header: 'expiry_bucket' },
    ],
  });
}

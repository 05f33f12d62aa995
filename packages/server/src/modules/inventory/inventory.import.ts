import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { v7 as uuidv7 } from 'uuid';
import { systemContext } from '../../platform/context';
import type { Platform } from '../../platform/platform';
import { inTransaction, type Db, type UnitOfWork } from '../../platform/unit-of-work';
import { getSkusForCheckout } from '../catalog';
import { applyStockChange, bulkReceive, ensureStoreLocations, makeLandingRows, publishAvailability, type StoreSku } from './inventory.ledger';
import type { PackageUnit } from './inventory.tables';

// `verdant import inventory FILE.csv`: a POS export of packages across stores. Each row is a
// package at a location with its current quantity. Rows are checked first; a rejected row writes
// nothing and is reported with its line number. Re-importing the same file changes nothing: the
// package label is the key, and a differing quantity is booked as an 'adjust' movement.

export interface ImportRowError {
  line: number;
  field: string;
  message: string;
  value: string;
}

export interface InventoryImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: ImportRowError[];
  errorsFile: string | null;
  seconds: number;
}

export interface ResolvedSku {
  id: string;
  code: string;
  unit: PackageUnit;
}
export type SkuResolver = (db: Db, organizationId: string, anyStoreId: string, by: { codes: string[] } | { skuIds: string[] }) => Promise<ResolvedSku[]>;

/** SKU codes or ids through the catalog's public door. Catalog 'weight' SKUs are counted in mg here. */
export const catalogSkuResolver: SkuResolver = async (db, organizationId, anyStoreId, by) =>
  (await getSkusForCheckout(db, organizationId, anyStoreId, by)).map((s) => ({ id: s.skuId, code: s.code, unit: s.unit === 'weight' ? 'mg' : 'each' }));

export interface InventoryImportOptions {
  organizationId: string;
  /** A path, or the CSV text itself. */
  file?: string;
  csv?: string;
  errorsFile?: string;
  chunkSize?: number;
  resolveSkus?: SkuResolver;
  onProgress?: (done: number, total: number) => void;
}

interface ParsedRow {
  line: number;
  storeLicense: string;
  label: string;
  skuCode: string;
  skuId: string | null;
  batch: string | null;
  producerLicense: string;
  quantity: number;
  unit: PackageUnit;
  location: string;
  receivedAt: Date;
  expiresOn: string | null;
}

const LABEL = /^[0-9A-Z]{10,32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const unitAliases: Record<string, 'each' | 'g' | 'mg'> = {
  each: 'each', ea: 'each', unit: 'each', units: 'each',
  g: 'g', gram: 'g', grams: 'g',
  mg: 'mg', milligram: 'mg', milligrams: 'mg',
};

function column(record: Record<string, string>, ...names: string[]): string {
  for (const name of names) {
    const value = record[name];
    if (value !== undefined && value !== '') return value.trim();
  }
  return '';
}

/** Pure checks of one row; returns the row or its errors. Quantities become integers (units or mg). */
export function parseImportRow(record: Record<string, string>, line: number): ParsedRow | ImportRowError[] {
  const errors: ImportRowError[] = [];
  const fail = (field: string, message: string, value: string) => errors.push({ line, field, message, value });
  const storeLicense = column(record, 'store_license', 'license');
  if (!storeLicense) fail('store_license', 'required', '');
  const label = column(record, 'package_label', 'label', 'tag');
  if (!LABEL.test(label)) fail('package_label', 'a state tag of 10-32 capital letters and digits', label);
  const skuCode = column(record, 'sku_code', 'sku');
  const skuId = column(record, 'sku_id') || null;
  if (!skuCode && !skuId) fail('sku_code', 'required', '');
  if (skuId && !UUID.test(skuId)) fail('sku_id', 'a uuid', skuId);
  const rawUnit = column(record, 'unit').toLowerCase();
  const unit = unitAliases[rawUnit];
  if (!unit) fail('unit', 'unknown unit (each, g or mg)', rawUnit);
  const rawQuantity = column(record, 'quantity', 'qty');
  let quantity = NaN;
  if (!/^\d+(\.\d+)?$/.test(rawQuantity)) {
    fail('quantity', rawQuantity.startsWith('-') ? 'may not be negative' : 'a number', rawQuantity);
  } else if (unit === 'each' || unit === 'mg') {
    if (rawQuantity.includes('.')) fail('quantity', unit === 'each' ? 'whole units only for an each-package' : 'whole milligrams only', rawQuantity);
    else quantity = Number(rawQuantity);
  } else if (unit === 'g') {
    const [whole, fraction = ''] = rawQuantity.split('.');
    if (fraction.length > 3) fail('quantity', 'grams with at most 3 decimals (whole milligrams)', rawQuantity);
    else quantity = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  }
  if (Number.isFinite(quantity) && !Number.isSafeInteger(quantity)) fail('quantity', 'too large', rawQuantity);
  const location = column(record, 'location', 'location_code').toLowerCase().replace(/[\s-]+/g, '_') || 'sales_floor';
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(location)) fail('location', 'a location code such as vault or sales_floor', location);
  const received = column(record, 'received_date', 'received_at');
  const receivedAt = received ? new Date(received) : new Date();
  if (Number.isNaN(receivedAt.getTime())) fail('received_date', 'a date (YYYY-MM-DD)', received);
  const expiresOn = column(record, 'expiry_date', 'expires_on', 'expiration_date') || null;
  if (expiresOn && (!DATE.test(expiresOn) || Number.isNaN(new Date(expiresOn).getTime()))) fail('expiry_date', 'a date (YYYY-MM-DD)', expiresOn);
  if (errors.length) return errors;
  return {
    line,
    storeLicense,
    label,
    skuCode,
    skuId,
    batch: column(record, 'batch', 'batch_code', 'lot') || null,
    producerLicense: column(record, 'producer_license') || 'UNKNOWN',
    quantity,
    unit: unit === 'each' ? 'each' : 'mg',
    location,
    receivedAt,
    expiresOn,
  };
}

export async function importInventory(platform: Platform, options: InventoryImportOptions): Promise<InventoryImportResult> {
  const started = performance.now();
  const text = options.csv ?? readFileSync(options.file!, 'utf8');
  const records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, info: true, relax_column_count: true }) as Array<{
    record: Record<string, string>;
    info: { lines: number };
  }>;
  const resolveSkus = options.resolveSkus ?? catalogSkuResolver;
  const chunkSize = options.chunkSize ?? 1000;
  const errors: ImportRowError[] = [];
  const result = { rows: records.length, created: 0, updated: 0, unchanged: 0 };
  const labelsSeen = new Map<string, number>();
  const stores = new Map<string, string | null>();
  const locations = new Map<string, string | null>();
  const skuCache = new Map<string, ResolvedSku | null>();
  const skuIdCache = new Map<string, ResolvedSku | null>();
  const batchCache = new Map<string, { id: string; producer: string }>();
  const { db } = platform.database;

  for (let start = 0; start < records.length; start += chunkSize) {
    const chunk = records.slice(start, start + chunkSize);
    const rows: ParsedRow[] = [];
    for (const { record, info } of chunk) {
      const parsed = parseImportRow(record, info.lines);
      if (Array.isArray(parsed)) {
        errors.push(...parsed);
        continue;
      }
      const first = labelsSeen.get(parsed.label);
      if (first !== undefined) {
        errors.push({ line: parsed.line, field: 'package_label', message: `label used twice in this file (first on line ${first})`, value: parsed.label });
        continue;
      }
      labelsSeen.set(parsed.label, parsed.line);
      rows.push(parsed);
    }
    // Look-ups the rows need: stores, SKUs (by code, through the catalog), locations.
    const newLicenses = [...new Set(rows.map((r) => r.storeLicense))].filter((l) => !stores.has(l));
    if (newLicenses.length) {
      const found = await db.selectFrom('store').select(['id', 'license_number']).where('organization_id', '=', options.organizationId).where('license_number', 'in', newLicenses).execute();
      for (const l of newLicenses) stores.set(l, found.find((f) => f.license_number === l)?.id ?? null);
    }
    const anyStore = [...stores.values()].find((s) => s) ?? null;
    const newCodes = [...new Set(rows.filter((r) => !r.skuId).map((r) => r.skuCode))].filter((c) => !skuCache.has(c));
    if (newCodes.length && anyStore) {
      const found = await resolveSkus(db, options.organizationId, anyStore, { codes: newCodes });
      for (const c of newCodes) skuCache.set(c, found.find((f) => f.code === c) ?? null);
    }
    // A row's sku_id must name a SKU of this organization, as a code must: the package is sold as it.
    const newIds = [...new Set(rows.flatMap((r) => (r.skuId ? [r.skuId.toLowerCase()] : [])))].filter((id) => !skuIdCache.has(id));
    if (newIds.length && anyStore) {
      const found = await resolveSkus(db, options.organizationId, anyStore, { skuIds: newIds });
      for (const id of newIds) skuIdCache.set(id, found.find((f) => f.id === id) ?? null);
    }

    const accepted = await inTransaction(platform.tx, systemContext(options.organizationId), async (uow) => {
      const ok: Array<ParsedRow & { storeId: string; skuId: string; locationId: string }> = [];
      for (const row of rows) {
        const storeId = stores.get(row.storeLicense);
        if (!storeId) {
          errors.push({ line: row.line, field: 'store_license', message: 'no store of this organization has this license', value: row.storeLicense });
          continue;
        }
        const sku = row.skuId ? skuIdCache.get(row.skuId.toLowerCase()) : skuCache.get(row.skuCode);
        if (!sku) {
          if (row.skuId) errors.push({ line: row.line, field: 'sku_id', message: 'no SKU of this organization has this id', value: row.skuId });
          else errors.push({ line: row.line, field: 'sku_code', message: 'unknown SKU code', value: row.skuCode });
          continue;
        }
        if (row.skuId && row.skuCode && row.skuCode !== sku.code) {
          errors.push({ line: row.line, field: 'sku_code', message: `the sku_id is SKU ${sku.code}`, value: row.skuCode });
          continue;
        }
        if (sku.unit !== row.unit) {
          errors.push({ line: row.line, field: 'unit', message: `the SKU is counted in ${sku.unit === 'mg' ? 'weight' : 'units'}`, value: row.unit });
          continue;
        }
        const locationKey = `${storeId}|${row.location}`;
        if (!locations.has(locationKey)) {
          await ensureStoreLocations(uow.trx, options.organizationId, storeId);
          const loc = await uow.trx.selectFrom('inventory_location').select('id').where('store_id', '=', storeId).where('code', '=', row.location).where('active', '=', true).executeTakeFirst();
          locations.set(locationKey, loc?.id ?? null);
        }
        const locationId = locations.get(locationKey);
        if (!locationId) {
          errors.push({ line: row.line, field: 'location', message: 'no active location with this code in the store', value: row.location });
          continue;
        }
        if (row.batch) {
          const cached = batchCache.get(row.batch);
          if (cached && cached.producer !== row.producerLicense) {
            errors.push({ line: row.line, field: 'producer_license', message: `batch ${row.batch} belongs to producer ${cached.producer}`, value: row.producerLicense });
            continue;
          }
        }
        ok.push({ ...row, storeId, skuId: sku.id, locationId });
      }
      await resolveBatches(uow, options.organizationId, ok, batchCache, errors);
      const valid = ok.filter((r) => !r.batch || batchCache.get(r.batch)?.producer === r.producerLicense);

      // Existing packages (by label), locked: re-import compares and only books differences.
      // NO KEY UPDATE: a sale holding its stock row locks takes KEY SHARE on the package (its
      // ledger row's foreign key); FOR UPDATE here, taken before the stock rows, could deadlock
      // with it.
      const existing = valid.length
        ? await uow.trx
            .selectFrom('inventory_package')
            .select(['id', 'label', 'sku_id', 'unit', 'organization_id'])
            .where('label', 'in', valid.map((r) => r.label))
            .orderBy('id')
            .forNoKeyUpdate()
            .execute()
        : [];
      const byLabel = new Map(existing.map((p) => [p.label, p]));
      // The rows a re-import may land on, made before the rows are locked (makeLandingRows says why).
      await makeLandingRows(
        uow.trx,
        valid.flatMap((r) => {
          const pkg = byLabel.get(r.label);
          return pkg ? [{ packageId: pkg.id, locationId: r.locationId }] : [];
        }),
      );
      const currentStock = existing.length
        ? await uow.trx.selectFrom('inventory_stock').select(['package_id', 'location_id', 'on_hand', 'reserved']).where('package_id', 'in', existing.map((p) => p.id)).orderBy('package_id').orderBy('location_id').forUpdate().execute()
        : [];
      const stockByKey = new Map(currentStock.map((s) => [`${s.package_id}|${s.location_id}`, s]));
      // A row is the whole package at the store: what it holds at the store's other shelves
      // (not quarantine or in transit, which a POS export does not see) comes off, so a package
      // the POS moved is not counted at both places.
      const shelves = currentStock.length
        ? new Map(
            (
              await uow.trx
                .selectFrom('inventory_location')
                .select(['id', 'store_id', 'kind'])
                .where('id', 'in', [...new Set(currentStock.map((s) => s.location_id))])
                .execute()
            ).map((l) => [l.id, l]),
          )
        : new Map<string, { id: string; store_id: string; kind: string }>();
      const elsewhereAtStore = (packageId: string, storeId: string, locationId: string) =>
        currentStock.filter((s) => {
          const shelf = shelves.get(s.location_id);
          return s.package_id === packageId && s.location_id !== locationId && Number(s.on_hand) > 0 && shelf?.store_id === storeId && shelf.kind !== 'quarantine' && shelf.kind !== 'in_transit';
        });
      const fresh: typeof valid = [];
      const touched: StoreSku[] = [];
      let updated = 0;
      let unchanged = 0;
      for (const row of valid) {
        const pkg = byLabel.get(row.label);
        if (!pkg) {
          fresh.push(row);
          continue;
        }
        if (pkg.organization_id !== options.organizationId || pkg.sku_id !== row.skuId || pkg.unit !== row.unit) {
          errors.push({ line: row.line, field: 'package_label', message: 'this label is already used by another package (different SKU or unit)', value: row.label });
          continue;
        }
        const stock = stockByKey.get(`${pkg.id}|${row.locationId}`);
        const delta = row.quantity - Number(stock?.on_hand ?? 0);
        const elsewhere = elsewhereAtStore(pkg.id, row.storeId, row.locationId);
        if (delta === 0 && elsewhere.length === 0) {
          unchanged += 1;
          continue;
        }
        // Checked before anything is booked, so a refused row changes nothing (the rows are locked).
        if (row.quantity < Number(stock?.reserved ?? 0)) {
          errors.push({ line: row.line, field: 'quantity', message: `below what is reserved (${Number(stock?.reserved ?? 0)})`, value: String(row.quantity) });
          continue;
        }
        const held = elsewhere.find((s) => Number(s.reserved) > 0);
        if (held) {
          errors.push({ line: row.line, field: 'location', message: `units of this package are held for sales at another shelf of the store (${Number(held.reserved)} reserved there)`, value: row.location });
          continue;
        }
        const reference = { type: 'import', id: `line:${row.line}` };
        for (const other of elsewhere) {
          await applyStockChange(uow, { packageId: pkg.id, locationId: other.location_id, kind: 'adjust', onHandDelta: -Number(other.on_hand), reservedDelta: 0, reasonCode: 'import_resync', reference });
        }
        if (delta !== 0) {
          await applyStockChange(uow, { packageId: pkg.id, locationId: row.locationId, kind: 'adjust', onHandDelta: delta, reservedDelta: 0, reasonCode: 'import_resync', reference });
        }
        updated += 1;
        touched.push({ storeId: row.storeId, skuId: row.skuId });
      }
      if (fresh.length) {
        const ids = fresh.map(() => uuidv7());
        await uow.trx
          .insertInto('inventory_package')
          .values(
            fresh.map((row, i) => ({
              id: ids[i],
              organization_id: options.organizationId,
              label: row.label,
              sku_id: row.skuId,
              batch_id: row.batch ? batchCache.get(row.batch)!.id : null,
              unit: row.unit,
              received_at: row.receivedAt,
              expires_on: row.expiresOn,
              source: 'import',
              updated_at: new Date(),
            })),
          )
          .execute();
        await uow.trx
          .updateTable('inventory_package as p')
          .from('inventory_batch as b')
          .set((eb) => ({ lab_status: eb.ref('b.lab_status') }))
          .whereRef('b.id', '=', 'p.batch_id')
          .where('p.id', 'in', ids)
          .where('b.lab_status', '<>', 'pending')
          .execute();
        const receipts = fresh.flatMap((row, i) => (row.quantity > 0 ? [{ packageId: ids[i], locationId: row.locationId, quantity: row.quantity }] : []));
        await bulkReceive(uow, receipts, 'import', { type: 'import', id: uuidv7() });
        for (const row of fresh) touched.push({ storeId: row.storeId, skuId: row.skuId });
      }
      if (fresh.length || updated) {
        await uow.audit({
          action: 'inventory.import.applied',
          entityType: 'inventory_import',
          entityId: null,
          after: { created: fresh.map((r) => r.label), updated, lines: [chunk[0]?.info.lines, chunk[chunk.length - 1]?.info.lines] },
        });
      }
      await publishAvailability(uow, touched);
      return { created: fresh.length, updated, unchanged };
    });
    result.created += accepted.created;
    result.updated += accepted.updated;
    result.unchanged += accepted.unchanged;
    options.onProgress?.(Math.min(start + chunk.length, records.length), records.length);
  }
  errors.sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));
  const rejectedLines = new Set(errors.map((e) => e.line)).size;
  let errorsFile: string | null = null;
  if (errors.length && options.errorsFile) {
    writeFileSync(options.errorsFile, stringify(errors, { header: true, columns: ['line', 'field', 'message', 'value'] }));
    errorsFile = options.errorsFile;
  }
  return { ...result, rejected: rejectedLines, errors, errorsFile, seconds: (performance.now() - started) / 1000 };
}

/** Batches by code: created once per import with the producer license the first row names. */
async function resolveBatches(
  uow: UnitOfWork,
  organizationId: string,
  rows: Array<ParsedRow>,
  cache: Map<string, { id: string; producer: string }>,
  errors: ImportRowError[],
) {
  const wanted = new Map<string, string>();
  for (const row of rows) if (row.batch && !cache.has(row.batch) && !wanted.has(row.batch)) wanted.set(row.batch, row.producerLicense);
  if (wanted.size === 0) return;
  const codes = [...wanted.keys()];
  await uow.trx
    .insertInto('inventory_batch')
    .values(codes.map((code) => ({ id: uuidv7(), organization_id: organizationId, code, producer_license: wanted.get(code)! })))
    .onConflict((oc) => oc.columns(['organization_id', 'code']).doNothing())
    .execute();
  const found = await uow.trx.selectFrom('inventory_batch').select(['id', 'code', 'producer_license']).where('organization_id', '=', organizationId).where('code', 'in', codes).execute();
  for (const b of found) cache.set(b.code, { id: b.id, producer: b.producer_license });
  for (const row of rows) {
    const batch = row.batch ? cache.get(row.batch) : null;
    if (batch && batch.producer !== row.producerLicense) {
      errors.push({ line: row.line, field: 'producer_license', message: `batch ${row.batch} belongs to producer ${batch.producer}`, value: row.producerLicense });
    }
  }
}

import { sql } from 'kysely';
import { AppError } from '../../platform/errors';
import type { UnitOfWork } from '../../platform/unit-of-work';
import { assertQuantity, insufficientStock, notSellable, unitMismatch, unknownPackage } from './inventory.errors';
import { applyLockedStockChanges, compareKeys, type AvailabilityRow } from './inventory.ledger';
import type { MovementKind, PackageUnit } from './inventory.tables';

/** One line of a cart, order or POS ticket. Quantity is in the package's unit (units or mg). */
export interface StockLine {
  skuId: string;
  quantity: number;
  /** A scanned state tag forces that package; otherwise packages are picked FIFO. */
  packageLabel?: string;
  /** The unit the caller means; a mismatch with the package (grams from an each-package) is refused. */
  unit?: PackageUnit;
}

export interface StockPick {
  lineNo: number;
  skuId: string;
  packageId: string;
  packageLabel: string;
  locationId: string;
  locationCode: string;
  batchId: string | null;
  unit: PackageUnit;
  quantity: number;
}

export interface Candidate {
  package_id: string;
  location_id: string;
  sku_id: string;
  on_hand: number;
  reserved: number;
  label: string;
  unit: PackageUnit;
  batch_id: string | null;
  expires_on: string | null;
  received_at: Date;
  location_code: string;
}

/** FIFO: earliest expiry first (no expiry last), then earliest received, then label for a stable order. */
export function fifoOrder(
  a: Pick<Candidate, 'expires_on' | 'received_at' | 'label' | 'location_code'>,
  b: Pick<Candidate, 'expires_on' | 'received_at' | 'label' | 'location_code'>,
): number {
  if (a.expires_on !== b.expires_on) {
    if (a.expires_on === null) return 1;
    if (b.expires_on === null) return -1;
    return a.expires_on < b.expires_on ? -1 : 1;
  }
  const ra = new Date(a.received_at).getTime();
  const rb = new Date(b.received_at).getTime();
  if (ra !== rb) return ra - rb;
  if (a.label !== b.label) return a.label < b.label ? -1 : 1;
  return a.location_code < b.location_code ? -1 : a.location_code > b.location_code ? 1 : 0;
}

/**
 * Picks packages for the lines and moves the counters, atomically:
 *  1. every candidate stock row (the scanned packages and every sellable package of the
 *     un-scanned SKUs) is locked in one statement, in package-id order, so two transactions
 *     always lock in the same order and cannot deadlock;
 *  2. demand is aggregated per package x location (two lines for the same SKU are checked against
 *     one availability, not each against the full amount);
 *  3. each key gets one conditional UPDATE whose WHERE repeats the arithmetic of the CHECK
 *     constraints and the sellability rule, so even a wrong plan cannot oversell.
 * A shortfall throws 409 INSUFFICIENT_STOCK with one entry per short line; nothing is written.
 * Also answers the SKUs' totals after the change, read by the same statement (for publishAvailability).
 */
export async function allocateAndApply(
  uow: UnitOfWork,
  input: {
    organizationId: string;
    storeId: string;
    lines: StockLine[];
    kind: Extract<MovementKind, 'reserve' | 'sale'>;
    reasonCode: string;
    reference: { type: string; id: string; data?: Record<string, unknown> };
  },
): Promise<{ picks: StockPick[]; availability: AvailabilityRow[] | null; at: Date }> {
  const { organizationId, storeId, lines } = input;
  if (lines.length === 0) throw new AppError(400, 'VALIDATION_FAILED', 'At least one line is needed.', [{ path: ['lines'], message: 'empty' }]);
  lines.forEach((line, i) => assertQuantity(line.quantity, ['lines', i, 'quantity']));

  // Scanned labels: resolve and check them up front for precise errors (the database checks again).
  const labels = [...new Set(lines.flatMap((l) => (l.packageLabel ? [l.packageLabel] : [])))];
  const scanned = labels.length
    ? await uow.trx
        .selectFrom('inventory_package')
        .select(['id', 'label', 'sku_id', 'unit', 'status', 'lab_status'])
        .select(sql<string | null>`expires_on::text`.as('expires_on'))
        // Past its expiry at this store: the day there, not UTC's (migration 0102).
        .select(sql<boolean>`coalesce(expires_on < (select (now() at time zone st.timezone)::date from store st where st.id = ${storeId}), false)`.as('expired'))
        .where('organization_id', '=', organizationId)
        .where('label', 'in', labels)
        .execute()
    : [];
  const byLabel = new Map(scanned.map((p) => [p.label, p]));
  lines.forEach((line, i) => {
    if (!line.packageLabel) return;
    const pkg = byLabel.get(line.packageLabel);
    if (!pkg) throw unknownPackage(line.packageLabel, ['lines', i, 'packageLabel']);
    if (pkg.sku_id !== line.skuId) {
      throw new AppError(422, 'PACKAGE_SKU_MISMATCH', `Package ${pkg.label} holds a different SKU.`, {
        path: ['lines', i, 'packageLabel'],
        packageSkuId: pkg.sku_id,
      });
    }
    if (line.unit && line.unit !== pkg.unit) {
      throw unitMismatch(['lines', i, 'unit'], `Package ${pkg.label} is counted in ${pkg.unit}, not ${line.unit}.`, { packageUnit: pkg.unit });
    }
    // The locked statement below decides in the end; this only picks the clearer error.
    if (pkg.status !== 'active' || pkg.lab_status === 'failed' || pkg.expired) {
      throw notSellable({ path: ['lines', i, 'packageLabel'], label: pkg.label, status: pkg.status, labStatus: pkg.lab_status });
    }
  });

  const autoSkus = [...new Set(lines.filter((l) => !l.packageLabel).map((l) => l.skuId))];
  const scannedIds = [...new Set(lines.flatMap((l) => (l.packageLabel ? [byLabel.get(l.packageLabel)!.id] : [])))];
  const locked = await sql<Candidate>`
    select s.package_id, s.location_id, s.sku_id, s.on_hand, s.reserved, p.label, p.unit, p.batch_id,
           p.expires_on::text as expires_on, p.received_at, l.code as location_code
      from inventory_stock s
      join inventory_package p on p.id = s.package_id
      join inventory_location l on l.id = s.location_id
     where s.store_id = ${storeId}
       and s.organization_id = ${organizationId}
       and (s.sku_id = any(${autoSkus}::uuid[]) or s.package_id = any(${scannedIds}::uuid[]))
       and s.on_hand > s.reserved
       and p.status = 'active' and p.lab_status <> 'failed'
       and (p.expires_on is null or p.expires_on >= (select (now() at time zone st.timezone)::date from store st where st.id = ${storeId}))
       and l.sellable and l.active
     order by s.package_id, s.location_id
       for update of s`.execute(uow.trx);

  const left = new Map<string, number>();
  const keyOf = (c: { package_id: string; location_id: string }) => `${c.package_id}|${c.location_id}`;
  for (const c of locked.rows) left.set(keyOf(c), Number(c.on_hand) - Number(c.reserved));
  const candidates = [...locked.rows].sort(fifoOrder);

  const picks: StockPick[] = [];
  const short: Array<Record<string, unknown>> = [];
  const take = (lineNo: number, line: StockLine, pool: Candidate[]) => {
    let need = line.quantity;
    for (const c of pool) {
      if (need === 0) break;
      const available = left.get(keyOf(c)) ?? 0;
      if (available <= 0) continue;
      const q = Math.min(available, need);
      left.set(keyOf(c), available - q);
      need -= q;
      picks.push({
        lineNo,
        skuId: c.sku_id,
        packageId: c.package_id,
        packageLabel: c.label,
        locationId: c.location_id,
        locationCode: c.location_code,
        batchId: c.batch_id,
        unit: c.unit,
        quantity: q,
      });
    }
    if (need > 0) {
      const available = pool.reduce((sum, c) => sum + Math.max(0, (left.get(keyOf(c)) ?? 0)), 0) + (line.quantity - need);
      short.push({
        line: lineNo,
        path: ['lines', lineNo, 'quantity'],
        skuId: line.skuId,
        ...(line.packageLabel ? { packageLabel: line.packageLabel } : {}),
        requested: line.quantity,
        available,
      });
    }
  };
  // Scanned lines first: they have no choice. FIFO lines then take from what is left.
  lines.forEach((line, i) => {
    if (line.packageLabel) take(i, line, candidates.filter((c) => c.label === line.packageLabel));
  });
  lines.forEach((line, i) => {
    if (line.packageLabel) return;
    const ofSku = candidates.filter((c) => c.sku_id === line.skuId);
    const pool = line.unit ? ofSku.filter((c) => c.unit === line.unit) : ofSku;
    if (line.unit && ofSku.length > 0 && pool.length === 0) {
      throw unitMismatch(['lines', i, 'unit'], `SKU ${line.skuId} is stocked in ${ofSku[0].unit}, not ${line.unit}.`, { packageUnit: ofSku[0].unit });
    }
    // A quantity means units or milligrams, never both: a line that does not say which must not add
    // grams of one package to units of another (stock entered in two units before manifests checked).
    const units = [...new Set(pool.map((c) => c.unit))].sort();
    if (units.length > 1) {
      throw unitMismatch(['lines', i, 'unit'], `SKU ${line.skuId} is stocked in ${units.join(' and ')}: say which unit the quantity is in.`, { packageUnits: units });
    }
    take(i, line, pool);
  });
  if (short.length > 0) throw insufficientStock(short);

  // Aggregate per package x location, then ONE statement moves every key's counters (the rows are
  // locked above, in key order) with the same conditional guard as applyStockChange.
  const demand = new Map<string, { packageId: string; locationId: string; quantity: number }>();
  for (const pick of picks) {
    const key = `${pick.packageId}|${pick.locationId}`;
    const entry = demand.get(key) ?? { packageId: pick.packageId, locationId: pick.locationId, quantity: 0 };
    entry.quantity += pick.quantity;
    demand.set(key, entry);
  }
  const changes = [...demand.values()].sort(compareKeys).map((d) => ({
    packageId: d.packageId,
    locationId: d.locationId,
    onHandDelta: input.kind === 'sale' ? -d.quantity : 0,
    reservedDelta: input.kind === 'reserve' ? d.quantity : 0,
  }));
  const applied = await applyLockedStockChanges(
    uow,
    changes,
    { kind: input.kind, reasonCode: input.reasonCode, reference: input.reference },
    picks.map((p) => ({ storeId, skuId: p.skuId })),
  );
  const refused = applied.rows.findIndex((row) => row === null);
  if (refused >= 0) {
    // Cannot happen while the rows are locked, unless the package stopped being sellable meanwhile.
    throw notSellable({ packageId: changes[refused].packageId, locationId: changes[refused].locationId });
  }
  return { picks, availability: applied.availability, at: applied.at! };
}

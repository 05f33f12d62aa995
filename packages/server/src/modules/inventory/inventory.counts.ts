import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { assertQuantity, InventoryErrorCode } from './inventory.errors';
import { applyStockChangesSorted, handledLocation, loadStore, lockStockRows, makeLandingRows, organizationOfUow, publishAvailability, sumByUnit, type StockChange } from './inventory.ledger';
import { assertPackageHasBeenAt, PACKAGE_ADJUSTED, packageByLabel } from './inventory.packages';
import { unknownCursor, type PageQuery } from './inventory.paging';

type Trx = UnitOfWork['trx'] | Db;

// Full and cycle counts. Counting never touches the counters: the variance report waits for a
// manager (inventory:approve), and approval books count_correction movements of counted - expected,
// where expected is what the ledger said when the line was counted (at submission for a line of a
// full count nobody counted). The store stays open while it counts: a sale after a shelf was
// counted is in neither the count nor expected, and stays booked after approval. Expected is
// hidden while the count is open (the counter counts blind).

export async function startCount(
  uow: UnitOfWork,
  storeId: string,
  input: { kind: 'full' | 'cycle'; locationCode?: string; skuIds?: string[]; note?: string },
) {
  const organizationId = organizationOfUow(uow);
  await loadStore(uow.trx, organizationId, storeId);
  if (input.kind === 'cycle' && !input.locationCode && !(input.skuIds && input.skuIds.length)) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A cycle count names a location or some SKUs.', [{ path: ['body', 'skuIds'], message: 'required for a cycle count' }]);
  }
  const location = input.locationCode ? await handledLocation(uow.trx, organizationId, storeId, input.locationCode, ['body', 'locationCode']) : null;
  const id = uuidv7();
  await uow.trx
    .insertInto('inventory_count')
    .values({
      id,
      organization_id: organizationId,
      store_id: storeId,
      kind: input.kind,
      location_id: location?.id ?? null,
      sku_ids: input.skuIds?.length ? input.skuIds : null,
      note: input.note ?? null,
      created_by: uow.actor.id,
    })
    .execute();
  // Stock in transit is on its way to another store, not on a shelf here: no count looks for it
  // (a full count would otherwise write it off as not found).
  await sql`
    insert into inventory_count_line (count_id, package_id, location_id, sku_id)
    select ${id}, s.package_id, s.location_id, s.sku_id
      from inventory_stock s
      join inventory_location l on l.id = s.location_id and l.kind <> 'in_transit'
     where s.store_id = ${storeId} and s.on_hand > 0
       ${location ? sql`and s.location_id = ${location.id}` : sql``}
       ${input.skuIds?.length ? sql`and s.sku_id = any(${input.skuIds}::uuid[])` : sql``}`.execute(uow.trx);
  await uow.audit({ action: 'inventory.count.started', entityType: 'inventory_count', entityId: id, storeId, after: input });
  return getCount(uow.trx, organizationId, storeId, id);
}

async function lockCount(uow: UnitOfWork, organizationId: string, storeId: string, countId: string, status: 'open' | 'submitted') {
  const count = await uow.trx
    .selectFrom('inventory_count')
    .selectAll()
    .where('id', '=', countId)
    .where('organization_id', '=', organizationId)
    .where('store_id', '=', storeId)
    .forUpdate()
    .executeTakeFirst();
  if (!count) throw notFound('Count', countId);
  if (count.status !== status) {
    throw new AppError(409, InventoryErrorCode.COUNT_STATE, `The count is ${count.status}; this step needs it ${status}.`, { countId, status: count.status });
  }
  return count;
}

/**
 * Records what was physically found. Stock the count did not expect (a package of this store found
 * on another shelf) is added; a package the store never held is 409 PACKAGE_NOT_AT_STORE.
 */
export async function recordCountLines(
  uow: UnitOfWork,
  storeId: string,
  countId: string,
  input: { lines: Array<{ packageLabel: string; locationCode: string; countedQuantity: number }> },
) {
  const organizationId = organizationOfUow(uow);
  const count = await lockCount(uow, organizationId, storeId, countId, 'open');
  const found: Array<{ packageId: string; locationId: string; skuId: string }> = [];
  for (const [i, line] of input.lines.entries()) {
    assertQuantity(line.countedQuantity, ['body', 'lines', i, 'countedQuantity'], { allowZero: true });
    const pkg = await packageByLabel(uow.trx, organizationId, line.packageLabel, ['body', 'lines', i, 'packageLabel']);
    const location = await handledLocation(uow.trx, organizationId, storeId, line.locationCode, ['body', 'lines', i, 'locationCode']);
    // One line per package and location: of two, which is what is on the shelf? Keeping the last
    // would drop the other without a word (two bins of one shelf are added up by the counter).
    if (found.some((f) => f.packageId === pkg.id && f.locationId === location.id)) {
      throw new AppError(400, 'DUPLICATE_LINE', `Package ${line.packageLabel} at ${line.locationCode} is listed twice.`, { path: ['body', 'lines', i, 'packageLabel'] });
    }
    if ((count.location_id && count.location_id !== location.id) || (count.sku_ids && !count.sku_ids.includes(pkg.sku_id))) {
      throw new AppError(422, 'OUTSIDE_COUNT_SCOPE', 'This package or location is not part of the count.', { path: ['body', 'lines', i] });
    }
    // A package found on a shelf is counted only if the store has held it; else it is received.
    if (line.countedQuantity > 0) await assertPackageHasBeenAt(uow.trx, { id: pkg.id, label: line.packageLabel }, storeId, ['body', 'lines', i, 'packageLabel']);
    found.push({ packageId: pkg.id, locationId: location.id, skuId: pkg.sku_id });
  }
  // What the ledger says now is what this count is compared with: a sale after the shelf was
  // counted must not shrink the shortfall found. The stock rows are locked first, so an approval of
  // another count booking corrections on them is either read here or known to be later
  // (assertNotSuperseded).
  await lockStockRows(uow.trx, { packageIds: [...new Set(found.map((f) => f.packageId))] });
  for (const [i, line] of input.lines.entries()) {
    const { packageId, locationId, skuId } = found[i];
    const onHand = await uow.trx.selectFrom('inventory_stock').select('on_hand').where('package_id', '=', packageId).where('location_id', '=', locationId).executeTakeFirst();
    const counted = { counted_quantity: line.countedQuantity, expected_quantity: Number(onHand?.on_hand ?? 0), counted_by: uow.actor.id, counted_at: new Date() };
    await uow.trx
      .insertInto('inventory_count_line')
      .values({ count_id: countId, package_id: packageId, location_id: locationId, sku_id: skuId, ...counted })
      .onConflict((oc) => oc.columns(['count_id', 'package_id', 'location_id']).doUpdateSet(counted))
      .execute();
  }
  await uow.audit({ action: 'inventory.count.recorded', entityType: 'inventory_count', entityId: countId, storeId, after: { lines: input.lines.length } });
  return getCount(uow.trx, organizationId, storeId, countId);
}

/**
 * Freezes the variance report. Counted lines keep the expected of when they were counted; in a full
 * count an uncounted line counts as zero (it was not found), expected = on hand now; in a cycle
 * count it is dropped (it was not looked at).
 */
export async function submitCount(uow: UnitOfWork, storeId: string, countId: string) {
  const organizationId = organizationOfUow(uow);
  const count = await lockCount(uow, organizationId, storeId, countId, 'open');
  if (count.kind === 'full') {
    await uow.trx.updateTable('inventory_count_line').set({ counted_quantity: 0 }).where('count_id', '=', countId).where('counted_quantity', 'is', null).execute();
  } else {
    await uow.trx.deleteFrom('inventory_count_line').where('count_id', '=', countId).where('counted_quantity', 'is', null).execute();
  }
  // The stock rows are locked before expected is read: an approval of another count booking
  // corrections on them commits first and is read here, and is then known to be older than this
  // submission (see assertNotSuperseded).
  await lockStockRows(uow.trx, { packageIds: await packagesOfCount(uow.trx, countId) });
  await sql`
    update inventory_count_line c
       set expected_quantity = coalesce((select s.on_hand from inventory_stock s where s.package_id = c.package_id and s.location_id = c.location_id), 0)
     where c.count_id = ${countId} and c.expected_quantity is null`.execute(uow.trx);
  await uow.trx.updateTable('inventory_count').set({ status: 'submitted', submitted_by: uow.actor.id, submitted_at: new Date() }).where('id', '=', countId).execute();
  const report = await getCount(uow.trx, organizationId, storeId, countId);
  await uow.audit({ action: 'inventory.count.submitted', entityType: 'inventory_count', entityId: countId, storeId, after: report.summary });
  return report;
}

/** A manager approves (counters change by count_correction movements) or rejects (nothing changes). */
export async function decideCount(uow: UnitOfWork, storeId: string, countId: string, input: { decision: 'approve' | 'reject'; note?: string }) {
  const organizationId = organizationOfUow(uow);
  const count = await lockCount(uow, organizationId, storeId, countId, 'submitted');
  const lines = await uow.trx.selectFrom('inventory_count_line').selectAll().where('count_id', '=', countId).execute();
  const skus: string[] = [];
  if (input.decision === 'approve') {
    const variances = lines
      .map((l) => ({ line: l, delta: Number(l.counted_quantity) - Number(l.expected_quantity) }))
      .filter((v) => v.delta !== 0);
    // Rows stock is added to are made before any stock row lock is taken (makeLandingRows says why),
    // then the count's stock rows are locked, so two approvals of counts of the same shelf are
    // judged one after the other.
    await makeLandingRows(uow.trx, variances.filter((v) => v.delta > 0).map((v) => ({ packageId: v.line.package_id, locationId: v.line.location_id })));
    await lockStockRows(uow.trx, { packageIds: [...new Set(lines.map((l) => l.package_id))] });
    await assertNotSuperseded(uow.trx, { id: countId, submitted_at: count.submitted_at! });
    const changes: StockChange[] = variances.map((v) => ({
      packageId: v.line.package_id,
      locationId: v.line.location_id,
      kind: 'count_correction',
      onHandDelta: v.delta,
      reservedDelta: 0,
      reasonCode: 'count_variance',
      reference: { type: 'count', id: countId },
      note: input.note ?? null,
    }));
    const applied = await applyStockChangesSorted(uow, changes);
    const refused = applied.findIndex((row) => row === null);
    if (refused >= 0) {
      throw new AppError(409, InventoryErrorCode.INSUFFICIENT_STOCK, 'A correction would take stock below what is reserved; release the holds first.', {
        packageId: changes[refused].packageId,
        locationId: changes[refused].locationId,
        delta: changes[refused].onHandDelta,
      });
    }
    skus.push(...variances.map((v) => v.line.sku_id));
    // The state's records follow an approved count as they follow a correction by hand.
    if (variances.length > 0) {
      const packages = new Map(
        (await uow.trx.selectFrom('inventory_package').select(['id', 'label', 'unit']).where('id', 'in', [...new Set(variances.map((v) => v.line.package_id))]).execute()).map((p) => [p.id, p]),
      );
      const locations = new Map(
        (await uow.trx.selectFrom('inventory_location').select(['id', 'code']).where('id', 'in', [...new Set(variances.map((v) => v.line.location_id))]).execute()).map((l) => [l.id, l.code]),
      );
      await uow.emitMany(
        variances.map((v) => {
          const pkg = packages.get(v.line.package_id)!;
          return {
            type: PACKAGE_ADJUSTED,
            aggregateType: 'inventory_package',
            aggregateId: pkg.id,
            storeId,
            payload: { packageId: pkg.id, label: pkg.label, delta: v.delta, unit: pkg.unit, kind: 'count_correction', reasonCode: 'count_correction', note: input.note ?? null, locationCode: locations.get(v.line.location_id) ?? null, countId },
          };
        }),
      );
    }
  }
  await uow.trx
    .updateTable('inventory_count')
    .set({ status: input.decision === 'approve' ? 'approved' : 'rejected', decided_by: uow.actor.id, decided_at: new Date() })
    .where('id', '=', countId)
    .execute();
  const report = await getCount(uow.trx, organizationId, storeId, countId);
  await uow.audit({
    action: input.decision === 'approve' ? 'inventory.count.approved' : 'inventory.count.rejected',
    entityType: 'inventory_count',
    entityId: countId,
    storeId,
    after: report.summary,
    reason: input.note ?? null,
  });
  await uow.emit({ type: `inventory.count.${input.decision === 'approve' ? 'approved' : 'rejected'}`, aggregateType: 'inventory_count', aggregateId: countId, storeId, payload: { countId, summary: report.summary } });
  await publishAvailability(uow, skus.map((skuId) => ({ storeId, skuId })));
  return report;
}

async function packagesOfCount(trx: Trx, countId: string): Promise<string[]> {
  const rows = await trx.selectFrom('inventory_count_line').select('package_id').distinct().where('count_id', '=', countId).execute();
  return rows.map((r) => r.package_id);
}

/**
 * A count line's expected quantity was frozen when it was counted (or, uncounted in a full count,
 * at submission). Approval books counted − expected as a relative change, so sales meanwhile are
 * kept; but if another count of the same stock was approved since, its correction is already
 * booked, and this one would book the same shortfall (or overage) a second time. Such a count is
 * refused (409 COUNT_SUPERSEDED): reject it and count again. Called with the count's stock rows
 * locked.
 */
async function assertNotSuperseded(trx: Trx, count: { id: string; submitted_at: Date | string }): Promise<void> {
  const rows = await sql<{ count_id: string; label: string; code: string }>`
    select distinct other.id as count_id, p.label, l.code
      from inventory_count_line mine
      join inventory_count_line theirs on theirs.package_id = mine.package_id and theirs.location_id = mine.location_id
                                      and theirs.count_id <> mine.count_id and theirs.counted_quantity <> theirs.expected_quantity
      join inventory_count other on other.id = theirs.count_id and other.status = 'approved'
                                 and other.decided_at > coalesce(mine.counted_at, ${new Date(count.submitted_at)})
      join inventory_package p on p.id = mine.package_id
      join inventory_location l on l.id = mine.location_id
     where mine.count_id = ${count.id}
     order by l.code, p.label`.execute(trx);
  if (rows.rows.length === 0) return;
  throw new AppError(409, 'COUNT_SUPERSEDED', 'Another count of the same stock was approved after this one was submitted, and its corrections are booked: reject this count and count again.', {
    countId: count.id,
    supersededBy: [...new Set(rows.rows.map((r) => r.count_id))],
    lines: [...new Map(rows.rows.map((r) => [`${r.code}|${r.label}`, { packageLabel: r.label, locationCode: r.code }])).values()],
  });
}

/** The count and its variance report. */
export async function getCount(trx: Trx, organizationId: string, storeId: string, countId: string) {
  const count = await trx.selectFrom('inventory_count').selectAll().where('id', '=', countId).where('organization_id', '=', organizationId).where('store_id', '=', storeId).executeTakeFirst();
  if (!count) throw notFound('Count', countId);
  const lines = await trx
    .selectFrom('inventory_count_line as c')
    .innerJoin('inventory_package as p', 'p.id', 'c.package_id')
    .innerJoin('inventory_location as l', 'l.id', 'c.location_id')
    .select(['p.label', 'p.unit', 'l.code', 'c.sku_id', 'c.expected_quantity', 'c.counted_quantity'])
    .where('c.count_id', '=', countId)
    .orderBy('l.code')
    .orderBy('p.label')
    .execute();
  const view = lines.map((l) => {
    // Blind while open: what the ledger expects is shown once the count is submitted.
    const expected = l.expected_quantity === null || count.status === 'open' ? null : Number(l.expected_quantity);
    const counted = l.counted_quantity === null ? null : Number(l.counted_quantity);
    return { packageLabel: l.label, locationCode: l.code, skuId: l.sku_id, unit: l.unit, expectedQuantity: expected, countedQuantity: counted, variance: expected !== null && counted !== null ? counted - expected : null };
  });
  const variances = view.filter((l) => l.variance !== null && l.variance !== 0);
  return {
    id: count.id,
    storeId: count.store_id,
    kind: count.kind,
    status: count.status,
    lines: view,
    summary: {
      lines: view.length,
      counted: view.filter((l) => l.countedQuantity !== null).length,
      withVariance: variances.length,
      over: sumByUnit(variances.filter((l) => l.variance! > 0).map((l) => ({ amount: l.variance!, unit: l.unit }))),
      short: sumByUnit(variances.filter((l) => l.variance! < 0).map((l) => ({ amount: -l.variance!, unit: l.unit }))),
    },
  };
}

export type CountStatus = 'open' | 'submitted' | 'approved' | 'rejected';

/**
 * The store's counts, newest first, a page at a time: kind and scope, who started, submitted and
 * decided each, and its variance summary (as the count's report computes it; variances are known
 * once it is submitted).
 */
export async function listCounts(db: Db, organizationId: string, storeId: string, page: PageQuery<CountStatus>) {
  await loadStore(db, organizationId, storeId);
  if (page.after !== undefined) {
    const known = await db.selectFrom('inventory_count').select('id').where('id', '=', page.after).where('store_id', '=', storeId).where('organization_id', '=', organizationId).executeTakeFirst();
    if (!known) throw unknownCursor('count');
  }
  const rows = await db
    .selectFrom('inventory_count as c')
    .leftJoin('inventory_location as l', 'l.id', 'c.location_id')
    .selectAll('c')
    .select('l.code as location_code')
    .where('c.organization_id', '=', organizationId)
    .where('c.store_id', '=', storeId)
    .$if(page.status !== undefined, (qb) => qb.where('c.status', '=', page.status!))
    // Compared in SQL: the cursor's time has microseconds a JavaScript Date would drop.
    .$if(page.after !== undefined, (qb) => qb.where(sql<boolean>`(c.created_at, c.id) < (select x.created_at, x.id from inventory_count x where x.id = ${page.after!})`))
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const shown = rows.slice(0, page.limit);
  const ids = shown.map((c) => c.id);
  const summaries = ids.length
    ? await sql<{ count_id: string; lines: number; counted: number; with_variance: number; over_each: string; over_mg: string; short_each: string; short_mg: string }>`
        select c.count_id, count(*)::int as lines, count(c.counted_quantity)::int as counted,
               (count(*) filter (where c.counted_quantity <> c.expected_quantity))::int as with_variance,
               coalesce(sum(c.counted_quantity - c.expected_quantity) filter (where c.counted_quantity > c.expected_quantity and p.unit = 'each'), 0)::text as over_each,
               coalesce(sum(c.counted_quantity - c.expected_quantity) filter (where c.counted_quantity > c.expected_quantity and p.unit = 'mg'), 0)::text as over_mg,
               coalesce(sum(c.expected_quantity - c.counted_quantity) filter (where c.counted_quantity < c.expected_quantity and p.unit = 'each'), 0)::text as short_each,
               coalesce(sum(c.expected_quantity - c.counted_quantity) filter (where c.counted_quantity < c.expected_quantity and p.unit = 'mg'), 0)::text as short_mg
          from inventory_count_line c join inventory_package p on p.id = c.package_id
         where c.count_id = any(${ids}::uuid[]) group by c.count_id`.execute(db)
    : { rows: [] };
  const summaryOf = new Map(summaries.rows.map((r) => [r.count_id, r]));
  const none = { each: 0, mg: 0 };
  const at = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    counts: shown.map((c) => {
      const s = summaryOf.get(c.id);
      return {
        id: c.id,
        storeId: c.store_id,
        kind: c.kind,
        status: c.status,
        locationCode: c.location_code,
        skuIds: c.sku_ids,
        note: c.note,
        createdBy: c.created_by,
        createdAt: new Date(c.created_at).toISOString(),
        submittedBy: c.submitted_by,
        submittedAt: at(c.submitted_at),
        decidedBy: c.decided_by,
        decidedAt: at(c.decided_at),
        // Variances are known once the count is submitted (blind while open).
        summary: {
          lines: Number(s?.lines ?? 0),
          counted: Number(s?.counted ?? 0),
          withVariance: c.status === 'open' ? 0 : Number(s?.with_variance ?? 0),
          over: c.status === 'open' || !s ? none : { each: Number(s.over_each), mg: Number(s.over_mg) },
          short: c.status === 'open' || !s ? none : { each: Number(s.short_each), mg: Number(s.short_mg) },
        },
      };
    }),
    nextAfter: rows.length > page.limit ? shown[shown.length - 1].id : null,
  };
}

import { sql } from 'kysely';
import type { UnitOfWork } from '../../platform/unit-of-work';
import { DRIFT_DETECTED, organizationOfUow, raiseAlert, resolveAlerts } from './inventory.ledger';

export interface Drift {
  packageId: string;
  locationId: string;
  storeId: string | null;
  skuId: string | null;
  counterOnHand: number;
  counterReserved: number;
  ledgerOnHand: number;
  ledgerReserved: number;
  /** Sum of held reservation lines; reserved should equal it. */
  heldReserved: number;
}

/**
 * Recomputes every counter of the organization from the ledger (and the reserved counter also
 * from the held reservations) in one statement, so one snapshot is compared with itself.
 * Counters are not repaired automatically: drift means something wrote around the ledger, and a
 * person should look. Each drifting row gets an open alert and an `inventory.drift.detected` event.
 * A caller limited to some stores reconciles those stores (their counters, ledger rows and holds).
 */
export async function reconcileInventory(uow: UnitOfWork): Promise<{ checked: number; drifts: Drift[] }> {
  const organizationId = organizationOfUow(uow);
  const stores = uow.actor.storeIds;
  const inStores = (column: string) => (stores.length === 0 ? sql`` : sql`and ${sql.ref(column)} = any(${[...stores]}::uuid[])`);
  const result = await sql<{
    package_id: string;
    location_id: string;
    store_id: string | null;
    sku_id: string | null;
    counter_on_hand: number;
    counter_reserved: number;
    ledger_on_hand: number;
    ledger_reserved: number;
    held_reserved: number;
  }>`
    with ledger as (
      select package_id, location_id, sum(on_hand_delta)::bigint as on_hand, sum(reserved_delta)::bigint as reserved
        from inventory_movement where organization_id = ${organizationId} ${inStores('store_id')}
       group by package_id, location_id
    ), held as (
      select rl.package_id, rl.location_id, sum(rl.quantity)::bigint as reserved
        from inventory_reservation_line rl
        join inventory_reservation r on r.id = rl.reservation_id
       where r.status = 'held' and r.organization_id = ${organizationId} ${inStores('r.store_id')}
       group by rl.package_id, rl.location_id
    ), counters as (
      select * from inventory_stock where organization_id = ${organizationId} ${inStores('store_id')}
    ), compared as (
      select coalesce(c.package_id, l.package_id) as package_id,
             coalesce(c.location_id, l.location_id) as location_id,
             c.store_id, c.sku_id,
             coalesce(c.on_hand, 0)::bigint as counter_on_hand,
             coalesce(c.reserved, 0)::bigint as counter_reserved,
             coalesce(l.on_hand, 0)::bigint as ledger_on_hand,
             coalesce(l.reserved, 0)::bigint as ledger_reserved,
             coalesce(h.reserved, 0)::bigint as held_reserved
        from counters c
        full join ledger l on l.package_id = c.package_id and l.location_id = c.location_id
        left join held h on h.package_id = coalesce(c.package_id, l.package_id) and h.location_id = coalesce(c.location_id, l.location_id)
    )
    select * from compared
     where counter_on_hand <> ledger_on_hand or counter_reserved <> ledger_reserved or counter_reserved <> held_reserved
     order by package_id, location_id`.execute(uow.trx);
  const checkedRow = await sql<{ n: number }>`select count(*)::bigint as n from inventory_stock where organization_id = ${organizationId} ${inStores('store_id')}`.execute(uow.trx);
  const drifts: Drift[] = result.rows.map((r) => ({
    packageId: r.package_id,
    locationId: r.location_id,
    storeId: r.store_id,
    skuId: r.sku_id,
    counterOnHand: Number(r.counter_on_hand),
    counterReserved: Number(r.counter_reserved),
    ledgerOnHand: Number(r.ledger_on_hand),
    ledgerReserved: Number(r.ledger_reserved),
    heldReserved: Number(r.held_reserved),
  }));
  for (const drift of drifts) {
    const alertId = await raiseAlert(uow, {
      organizationId,
      kind: 'drift',
      storeId: drift.storeId,
      skuId: drift.skuId,
      packageId: drift.packageId,
      dedupeKey: `drift:${drift.packageId}:${drift.locationId}`,
      message: `Counters (on hand ${drift.counterOnHand}, reserved ${drift.counterReserved}) differ from the ledger (on hand ${drift.ledgerOnHand}, reserved ${drift.ledgerReserved}; held ${drift.heldReserved}).`,
      details: { ...drift },
    });
    if (alertId) {
      await uow.emit({
        type: DRIFT_DETECTED,
        aggregateType: 'inventory_stock',
        aggregateId: `${drift.packageId}:${drift.locationId}`,
        storeId: drift.storeId,
        payload: { ...drift, alertId },
      });
    }
  }
  // Rows that drifted before and agree now (someone looked and put them right): their alerts end,
  // so a later drift of the same row raises a new one instead of hiding behind the old.
  const drifting = drifts.map((d) => `drift:${d.packageId}:${d.locationId}`);
  const ended = await uow.trx
    .selectFrom('inventory_alert')
    .select('dedupe_key')
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'drift')
    .where('status', '<>', 'resolved')
    .$if(stores.length > 0, (qb) => qb.where('store_id', 'in', [...stores]))
    .where(sql<boolean>`not (dedupe_key = any(${drifting}::text[]))`)
    .execute();
  await resolveAlerts(uow, ended.map((a) => a.dedupe_key), { reason: 'reconciled' });
  await uow.audit({ action: 'inventory.reconciliation.ran', entityType: 'inventory_stock', entityId: null, after: { checked: Number(checkedRow.rows[0].n), drifts: drifts.length, ...(stores.length > 0 && { storeIds: [...stores] }) } });
  return { checked: Number(checkedRow.rows[0].n), drifts };
}

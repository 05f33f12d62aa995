import { sql } from 'kysely';
import { systemContext } from '../../platform/context';
import type { Platform } from '../../platform/platform';
import { inTransaction, type UnitOfWork } from '../../platform/unit-of-work';
import { publishAvailability } from './inventory.ledger';
import { storeSkusOfPackages } from './inventory.packages';
import { reconcileInventory } from './inventory.reconciliation';
import { endReservation, expireDueReservations } from './inventory.reservations';

// Background work of the inventory module: a sweeper that expires reservations whose TTL ran
// out (and marks packages past their expiry date), and a periodic reconciliation. Each pass runs
// per organization in its own transaction, as the system actor of that organization, so its
// audit rows and events are scoped like everyone else's. Several processes may run it at once.

export interface InventoryWorkerOptions {
  sweepMs?: number;
  reconcileMs?: number;
}

export interface InventoryWorkers {
  /** One sweep now; resolves to the number of reservations expired. */
  sweep(): Promise<number>;
  reconcile(): Promise<number>;
  stop(): Promise<void>;
}

export async function sweepInventory(platform: Platform): Promise<{ expiredReservations: number; expiredPackages: number }> {
  const { db } = platform.database;
  const due = await sql<{ organization_id: string }>`
    select distinct organization_id from inventory_reservation where status = 'held' and expires_at < now()`.execute(db);
  let expiredReservations = 0;
  for (const { organization_id } of due.rows) {
    try {
      for (;;) {
        const n = await inTransaction(platform.tx, systemContext(organization_id), (uow) => expireDueReservations(uow, 100));
        expiredReservations += n;
        if (n < 100) break;
      }
    } catch (error) {
      // A hold that cannot be released (its stock row's counters drifted: something wrote around
      // the ledger) fails its whole batch. It must not keep every other cart's stock held, here
      // and in the organizations after this one: the due holds are expired one at a time instead,
      // and the one that fails stays held, logged, for reconciliation to name.
      platform.logger.warn({ err: error, organizationId: organization_id }, 'inventory sweep: a batch of due holds failed; expiring them one at a time');
      expiredReservations += await expireOneByOne(platform, organization_id);
    }
  }
  const stale = await sql<{ organization_id: string }>`
    select distinct organization_id from inventory_package p where status = 'active' and ${pastExpiry}`.execute(db);
  let expiredPackages = 0;
  for (const { organization_id } of stale.rows) {
    expiredPackages += await inTransaction(platform.tx, systemContext(organization_id), (uow) => markExpiredPackages(uow));
  }
  return { expiredReservations, expiredPackages };
}

/** Expires an organization's due holds each in its own transaction; one that fails is logged and left held. */
async function expireOneByOne(platform: Platform, organizationId: string): Promise<number> {
  const due = await sql<{ id: string }>`
    select id from inventory_reservation
     where status = 'held' and expires_at < now() and organization_id = ${organizationId}
     order by expires_at`.execute(platform.database.db);
  let expired = 0;
  for (const { id } of due.rows) {
    try {
      const ended = await inTransaction(platform.tx, systemContext(organizationId), (uow) => endReservation(uow, organizationId, id, 'expired', 'ttl_expired'));
      if (ended) expired += 1;
    } catch (error) {
      platform.logger.error({ err: error, organizationId, reservationId: id }, 'inventory sweep: a due hold could not be released; it stays held (run reconciliation)');
    }
  }
  return expired;
}

/**
 * A package is past its expiry once the day after it has begun at every store holding it (the
 * store's day, not UTC's; a package no store holds goes by the database's date). Until then some
 * store may still sell it on its last day.
 */
const pastExpiry = sql<boolean>`p.expires_on < coalesce(
  (select min((now() at time zone st.timezone)::date) from inventory_stock s join store st on st.id = s.store_id where s.package_id = p.id),
  current_date)`;

/** Packages past their expiry date become 'expired' (the database already refuses to sell them). */
export async function markExpiredPackages(uow: UnitOfWork): Promise<number> {
  const organizationId = uow.actor.organizationId!;
  const rows = await uow.trx
    .updateTable('inventory_package as p')
    .set({ status: 'expired', status_reason: 'past expiry date', updated_at: new Date() })
    .where('p.organization_id', '=', organizationId)
    .where('p.status', '=', 'active')
    .where(pastExpiry)
    .returning(['p.id', 'p.label'])
    .execute();
  if (rows.length === 0) return 0;
  await uow.audit({ action: 'inventory.package.expired', entityType: 'inventory_package', entityId: null, after: { labels: rows.map((r) => r.label) } });
  await publishAvailability(uow, await storeSkusOfPackages(uow.trx, rows.map((r) => r.id)));
  return rows.length;
}

export async function reconcileAll(platform: Platform): Promise<number> {
  const orgs = await platform.database.db.selectFrom('organization').select('id').execute();
  let drifts = 0;
  for (const { id } of orgs) {
    drifts += (await inTransaction(platform.tx, systemContext(id), (uow) => reconcileInventory(uow))).drifts.length;
  }
  return drifts;
}

/** Starts the sweeper (every sweepMs, default 5 s) and reconciliation (every reconcileMs, default 1 h). */
export function startInventoryWorkers(platform: Platform, options: InventoryWorkerOptions = {}): InventoryWorkers {
  const sweepMs = options.sweepMs ?? 5_000;
  const reconcileMs = options.reconcileMs ?? 3_600_000;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();

  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };
  const sweep = () => track(sweepInventory(platform).then((r) => r.expiredReservations));
  const reconcile = () => track(reconcileAll(platform));
  const loop = (every: number, work: () => Promise<unknown>, name: string) => {
    let timer: NodeJS.Timeout;
    const tick = () => {
      timers.delete(timer);
      if (stopped) return;
      work()
        .catch((error) => platform.logger.error({ err: error }, `inventory ${name} failed; trying again next time`))
        .finally(() => {
          if (stopped) return;
          timer = setTimeout(tick, every);
          timers.add(timer);
        });
    };
    timer = setTimeout(tick, every);
    timers.add(timer);
  };
  loop(sweepMs, sweep, 'sweep');
  loop(reconcileMs, reconcile, 'reconciliation');
  return {
    sweep,
    reconcile,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}

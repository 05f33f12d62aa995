import { HAND_OVER_MODES, type HandOverMode } from '@verdant/rules';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';

export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export interface StoreView {
  id: string;
  organizationId: string;
  name: string;
  licenseNumber: string;
  jurisdiction: string;
  timezone: string;
  address: Address;
  medicalEndorsement: boolean;
  status: StoreStatus;
  /** Why the store was last closed, retired or opened again; null for a store never changed. */
  statusReason: string | null;
  statusChangedAt: string | null;
  /**
   * The pickup hand-over modes the store offers (in_store always), in HAND_OVER_MODES order: its own
   * choice (no drive-through lane), within what its pack allows, which it cannot widen.
   */
  pickupModesOffered: HandOverMode[];
}

/**
 * The modes a store offers as stored: the known ones, each once, in HAND_OVER_MODES order, with
 * in_store (always offered; the route refuses a list without it, the column's check too).
 */
export const offeredModes = (modes: readonly string[]): HandOverMode[] => HAND_OVER_MODES.filter((mode) => mode === 'in_store' || modes.includes(mode));

/**
 * open: it sells. closed: for a while (a renovation, a suspended license); retired: for good, it
 * never opens again. A store not open sells nothing new (register sales and sessions, online
 * carts and orders, its menu), but what was sold can be cancelled, returned and refunded, its
 * reports read, and its stock counted, moved out and destroyed (docs/operations.md).
 */
export const STORE_STATUSES = ['open', 'closed', 'retired'] as const;
export type StoreStatus = (typeof STORE_STATUSES)[number];

type StoreRow = {
  id: string;
  organization_id: string;
  name: string;
  license_number: string;
  jurisdiction: string;
  timezone: string;
  address: unknown;
  medical_endorsement: boolean;
  status: StoreStatus;
  status_reason: string | null;
  status_changed_at: Date | string | null;
  pickup_modes_offered: string[];
};

export const toStoreView = (row: StoreRow): StoreView => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  licenseNumber: row.license_number,
  jurisdiction: row.jurisdiction,
  timezone: row.timezone,
  address: (row.address ?? {}) as Address,
  medicalEndorsement: row.medical_endorsement,
  status: row.status,
  statusReason: row.status_reason,
  statusChangedAt: row.status_changed_at === null ? null : new Date(row.status_changed_at).toISOString(),
  pickupModesOffered: offeredModes(row.pickup_modes_offered),
});

/**
 * 409 STORE_NOT_OPEN: what a store that is closed or retired does not do (sell, take carts, list
 * its menu, take stock in); `refuses` says which, for the message.
 */
export function storeNotOpen(status: string, path: Array<string | number>, refuses = 'no new sales, carts or orders'): AppError {
  return new AppError(409, 'STORE_NOT_OPEN', `The store is ${status}: it takes ${refuses}.`, { path, status });
}

/**
 * 409 STORE_RETIRED: a retired store is closed for good, so what would only make sense for a store
 * that opens again (a status change, stock coming in) is refused; `message` says which.
 */
export function storeRetired(path: Array<string | number>, message: string): AppError {
  return conflict('STORE_RETIRED', message, { path, status: 'retired' });
}

/**
 * Refuses (409 STORE_NOT_OPEN) unless the store is open; 404 for a store of nobody. A public route
 * (a menu, its availability) passes no organization: the store's id is all a shopper has, and the
 * answer names the store's organization for what follows.
 */
export async function assertStoreOpen(
  db: Db | UnitOfWork['trx'],
  organizationId: string | null,
  storeId: string,
  path: Array<string | number>,
): Promise<{ organizationId: string }> {
  let query = db.selectFrom('store').select(['organization_id', 'status']).where('id', '=', storeId);
  if (organizationId !== null) query = query.where('organization_id', '=', organizationId);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Store', storeId);
  if (row.status !== 'open') throw storeNotOpen(row.status, path);
  return { organizationId: row.organization_id };
}

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A timezone the database can compute in too: Node accepts a few names PostgreSQL does not
 * (US/Pacific-New, Canada/East-Saskatchewan), and the store's day (reports, hours) is worked out
 * in SQL with its zone. 400 at body.timezone otherwise.
 */
async function assertDatabaseKnowsTimezone(trx: UnitOfWork['trx'], timezone: string): Promise<void> {
  const known = await sql<{ name: string }>`select name from pg_timezone_names where name = ${timezone}`.execute(trx);
  if (known.rows.length === 0) {
    throw badRequest('VALIDATION_FAILED', `The database does not know the timezone ${timezone}.`, [{ path: ['body', 'timezone'], message: 'an IANA timezone such as America/Los_Angeles' }]);
  }
}

export async function createOrganization(uow: UnitOfWork, input: { id?: string; name: string }) {
  const row = await uow.trx
    .insertInto('organization')
    .values({ id: input.id ?? uuidv7(), name: input.name })
    .returningAll()
    .executeTakeFirstOrThrow();
  await uow.audit({ action: 'organization.created', entityType: 'organization', entityId: row.id, after: { name: row.name } });
  return { id: row.id, name: row.name };
}

export interface StoreInput {
  name: string;
  licenseNumber: string;
  jurisdiction: string;
  timezone: string;
  address?: Address;
  medicalEndorsement?: boolean;
  /** The pickup hand-over modes offered (default all three); in_store must be among them. */
  pickupModesOffered?: HandOverMode[];
}

/**
 * What a later module gives every new store (its default locations, …), written in the store's
 * own transaction: the answer to "open a store" is a store every screen can work in at once, not
 * one that becomes whole when some event is delivered. Organizations is the kernel and calls no
 * later module, so those modules' steps are registered here when the server is built.
 */
export type StoreSetupStep = (uow: UnitOfWork, store: StoreView) => Promise<void>;

const storeSetupSteps = new Map<string, StoreSetupStep>();

/** Registers a step by name; registering a name again replaces it (one process may build several servers). */
export function setUpEveryNewStore(name: string, step: StoreSetupStep): void {
  storeSetupSteps.set(name, step);
}

/**
 * What a later module checks before a store's jurisdiction changes (transfers in transit, …), in
 * the change's transaction, after the store row is locked FOR UPDATE: a step refuses by throwing.
 */
export type JurisdictionChangeCheck = (uow: UnitOfWork, store: StoreView, to: string) => Promise<void>;

const jurisdictionChangeChecks = new Map<string, JurisdictionChangeCheck>();

/** Registers a check by name; registering a name again replaces it. */
export function checkEveryJurisdictionChange(name: string, check: JurisdictionChangeCheck): void {
  jurisdictionChangeChecks.set(name, check);
}

export async function createStore(uow: UnitOfWork, organizationId: string, input: StoreInput): Promise<StoreView> {
  await assertDatabaseKnowsTimezone(uow.trx, input.timezone);
  const row = await uow.trx
    .insertInto('store')
    .values({
      id: uuidv7(),
      organization_id: organizationId,
      name: input.name,
      license_number: input.licenseNumber,
      jurisdiction: input.jurisdiction,
      timezone: input.timezone,
      address: JSON.stringify(input.address ?? {}),
      ...(input.medicalEndorsement !== undefined && { medical_endorsement: input.medicalEndorsement }),
      ...(input.pickupModesOffered !== undefined && { pickup_modes_offered: offeredModes(input.pickupModesOffered) }),
    })
    // A license another store uses, in any letter case (one opened at this very moment too): the
    // unique indexes decide (the id is new, so a license is the only thing that can conflict).
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw licenseTaken();
  const view = toStoreView(row);
  for (const step of storeSetupSteps.values()) await step(uow, view);
  await uow.audit({ action: 'store.created', entityType: 'store', entityId: view.id, storeId: view.id, after: view });
  await uow.emit({ type: 'organizations.store.created', aggregateType: 'store', aggregateId: view.id, storeId: view.id, payload: { store: view } });
  return view;
}

/** A change of status goes with its reason (audited). */
export type StoreChanges = Partial<StoreInput> & { status?: StoreStatus; statusReason?: string };

export async function updateStore(
  uow: UnitOfWork,
  organizationId: string,
  id: string,
  changes: StoreChanges,
): Promise<StoreView> {
  const before = await uow.trx
    .selectFrom('store')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw notFound('Store', id);
  if (changes.timezone !== undefined && changes.timezone !== before.timezone) await assertDatabaseKnowsTimezone(uow.trx, changes.timezone);
  if (changes.jurisdiction !== undefined && changes.jurisdiction !== before.jurisdiction) {
    for (const check of jurisdictionChangeChecks.values()) await check(uow, toStoreView(before), changes.jurisdiction);
  }
  const statusChanges = changes.status !== undefined && changes.status !== before.status;
  if (statusChanges && before.status === 'retired') {
    throw storeRetired(['body', 'status'], 'A retired store is closed for good and cannot be opened or closed again; open a new store instead.');
  }
  const row = await uow.trx
    .updateTable('store')
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.licenseNumber !== undefined && { license_number: changes.licenseNumber }),
      ...(changes.jurisdiction !== undefined && { jurisdiction: changes.jurisdiction }),
      ...(changes.timezone !== undefined && { timezone: changes.timezone }),
      ...(changes.address !== undefined && { address: JSON.stringify(changes.address) }),
      ...(changes.medicalEndorsement !== undefined && { medical_endorsement: changes.medicalEndorsement }),
      ...(changes.pickupModesOffered !== undefined && { pickup_modes_offered: offeredModes(changes.pickupModesOffered) }),
      // The status as sent (so a body naming only the status the store has is no empty update);
      // its reason and time only when it changes.
      ...(changes.status !== undefined && { status: changes.status }),
      ...(statusChanges && { status_reason: changes.statusReason ?? null, status_changed_at: sql<Date>`now()` }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: { code?: string; constraint?: string }) => {
      // A license another store uses, in any letter case: the unique indexes decide, as when a store is opened.
      throw error.code === '23505' && LICENSE_KEYS.includes(error.constraint ?? '') ? licenseTaken() : error;
    });
  const view = toStoreView(row);
  await uow.audit({
    action: statusChanges ? `store.${STATUS_ACTIONS[view.status]}` : 'store.updated',
    entityType: 'store',
    entityId: id,
    storeId: id,
    before: toStoreView(before),
    after: view,
    ...(statusChanges && { reason: changes.statusReason ?? null }),
  });
  await uow.emit({ type: 'organizations.store.updated', aggregateType: 'store', aggregateId: id, storeId: id, payload: { store: view } });
  return view;
}

/** The audit action of a change to each status. */
const STATUS_ACTIONS: Record<StoreStatus, string> = { open: 'reopened', closed: 'closed', retired: 'retired' };

/** The unique indexes on a store's license number: as typed, and in any letter case (migration 0101). */
const LICENSE_KEYS = ['store_license_number_key', 'store_license_number_any_case_key'];

const licenseTaken = () => conflict('LICENSE_TAKEN', 'Another store already uses this license number.', { path: ['body', 'licenseNumber'] });

export async function listStores(db: Db, organizationId: string): Promise<StoreView[]> {
  const rows = await db.selectFrom('store').selectAll().where('organization_id', '=', organizationId).orderBy('name').execute();
  return rows.map(toStoreView);
}

export async function getStore(db: Db, organizationId: string, id: string): Promise<StoreView> {
  const row = await db
    .selectFrom('store')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) throw notFound('Store', id);
  return toStoreView(row);
}

export async function getOrganization(db: Db, id: string) {
  const row = await db.selectFrom('organization').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Organization', id);
  return { id: row.id, name: row.name, createdAt: new Date(row.created_at).toISOString() };
}

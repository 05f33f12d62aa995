import { timingSafeEqual } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { StaffSessionTable, StaffUserTable } from '../../db/tables';
import type { Actor } from '../../platform/context';
import { AppError, assertAllFound, badRequest, conflict, notFound } from '../../platform/errors';
import { assertEveryStore } from '../../platform/http';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { hashSecret, verifyDecoy, verifySecret } from './passwords';
import { isPermission, permissionsOf, type Role } from './permissions';
import { newApiKey, newSessionToken, parseApiKey, sha256 } from './tokens';

export interface StaffView {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  role: string;
  storeIds: string[];
  active: boolean;
  hasPin: boolean;
}

export interface LoginPolicy {
  maxFailures: number;
  lockoutMinutes: number;
  sessionTtlHours: number;
}

type StaffRow = {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  role: string;
  store_ids: string[];
  active: boolean;
  pin_hash: string | null;
};

export function toStaffView(row: StaffRow): StaffView {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    name: row.name,
    role: row.role,
    storeIds: row.store_ids ?? [],
    active: row.active,
    hasPin: row.pin_hash !== null,
  };
}

export interface NewStaff {
  organizationId: string;
  email: string;
  name: string;
  role: Role;
  password: string;
  pin?: string;
  storeIds?: string[];
}

/**
 * Staff may be limited only to stores of their own organization: any other store id, another
 * organization's or nobody's, is 404 at its place in the list.
 */
async function assertOwnStores(uow: UnitOfWork, organizationId: string, storeIds: readonly string[] | undefined): Promise<void> {
  if (!storeIds?.length) return;
  const rows = await uow.trx.selectFrom('store').select('id').where('organization_id', '=', organizationId).where('id', 'in', [...new Set(storeIds)]).execute();
  assertAllFound(storeIds, new Set(rows.map((r) => r.id)), 'Store', (i) => ['body', 'storeIds', i]);
}

/**
 * Who may add or change whom. Nobody gains through someone else what they do not hold:
 * - the role given must have no permission the caller lacks (so only an owner makes an owner,
 *   and an API key gives only roles within its scopes), and so must the role the person has now
 *   (a manager cannot reset an owner's password, demote or deactivate an owner: 403 FORBIDDEN);
 * - a caller limited to some stores manages only people limited to those stores, and gives only
 *   those stores: none at all would mean every store (403 STORE_NOT_ALLOWED at body.storeIds).
 * The system (the CLI, the demo seed) is not limited.
 */
function assertMayManage(actor: Actor, person: { role: string; storeIds: readonly string[] } | null, next: { role?: string; storeIds?: readonly string[] }): void {
  if (actor.type === 'system') return;
  const lacking = (role: string) => [...permissionsOf(role)].filter((p) => p !== 'session:self' && !actor.permissions.has(p));
  if (person && lacking(person.role).length > 0) {
    throw new AppError(403, 'FORBIDDEN', `This person's role (${person.role}) has permissions you do not hold: ${lacking(person.role).join(', ')}. Only someone who holds them can change this person.`);
  }
  if (next.role !== undefined && lacking(next.role).length > 0) {
    throw new AppError(403, 'FORBIDDEN', `You can only give a role whose permissions you hold; ${next.role} also has: ${lacking(next.role).join(', ')}.`, { path: ['body', 'role'] });
  }
  if (person) assertPersonWithinStores(actor, person.storeIds, 'change');
  if (actor.storeIds.length > 0 && next.storeIds !== undefined && !withinStoresOf(actor, next.storeIds)) {
    throw new AppError(403, 'STORE_NOT_ALLOWED', 'You can only give stores you work at, and name them: none would mean every store.', { path: ['body', 'storeIds'] });
  }
}

/** Stores named (none would mean every store) and each one the caller's. */
const withinStoresOf = (actor: Actor, storeIds: readonly string[]) => storeIds.length > 0 && storeIds.every((id) => actor.storeIds.includes(id));

/** A caller limited to some stores deals only with people limited to those stores. */
function assertPersonWithinStores(actor: Actor, storeIds: readonly string[], verb: 'change' | 'read about'): void {
  if (actor.type === 'system' || actor.storeIds.length === 0 || withinStoresOf(actor, storeIds)) return;
  throw new AppError(403, 'STORE_NOT_ALLOWED', `This person works at stores you do not: only staff of every one of their stores can ${verb} them.`);
}

/**
 * For what other modules keep about a staff member (a driver's state identifiers): 404 for a
 * person not of the organization; to read it, the store part of PATCH /v1/staff/:id's rule (the
 * person works only at stores of the caller's).
 */
export async function assertMayReadStaffMember(db: Db | UnitOfWork['trx'], actor: Actor, organizationId: string, staffId: string): Promise<void> {
  const person = await db.selectFrom('staff_user').select(['store_ids']).where('id', '=', staffId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!person) throw notFound('Staff member', staffId);
  assertPersonWithinStores(actor, person.store_ids ?? [], 'read about');
}

/**
 * To change what other modules keep about a staff member: PATCH /v1/staff/:id's rule
 * (assertMayManage: rank and stores), judged on the caller as they are now, both rows locked
 * until the change commits (actingNow), so a demotion committed meanwhile is not outlived.
 */
export async function assertMayChangeStaffMember(uow: UnitOfWork, organizationId: string, staffId: string): Promise<void> {
  const { actor, person } = await actingNow(uow, organizationId, staffId);
  if (!person) throw notFound('Staff member', staffId);
  assertMayManage(actor, { role: person.role, storeIds: person.store_ids ?? [] }, {});
}

/**
 * The person acting as they are now, their row locked FOR UPDATE together with the person they
 * change (in id order, so two people changing each other cannot deadlock). The actor was read when
 * the request was authenticated; a demotion, deactivation or store change committed since then
 * must not be outlived by a grant: the one that committed first holds, the other sees it.
 * An API key acts with its scopes, but not once revoked (its row read again, FOR SHARE, after the
 * people's rows); the system acts as it is.
 */
async function actingNow(uow: UnitOfWork, organizationId: string, personId: string | null): Promise<{ actor: Actor; person: StaffRow | null }> {
  const { actor } = uow;
  const ids = [...new Set([actor.type === 'staff' && actor.id ? actor.id : null, personId].filter((id): id is string => id !== null))].sort();
  const rows = ids.length === 0 ? [] : await uow.trx.selectFrom('staff_user').selectAll().where('id', 'in', ids).where('organization_id', '=', organizationId).orderBy('id').forUpdate().execute();
  const person = personId === null ? null : (rows.find((r) => r.id === personId) ?? null);
  if (actor.type === 'api_key' && actor.id) {
    // A key revoked since the request was authenticated grants nothing more: the revocation
    // that committed first holds (FOR SHARE: a revocation waits for a change already judged).
    const key = await uow.trx.selectFrom('api_key').select('revoked_at').where('id', '=', actor.id).forShare().executeTakeFirst();
    if (!key || key.revoked_at) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in or send an API key.');
  }
  if (actor.type !== 'staff' || !actor.id) return { actor, person };
  const me = rows.find((r) => r.id === actor.id);
  if (!me?.active) throw new AppError(403, 'FORBIDDEN', 'Your account is no longer active.');
  return { actor: { ...actor, role: me.role, permissions: permissionsOf(me.role), storeIds: me.store_ids ?? [] }, person };
}

/**
 * Whether a staff member can be credited with a sale at a store: of the organization (else
 * 'unknown'), active, and working there (else 'not_here').
 */
export async function staffAtStore(
  db: Db | UnitOfWork['trx'],
  organizationId: string,
  storeId: string,
  staffId: string,
  options: { lock?: boolean } = {},
): Promise<'ok' | 'unknown' | 'not_here'> {
  // `lock`: FOR SHARE to the end of the caller's transaction, so a deactivation or store change
  // waits for it, or is seen.
  const query = db.selectFrom('staff_user').select(['active', 'store_ids']).where('id', '=', staffId).where('organization_id', '=', organizationId);
  const person = await (options.lock ? query.forShare() : query).executeTakeFirst();
  if (!person) return 'unknown';
  const stores = person.store_ids ?? [];
  return person.active && (stores.length === 0 || stores.includes(storeId)) ? 'ok' : 'not_here';
}

export async function createStaff(uow: UnitOfWork, input: NewStaff): Promise<StaffView> {
  const { actor } = await actingNow(uow, input.organizationId, null);
  assertMayManage(actor, null, { role: input.role, storeIds: input.storeIds ?? [] });
  const email = input.email.trim().toLowerCase();
  const emailTaken = () => conflict('EMAIL_TAKEN', 'A staff member with this e-mail already exists.', { path: ['body', 'email'] });
  const taken = await uow.trx.selectFrom('staff_user').select('id').where('email', '=', email).executeTakeFirst();
  if (taken) throw emailTaken();
  await assertOwnStores(uow, input.organizationId, input.storeIds);
  const row = await uow.trx
    .insertInto('staff_user')
    .values({
      id: uuidv7(),
      organization_id: input.organizationId,
      email,
      name: input.name,
      role: input.role,
      password_hash: await hashSecret(input.password),
      pin_hash: input.pin ? await hashSecret(input.pin) : null,
      store_ids: input.storeIds ?? [],
      locked_until: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: { code?: string; constraint?: string }) => {
      // Two people adding one address at once both pass the check above (by different callers, whose
      // rows lock nothing in common): the unique index decides, and the loser is told so.
      throw error.code === '23505' && error.constraint === 'staff_user_email_key' ? emailTaken() : error;
    });
  const view = toStaffView(row);
  await uow.audit({ action: 'staff.created', entityType: 'staff_user', entityId: view.id, after: view });
  return view;
}

export async function updateStaff(
  uow: UnitOfWork,
  organizationId: string,
  id: string,
  changes: { name?: string; role?: Role; active?: boolean; storeIds?: string[]; pin?: string | null; password?: string },
): Promise<StaffView> {
  const revokes = changes.active === false || changes.password !== undefined || changes.role !== undefined;
  const { actor, person: before } = await actingNow(uow, organizationId, id);
  if (!before) throw notFound('Staff member', id);
  assertMayManage(actor, { role: before.role, storeIds: before.store_ids ?? [] }, changes);
  await assertOwnStores(uow, organizationId, changes.storeIds);
  const row = await uow.trx
    .updateTable('staff_user')
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.active !== undefined && { active: changes.active }),
      ...(changes.storeIds !== undefined && { store_ids: changes.storeIds }),
      ...(changes.pin !== undefined && { pin_hash: changes.pin === null ? null : await hashSecret(changes.pin) }),
      ...(changes.password !== undefined && { password_hash: await hashSecret(changes.password) }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const kept = sessionKeptBySelfChange(uow.actor, id, changes);
  if (revokes) {
    // A deactivated user, a new password or a new role ends every open session of that user
    // (bar the one a person changed their own password on, see sessionKeptBySelfChange).
    let revoke = uow.trx.updateTable('staff_session').set({ revoked_at: new Date() }).where('user_id', '=', id).where('revoked_at', 'is', null);
    if (kept) revoke = revoke.where('id', '<>', kept);
    await revoke.execute();
  }
  await uow.audit({
    action: 'staff.updated',
    entityType: 'staff_user',
    entityId: id,
    before: toStaffView(before),
    after: toStaffView(row),
  });
  const turnEnds = whyTurnsEnd(before, changes);
  if (turnEnds) await lockRegistersActedBy(uow, id, { reason: turnEnds, except: turnEnds === 'deactivated' ? null : kept });
  if (changes.storeIds !== undefined && changes.storeIds.length > 0) {
    // Where the person may work is not a credential: no register at a store they lost is kept.
    await lockRegistersActedBy(uow, id, { reason: 'stores_changed', outsideStores: changes.storeIds });
  }
  return toStaffView(row);
}

type TurnEndReason = 'deactivated' | 'password_changed' | 'pin_changed' | 'stores_changed';

/**
 * The person's turn at every register they act on ends when what let them in no longer holds:
 * they were deactivated, or the password or PIN they switched in with changed (a stolen or
 * shared PIN is reset precisely to get the person at the till out). A new role applies at once
 * (it is read on every request), so it ends no turn.
 */
function whyTurnsEnd(before: { pin_hash: string | null }, changes: { active?: boolean; pin?: string | null; password?: string }): TurnEndReason | null {
  if (changes.active === false) return 'deactivated';
  if (changes.password !== undefined) return 'password_changed';
  if (changes.pin !== undefined && !(changes.pin === null && before.pin_hash === null)) return 'pin_changed';
  return null;
}

/**
 * A person who changes their own password or PIN keeps the session they did it on, when they
 * are the one acting on it: whoever made the request is at that till as this person and now
 * holds the new credential, so locking it (or signing it out) protects nobody and would only shut
 * them out mid-shift. Every other session and register of theirs ends as for anyone else. Not for
 * a deactivation or a role change (those end the person's standing, not a credential).
 */
function sessionKeptBySelfChange(actor: Actor, id: string, changes: { active?: boolean; role?: Role }): string | null {
  if (actor.type !== 'staff' || actor.id !== id || !actor.sessionId) return null;
  if (changes.active === false || changes.role !== undefined) return null;
  return actor.sessionId;
}

/**
 * The person's turn ends on every register they are acting on that someone else signed in (their
 * own sign-ins were revoked above, or stay theirs after a PIN change). The register stays signed
 * in but locked: nobody acts until the next budtender switches in with a PIN. Falling back to the
 * register's owner instead would let whoever stands at the till (the person just let go, or who
 * learned their PIN, say) go on selling with the owner's role.
 *
 * Lock order as for a PIN switch: the staff_user row (taken by updateStaff) before the session
 * rows. A switch to this person either committed before (and is locked here) or waits on their
 * row and then finds them inactive, their new PIN or their new stores; a switch by someone else to
 * a register locked here waits on the session row and takes it over; one that committed first
 * leaves nothing to lock here, as the UPDATE re-checks active_user_id on the row it waited for.
 */
async function lockRegistersActedBy(
  uow: UnitOfWork,
  userId: string,
  scope: { reason: TurnEndReason; except?: string | null; outsideStores?: string[] },
): Promise<void> {
  let query = uow.trx
    .updateTable('staff_session')
    .set({ active_user_id: null, pin_required_since: new Date() })
    .where('active_user_id', '=', userId)
    .where('user_id', '<>', userId)
    .where('revoked_at', 'is', null);
  if (scope.except) query = query.where('id', '<>', scope.except);
  // A register signed in without a store names none the person could have lost.
  if (scope.outsideStores) query = query.where('store_id', 'is not', null).where('store_id', 'not in', scope.outsideStores);
  const locked = await query.returning(['user_id', 'store_id']).execute();
  await uow.auditMany(
    locked.map((session) => ({
      action: 'auth.pin.revoked',
      entityType: 'staff_user',
      entityId: userId,
      storeId: session.store_id,
      before: { activeUserId: userId },
      // The session itself is not named: its id is the hash that authenticates the register.
      after: { activeUserId: null, locked: true, signedInBy: session.user_id, reason: scope.reason },
    })),
  );
}

/**
 * The organization's staff as the caller may see them: a caller limited to some stores (`storeIds`)
 * sees staff of every store and those sharing at least one store with them, not other stores' own.
 */
export async function listStaff(db: Db, organizationId: string, storeIds: readonly string[] = []): Promise<StaffView[]> {
  const rows = await db.selectFrom('staff_user').selectAll().where('organization_id', '=', organizationId).orderBy('email').execute();
  const visible = (theirs: readonly string[]) => storeIds.length === 0 || theirs.length === 0 || theirs.some((id) => storeIds.includes(id));
  return rows.filter((row) => visible(row.store_ids ?? [])).map(toStaffView);
}

/**
 * Who may switch in at a register by PIN: active staff with a PIN who work at its store (or at
 * every store), by name. The PIN pad shows these; a locked register may read them too.
 */
/**
 * Who may switch in by PIN: at the register's store, those who work there; a register signed in
 * without a store lists, for a caller limited to some stores, those who share one of them (and
 * staff of every store), and for staff of every store everyone.
 */
export async function pinStaff(db: Db, organizationId: string, storeId: string | null, callerStores: readonly string[] = []): Promise<Array<{ id: string; name: string; role: string }>> {
  const rows = await db
    .selectFrom('staff_user')
    .select(['id', 'name', 'role', 'store_ids'])
    .where('organization_id', '=', organizationId)
    .where('active', '=', true)
    .where('pin_hash', 'is not', null)
    .orderBy('name')
    .execute();
  return rows
    .filter((r) => {
      const theirs = r.store_ids ?? [];
      if (theirs.length === 0) return true;
      if (storeId !== null) return theirs.includes(storeId);
      return callerStores.length === 0 || theirs.some((id) => callerStores.includes(id));
    })
    .map((r) => ({ id: r.id, name: r.name, role: r.role }));
}

// ---- sign-in ------------------------------------------------------------------------------

export type LoginOutcome =
  | { ok: true; staff: StaffView; token: string; sessionId: string; expiresAt: Date }
  | { ok: false; error: AppError };

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'E-mail or password is wrong.');
const lockedOut = (until: Date) =>
  new AppError(429, 'ACCOUNT_LOCKED', 'Too many failed sign-ins. Try again later or ask a manager.', {
    lockedUntil: until.toISOString(),
  });

/**
 * Password sign-in. Failures are counted per account; after `maxFailures` in a row the account is
 * locked for `lockoutMinutes`. Each attempt, good or bad, is an audit row.
 */
export async function login(
  uow: UnitOfWork,
  input: { email: string; password: string; storeId?: string },
  policy: LoginPolicy,
): Promise<LoginOutcome> {
  const email = input.email.trim().toLowerCase();
  const user = await uow.trx.selectFrom('staff_user').selectAll().where('email', '=', email).forUpdate().executeTakeFirst();
  if (!user) {
    await verifyDecoy(input.password);
    const refusal = await countUnknownEmail(uow, email, policy);
    await uow.audit({ action: 'auth.login.failed', entityType: 'staff_user', entityId: null, after: { email, reason: 'unknown_email', locked: refusal.code === 'ACCOUNT_LOCKED' } });
    return { ok: false, error: refusal };
  }
  const checked = await checkSecret(uow, user, () => verifySecret(input.password, user.password_hash), policy, 'auth.login');
  if (!checked.ok) return checked;
  if (input.storeId) {
    // A register is signed in at a store of the person's own organization: another's (or nobody's)
    // is 404, checked after the password so only its holder learns which stores exist.
    const store = await uow.trx.selectFrom('store').select('id').where('id', '=', input.storeId).where('organization_id', '=', user.organization_id).executeTakeFirst();
    if (!store) return { ok: false, error: new AppError(404, 'NOT_FOUND', 'Store not found.', { entity: 'Store', id: input.storeId, path: ['body', 'storeId'] }) };
    if (user.store_ids.length > 0 && !user.store_ids.includes(input.storeId)) {
      return { ok: false, error: new AppError(403, 'STORE_NOT_ALLOWED', 'This staff member does not work at that store.') };
    }
  }
  const { token, id } = newSessionToken();
  const expiresAt = new Date(Date.now() + policy.sessionTtlHours * 3_600_000);
  await uow.trx
    .insertInto('staff_session')
    .values({ id, user_id: user.id, active_user_id: null, store_id: input.storeId ?? null, expires_at: expiresAt, revoked_at: null })
    .execute();
  await uow.audit({ action: 'auth.login.succeeded', entityType: 'staff_user', entityId: user.id, storeId: input.storeId ?? null });
  return { ok: true, staff: toStaffView(user), token, sessionId: id, expiresAt };
}

/** Checks a password or PIN against the account's failure counter and lockout. */
async function checkSecret(
  uow: UnitOfWork,
  user: StaffRow & { failed_logins: number; locked_until: Date | null },
  check: () => Promise<boolean>,
  policy: LoginPolicy,
  action: string,
): Promise<{ ok: true } | { ok: false; error: AppError }> {
  const now = new Date();
  if (user.locked_until && user.locked_until > now) {
    await uow.audit({ action: `${action}.failed`, entityType: 'staff_user', entityId: user.id, after: { reason: 'locked' } });
    return { ok: false, error: lockedOut(user.locked_until) };
  }
  // The check runs for a deactivated account too: skipping it answers in a few milliseconds where
  // an unknown address spends a decoy check, and that speed would say the address is staff.
  const matches = await check();
  if (user.active && matches) {
    await uow.trx.updateTable('staff_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    return { ok: true };
  }
  const failed = nextFailure(user.failed_logins, policy, now);
  await uow.trx.updateTable('staff_user').set(failed.counter).where('id', '=', user.id).execute();
  await uow.audit({
    action: `${action}.failed`,
    entityType: 'staff_user',
    entityId: user.id,
    after: { reason: user.active ? 'bad_secret' : 'inactive', failures: failed.failures, locked: failed.lockedUntil !== null },
  });
  return { ok: false, error: failed.error };
}

/**
 * One more failure on a counter: the count, and once it reaches the policy's limit the lock (the
 * counter starts again from nothing), with the refusal to answer.
 */
function nextFailure(failedLogins: number, policy: LoginPolicy, now: Date) {
  const failures = failedLogins + 1;
  const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockoutMinutes * 60_000) : null;
  return {
    failures,
    lockedUntil,
    counter: { failed_logins: lockedUntil ? 0 : failures, locked_until: lockedUntil },
    error: lockedUntil ? lockedOut(lockedUntil) : invalidCredentials(),
  };
}

/**
 * A sign-in with an address that is no one's is counted and locked as an account's is, so the
 * answers (401, then 429 ACCOUNT_LOCKED) do not tell whether the address is staff. Counters
 * untouched for a day are dropped.
 */
async function countUnknownEmail(uow: UnitOfWork, email: string, policy: LoginPolicy): Promise<AppError> {
  const now = new Date();
  // Rows another sign-in holds are left for the next one, so two sign-ins never wait on each other.
  await sql`delete from staff_unknown_sign_in where email in (
      select email from staff_unknown_sign_in where updated_at < ${new Date(now.getTime() - 86_400_000)} limit 100 for update skip locked)`.execute(uow.trx);
  await uow.trx.insertInto('staff_unknown_sign_in').values({ email }).onConflict((oc) => oc.column('email').doNothing()).execute();
  const row = await uow.trx.selectFrom('staff_unknown_sign_in').select(['failed_logins', 'locked_until']).where('email', '=', email).forUpdate().executeTakeFirstOrThrow();
  if (row.locked_until && row.locked_until > now) return lockedOut(row.locked_until);
  const failed = nextFailure(row.failed_logins, policy, now);
  await uow.trx.updateTable('staff_unknown_sign_in').set({ ...failed.counter, updated_at: now }).where('email', '=', email).execute();
  return failed.error;
}

/**
 * A staff member's PIN typed into someone else's request (a destruction's witness): counted, locked
 * and audited (`auth.witness.failed`) as a PIN switch is, so trying PINs there is no way round the
 * lockout. The caller commits the outcome before refusing (a rolled-back failure would count nothing).
 */
export async function confirmPin(
  uow: UnitOfWork,
  input: { organizationId: string; staffId: string; pin: string },
  policy: LoginPolicy,
): Promise<{ ok: true; staff: { id: string; name: string } } | { ok: false; error: AppError }> {
  const found = await checkPin(uow, input, policy, 'auth.witness');
  if (!found) return { ok: false, error: invalidCredentials() };
  return found.checked.ok ? { ok: true, staff: { id: found.user.id, name: found.user.name } } : found.checked;
}

/**
 * The staff member of the organization, locked, with their PIN checked against their failure
 * counter and lockout (audited as `<action>.failed`); null when there is no such person (the
 * time a PIN check takes is spent anyway).
 */
async function checkPin(uow: UnitOfWork, input: { organizationId: string; staffId: string; pin: string }, policy: LoginPolicy, action: string) {
  const user = await uow.trx
    .selectFrom('staff_user')
    .selectAll()
    .where('id', '=', input.staffId)
    .where('organization_id', '=', input.organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) {
    await verifyDecoy(input.pin);
    return null;
  }
  const checked = await checkSecret(uow, user, async () => user.pin_hash !== null && verifySecret(input.pin, user.pin_hash), policy, action);
  return { user, checked };
}

const wrongCurrentPassword = () =>
  new AppError(403, 'INVALID_CREDENTIALS', 'Your current password is wrong.', [{ path: ['body', 'currentPassword'], message: 'wrong password' }]);

/**
 * Step-up before setting a password or PIN: the acting person proves who is at the keyboard with
 * their own password, not just the session (a register may show someone's open turn). It counts,
 * locks and audits (`auth.reauth.failed`) as a sign-in does, so it is no way round the lockout.
 * The caller commits the outcome before refusing the change. 403, not 401: the session still holds.
 */
export async function reauthenticate(
  uow: UnitOfWork,
  userId: string,
  password: string,
  policy: LoginPolicy,
): Promise<{ ok: true } | { ok: false; error: AppError }> {
  const user = await uow.trx.selectFrom('staff_user').selectAll().where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!user) {
    await verifyDecoy(password);
    return { ok: false, error: wrongCurrentPassword() };
  }
  const checked = await checkSecret(uow, user, () => verifySecret(password, user.password_hash), policy, 'auth.reauth');
  if (checked.ok) return checked;
  return { ok: false, error: checked.error.code === 'INVALID_CREDENTIALS' ? wrongCurrentPassword() : checked.error };
}

export async function logout(uow: UnitOfWork, sessionId: string): Promise<void> {
  await uow.trx.updateTable('staff_session').set({ revoked_at: new Date() }).where('id', '=', sessionId).execute();
  await uow.audit({ action: 'auth.logout', entityType: 'staff_session', entityId: null });
}

/**
 * A budtender takes over a signed-in register with their PIN. The session stays the register's;
 * the acting staff member changes, and every action from then on is theirs.
 */
export async function switchByPin(
  uow: UnitOfWork,
  session: { id: string; organizationId: string },
  input: { userId: string; pin: string },
  policy: LoginPolicy,
): Promise<{ ok: true; staff: StaffView } | { ok: false; error: AppError }> {
  const found = await checkPin(uow, { organizationId: session.organizationId, staffId: input.userId, pin: input.pin }, policy, 'auth.pin');
  if (!found) return { ok: false, error: new AppError(401, 'INVALID_PIN', 'Unknown staff member or wrong PIN.') };
  const { user, checked } = found;
  if (!checked.ok) {
    const error =
      checked.error.code === 'INVALID_CREDENTIALS' ? new AppError(401, 'INVALID_PIN', 'Unknown staff member or wrong PIN.') : checked.error;
    return { ok: false, error };
  }
  // The session row lock orders concurrent switches on one register; reading the previous acting
  // user under it lets the audit row say whom the register was taken from, in the order the
  // switches took effect. A session revoked meanwhile is not taken over.
  const current = await uow.trx
    .selectFrom('staff_session')
    .select(['active_user_id', 'revoked_at', 'pin_required_since', 'store_id'])
    .where('id', '=', session.id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!current || current.revoked_at) return { ok: false, error: new AppError(401, 'UNAUTHENTICATED', 'Sign in or send an API key.') };
  // Checked after the PIN, so only someone who knows it learns where its holder works. The PIN was
  // right, so the attempt is audited but not counted towards the lockout. A register signed in
  // without a store names none to check; store-bound routes still check the acting person's stores.
  if (current.store_id && user.store_ids.length > 0 && !user.store_ids.includes(current.store_id)) {
    await uow.audit({
      action: 'auth.pin.failed',
      entityType: 'staff_user',
      entityId: user.id,
      storeId: current.store_id,
      after: { reason: 'store_not_allowed' },
    });
    return { ok: false, error: new AppError(403, 'STORE_NOT_ALLOWED', 'This staff member does not work at this register’s store.') };
  }
  // A PIN switch is also what unlocks a register whose acting budtender was deactivated.
  await uow.trx.updateTable('staff_session').set({ active_user_id: user.id, pin_required_since: null }).where('id', '=', session.id).execute();
  await uow.audit({
    action: 'auth.pin.succeeded',
    entityType: 'staff_user',
    entityId: user.id,
    storeId: current.store_id,
    // activeUserId null: the staff member who signed the register in was acting, or nobody if locked.
    before: { activeUserId: current.active_user_id, locked: current.pin_required_since !== null },
    after: { activeUserId: user.id },
  });
  return { ok: true, staff: toStaffView(user) };
}

/**
 * Ends the caller's own turn: the register's owner acts again. Requests on a register session act
 * as whoever is acting on it, so the caller is the acting person as of when the request was
 * authenticated; a PIN switch (or a lock) that committed since would otherwise have its turn ended
 * by a request that was never theirs. The session row lock orders this against PIN switches.
 */
export async function endPinTurn(uow: UnitOfWork, sessionId: string, callerId: string | null): Promise<void> {
  const session = await uow.trx
    .selectFrom('staff_session')
    .select(['user_id', 'active_user_id', 'pin_required_since', 'revoked_at', 'store_id'])
    .where('id', '=', sessionId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!session || session.revoked_at) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in or send an API key.');
  // A locked register stays locked: ending "the turn" must not hand it to its owner without a
  // credential (a request authenticated just before the lock may arrive just after it).
  if (session.pin_required_since || callerId === null) {
    throw conflict('PIN_REQUIRED', 'Nobody is acting on this register: a budtender switches in with their PIN.');
  }
  if ((session.active_user_id ?? session.user_id) !== callerId) {
    throw conflict('PIN_TURN_CHANGED', 'Someone else has switched in on this register since: their turn is theirs to end.');
  }
  await uow.trx.updateTable('staff_session').set({ active_user_id: null }).where('id', '=', sessionId).execute();
  await uow.audit({
    action: 'auth.pin.ended',
    entityType: 'staff_session',
    entityId: null,
    storeId: session.store_id,
    // activeUserId null: nobody had switched in, the owner was acting and still is.
    before: { activeUserId: session.active_user_id },
    after: { activeUserId: null },
  });
}

/**
 * The staff member a request's credentials name now: its API key (`Authorization: Bearer …`), else
 * its staff session cookie; null when neither is valid. For a long-lived request (an event stream)
 * that must check again who is calling, as the server's hook did when it began.
 */
export async function staffActorNow(db: Db, credentials: { authorization?: string; sessionCookie?: string }): Promise<Actor | null> {
  if (credentials.authorization?.startsWith('Bearer ')) return actorFromApiKey(db, credentials.authorization.slice(7).trim());
  return credentials.sessionCookie ? actorFromSession(db, sha256(credentials.sessionCookie)) : null;
}

/**
 * A locked register (see lockRegistersActedBy) is a staff actor with no id: the sign-in holds,
 * nobody acts, and only `session:self` routes (who am I, PIN switch, logout) answer.
 */
export const isLockedRegister = (actor: Actor): boolean => actor.type === 'staff' && actor.id === null && actor.sessionId !== undefined;

// ---- who is calling -----------------------------------------------------------------------

export async function actorFromSession(db: Db, sessionId: string): Promise<Actor | null> {
  // Every signed-in request runs this: raw SQL, as building it with the query builder cost more CPU than running it.
  type Row = Pick<Selectable<StaffSessionTable>, 'expires_at' | 'revoked_at' | 'pin_required_since'> &
    Pick<Selectable<StaffUserTable>, 'id' | 'organization_id' | 'role' | 'store_ids' | 'active'> & { session_id: string };
  const row = (
    await sql<Row>`
      select s.id as session_id, s.expires_at, s.revoked_at, s.pin_required_since, u.id, u.organization_id, u.role, u.store_ids, u.active
        from staff_session s join staff_user u on u.id = coalesce(s.active_user_id, s.user_id)
       where s.id = ${sessionId}`.execute(db)
  ).rows[0];
  if (!row || row.revoked_at || !row.active || new Date(row.expires_at) <= new Date()) return null;
  if (row.pin_required_since) {
    // Locked: no active_user_id, so `u` is the owner, whose active sign-in keeps the register's.
    return {
      type: 'staff',
      id: null,
      organizationId: row.organization_id,
      permissions: new Set(['session:self']),
      storeIds: row.store_ids ?? [],
      sessionId: row.session_id,
    };
  }
  return {
    type: 'staff',
    id: row.id,
    organizationId: row.organization_id,
    role: row.role,
    permissions: permissionsOf(row.role),
    storeIds: row.store_ids ?? [],
    sessionId: row.session_id,
  };
}

export async function actorFromApiKey(db: Db, presented: string): Promise<Actor | null> {
  const parsed = parseApiKey(presented);
  if (!parsed) return null;
  const row = await db.selectFrom('api_key').selectAll().where('prefix', '=', parsed.prefix).executeTakeFirst();
  if (!row || row.revoked_at) return null;
  const a = Buffer.from(row.key_hash, 'hex');
  const b = Buffer.from(parsed.secretHash, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  await noteKeyUsed(db, row.id, row.last_used_at);
  return {
    type: 'api_key',
    id: row.id,
    organizationId: row.organization_id,
    permissions: new Set(row.scopes),
    storeIds: [],
  };
}

/** How stale a key's lastUsedAt may be: it is written at most this often, not on every request. */
const KEY_USE_RESOLUTION_MS = 60_000;

/**
 * Records that a key was used (`lastUsedAt`, which an owner reads before revoking a key nobody
 * seems to use), at most once a minute per key: one conditional write, so requests with the same
 * key at once write it once and never wait on each other for long.
 */
async function noteKeyUsed(db: Db, keyId: string, lastUsedAt: Date | string | null): Promise<void> {
  if (lastUsedAt !== null && Date.now() - new Date(lastUsedAt).getTime() < KEY_USE_RESOLUTION_MS) return;
  await sql`update api_key set last_used_at = clock_timestamp()
             where id = ${keyId} and revoked_at is null
               and (last_used_at is null or last_used_at < clock_timestamp() - make_interval(secs => ${KEY_USE_RESOLUTION_MS / 1000}))`.execute(db);
}

// ---- integration API keys -----------------------------------------------------------------

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

type ApiKeyRow = { id: string; name: string; prefix: string; scopes: string[]; created_at: Date; revoked_at: Date | null; last_used_at: Date | null };
const toApiKeyView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: new Date(row.created_at).toISOString(),
  revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
});

export async function createApiKey(
  uow: UnitOfWork,
  input: { organizationId: string; name: string; scopes: string[] },
): Promise<ApiKeyView & { key: string }> {
  // A key acts in every store: staff limited to some stores make none (the route says so first).
  // Judged on the caller as they are now: a demotion or store change committed since the request
  // was authenticated must not be outlived by the key.
  const { actor } = await actingNow(uow, input.organizationId, null);
  assertEveryStore(actor, 'create an API key: a key acts in every store');
  const unknown = input.scopes.filter((scope) => !isPermission(scope));
  if (unknown.length > 0) {
    throw badRequest('VALIDATION_FAILED', `Unknown scope: ${unknown.join(', ')}.`, [{ path: ['body', 'scopes'], message: 'unknown scope' }]);
  }
  // A key can never hold more than the staff member who makes it.
  const beyond = input.scopes.filter((scope) => actor.type !== 'system' && !actor.permissions.has(scope));
  if (beyond.length > 0) throw new AppError(403, 'FORBIDDEN', `You cannot grant scopes you do not hold: ${beyond.join(', ')}.`);
  const { key, prefix, hash } = newApiKey();
  const row = await uow.trx
    .insertInto('api_key')
    .values({
      id: uuidv7(),
      organization_id: input.organizationId,
      name: input.name,
      prefix,
      key_hash: hash,
      scopes: input.scopes,
      created_by: uow.actor.type === 'staff' ? uow.actor.id : null,
      revoked_at: null,
      last_used_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toApiKeyView(row);
  await uow.audit({ action: 'api_key.created', entityType: 'api_key', entityId: view.id, after: view });
  return { ...view, key };
}

/** Revokes a key; revoking it again answers the key as it is, revoked when it first was. */
export async function revokeApiKey(uow: UnitOfWork, organizationId: string, id: string): Promise<ApiKeyView> {
  const key = await uow.trx.selectFrom('api_key').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
  if (!key) throw notFound('API key', id);
  if (key.revoked_at) return toApiKeyView(key);
  const row = await uow.trx.updateTable('api_key').set({ revoked_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  const view = toApiKeyView(row);
  await uow.audit({ action: 'api_key.revoked', entityType: 'api_key', entityId: id, after: view });
  return view;
}

export async function listApiKeys(db: Db, organizationId: string): Promise<ApiKeyView[]> {
  const rows = await db.selectFrom('api_key').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
  return rows.map(toApiKeyView);
}

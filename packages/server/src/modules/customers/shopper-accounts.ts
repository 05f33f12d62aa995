// Online-store accounts: a shopper signs up at a store's storefront (which creates their customer
// record) and signs in with e-mail and password. A shopper acts only as themselves: their actor
// holds the one permission `shop:self`, which no staff role has, and the shop routes find carts
// and orders through the customer id of the session, never through an id in the request.
import { sql } from 'kysely';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { hashSecret, verifyDecoy, verifySecret } from '../staff/passwords';
import { newSessionToken } from '../staff/tokens';
import { createCustomer, getCustomer, type CustomerView } from './customers.service';

/** The only permission a shopper holds. */
export const SHOPPER_PERMISSION = 'shop:self';
export const SHOPPER_COOKIE = 'verdant_shopper';

export interface ShopperPolicy {
  maxFailures: number;
  lockoutMinutes: number;
  sessionTtlHours: number;
}

export interface ShopperSignUp {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  phone?: string;
  consentMarketing?: boolean;
}

export interface ShopperSignedIn {
  customer: CustomerView;
  token: string;
  expiresAt: Date;
}

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'E-mail or password is wrong.');
const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A new session for the shopper (sign-up, sign-in, a new password). */
export async function openShopperSession(uow: UnitOfWork, organizationId: string, customerId: string, policy: ShopperPolicy): Promise<{ token: string; expiresAt: Date }> {
  const { token, id } = newSessionToken();
  const expiresAt = new Date(Date.now() + policy.sessionTtlHours * 3_600_000);
  await uow.trx.insertInto('shopper_session').values({ id, customer_id: customerId, organization_id: organizationId, expires_at: expiresAt, revoked_at: null }).execute();
  return { token, expiresAt };
}

/**
 * A new account and its customer record, signed in. An e-mail already used in the organization is
 * 409 EMAIL_TAKEN (the shopper signs in instead). The account is not linked to a customer the
 * store already knows by the same e-mail: nothing proves it is the same person until a budtender
 * checks their ID, so a sign-up never sees another record's history.
 */
export async function signUpShopper(uow: UnitOfWork, organizationId: string, input: ShopperSignUp, policy: ShopperPolicy): Promise<ShopperSignedIn> {
  const email = normalizeEmail(input.email);
  const taken = await uow.trx.selectFrom('shopper_account').select('customer_id').where('organization_id', '=', organizationId).where('email', '=', email).executeTakeFirst();
  if (taken) throw new AppError(409, 'EMAIL_TAKEN', 'An account with this e-mail exists: sign in instead.', [{ path: ['body', 'email'], message: 'in use' }]);
  const passwordHash = await hashSecret(input.password);
  const customer = await createCustomer(uow, organizationId, {
    firstName: input.firstName,
    lastName: input.lastName,
    birthDate: input.birthDate,
    email,
    phone: input.phone ?? null,
    kind: 'adult_use',
    ...(input.consentMarketing !== undefined ? { consentMarketing: input.consentMarketing } : {}),
  });
  // A concurrent sign-up with the same e-mail loses on the unique key: the whole transaction,
  // customer record included, rolls back and the loser is told the e-mail is taken.
  const inserted = await sql<{ customer_id: string }>`
    insert into shopper_account (customer_id, organization_id, email, password_hash)
    values (${customer.id}, ${organizationId}, ${email}, ${passwordHash})
    on conflict (organization_id, email) do nothing
    returning customer_id`.execute(uow.trx);
  if (inserted.rows.length === 0) throw new AppError(409, 'EMAIL_TAKEN', 'An account with this e-mail exists: sign in instead.', [{ path: ['body', 'email'], message: 'in use' }]);
  await uow.audit({ action: 'shop.account.created', entityType: 'customer', entityId: customer.id, after: { email } });
  return { customer, ...(await openShopperSession(uow, organizationId, customer.id, policy)) };
}

/**
 * Sign-in. Failures count per account; after `maxFailures` in a row it is locked for
 * `lockoutMinutes` (429 ACCOUNT_LOCKED). Every attempt is an audit row. The caller commits a
 * failure's counter and audit row before answering the error.
 */
export async function signInShopper(
  uow: UnitOfWork,
  organizationId: string,
  input: { email: string; password: string },
  policy: ShopperPolicy,
): Promise<{ ok: true; signedIn: ShopperSignedIn } | { ok: false; error: AppError }> {
  const email = normalizeEmail(input.email);
  const account = await uow.trx.selectFrom('shopper_account').selectAll().where('organization_id', '=', organizationId).where('email', '=', email).forUpdate().executeTakeFirst();
  if (!account) {
    await verifyDecoy(input.password);
    await uow.audit({ action: 'shop.sign_in.failed', entityType: 'customer', entityId: null, after: { email, reason: 'unknown_email' } });
    return { ok: false, error: invalidCredentials() };
  }
  const now = new Date();
  if (account.locked_until && new Date(account.locked_until) > now) {
    await uow.audit({ action: 'shop.sign_in.failed', entityType: 'customer', entityId: account.customer_id, after: { reason: 'locked' } });
    return { ok: false, error: lockedOut(new Date(account.locked_until)) };
  }
  if (!(await verifySecret(input.password, account.password_hash))) {
    const failures = account.failed_logins + 1;
    const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockoutMinutes * 60_000) : null;
    await uow.trx
      .updateTable('shopper_account')
      .set({ failed_logins: lockedUntil ? 0 : failures, locked_until: lockedUntil })
      .where('customer_id', '=', account.customer_id)
      .execute();
    await uow.audit({ action: 'shop.sign_in.failed', entityType: 'customer', entityId: account.customer_id, after: { reason: 'bad_password', failures, locked: lockedUntil !== null } });
    return { ok: false, error: lockedUntil ? lockedOut(lockedUntil) : invalidCredentials() };
  }
  if (account.failed_logins > 0 || account.locked_until) {
    await uow.trx.updateTable('shopper_account').set({ failed_logins: 0, locked_until: null }).where('customer_id', '=', account.customer_id).execute();
  }
  await uow.audit({ action: 'shop.sign_in.succeeded', entityType: 'customer', entityId: account.customer_id });
  const customer = await getCustomer(uow.trx, organizationId, account.customer_id);
  return { ok: true, signedIn: { customer, ...(await openShopperSession(uow, organizationId, account.customer_id, policy)) } };
}

const lockedOut = (until: Date) =>
  new AppError(429, 'ACCOUNT_LOCKED', 'Too many failed sign-ins. Try again later.', { lockedUntil: until.toISOString() });

export async function signOutShopper(uow: UnitOfWork, sessionId: string): Promise<void> {
  await uow.trx.updateTable('shopper_session').set({ revoked_at: new Date() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/** The shopper behind a session cookie's token hash, or null when it is unknown, ended or expired. */
export async function actorFromShopperSession(db: Db, sessionId: string): Promise<Actor | null> {
  const row = (
    await sql<{ customer_id: string; organization_id: string; expires_at: Date; revoked_at: Date | null }>`
      select customer_id, organization_id, expires_at, revoked_at from shopper_session where id = ${sessionId}`.execute(db)
  ).rows[0];
  if (!row || row.revoked_at || new Date(row.expires_at) <= new Date()) return null;
  return { type: 'customer', id: row.customer_id, organizationId: row.organization_id, permissions: new Set([SHOPPER_PERMISSION]), storeIds: [], sessionId };
}

/**
 * A link's row (`read`), read again under the row lock of the shopper account it names, which is
 * taken first: whatever spends an account's links takes this lock, so two links of one account
 * used at once take turns instead of deadlocking. A merge of the customer's record may move the
 * account (its links follow it) between the read and the lock: the account it moved to is then
 * locked instead, up to three moves.
 */
export async function readUnderAccountLock<T extends { customer_id: string }>(uow: UnitOfWork, read: () => Promise<T | undefined>): Promise<T | undefined> {
  let named = await read();
  for (let moves = 0; named && moves < 3; moves++) {
    await uow.trx.selectFrom('shopper_account').select('customer_id').where('customer_id', '=', named.customer_id).forUpdate().execute();
    const again = await read();
    if (!again || again.customer_id === named.customer_id) return again;
    named = again;
  }
  return undefined;
}

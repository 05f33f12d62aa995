// A shopper who forgot their password: the request writes a row in shopper_password_reset (in its
// own transaction, under the account's row lock, so the hourly allowance of links is counted
// exactly however many requests come at once, and whether or not a mail has gone out yet) and an
// event the shop's mailer answers. The mailer makes the token as it writes the mail and puts its
// SHA-256 in the request's row, so the secret exists only in the mail. Whether the e-mail has an
// account is never told: the request answers the same either way.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { hashSecret } from '../staff/passwords';
import { sha256 } from '../staff/tokens';
import { readUnderAccountLock } from './shopper-accounts';

export const PASSWORD_RESET_REQUESTED = 'shop.password_reset.requested';
/** How long a reset link works. */
export const RESET_TTL_MINUTES = 60;
/** Links mailed to one account in an hour, at most: a stranger cannot flood someone's inbox. */
export const RESETS_PER_HOUR = 5;

const normalizeEmail = (email: string) => email.trim().toLowerCase();
const invalidToken = () =>
  new AppError(400, 'RESET_TOKEN_INVALID', 'This link is not valid any more: ask for a new one.', [{ path: ['body', 'token'], message: 'unknown, used or expired' }]);
const resetExpiry = () => new Date(Date.now() + RESET_TTL_MINUTES * 60_000);

/**
 * Records the request (audited either way); an account gets a row and an event the mailer answers
 * with a link. Nothing is recorded or mailed (and the audit row says why) once the account has had
 * RESETS_PER_HOUR requests in the last hour; the caller answers alike.
 */
export async function requestPasswordReset(uow: UnitOfWork, input: { organizationId: string; storeId: string; email: string }): Promise<void> {
  const email = normalizeEmail(input.email);
  // The account's row lock counts concurrent requests one after the other.
  const account = await uow.trx
    .selectFrom('shopper_account')
    .select('customer_id')
    .where('organization_id', '=', input.organizationId)
    .where('email', '=', email)
    .forUpdate()
    .executeTakeFirst();
  if (!account) {
    await uow.audit({ action: 'shop.password_reset.requested', entityType: 'customer', entityId: null, storeId: input.storeId, after: { email, reason: 'unknown_email' } });
    return;
  }
  const recent = await uow.trx
    .selectFrom('shopper_password_reset')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('customer_id', '=', account.customer_id)
    .where('created_at', '>', new Date(Date.now() - 3_600_000))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= RESETS_PER_HOUR) {
    // Answered like any other request; the audit row says why no mail went out.
    await uow.audit({ action: 'shop.password_reset.requested', entityType: 'customer', entityId: account.customer_id, storeId: input.storeId, after: { reason: 'too_many_links' } });
    return;
  }
  // Until its mail is written the row's id is the request's (no token's SHA-256 looks like a
  // UUID, so no link finds it); the mailer replaces it with the token's hash.
  const resetId = uuidv7();
  await uow.trx
    .insertInto('shopper_password_reset')
    .values({ id: resetId, customer_id: account.customer_id, organization_id: input.organizationId, store_id: input.storeId, expires_at: resetExpiry(), used_at: null })
    .execute();
  await uow.audit({ action: 'shop.password_reset.requested', entityType: 'customer', entityId: account.customer_id, storeId: input.storeId });
  await uow.emit({
    type: PASSWORD_RESET_REQUESTED,
    aggregateType: 'customer',
    aggregateId: account.customer_id,
    storeId: input.storeId,
    payload: { customerId: account.customer_id, storeId: input.storeId, resetId },
  });
}

/** A token made for a reset mail; `withdraw` takes it back when the mail could not be sent. */
export interface IssuedResetToken {
  token: string;
  expiresAt: Date;
  withdraw(): Promise<void>;
}

/**
 * A one-use token for the reset mail about to be sent; only its hash is kept, on the request's
 * row (`resetId`), which it makes good for RESET_TTL_MINUTES from now. Null when that request is
 * spent already (the shopper set a new password since, with another link): nothing to mail. An
 * event delivered again after its token was made (its mail may have gone out), or one from
 * before requests were recorded (no `resetId`), gets a token on a new row, so that a first mail's
 * link keeps working too. A mail the server refused withdraws its token: the request's row waits
 * for the next try as it was, so a mail server that is down costs no links of the allowance.
 */
export async function issuePasswordResetToken(
  db: Db,
  input: { organizationId: string; customerId: string; storeId: string; resetId?: string },
): Promise<IssuedResetToken | null> {
  const token = randomBytes(32).toString('base64url');
  const hash = sha256(token);
  const expiresAt = resetExpiry();
  const { resetId } = input;
  if (resetId) {
    const made = await db.updateTable('shopper_password_reset').set({ id: hash, expires_at: expiresAt }).where('id', '=', resetId).where('used_at', 'is', null).executeTakeFirst();
    if (Number(made.numUpdatedRows) > 0) {
      return {
        token,
        expiresAt,
        withdraw: async () => {
          await db.updateTable('shopper_password_reset').set({ id: resetId }).where('id', '=', hash).where('used_at', 'is', null).execute();
        },
      };
    }
    if (await db.selectFrom('shopper_password_reset').select('id').where('id', '=', resetId).executeTakeFirst()) return null;
  }
  await db
    .insertInto('shopper_password_reset')
    .values({ id: hash, customer_id: input.customerId, organization_id: input.organizationId, store_id: input.storeId, expires_at: expiresAt, used_at: null })
    .execute();
  return {
    token,
    expiresAt,
    withdraw: async () => {
      await db.deleteFrom('shopper_password_reset').where('id', '=', hash).where('used_at', 'is', null).execute();
    },
  };
}

/**
 * Sets a new password with a token from the mail. The token must be unused and unexpired; the new
 * password spends every open token of the account, ends every session (whoever knew the old
 * password is signed out), clears a lockout and confirms the e-mail address (the link reached
 * it). Otherwise 400 RESET_TOKEN_INVALID, changing nothing but the audit row, which the caller
 * commits before answering the error.
 */
export async function resetShopperPassword(
  uow: UnitOfWork,
  input: { organizationId: string; token: string; password: string },
): Promise<{ ok: true; customerId: string } | { ok: false; error: AppError }> {
  const refuse = async (customerId: string | null, reason: string) => {
    await uow.audit({ action: 'shop.password_reset.refused', entityType: 'customer', entityId: customerId, after: { reason } });
    return { ok: false as const, error: invalidToken() };
  };
  const reset = await lockAccountOfToken(uow, input.organizationId, sha256(input.token));
  if (!reset) return refuse(null, 'unknown_token');
  if (reset.used_at !== null || new Date(reset.expires_at) <= new Date()) return refuse(reset.customer_id, reset.used_at ? 'used' : 'expired');
  const now = new Date();
  await uow.trx
    .updateTable('shopper_account')
    // The link came to the account's address, so using it confirms the address too.
    .set({ password_hash: await hashSecret(input.password), failed_logins: 0, locked_until: null, email_verified_at: sql`coalesce(email_verified_at, ${now})`, updated_at: now })
    .where('customer_id', '=', reset.customer_id)
    .execute();
  await uow.trx.updateTable('shopper_password_reset').set({ used_at: now }).where('customer_id', '=', reset.customer_id).where('used_at', 'is', null).execute();
  await uow.trx.updateTable('shopper_session').set({ revoked_at: now }).where('customer_id', '=', reset.customer_id).where('revoked_at', 'is', null).execute();
  await uow.audit({ action: 'shop.password_reset.completed', entityType: 'customer', entityId: reset.customer_id });
  return { ok: true, customerId: reset.customer_id };
}

/**
 * The token's row, read under its account's row lock (taken first). Using a link spends every
 * open link of the account, so two links of one account used at once must take turns on the
 * account: each holding its own link while waiting for the other's would deadlock. The second
 * then finds its link spent. Whatever spends links takes this lock first, so the token's row
 * needs no lock of its own. The token names the account before the lock is taken, so it is read
 * again under it: a merge of the customer's record may have moved the account meanwhile (its
 * links follow it), and then the account it moved to is locked instead.
 */
async function lockAccountOfToken(uow: UnitOfWork, organizationId: string, tokenHash: string) {
  const read = () =>
    uow.trx
      .selectFrom('shopper_password_reset')
      .select(['customer_id', 'expires_at', 'used_at'])
      .where('id', '=', tokenHash)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
  return readUnderAccountLock(uow, read);
}

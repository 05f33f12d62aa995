// A shopper who forgot their password: the request only records that a link was asked for (an
// event the shop's mailer sends); the mailer makes the token as it writes the mail, so the secret
// exists only in the mail and, as a SHA-256, in shopper_password_reset. Whether the e-mail has an
// account is never told: the request answers the same either way.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { hashSecret } from '../staff/passwords';
import { sha256 } from '../staff/tokens';

export const PASSWORD_RESET_REQUESTED = 'shop.password_reset.requested';
/** How long a reset link works. */
export const RESET_TTL_MINUTES = 60;
/** Links mailed to one account in an hour, at most: a stranger cannot flood someone's inbox. */
export const RESETS_PER_HOUR = 5;

const normalizeEmail = (email: string) => email.trim().toLowerCase();
const invalidToken = () =>
  new AppError(400, 'RESET_TOKEN_INVALID', 'This link is not valid any more: ask for a new one.', [{ path: ['body', 'token'], message: 'unknown, used or expired' }]);

/** Records the request (audited either way); an account gets an event the mailer answers with a link. */
export async function requestPasswordReset(uow: UnitOfWork, input: { organizationId: string; storeId: string; email: string }): Promise<void> {
  const email = normalizeEmail(input.email);
  const account = await uow.trx
    .selectFrom('shopper_account')
    .select('customer_id')
    .where('organization_id', '=', input.organizationId)
    .where('email', '=', email)
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
  await uow.audit({ action: 'shop.password_reset.requested', entityType: 'customer', entityId: account.customer_id, storeId: input.storeId });
  await uow.emit({
    type: PASSWORD_RESET_REQUESTED,
    aggregateType: 'customer',
    aggregateId: account.customer_id,
    storeId: input.storeId,
    payload: { customerId: account.customer_id, storeId: input.storeId },
  });
}

/** A new one-use token for the account, for the mail about to be sent. Only its hash is kept. */
export async function issuePasswordResetToken(db: Db, input: { organizationId: string; customerId: string; storeId: string }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + RESET_TTL_MINUTES * 60_000);
  await db
    .insertInto('shopper_password_reset')
    .values({ id: sha256(token), customer_id: input.customerId, organization_id: input.organizationId, store_id: input.storeId, expires_at: expiresAt, used_at: null })
    .execute();
  return { token, expiresAt };
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
  const reset = await uow.trx
    .selectFrom('shopper_password_reset')
    .select(['customer_id', 'expires_at', 'used_at'])
    .where('id', '=', sha256(input.token))
    .where('organization_id', '=', input.organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!reset || reset.used_at !== null || new Date(reset.expires_at) <= new Date()) {
    await uow.audit({ action: 'shop.password_reset.refused', entityType: 'customer', entityId: reset?.customer_id ?? null, after: { reason: !reset ? 'unknown_token' : reset.used_at ? 'used' : 'expired' } });
    return { ok: false, error: invalidToken() };
  }
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

// A shopper confirms their e-mail address by a link mailed to it. Where the store requires it
// (SHOP_EMAIL_VERIFICATION), an unconfirmed shopper may browse, fill a cart and see the limit
// meter, but holds no stock and places no order: order news and receipts go to that address, and
// a bot's throwaway sign-ups must not hold the shelf.
//
// As with password resets, the request only records that a mail is wanted (a row and an event);
// the shop's mailer makes the token as it writes the mail, so the secret exists only in the mail
// and, as a SHA-256, in shopper_email_verification.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { sha256 } from '../staff/tokens';
import { readUnderAccountLock } from './shopper-accounts';

type Trx = UnitOfWork['trx'] | Db;

export const EMAIL_VERIFICATION_REQUESTED = 'shop.email_verification.requested';
/** How long a confirmation link works. */
export const VERIFICATION_TTL_HOURS = 24;
/** Confirmation mails to one account in an hour, at most (the sign-up's included). */
export const VERIFICATIONS_PER_HOUR = 5;

/** What the shopper's sign-in says about their address. */
export interface ShopperEmailState {
  email: string;
  emailVerified: boolean;
  emailVerifiedAt: string | null;
}

const invalidToken = () =>
  new AppError(400, 'VERIFICATION_TOKEN_INVALID', 'This link is not valid any more: sign in and ask for a new one.', [
    { path: ['body', 'token'], message: 'unknown or expired, or for an address the account no longer has' },
  ]);

export async function shopperEmailState(trx: Trx, customerId: string): Promise<ShopperEmailState> {
  const account = await trx.selectFrom('shopper_account').select(['email', 'email_verified_at']).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
  const verifiedAt = account.email_verified_at ? new Date(account.email_verified_at).toISOString() : null;
  return { email: account.email, emailVerified: verifiedAt !== null, emailVerifiedAt: verifiedAt };
}

/**
 * The gate in front of holding stock and placing an order, for a store that requires a confirmed
 * address: 403 EMAIL_NOT_VERIFIED, before anything is written.
 */
export async function assertShopperEmailVerified(trx: Trx, customerId: string): Promise<void> {
  const state = await shopperEmailState(trx, customerId);
  if (state.emailVerified) return;
  throw new AppError(403, 'EMAIL_NOT_VERIFIED', `Confirm your e-mail address to order: open the link we sent to ${state.email}, or ask for a new one.`, {
    email: state.email,
  });
}

/**
 * Asks for a confirmation mail to the account's address, linking to `storeId`'s online store.
 * Nothing is sent (and the audit row says why) when the address is confirmed already or the
 * account has had VERIFICATIONS_PER_HOUR links in the last hour; the caller answers alike.
 */
export async function requestEmailVerification(
  uow: UnitOfWork,
  input: { organizationId: string; storeId: string; customerId: string },
): Promise<'requested' | 'verified_already' | 'too_many_links'> {
  // The account's row lock counts concurrent requests one after the other.
  const account = await uow.trx
    .selectFrom('shopper_account')
    .select(['email', 'email_verified_at'])
    .where('customer_id', '=', input.customerId)
    .where('organization_id', '=', input.organizationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const audit = (reason?: string) =>
    uow.audit({
      action: 'shop.email_verification.requested',
      entityType: 'customer',
      entityId: input.customerId,
      storeId: input.storeId,
      ...(reason ? { after: { reason } } : {}),
    });
  if (account.email_verified_at) {
    await audit('verified_already');
    return 'verified_already';
  }
  const recent = await uow.trx
    .selectFrom('shopper_email_verification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('customer_id', '=', input.customerId)
    .where('created_at', '>', new Date(Date.now() - 3_600_000))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= VERIFICATIONS_PER_HOUR) {
    await audit('too_many_links');
    return 'too_many_links';
  }
  const verificationId = uuidv7();
  await uow.trx
    .insertInto('shopper_email_verification')
    .values({ id: verificationId, customer_id: input.customerId, organization_id: input.organizationId, store_id: input.storeId, email: account.email })
    .execute();
  await audit();
  await uow.emit({
    type: EMAIL_VERIFICATION_REQUESTED,
    aggregateType: 'customer',
    aggregateId: input.customerId,
    storeId: input.storeId,
    payload: { customerId: input.customerId, storeId: input.storeId, verificationId },
  });
  return 'requested';
}

/**
 * The token for the confirmation mail about to be sent; only its hash is kept. An event
 * delivered again after its token was made (its mail may have gone out) gets a second token on a
 * copy of the row, so that the first mail's link keeps working too.
 */
export async function issueEmailVerificationToken(db: Db, verificationId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + VERIFICATION_TTL_HOURS * 3_600_000);
  const made = await db
    .updateTable('shopper_email_verification')
    .set({ token_hash: sha256(token), expires_at: expiresAt })
    .where('id', '=', verificationId)
    .where('token_hash', 'is', null)
    .executeTakeFirst();
  if (Number(made.numUpdatedRows) === 0) {
    await sql`
      insert into shopper_email_verification (id, customer_id, organization_id, store_id, email, token_hash, created_at, expires_at)
      select ${uuidv7()}, customer_id, organization_id, store_id, email, ${sha256(token)}, created_at, ${expiresAt}
        from shopper_email_verification where id = ${verificationId}`.execute(db);
  }
  return { token, expiresAt };
}

/**
 * Confirms the address with a token from the mail: the token must be unexpired, unused and for
 * the address the account has now; confirming spends every open link of the account. A link of
 * an address that is confirmed already (the same link opened twice, or an older one) answers as
 * confirmed and changes nothing. Otherwise 400 VERIFICATION_TOKEN_INVALID, changing nothing.
 */
export async function verifyShopperEmail(uow: UnitOfWork, input: { organizationId: string; token: string }): Promise<{ customerId: string; alreadyVerified: boolean }> {
  const link = await lockAccountOfLink(uow, input.organizationId, sha256(input.token));
  if (!link || link.email !== link.account_email) throw invalidToken();
  if (link.email_verified_at) return { customerId: link.customer_id, alreadyVerified: true };
  if (link.used_at !== null || !link.expires_at || new Date(link.expires_at) <= new Date()) throw invalidToken();
  const now = new Date();
  await uow.trx.updateTable('shopper_account').set({ email_verified_at: now, updated_at: now }).where('customer_id', '=', link.customer_id).execute();
  await uow.trx.updateTable('shopper_email_verification').set({ used_at: now }).where('customer_id', '=', link.customer_id).where('used_at', 'is', null).execute();
  await uow.audit({ action: 'shop.email_verification.completed', entityType: 'customer', entityId: link.customer_id });
  return { customerId: link.customer_id, alreadyVerified: false };
}

/**
 * The link with its account, read under the account's row lock (taken first). Confirming spends
 * every open link of the account, so links of one account opened at once must take turns on the
 * account (each holding its own link while waiting for another's would deadlock): the same link
 * or another one opened meanwhile then finds the address confirmed. Whatever spends links takes
 * this lock first, so the link's row needs no lock of its own. The link names the account
 * before the lock is taken, so it is read again under it: a merge of the customer's record may
 * have moved the account meanwhile (its links follow it), and then the account it moved to is
 * locked instead.
 */
async function lockAccountOfLink(uow: UnitOfWork, organizationId: string, tokenHash: string) {
  const read = () =>
    uow.trx
      .selectFrom('shopper_email_verification as v')
      .innerJoin('shopper_account as a', 'a.customer_id', 'v.customer_id')
      .select(['v.customer_id', 'v.email', 'v.expires_at', 'v.used_at', 'a.email as account_email', 'a.email_verified_at'])
      .where('v.token_hash', '=', tokenHash)
      .where('v.organization_id', '=', organizationId)
      .executeTakeFirst();
  return readUnderAccountLock(uow, read);
}

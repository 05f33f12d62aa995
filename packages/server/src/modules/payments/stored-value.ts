import { createHash, randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
import { AppError, badRequest, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';

// Gift cards and store credit are balances kept as ledgers: every change is an entry, and the
// balance column moves in the same statement, guarded by CHECK (balance_cents >= 0).

export const hashGiftCardCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '')).digest('hex');

export function newGiftCardCode(): string {
  let digits = '';
  for (let i = 0; i < 16; i++) digits += String(randomInt(10));
  return digits;
}

export interface StoredValueView {
  id: string;
  kind: 'gift_card' | 'store_credit';
  last4: string | null;
  customerId: string | null;
  balanceCents: number;
}

type AccountRow = { id: string; kind: 'gift_card' | 'store_credit'; code_last4: string | null; customer_id: string | null; balance_cents: number };
const toView = (row: AccountRow): StoredValueView => ({
  id: row.id,
  kind: row.kind,
  last4: row.code_last4,
  customerId: row.customer_id,
  balanceCents: row.balance_cents,
});

/**
 * A new gift card holding `amountCents`. `reference` names what paid for it on the ledger entry
 * (a gift card sale at the register); `codePath` is where a code already taken is reported.
 */
export async function issueGiftCard(
  uow: UnitOfWork,
  input: { organizationId: string; amountCents: number; code?: string; reference?: string; codePath?: ReadonlyArray<string | number> },
): Promise<StoredValueView & { code: string }> {
  const code = (input.code ?? newGiftCardCode()).replace(/[\s-]/g, '');
  // The unique code_hash decides, not a read before the insert: two issues of one code at once
  // both passed such a read and the loser died on the unique index (500).
  const row = await uow.trx
    .insertInto('stored_value_account')
    .values({
      id: uuidv7(),
      organization_id: input.organizationId,
      kind: 'gift_card',
      code_hash: hashGiftCardCode(code),
      code_last4: code.slice(-4),
      customer_id: null,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'code_hash']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError(409, 'GIFT_CARD_EXISTS', 'A gift card with this code already exists.', { path: [...(input.codePath ?? ['body', 'code'])] });
  const view = await moveBalance(uow, row.id, input.amountCents, 'issue', input.reference ?? null);
  await uow.audit({ action: 'gift_card.issued', entityType: 'stored_value_account', entityId: row.id, after: view });
  return { ...view, code };
}

/**
 * Adds `amountCents` to the organization's gift card with this code, inside the caller's
 * transaction; an unknown code (or another organization's) is 422 GIFT_CARD_UNKNOWN at `codePath`.
 */
export async function loadGiftCard(
  uow: UnitOfWork,
  input: { organizationId: string; code: string; amountCents: number; reference: string; codePath: ReadonlyArray<string | number> },
): Promise<StoredValueView> {
  const accountId = await giftCardAccountId(uow.trx, input.organizationId, input.code, input.codePath);
  const view = await moveBalance(uow, accountId, input.amountCents, 'load', input.reference);
  await uow.audit({ action: 'gift_card.loaded', entityType: 'stored_value_account', entityId: accountId, after: view });
  return view;
}

/** The organization's gift card with this code; an unknown code (or another organization's) is 422 GIFT_CARD_UNKNOWN at `codePath`. */
export async function giftCardAccountId(db: Db, organizationId: string, code: string, codePath: ReadonlyArray<string | number>): Promise<string> {
  const account = await db
    .selectFrom('stored_value_account')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'gift_card')
    .where('code_hash', '=', hashGiftCardCode(code))
    .executeTakeFirst();
  if (!account) throw new AppError(422, 'GIFT_CARD_UNKNOWN', 'No gift card with this code.', { path: [...codePath] });
  return account.id;
}

export async function findGiftCard(db: Db, organizationId: string, code: string): Promise<StoredValueView> {
  const row = await db
    .selectFrom('stored_value_account')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('code_hash', '=', hashGiftCardCode(code))
    .executeTakeFirst();
  if (!row) throw notFound('Gift card');
  return toView(row);
}

/** The customer's store-credit account's id, if it has one. */
export async function existingStoreCreditAccount(db: Db, organizationId: string, customerId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('stored_value_account')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'store_credit')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.id;
}

/** The customer's store-credit account, made on first use. */
export async function storeCreditAccount(uow: UnitOfWork, organizationId: string, customerId: string): Promise<string> {
  const existing = await existingStoreCreditAccount(uow.trx, organizationId, customerId);
  if (existing) return existing;
  const row = await uow.trx
    .insertInto('stored_value_account')
    .values({ id: uuidv7(), organization_id: organizationId, kind: 'store_credit', code_hash: null, code_last4: null, customer_id: customerId })
    .onConflict((oc) => oc.columns(['organization_id', 'customer_id']).where('kind', '=', sql.lit('store_credit')).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  return storeCreditAccount(uow, organizationId, customerId);
}

export async function storeCreditBalance(db: Db, organizationId: string, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('stored_value_account')
    .select('balance_cents')
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'store_credit')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.balance_cents ?? 0;
}

/**
 * Adds (positive) or takes (negative) cents in one conditional UPDATE; a debit larger than the
 * balance changes nothing and is refused.
 */
export async function moveBalance(
  uow: UnitOfWork,
  accountId: string,
  amountCents: number,
  reason: 'issue' | 'load' | 'redeem' | 'void' | 'refund' | 'adjust',
  reference: string | null,
): Promise<StoredValueView> {
  if (!Number.isInteger(amountCents) || amountCents === 0) throw badRequest('VALIDATION_FAILED', 'Amount must be a non-zero whole number of cents.');
  const row = await uow.trx
    .updateTable('stored_value_account')
    .set((eb) => ({ balance_cents: eb('balance_cents', '+', amountCents) }))
    .where('id', '=', accountId)
    .where('balance_cents', '>=', Math.max(0, -amountCents))
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new AppError(422, 'INSUFFICIENT_BALANCE', 'The gift card or store credit does not hold enough for this.', {
      path: ['tenders'],
    });
  }
  await uow.trx.insertInto('stored_value_entry').values({ account_id: accountId, amount_cents: amountCents, reason, reference }).execute();
  return toView(row);
}

/** A credit made under an idempotency key: its ledger entry, and whether an earlier try made it. */
export interface KeyedCredit {
  entryId: number;
  /** The account the key's entry credited (an earlier try's, when `replayed`). */
  accountId: string;
  replayed: boolean;
}

/**
 * Credits `amountCents` to `accountId` once per `idempotencyKey`, inside the caller's transaction:
 * the entry carrying the key is inserted first and the balance moves only when it was. The unique
 * index on the key decides, not a read before the insert, so two tries at once credit once (the
 * second waits for the first to commit, then finds its entry). A key already credited answers that
 * entry (`replayed`, nothing moved) when it credited the same amount to `accountId` or to
 * `priorAccountId` (the store credit of a customer merged since: the first try credited the
 * merged record's own account, the retry follows the merge to the kept one), with the same
 * reference; the key for another amount, account or reference is 409 IDEMPOTENCY_KEY_REUSED and
 * nothing is credited.
 */
export async function creditOnce(
  uow: UnitOfWork,
  input: { accountId: string; priorAccountId?: string; amountCents: number; reason: 'refund'; reference: string | null; idempotencyKey: string },
): Promise<KeyedCredit> {
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw badRequest('VALIDATION_FAILED', 'A credit must be a positive whole number of cents.');
  const inserted = await uow.trx
    .insertInto('stored_value_entry')
    .values({ account_id: input.accountId, amount_cents: input.amountCents, reason: input.reason, reference: input.reference, idempotency_key: input.idempotencyKey })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    await uow.trx
      .updateTable('stored_value_account')
      .set((eb) => ({ balance_cents: eb('balance_cents', '+', input.amountCents) }))
      .where('id', '=', input.accountId)
      .execute();
    return { entryId: inserted.id, accountId: input.accountId, replayed: false };
  }
  const earlier = await uow.trx
    .selectFrom('stored_value_entry')
    .select(['id', 'account_id', 'amount_cents', 'reason', 'reference'])
    .where('idempotency_key', '=', input.idempotencyKey)
    .executeTakeFirstOrThrow();
  const sameAccount = earlier.account_id === input.accountId || earlier.account_id === input.priorAccountId;
  const sameCredit = Number(earlier.amount_cents) === input.amountCents && earlier.reason === input.reason && earlier.reference === input.reference;
  if (!sameAccount || !sameCredit) {
    throw new AppError(409, 'IDEMPOTENCY_KEY_REUSED', 'This refund idempotency key was used for another amount or another gift card or store credit.', {
      idempotencyKey: input.idempotencyKey,
    });
  }
  return { entryId: earlier.id, accountId: earlier.account_id, replayed: true };
}

/** Puts cents on a customer's store credit inside the caller's transaction (returns, goodwill). */
export async function creditStoreCredit(
  uow: UnitOfWork,
  input: { organizationId: string; customerId: string; amountCents: number; reference: string },
): Promise<StoredValueView> {
  const accountId = await storeCreditAccount(uow, input.organizationId, input.customerId);
  return moveBalance(uow, accountId, input.amountCents, 'refund', input.reference);
}

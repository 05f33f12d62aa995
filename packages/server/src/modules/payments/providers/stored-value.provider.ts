import { AppError, badRequest } from '../../../platform/errors';
import { inTransaction } from '../../../platform/unit-of-work';
import type { PaymentProvider, ProviderContext, Tender, TenderKind } from '../payment-provider';
import { creditOnce, giftCardAccountId, moveBalance, storeCreditAccount } from '../stored-value';
import { keptCustomerId } from '../../customers';

async function accountFor(context: ProviderContext, kind: TenderKind, tender: Tender, trx: Parameters<typeof storeCreditAccount>[0]) {
  if (kind === 'gift_card') {
    if (!tender.giftCardCode) {
      throw badRequest('VALIDATION_FAILED', 'A gift card payment needs the card code.', [{ path: ['tenders', 'giftCardCode'], message: 'required' }]);
    }
    return giftCardAccountId(trx.trx, context.organizationId, tender.giftCardCode, ['tenders', 'giftCardCode']);
  }
  if (!tender.customerId) {
    throw badRequest('VALIDATION_FAILED', 'Store credit needs the customer.', [{ path: ['tenders', 'customerId'], message: 'required' }]);
  }
  // authorizeTenders refuses another customer's credit before any tender is taken; this is the
  // backstop for any other way in (it fails closed when the sale's customer was not passed).
  if (tender.customerId !== context.saleCustomerId) {
    throw new AppError(422, 'STORE_CREDIT_NOT_CUSTOMERS', 'Store credit pays only for its own customer’s sale.', { path: ['tenders', 'customerId'] });
  }
  return storeCreditAccount(trx, context.organizationId, tender.customerId);
}

/**
 * Where a void or refund credits: the account paid from, unless it is the store credit of a
 * customer record since merged into another (customers' merge moved its balance away); then the
 * kept record's store credit, so no cents are left on a record that takes no more sales.
 */
async function creditedAccount(context: ProviderContext, uow: Parameters<typeof storeCreditAccount>[0], accountId: string): Promise<string> {
  const account = await uow.trx.selectFrom('stored_value_account').select(['kind', 'customer_id']).where('id', '=', accountId).executeTakeFirst();
  if (account?.kind !== 'store_credit' || !account.customer_id) return accountId;
  // Share-locked: a merge of the customer commits before this credit (which then follows it) or after it.
  const kept = await keptCustomerId(uow.trx, context.organizationId, account.customer_id, { share: true });
  return kept === account.customer_id ? accountId : storeCreditAccount(uow, context.organizationId, kept);
}

/** Gift cards and store credit: the debit is its own short transaction; a void credits it back. */
export function storedValueProvider(kind: 'gift_card' | 'store_credit'): PaymentProvider {
  return {
    kind,
    async authorize(context, tender, amountCents) {
      return inTransaction(context.runner, context.request, async (uow) => {
        const accountId = await accountFor(context, kind, tender, uow);
        const after = await moveBalance(uow, accountId, -amountCents, 'redeem', context.reference);
        await uow.audit({ action: `${kind}.redeemed`, entityType: 'stored_value_account', entityId: accountId, storeId: context.storeId, after: { amountCents, reference: context.reference } });
        return {
          provider: kind,
          authorizationRef: `${kind}_${accountId}_${context.reference}_${Date.now()}`,
          amountCents,
          tenderedCents: null,
          changeCents: 0,
          details: { accountId, last4: after.last4, balanceAfterCents: after.balanceCents },
        };
      });
    },
    async void(context, authorization) {
      await inTransaction(context.runner, context.request, async (uow) => {
        const accountId = await creditedAccount(context, uow, authorization.details.accountId as string);
        await moveBalance(uow, accountId, authorization.amountCents, 'void', context.reference);
        await uow.audit({ action: `${kind}.redeem_voided`, entityType: 'stored_value_account', entityId: accountId, storeId: context.storeId, after: { amountCents: authorization.amountCents } });
      });
    },
    // The ledger is ours, so the idempotency key is kept on the credit's entry: a try whose credit
    // committed but whose answer was lost is answered by the retry with that entry, never a second.
    async refund(context, payment, amountCents, idempotencyKey) {
      return inTransaction(context.runner, context.request, async (uow) => {
        const paidFromAccountId = payment.details.accountId as string;
        const accountId = await creditedAccount(context, uow, paidFromAccountId);
        const credit = await creditOnce(uow, { accountId, priorAccountId: paidFromAccountId, amountCents, reason: 'refund', reference: context.reference, idempotencyKey });
        if (!credit.replayed) {
          await uow.audit({ action: `${kind}.refunded`, entityType: 'stored_value_account', entityId: accountId, storeId: context.storeId, after: { amountCents, idempotencyKey } });
        }
        return { refundRef: `${kind}_refund_${credit.accountId}_${credit.entryId}`, details: { entryId: credit.entryId, replayed: credit.replayed } };
      });
    },
  };
}

import { AppError, badRequest } from '../../../platform/errors';
import { inTransaction } from '../../../platform/unit-of-work';
import type { PaymentProvider, ProviderContext, Tender, TenderKind } from '../payment-provider';
import { hashGiftCardCode, moveBalance, storeCreditAccount } from '../stored-value';

async function accountFor(context: ProviderContext, kind: TenderKind, tender: Tender, trx: Parameters<typeof storeCreditAccount>[0]) {
  if (kind === 'gift_card') {
    if (!tender.giftCardCode) {
      throw badRequest('VALIDATION_FAILED', 'A gift card payment needs the card code.', [{ path: ['tenders', 'giftCardCode'], message: 'required' }]);
    }
    const row = await trx.trx
      .selectFrom('stored_value_account')
      .select('id')
      .where('organization_id', '=', context.organizationId)
      .where('kind', '=', 'gift_card')
      .where('code_hash', '=', hashGiftCardCode(tender.giftCardCode))
      .executeTakeFirst();
    if (!row) throw new AppError(422, 'GIFT_CARD_UNKNOWN', 'No gift card with this code.', { path: ['tenders', 'giftCardCode'] });
    return row.id;
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

/** Gift cards and store credit: the debit is its own short transaction; a void credits it back. */
export function storedValueProvider(kind: 'gift_card' | 'store_credit'): PaymentProvider {
  return {
    kind,
    async authorize(context, tender, amountCents) {
      return inTransaction(context.runner, context.request, async (uow) => {
        const accountId = await accountFor(context, kind, tender, uow);
        const after = await moveBalance(uow, accountId, -amountCents, 'redeem', context.reference);
        await uow.audit({ action: `${kind}.redeemed`, entityType: 'stored_value_account', entityId: accountId, after: { amountCents, reference: context.reference } });
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
        const accountId = authorization.details.accountId as string;
        await moveBalance(uow, accountId, authorization.amountCents, 'void', context.reference);
        await uow.audit({ action: `${kind}.redeem_voided`, entityType: 'stored_value_account', entityId: accountId, after: { amountCents: authorization.amountCents } });
      });
    },
    async refund(context, payment, amountCents) {
      return inTransaction(context.runner, context.request, async (uow) => {
        const accountId = payment.details.accountId as string;
        await moveBalance(uow, accountId, amountCents, 'refund', context.reference);
        await uow.audit({ action: `${kind}.refunded`, entityType: 'stored_value_account', entityId: accountId, after: { amountCents } });
        return { refundRef: `${kind}_refund_${accountId}_${Date.now()}` };
      });
    },
  };
}

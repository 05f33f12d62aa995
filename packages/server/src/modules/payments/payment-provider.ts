import type { RequestContext } from '../../platform/context';
import type { TransactionRunner } from '../../platform/unit-of-work';

export const tenderKinds = ['cash', 'terminal', 'gift_card', 'store_credit', 'simulator'] as const;
export type TenderKind = (typeof tenderKinds)[number];

/** What the customer hands over, as the register or checkout describes it. */
export interface Tender {
  kind: TenderKind;
  /** Cents to put on this tender; cash takes whatever remains when omitted. */
  amountCents?: number;
  /** Cash handed over, for change. */
  tenderedCents?: number;
  /** External card terminal's approval reference (debit, cashless ATM). */
  terminalReference?: string;
  cardLast4?: string;
  giftCardCode?: string;
  customerId?: string;
}

/** A tender that was accepted for a fixed amount and can be voided until the order exists. */
export interface Authorization {
  provider: TenderKind;
  authorizationRef: string;
  amountCents: number;
  tenderedCents: number | null;
  changeCents: number;
  details: Record<string, unknown>;
}

export interface ProviderContext {
  runner: TransactionRunner;
  request: RequestContext;
  organizationId: string;
  storeId: string;
  /** The cart or order the money is for. */
  reference: string;
  cashRoundingCents: number;
  /**
   * Authorizing only: the sale's customer (null for a walk-in). A store-credit tender must be
   * theirs; without it (a void or a refund) no store credit is taken.
   */
  saleCustomerId?: string | null;
}

/**
 * One way of taking money. `authorize` may call out over the network, so it is never called
 * inside a business transaction; `void` is the compensation when the order then fails.
 *
 * `refund` takes an idempotency key named after what the refund is for (the refund owed or the
 * return, and the payment), the same on every try: a processor that refunded but whose answer was
 * lost answers the retry with that first refund, and never refunds again. Gift cards and store
 * credit keep the key on their ledger entry (stored-value.ts creditOnce).
 */
export interface PaymentProvider {
  readonly kind: TenderKind;
  authorize(context: ProviderContext, tender: Tender, amountCents: number): Promise<Authorization>;
  void(context: ProviderContext, authorization: Authorization): Promise<void>;
  refund(
    context: ProviderContext,
    payment: { authorizationRef: string; details: Record<string, unknown> },
    amountCents: number,
    idempotencyKey: string,
  ): Promise<{ refundRef: string; details?: Record<string, unknown> }>;
}

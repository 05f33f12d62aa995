import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../platform/errors';
import type { Authorization, PaymentProvider } from '../payment-provider';

export interface SimulatorSettings {
  /** Decline the next N authorizations with this code. */
  declineNext: number;
  declineCode: string;
  /** Fail the next N voids (to exercise compensation failures). */
  failVoidNext: number;
  /** Fail the next N refunds, as `refundFailure` says. */
  failRefundNext: number;
  /**
   * How a failed refund fails: `declined` refunds nothing; `answer_lost` refunds, then throws as a
   * timeout would, so only the idempotency key keeps the retry from refunding again.
   */
  refundFailure: 'declined' | 'answer_lost';
  /** Added latency per call, as a remote processor would have. */
  latencyMs: number;
  /** Any amount whose cents end in these two digits is declined (e.g. 13 → $x.13). */
  declineAmountsEndingIn: number | null;
}

/**
 * A payment processor double for tests, the demo and benchmarks, with failures on demand. It
 * keeps what it authorized, voided and refunded so tests can check the compensation happened.
 */
export class PaymentSimulator implements PaymentProvider {
  readonly kind = 'simulator' as const;
  settings: SimulatorSettings = { declineNext: 0, declineCode: 'CARD_DECLINED', failVoidNext: 0, failRefundNext: 0, refundFailure: 'declined', latencyMs: 0, declineAmountsEndingIn: null };
  readonly authorized = new Map<string, Authorization>();
  readonly voided = new Set<string>();
  /** Every refund made (one per idempotency key, however often it was asked for). */
  readonly refunds: Array<{ authorizationRef: string; amountCents: number }> = [];
  /** The answer to each refund's idempotency key, as a processor keeps it. */
  private readonly refundsByKey = new Map<string, { authorizationRef: string; amountCents: number; refundRef: string }>();

  configure(settings: Partial<SimulatorSettings>) {
    this.settings = { ...this.settings, ...settings };
  }

  private async delay() {
    if (this.settings.latencyMs > 0) await new Promise((r) => setTimeout(r, this.settings.latencyMs));
  }

  async authorize(_context: unknown, tender: { cardLast4?: string }, amountCents: number): Promise<Authorization> {
    await this.delay();
    const endsIn = this.settings.declineAmountsEndingIn;
    if (this.settings.declineNext > 0 || (endsIn !== null && amountCents % 100 === endsIn)) {
      if (this.settings.declineNext > 0) this.settings.declineNext -= 1;
      throw new AppError(402, 'PAYMENT_DECLINED', 'The payment was declined.', { providerCode: this.settings.declineCode });
    }
    const authorization: Authorization = {
      provider: 'simulator',
      authorizationRef: `sim_${uuidv7()}`,
      amountCents,
      tenderedCents: null,
      changeCents: 0,
      details: { cardLast4: tender.cardLast4 ?? '4242' },
    };
    this.authorized.set(authorization.authorizationRef, authorization);
    return authorization;
  }

  async void(_context: unknown, authorization: Authorization): Promise<void> {
    await this.delay();
    if (this.settings.failVoidNext > 0) {
      this.settings.failVoidNext -= 1;
      throw new Error('simulated processor error on void');
    }
    this.voided.add(authorization.authorizationRef);
  }

  async refund(_context: unknown, payment: { authorizationRef: string }, amountCents: number, idempotencyKey: string) {
    await this.delay();
    const failing = this.settings.failRefundNext > 0;
    if (failing) this.settings.failRefundNext -= 1;
    const earlier = this.refundsByKey.get(idempotencyKey);
    if (earlier) {
      // A key names one refund: asked again for another payment or amount, a processor refuses.
      if (earlier.authorizationRef !== payment.authorizationRef || earlier.amountCents !== amountCents) {
        throw new AppError(409, 'IDEMPOTENCY_KEY_REUSED', 'This refund idempotency key was used for another refund.');
      }
      if (failing) throw new Error('simulated processor timeout on refund');
      return { refundRef: earlier.refundRef };
    }
    if (failing && this.settings.refundFailure === 'declined') throw new Error('simulated processor error on refund');
    const refund = { authorizationRef: payment.authorizationRef, amountCents, refundRef: `sim_refund_${uuidv7()}` };
    this.refundsByKey.set(idempotencyKey, refund);
    this.refunds.push({ authorizationRef: payment.authorizationRef, amountCents });
    // Refunded, but the answer never reaches us.
    if (failing) throw new Error('simulated processor timeout on refund');
    return { refundRef: refund.refundRef };
  }
}

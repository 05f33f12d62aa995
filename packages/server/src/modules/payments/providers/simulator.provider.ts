import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../platform/errors';
import type { Authorization, PaymentProvider } from '../payment-provider';

export interface SimulatorSettings {
  /** Decline the next N authorizations with this code. */
  declineNext: number;
  declineCode: string;
  /** Fail the next N voids (to exercise compensation failures). */
  failVoidNext: number;
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
  settings: SimulatorSettings = { declineNext: 0, declineCode: 'CARD_DECLINED', failVoidNext: 0, latencyMs: 0, declineAmountsEndingIn: null };
  readonly authorized = new Map<string, Authorization>();
  readonly voided = new Set<string>();
  readonly refunds: Array<{ authorizationRef: string; amountCents: number }> = [];

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

  async refund(_context: unknown, payment: { authorizationRef: string }, amountCents: number) {
    await this.delay();
    this.refunds.push({ authorizationRef: payment.authorizationRef, amountCents });
    return { refundRef: `sim_refund_${uuidv7()}` };
  }
}

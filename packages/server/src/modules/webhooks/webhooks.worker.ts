import { sql, type RawBuilder } from 'kysely';
import { BackgroundLoop, backoffWithJitter } from '../../platform/background-loop';
import type { Logger } from '../../platform/logger';
import type { Db } from '../../platform/unit-of-work';
import { sendDelivery, type AttemptResult } from './webhooks.sender';
import { stillSigning } from './webhooks.service';

/** The outbox subscriber that fans an event out into one webhook delivery per matching subscription. */
export const FANOUT_SUBSCRIBER = 'webhooks.fanout';

export interface WebhookWorkerOptions {
  timeoutMs: number;
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Consecutive failures of one endpoint that open its circuit. */
  circuitFailures: number;
  /** How long an open circuit waits before one delivery is let through as a probe. */
  circuitCooldownMs: number;
  /** How long a claimed delivery stays ours; longer than the timeout. */
  leaseMs: number;
  batchSize: number;
  pollMs: number;
}

/**
 * The sequence number below which every event of the subscription's organization has been fanned
 * out to it. Several processes fan out different batches of events at once (the outbox delivery
 * worker of each claims its own); a later event's delivery can exist before an earlier one's, and
 * sending it then would deliver out of order. An event still waiting for its fan-out (pending or
 * being handled, its delivery row for this subscription not yet written) holds back the
 * subscription's later deliveries until it has one; a fan-out that gave up (dead) holds nothing.
 * The subscriber's name is a literal so that the plan can use the partial index of waiting
 * fan-outs (migration 0106) instead of every subscriber's waiting deliveries.
 */
function fannedOutBelow(subscriptionId: RawBuilder<unknown>) {
  return sql<number>`coalesce((
    select min(e.published_seq) from outbox_delivery o
      join outbox_event e on e.id = o.event_id
     where o.subscriber = ${sql.lit(FANOUT_SUBSCRIBER)} and o.status in ('pending', 'processing')
       and e.organization_id = (select organization_id from webhook_subscription where id = ${subscriptionId})
       and not exists (select 1 from webhook_delivery w where w.subscription_id = ${subscriptionId} and w.event_id = e.event_id)), ${Number.MAX_SAFE_INTEGER}::bigint)`;
}

export function webhookBackoffMs(attempt: number, options: Pick<WebhookWorkerOptions, 'baseBackoffMs' | 'maxBackoffMs'>, random = Math.random): number {
  return backoffWithJitter(attempt, options.baseBackoffMs, options.maxBackoffMs, random);
}

interface Claimed {
  id: string;
  subscription_id: string;
  attempts: number;
  event_id: string;
  event_type: string;
  event_seq: number;
  body: string;
  probe: boolean;
}

/**
 * Works the webhook_delivery queue. Claims use FOR UPDATE SKIP LOCKED and a lease, like the
 * outbox dispatcher, so several processes share the queue; the HTTP calls happen after the claim
 * committed, outside any transaction. Each endpoint has a circuit breaker kept in its
 * subscription row, so every process sees the same state:
 *
 *   closed ──N consecutive failures──▶ open ──cool-down──▶ half_open (one probe delivery)
 *     ▲                                  ▲                        │
 *     └────────── probe succeeded ───────┼────── probe failed ────┘
 *
 * While a circuit is not closed, its deliveries wait (status pending); they are not spent.
 */
export class WebhookWorker {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly db: Db,
    readonly options: WebhookWorkerOptions,
    private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      async () => {
        while ((await this.runOnce()) > 0 && !this.loop.stopping);
      },
      { pollMs: options.pollMs, onError: (error) => logger.error({ err: error }, 'webhook delivery pass failed; retrying on the next tick') },
    );
  }

  private get stopped(): boolean {
    return this.loop.stopping;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  wake(): Promise<void> {
    return this.loop.wake();
  }

  /** One pass: probes for circuits whose cool-down ended, then due deliveries. Returns how many were worked. */
  async runOnce(): Promise<number> {
    const claimedAt = Date.now();
    const probes = await this.claimProbes();
    const due = await this.claimDue();
    const claimed = [...probes, ...due.claimed];
    if (claimed.length === 0) return 0;
    // A claim is ours until its lease ends; never start an attempt that could outlive it, or
    // another process could take the delivery over and send it a second time meanwhile.
    const leaseLeft = () => claimedAt + this.options.leaseMs - Date.now() - this.options.timeoutMs - 1000;
    const bySubscription = new Map<string, Claimed[]>();
    for (const delivery of claimed) {
      const list = bySubscription.get(delivery.subscription_id) ?? [];
      list.push(delivery);
      bySubscription.set(delivery.subscription_id, list);
    }
    // Endpoints in parallel; one endpoint's deliveries in order, stopping if its circuit opens.
    await Promise.all(
      [...bySubscription.entries()].map(async ([subscriptionId, deliveries]) => {
        const lease = due.leases.get(subscriptionId);
        try {
          await this.sendInOrder(subscriptionId, deliveries, leaseLeft);
        } finally {
          if (lease) await this.releaseSender(subscriptionId, lease);
        }
      }),
    );
    return claimed.length;
  }

  private async sendInOrder(subscriptionId: string, deliveries: Claimed[], leaseLeft: () => number): Promise<void> {
    deliveries.sort((a, b) => a.event_seq - b.event_seq);
    for (let i = 0; i < deliveries.length; i++) {
      const delivery = deliveries[i];
      // Read again before every attempt: a batch takes as long as its receiver, and a URL changed,
      // a secret rotated without overlap (leaked) or a subscription paused meanwhile must hold
      // from the next delivery on, not after the batch (up to 50 more to the old URL).
      const subscription = await this.db
        .selectFrom('webhook_subscription')
        .select(['url', 'active', 'secret', 'previous_secret', 'previous_secret_expires_at', 'retired_secrets'])
        .where('id', '=', subscriptionId)
        .executeTakeFirst();
      if (!subscription || !subscription.active || this.stopped || leaseLeft() <= 0) {
        await this.release(deliveries.slice(i));
        return;
      }
      const now = new Date();
      const secrets = [subscription.secret];
      if (subscription.previous_secret && subscription.previous_secret_expires_at && new Date(subscription.previous_secret_expires_at) > now) {
        secrets.push(subscription.previous_secret);
      }
      for (const old of stillSigning(subscription.retired_secrets, now)) if (!secrets.includes(old.secret)) secrets.push(old.secret);
      const result = await sendDelivery(
        { id: delivery.id, url: subscription.url, eventId: delivery.event_id, eventType: delivery.event_type, body: delivery.body, secrets },
        this.options.timeoutMs,
      );
      const circuit = await this.record(delivery, result);
      if (circuit !== 'closed') {
        await this.release(deliveries.slice(i + 1));
        return;
      }
    }
  }

  private lease() {
    return sql<Date>`clock_timestamp() + make_interval(secs => ${this.options.leaseMs / 1000})`;
  }

  /** Moves circuits whose cool-down is over to half_open and claims one delivery each as the probe. */
  private async claimProbes(): Promise<Claimed[]> {
    const subscriptions = await sql<{ id: string }>`
      update webhook_subscription s
      set circuit_state = 'half_open', probe_locked_until = ${this.lease()}, updated_at = clock_timestamp()
      where s.id in (
        select id from webhook_subscription
        where active and (
          (circuit_state = 'open' and circuit_retry_at <= clock_timestamp())
          or (circuit_state = 'half_open' and (probe_locked_until is null or probe_locked_until < clock_timestamp())))
        limit 20
        for update skip locked)
      returning s.id`.execute(this.db);
    const probes: Claimed[] = [];
    for (const { id } of subscriptions.rows) {
      const claimed = await sql<Omit<Claimed, 'probe'>>`
        update webhook_delivery d
        set status = 'processing', attempts = d.attempts + 1, locked_until = ${this.lease()}, updated_at = clock_timestamp()
        where d.id = (
          select w.id from webhook_delivery w
          where w.subscription_id = ${id}
            and (w.status = 'pending' or (w.status = 'processing' and w.locked_until < clock_timestamp()))
            and w.event_seq < ${fannedOutBelow(sql`${id}::uuid`)}
          order by w.event_seq
          limit 1
          for update skip locked)
        returning d.id, d.subscription_id, d.attempts, d.event_id, d.event_type, d.event_seq, d.body`.execute(this.db);
      if (claimed.rows.length > 0) {
        probes.push({ ...claimed.rows[0], probe: true });
      } else {
        // Nothing to probe with yet: stay half-open and let the next delivery be the probe.
        await this.db.updateTable('webhook_subscription').set({ probe_locked_until: null }).where('id', '=', id).execute();
      }
    }
    return probes;
  }

  /**
   * Due deliveries of closed circuits. One worker at a time sends to an endpoint: it first takes
   * the subscription's sender lease (an UPDATE, so a racing worker re-checks the lease on the new
   * row version and skips it). Row claims alone let two processes send one endpoint's backlog in
   * parallel and out of the documented order.
   */
  private async claimDue(): Promise<{ claimed: Claimed[]; leases: Map<string, string> }> {
    const leased = await sql<{ id: string; lease: string }>`
      update webhook_subscription s
      set sender_locked_until = ${this.lease()}
      where s.id in (
        select s2.id from webhook_subscription s2
        where s2.active and s2.circuit_state = 'closed'
          and (s2.sender_locked_until is null or s2.sender_locked_until < clock_timestamp())
          and exists (
            select 1 from webhook_delivery d2
            where d2.subscription_id = s2.id
              and ((d2.status = 'pending' and d2.next_attempt_at <= clock_timestamp())
                or (d2.status = 'processing' and d2.locked_until < clock_timestamp())))
        limit 20
        for update skip locked)
      returning s.id, s.sender_locked_until::text as lease`.execute(this.db);
    const leases = new Map(leased.rows.map((row) => [row.id, row.lease]));
    if (leases.size === 0) return { claimed: [], leases };
    // Each leased endpoint's oldest due deliveries, up to a batch each, in one statement.
    const rows = await sql<Omit<Claimed, 'probe'>>`
      update webhook_delivery d
      set status = 'processing', attempts = d.attempts + 1, locked_until = ${this.lease()}, updated_at = clock_timestamp()
      where d.id in (
        select due.id from unnest(${[...leases.keys()]}::uuid[]) as s(id)
        cross join lateral (
          select d2.id from webhook_delivery d2
          where d2.subscription_id = s.id
            and ((d2.status = 'pending' and d2.next_attempt_at <= clock_timestamp())
              or (d2.status = 'processing' and d2.locked_until < clock_timestamp()))
            and d2.event_seq < ${fannedOutBelow(sql`s.id`)}
          order by d2.event_seq
          limit ${this.options.batchSize}
          for update skip locked) due)
      returning d.id, d.subscription_id, d.attempts, d.event_id, d.event_type, d.event_seq, d.body`.execute(this.db);
    const claimed: Claimed[] = rows.rows.map((row) => ({ ...row, probe: false }));
    // An endpoint whose due deliveries another worker took meanwhile is given back at once.
    const served = new Set(claimed.map((c) => c.subscription_id));
    for (const [id, lease] of leases) if (!served.has(id)) await this.releaseSender(id, lease);
    return { claimed, leases };
  }

  /** Gives the endpoint back to every worker, unless our lease ran out and another took it. */
  private async releaseSender(subscriptionId: string, lease: string): Promise<void> {
    await sql`update webhook_subscription set sender_locked_until = null
              where id = ${subscriptionId} and sender_locked_until = ${lease}::timestamptz`.execute(this.db);
  }

  /** Gives claimed deliveries back untried (their endpoint's circuit opened meanwhile). */
  private async release(deliveries: Claimed[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db
      .updateTable('webhook_delivery')
      .set((eb) => ({ status: 'pending', attempts: eb('attempts', '-', 1), locked_until: null, updated_at: new Date() }))
      .where('id', 'in', deliveries.map((d) => d.id))
      .where('status', '=', 'processing')
      .execute();
  }

  /** Writes the attempt, the delivery's new state and the endpoint's circuit in one transaction. Returns the circuit state. */
  private async record(delivery: Claimed, result: AttemptResult): Promise<string> {
    try {
      return await this.recordIn(delivery, result);
    } catch (error) {
      // The subscription (and with it the delivery) was deleted while we were sending.
      if ((error as { code?: string }).code === '23503') return 'closed';
      throw error;
    }
  }

  private async recordIn(delivery: Claimed, result: AttemptResult): Promise<string> {
    const succeeded = result.outcome === 'succeeded';
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_delivery_attempt')
        .values({
          delivery_id: delivery.id,
          attempt: delivery.attempts,
          probe: delivery.probe,
          started_at: result.startedAt,
          duration_ms: result.durationMs,
          status_code: result.statusCode,
          outcome: result.outcome,
          error: result.error,
        })
        .execute();
      const common = { locked_until: null, last_status_code: result.statusCode, last_error: result.error, updated_at: new Date() };
      if (succeeded) {
        await trx.updateTable('webhook_delivery').set({ ...common, status: 'succeeded', delivered_at: new Date() }).where('id', '=', delivery.id).where('status', '=', 'processing').execute();
      } else if (delivery.probe) {
        // A failed probe says the endpoint is still down, not that this delivery is bad: it keeps its tries.
        await trx
          .updateTable('webhook_delivery')
          .set({ ...common, status: 'pending', attempts: delivery.attempts - 1, next_attempt_at: new Date() })
          .where('id', '=', delivery.id)
          .where('status', '=', 'processing')
          .execute();
      } else if (delivery.attempts >= this.options.maxAttempts) {
        await trx.updateTable('webhook_delivery').set({ ...common, status: 'failed' }).where('id', '=', delivery.id).where('status', '=', 'processing').execute();
      } else {
        await trx
          .updateTable('webhook_delivery')
          .set({ ...common, status: 'pending', next_attempt_at: new Date(Date.now() + webhookBackoffMs(delivery.attempts, this.options)) })
          .where('id', '=', delivery.id)
          .where('status', '=', 'processing')
          .execute();
      }

      if (succeeded) {
        const row = await trx
          .updateTable('webhook_subscription')
          .set({ circuit_state: 'closed', consecutive_failures: 0, circuit_opened_at: null, circuit_retry_at: null, probe_locked_until: null })
          .where('id', '=', delivery.subscription_id)
          .returning('circuit_state')
          .executeTakeFirst();
        return row?.circuit_state ?? 'closed';
      }
      const cooldown = this.options.circuitCooldownMs / 1000;
      const row = await sql<{ circuit_state: string }>`
        update webhook_subscription
        set consecutive_failures = consecutive_failures + 1,
            circuit_state = case
              when ${delivery.probe} or (circuit_state = 'closed' and consecutive_failures + 1 >= ${this.options.circuitFailures}) then 'open'
              else circuit_state end,
            circuit_opened_at = case
              when circuit_state = 'closed' and consecutive_failures + 1 >= ${this.options.circuitFailures} then clock_timestamp()
              else circuit_opened_at end,
            circuit_retry_at = case
              when ${delivery.probe} or (circuit_state = 'closed' and consecutive_failures + 1 >= ${this.options.circuitFailures})
                then clock_timestamp() + make_interval(secs => ${cooldown})
              else circuit_retry_at end,
            probe_locked_until = case when ${delivery.probe} then null else probe_locked_until end
        where id = ${delivery.subscription_id}
        returning circuit_state`.execute(trx);
      const state = row.rows[0]?.circuit_state ?? 'closed';
      if (state === 'open' && !delivery.probe) this.logger.warn({ subscriptionId: delivery.subscription_id }, 'webhook endpoint circuit opened');
      return state;
    });
  }
}

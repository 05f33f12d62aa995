// PostgreSQL only: webhook deliveries and alerts under concurrency. Several delivery workers
// (the server's own and extra ones on the same database, as a second server process would run)
// race for one subscription's queue; a receiver counts what reaches it, by event id, and how many
// requests for one event are in flight at once. Alerts: racing sales, restocks, raises and resolves.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseAlert } from '../../src/modules/alerts';
import { changeAlertStatus } from '../../src/modules/alerts/alerts.service';
import { webhookOptionsFrom } from '../../src/modules/webhooks/webhooks.module';
import { WebhookWorker } from '../../src/modules/webhooks/webhooks.worker';
import { verifyWebhookSignature } from '../../src/modules/webhooks';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { newLabel, stockedSku } from '../support/checkout-fixtures';
import { adjustPackage } from '../../src/modules/inventory/inventory.packages';
import { run, staffContext, stockPackage } from '../support/inventory-actors';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitUntil } from '../support/webhook-receiver';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts receipts per event, concurrent requests per event, and answers as `failing` says. */
class CountingReceiver {
  secret = '';
  /** Successful (2xx, signature verified) receipts per event id, with the event's sequence. */
  readonly succeeded = new Map<string, number>();
  readonly arrivalSequences: number[] = [];
  readonly inFlight = new Map<string, number>();
  maxInFlightPerEvent = 0;
  maxInFlight = 0;
  requests = 0;
  badSignatures = 0;
  /** While true every request is answered 503 after `failDelayMs`. */
  failing = false;
  failDelayMs = 0;
  okDelayMs = () => 0;
  private current = 0;
  private server: Server | null = null;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const eventId = String(request.headers['verdant-event-id']);
        this.requests++;
        this.current++;
        this.maxInFlight = Math.max(this.maxInFlight, this.current);
        const now = (this.inFlight.get(eventId) ?? 0) + 1;
        this.inFlight.set(eventId, now);
        this.maxInFlightPerEvent = Math.max(this.maxInFlightPerEvent, now);
        try {
          if (this.failing) {
            await sleep(this.failDelayMs);
            response.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
            return;
          }
          await sleep(this.okDelayMs());
          const verified = verifyWebhookSignature({
            secrets: [this.secret],
            deliveryId: String(request.headers['verdant-delivery-id']),
            timestamp: String(request.headers['verdant-timestamp']),
            signature: String(request.headers['verdant-signature']),
            rawBody,
            toleranceSeconds: 300,
          });
          if (!verified.ok) {
            this.badSignatures++;
            response.writeHead(401).end();
            return;
          }
          this.succeeded.set(eventId, (this.succeeded.get(eventId) ?? 0) + 1);
          this.arrivalSequences.push((JSON.parse(rawBody) as { sequence: number }).sequence);
          response.writeHead(204).end();
        } finally {
          this.current--;
          this.inFlight.set(eventId, (this.inFlight.get(eventId) ?? 1) - 1);
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('webhook deliveries and alerts under concurrency (PostgreSQL)', () => {
  let server: TestServer;
  let owner: string;
  const extraWorkers: WebhookWorker[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        OUTBOX_POLL_MS: '50',
        WEBHOOK_POLL_MS: '20',
        WEBHOOK_BACKOFF_BASE_MS: '20',
        WEBHOOK_BACKOFF_MAX_MS: '100',
        WEBHOOK_CIRCUIT_FAILURES: '3',
        WEBHOOK_CIRCUIT_COOLDOWN_MS: '250',
        WEBHOOK_TIMEOUT_MS: '3000',
        WEBHOOK_MAX_ATTEMPTS: '50',
      },
    });
    owner = await server.login('owner');
    // Two more workers on the same database, like two more server processes; small batches so
    // the three interleave on one subscription's queue.
    for (let i = 0; i < 2; i++) {
      const worker = new WebhookWorker(server.platform.database.db, { ...webhookOptionsFrom(server.platform), batchSize: 7 }, server.platform.logger);
      worker.start();
      extraWorkers.push(worker);
    }
  });

  afterAll(async () => {
    await Promise.all(extraWorkers.map((w) => w.stop()));
    await server?.close();
  });

  /** Commits `count` events of one type, one transaction each (so one sequence each). */
  const emitEvents = async (type: string, count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) =>
        uow.emit({ type, aggregateType: 'probe', aggregateId: uuidv7(), storeId: null, payload: { n: i } }),
      );
    }
    await server.platform.sequencer.wake();
    const rows = await server.platform.database.db.selectFrom('outbox_event').select('event_id').where('type', '=', type).orderBy('id').execute();
    ids.push(...rows.map((r) => r.event_id));
    return ids;
  };

  const subscribe = async (receiver: CountingReceiver, eventTypes: string[]) => {
    const created = await server.request({ method: 'POST', url: '/v1/webhooks', cookie: owner, body: { url: receiver.url, eventTypes } });
    expect(created.statusCode).toBe(201);
    receiver.secret = created.json().secret;
    return created.json().id as string;
  };

  it('100 events, three workers racing: each delivered exactly once, never two sends of one event at once, in order', async () => {
    const receiver = new CountingReceiver();
    receiver.okDelayMs = () => Math.floor(Math.random() * 6);
    await receiver.start();
    try {
      const subscriptionId = await subscribe(receiver, ['platform.race.*']);
      const eventIds = await emitEvents('platform.race.one', 100);
      expect(eventIds).toHaveLength(100);
      await waitUntil(() => receiver.succeeded.size === 100, 20_000, '100 distinct events received');
      await sleep(200); // a duplicate would land now

      expect(receiver.badSignatures).toBe(0);
      expect([...receiver.succeeded.keys()].sort()).toEqual([...eventIds].sort());
      const duplicated = [...receiver.succeeded.entries()].filter(([, n]) => n !== 1);
      expect(duplicated).toEqual([]);
      expect(receiver.maxInFlightPerEvent).toBe(1);
      expect(receiver.requests).toBe(100);
      // docs/webhooks.md: "Order is by event within one subscription in the normal case".
      const sorted = [...receiver.arrivalSequences].sort((a, b) => a - b);
      expect(receiver.arrivalSequences).toEqual(sorted);

      const rows = await server.platform.database.db
        .selectFrom('webhook_delivery')
        .select(['status', 'attempts'])
        .where('subscription_id', '=', subscriptionId)
        .execute();
      expect(rows).toHaveLength(100);
      expect(rows.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
      const attempts = await sql<{ n: number }>`
        select count(*)::int as n from webhook_delivery_attempt a join webhook_delivery d on d.id = a.delivery_id
         where d.subscription_id = ${subscriptionId}`.execute(server.platform.database.db);
      expect(attempts.rows[0].n).toBe(100);
      await server.request({ method: 'DELETE', url: `/v1/webhooks/${subscriptionId}`, cookie: owner });
    } finally {
      await receiver.stop();
    }
  });

  it('a receiver that fails and recovers: every event delivered, attempts logged, circuit opens and closes, one probe at a time', async () => {
    const receiver = new CountingReceiver();
    await receiver.start();
    const db = server.platform.database.db;
    let watching = true;
    try {
      const subscriptionId = await subscribe(receiver, ['platform.flaky.*']);
      // A slow failure keeps each probe in flight while the three workers poll every 20 ms.
      receiver.failing = true;
      receiver.failDelayMs = 80;
      const states = new Set<string>();
      const watcher = (async () => {
        while (watching) {
          const row = await db.selectFrom('webhook_subscription').select('circuit_state').where('id', '=', subscriptionId).executeTakeFirst();
          if (row) states.add(row.circuit_state);
          await sleep(10);
        }
      })();
      const eventIds = await emitEvents('platform.flaky.one', 60);
      // Enough failures for several open → half-open → open rounds.
      await waitUntil(async () => {
        const probes = await sql<{ n: number }>`
          select count(*)::int as n from webhook_delivery_attempt a join webhook_delivery d on d.id = a.delivery_id
           where d.subscription_id = ${subscriptionId} and a.probe`.execute(db);
        return probes.rows[0].n >= 4;
      }, 15_000, 'several failed probes');
      const failedRequests = receiver.requests;
      receiver.failing = false;
      await waitUntil(() => receiver.succeeded.size === 60, 20_000, 'every event after recovery');
      await sleep(200);
      watching = false;
      await watcher;

      expect([...receiver.succeeded.keys()].sort()).toEqual([...eventIds].sort());
      expect([...receiver.succeeded.values()].every((n) => n === 1)).toBe(true);
      expect(receiver.maxInFlightPerEvent).toBe(1);
      // The circuit opened, was probed, and closed again.
      expect(states).toEqual(new Set(['closed', 'open', 'half_open']));
      const sub = await db.selectFrom('webhook_subscription').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow();
      expect(sub).toMatchObject({ circuit_state: 'closed', consecutive_failures: 0, circuit_retry_at: null, probe_locked_until: null });

      // Every request the receiver saw is one attempt row; each delivery has one success.
      const attempts = await sql<{ delivery_id: string; probe: boolean; outcome: string; started_at: Date; duration_ms: number; attempt: number }>`
        select a.delivery_id, a.probe, a.outcome, a.started_at, a.duration_ms, a.attempt
          from webhook_delivery_attempt a join webhook_delivery d on d.id = a.delivery_id
         where d.subscription_id = ${subscriptionId} order by a.started_at`.execute(db);
      expect(attempts.rows).toHaveLength(receiver.requests);
      expect(attempts.rows.filter((a) => a.outcome === 'succeeded')).toHaveLength(60);
      expect(attempts.rows.filter((a) => a.outcome === 'http_error')).toHaveLength(failedRequests);
      const deliveries = await db.selectFrom('webhook_delivery').select(['id', 'status', 'attempts']).where('subscription_id', '=', subscriptionId).execute();
      expect(deliveries.every((d) => d.status === 'succeeded')).toBe(true);
      // Failed probes do not spend a delivery's tries: attempts = non-probe tries + the final one.
      for (const d of deliveries) {
        const own = attempts.rows.filter((a) => a.delivery_id === d.id);
        expect(d.attempts, d.id).toBe(own.filter((a) => !a.probe || a.outcome === 'succeeded').length);
      }
      // While the circuit is not closed only the probe goes out: once the circuit first opened,
      // probe attempts never overlap in time (several workers raced for each probe).
      const probes = attempts.rows.filter((a) => a.probe);
      expect(probes.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < probes.length; i++) {
        const previousEnd = new Date(probes[i - 1].started_at).getTime() + probes[i - 1].duration_ms;
        expect(new Date(probes[i].started_at).getTime(), `probe ${i} started before probe ${i - 1} ended`).toBeGreaterThanOrEqual(previousEnd - 2);
      }
      // After the circuit opened and before recovery, nothing but probes reached the receiver:
      // the attempts between the first probe and the first success are all probes.
      const firstProbe = attempts.rows.findIndex((a) => a.probe);
      const firstSuccess = attempts.rows.findIndex((a) => a.outcome === 'succeeded');
      const during = attempts.rows.slice(firstProbe, firstSuccess);
      expect(during.filter((a) => !a.probe)).toEqual([]);
      await server.request({ method: 'DELETE', url: `/v1/webhooks/${subscriptionId}`, cookie: owner });
    } finally {
      watching = false;
      await receiver.stop();
    }
  });

  it('20 concurrent sales below the reorder point: one open low-stock alert; a restock resolves it once; the next dip raises a new one', async () => {
    const db = server.platform.database.db;
    const cookie = await server.login('manager');
    const fx = await stockedSku(db, server.organizationId, { quantity: 22, code: 'HH-GDP-35' });
    // Three more packages of one unit (25 available), to restock from three places at once later.
    const context = staffContext(server.organizationId);
    const labels = [newLabel(), newLabel(), newLabel()];
    for (const label of labels) await stockPackage(server.platform, context, { storeId: fx.storeId, label, skuId: fx.skuId, quantity: 1 });
    await db
      .insertInto('inventory_reorder_point')
      .values({ store_id: fx.storeId, sku_id: fx.skuId, organization_id: server.organizationId, reorder_at: 12, reorder_quantity: 40 })
      .execute();
    const sale = () =>
      server.request({
        method: 'POST',
        url: `/v1/stores/${fx.storeId}/pos-sales`,
        cookie,
        body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
      });
    const results = await Promise.all(Array.from({ length: 20 }, sale));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const dedupeKey = `low_stock:${fx.storeId}:${fx.skuId}`;
    const inventoryAlerts = () => db.selectFrom('inventory_alert').select(['id', 'status']).where('dedupe_key', '=', dedupeKey).orderBy('id').execute();
    expect((await inventoryAlerts()).map((a) => a.status)).toEqual(['open']);
    const [first] = await inventoryAlerts();
    // The alerts module turns it into one alert people see.
    const unresolved = () =>
      db.selectFrom('alert').select(['id', 'dedupe_key', 'status', 'occurrences']).where('organization_id', '=', server.organizationId).where('kind', '=', 'inventory_low_stock').where('status', '<>', 'resolved').execute();
    await waitUntil(async () => (await unresolved()).length > 0, 10_000, 'the low-stock alert');
    await sleep(300);
    expect(await unresolved()).toHaveLength(1);

    // Restock above the reorder point (5 → 65) on three packages at once: resolved once, nothing new.
    await Promise.all(
      labels.map((label) =>
        run(server.platform, context, (uow) => adjustPackage(uow, fx.storeId, label, { locationCode: 'sales_floor', delta: 20, kind: 'adjust', reasonCode: 'found' })),
      ),
    );
    expect((await inventoryAlerts()).map((a) => [a.id, a.status])).toEqual([[first.id, 'resolved']]);

    // Dip again (65 available → 5 left): a new condition, a new inventory alert, still one open.
    const again = await Promise.all(Array.from({ length: 60 }, sale));
    expect(again.filter((r) => r.statusCode === 201)).toHaveLength(60);
    expect((await inventoryAlerts()).map((a) => a.status)).toEqual(['resolved', 'open']);
    lowStock = { unresolved };
  });

  // The alert people see in /v1/alerts (rule inventory.alert, dedupe key = the inventory alert's
  // id) closes when inventory publishes inventory.alert.resolved on the restock, so the next dip
  // shows one unresolved low-stock alert, not two.
  let lowStock: { unresolved: () => Promise<unknown[]> } | undefined;
  it('after a restock and a second dip, /v1/alerts shows one unresolved low-stock alert for the store and SKU', async () => {
    const db = server.platform.database.db;
    // Both the second inventory alert's raise and the first one's resolve have gone through the outbox.
    await waitUntil(
      async () => (await db.selectFrom('alert').select('id').where('rule_key', '=', 'inventory.alert').where('status', '=', 'resolved').execute()).length > 0,
      10_000,
      'the first low-stock alert resolved by the restock',
    );
    await waitUntil(async () => (await lowStock!.unresolved()).length === 1, 10_000, 'one unresolved low-stock alert');
    await sleep(500); // nothing more arrives
    expect(await lowStock!.unresolved()).toHaveLength(1);
    const resolved = await db.selectFrom('alert').select(['resolved_by']).where('rule_key', '=', 'inventory.alert').where('status', '=', 'resolved').execute();
    expect(resolved.map((r) => r.resolved_by)).toEqual(['system:inventory.alert.resolved']);
  });

  it('racing raises and resolves of one condition never leave two unresolved alerts with the same dedupe key', async () => {
    const db = server.platform.database.db;
    const dedupeKey = `race:${uuidv7()}`;
    const raise = (n: number) =>
      raiseAlert(server.platform, {
        organizationId: server.organizationId,
        ruleKey: 'test.race',
        kind: 'race',
        severity: 'info',
        title: 'Racing condition',
        dedupeKey,
        triggerKey: `${dedupeKey}:${n}`,
      });
    const context = staffContext(server.organizationId);
    const resolveOpen = async () => {
      const open = await db.selectFrom('alert').select('id').where('dedupe_key', '=', dedupeKey).where('status', '<>', 'resolved').execute();
      await Promise.all(
        open.map((a) => run(server.platform, context, (uow) => changeAlertStatus(uow, server.organizationId, a.id, 'resolved', 'race')).catch((error: { code?: string }) => {
          if (error.code !== 'ALERT_ALREADY_RESOLVED') throw error;
        })),
      );
    };
    let n = 0;
    const violations: number[] = [];
    const watch = async () => {
      const rows = await db.selectFrom('alert').select('id').where('dedupe_key', '=', dedupeKey).where('status', '<>', 'resolved').execute();
      if (rows.length > 1) violations.push(rows.length);
    };
    for (let round = 0; round < 10; round++) {
      const jobs: Array<Promise<unknown>> = [];
      for (let i = 0; i < 8; i++) jobs.push(raise(n++));
      jobs.push(resolveOpen(), resolveOpen(), watch());
      await Promise.all(jobs);
      await watch();
    }
    expect(violations).toEqual([]);
    const rows = await db.selectFrom('alert').select(['status', 'occurrences']).where('dedupe_key', '=', dedupeKey).execute();
    expect(rows.filter((r) => r.status !== 'resolved').length).toBeLessThanOrEqual(1);
    // Every raise counted somewhere: once as a new alert or as an occurrence of an unresolved one.
    expect(rows.reduce((sum, r) => sum + r.occurrences, 0)).toBe(80);
    const triggers = await db.selectFrom('alert_trigger').select('alert_id').where('trigger_key', 'like', `${dedupeKey}:%`).execute();
    expect(triggers).toHaveLength(80);
  });
});

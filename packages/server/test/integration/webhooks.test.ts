import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config';
import { redactPaths } from '../../src/platform/logger';
import type { Platform } from '../../src/platform/platform';
import type { Api } from '../../src/platform/http';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo-seed';
import { buildServer } from '../../src/server';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitUntil, WebhookReceiver } from '../support/webhook-receiver';

// Time is compressed: retries after ~50-200 ms, a circuit opens after 3 failures and cools down
// for 700 ms, an attempt times out after 1.5 s. Every log line the server writes is kept, to
// prove no secret reaches it.
const env = {
  LOG_LEVEL: 'debug',
  OUTBOX_POLL_MS: '100',
  LOGIN_RATE_PER_MINUTE: '10000',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_BACKOFF_BASE_MS: '50',
  WEBHOOK_BACKOFF_MAX_MS: '200',
  WEBHOOK_CIRCUIT_FAILURES: '3',
  WEBHOOK_CIRCUIT_COOLDOWN_MS: '700',
  WEBHOOK_TIMEOUT_MS: '1500',
  WEBHOOK_MAX_ATTEMPTS: '40',
};

describe('outbound webhooks', () => {
  let testDb: TestDatabase;
  let app: Api;
  let platform: Platform;
  let owner: string;
  const logLines: string[] = [];
  const receiver = new WebhookReceiver();
  const secretsSeen: string[] = [];

  const request = (method: string, url: string, body?: unknown, cookie = owner) =>
    app.inject({ method: method as 'GET', url, headers: cookie ? { cookie } : {}, ...(body !== undefined ? { payload: body as object } : {}) });

  /** Emits one `platform.probe.recorded` event and returns its event id. */
  const emitProbe = async (note: string): Promise<string> => {
    const response = await request('POST', '/v1/diagnostics/probe', { note });
    expect(response.statusCode).toBe(201);
    await platform.sequencer.wake();
    const row = await platform.database.db
      .selectFrom('outbox_event')
      .select('event_id')
      .where('type', '=', 'platform.probe.recorded')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    return row.event_id;
  };

  const deliveriesOf = async (subscriptionId: string) => (await request('GET', `/v1/webhooks/${subscriptionId}/deliveries?limit=500`)).json().deliveries as Array<{
    id: string;
    eventId: string;
    status: string;
    attempts: number;
    lastError: string | null;
  }>;

  const subscriptionOf = async (id: string) => (await request('GET', `/v1/webhooks/${id}`)).json();

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const config = loadConfig(env);
    const logger = pino({ level: 'debug', redact: { paths: redactPaths, censor: '[redacted]' } }, { write: (line: string) => void logLines.push(line) });
    ({ app, platform } = await buildServer(config, { database: testDb.database, logger, dispatcher: { baseBackoffMs: 50, maxBackoffMs: 200 } }));
    await seedDemo(platform);
    await platform.sequencer.wake();
    const login = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'owner@demo.verdant.test', password: DEMO_PASSWORD } });
    owner = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')?.value}`;
    await receiver.start();
  });

  afterAll(async () => {
    await receiver.stop();
    await app?.close();
    await platform?.close().catch(() => undefined);
    await testDb?.drop();
  });

  let subscriptionId = '';

  it('refuses bad input with stable codes and writes nothing', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ url: 'not a url', eventTypes: ['*'] }, 400, 'WEBHOOK_URL_INVALID'],
      [{ url: 'ftp://example.com/x', eventTypes: ['*'] }, 400, 'WEBHOOK_URL_INVALID'],
      [{ url: 'https://user:pw@example.com/x', eventTypes: ['*'] }, 400, 'WEBHOOK_URL_INVALID'],
      [{ url: 'https://example.com/x', eventTypes: ['inventory*'] }, 400, 'WEBHOOK_EVENT_PATTERN_INVALID'],
      [{ url: 'https://example.com/x', eventTypes: ['orders.*', '*.placed'] }, 400, 'WEBHOOK_EVENT_PATTERN_INVALID'],
      [{ url: 'https://example.com/x', eventTypes: [] }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/x', eventTypes: ['*'], secret: 'short' }, 400, 'WEBHOOK_SECRET_INVALID'],
      [{ url: 'https://example.com/x', eventTypes: ['*'], colour: 'green' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await request('POST', '/v1/webhooks', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().error.code).toBe(code);
    }
    const pattern = await request('POST', '/v1/webhooks', { url: 'https://example.com/x', eventTypes: ['orders.*', '*.placed'] });
    expect(pattern.json().error.details).toEqual([{ path: ['body', 'eventTypes', 1], message: 'not an event pattern: "*.placed"' }]);
    expect((await request('GET', '/v1/webhooks/not-a-uuid')).json().error.code).toBe('VALIDATION_FAILED');
    expect((await request('GET', '/v1/webhooks/01900000-0000-7000-8000-00000000ffff')).statusCode).toBe(404);
    expect((await request('GET', '/v1/webhooks/01900000-0000-7000-8000-00000000ffff/deliveries/nope')).statusCode).toBe(400);
    expect((await request('POST', '/v1/webhooks/01900000-0000-7000-8000-00000000ffff/rotate-secret', {})).statusCode).toBe(404);
    const count = await platform.database.db.selectFrom('webhook_subscription').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    // Only webhooks:manage may touch subscriptions.
    const budtender = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'budtender@demo.verdant.test', password: DEMO_PASSWORD } });
    const cookie = `verdant_session=${budtender.cookies.find((c) => c.name === 'verdant_session')?.value}`;
    expect((await request('GET', '/v1/webhooks', undefined, cookie)).statusCode).toBe(403);
  });

  it('costs the outbox nothing while no subscription wants an event', async () => {
    const eventId = await emitProbe('nobody subscribed');
    const rows = await platform.database.db
      .selectFrom('outbox_delivery as d')
      .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
      .select('d.id')
      .where('e.event_id', '=', eventId)
      .where('d.subscriber', '=', 'webhooks.fanout')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('creates a subscription, shows its secret once, and signs every delivery', async () => {
    const created = await request('POST', '/v1/webhooks', { url: receiver.url, eventTypes: ['platform.probe.*'], description: 'ERP bridge' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.secretHint).toBe(`whsec_…${body.secret.slice(-4)}`);
    subscriptionId = body.id;
    secretsSeen.push(body.secret);
    receiver.secrets = [body.secret];

    const listed = await request('GET', '/v1/webhooks');
    expect(listed.json().webhooks).toHaveLength(1);
    expect(listed.body).not.toContain(body.secret);
    expect((await request('GET', `/v1/webhooks/${subscriptionId}`)).json()).not.toHaveProperty('secret');

    const eventId = await emitProbe('first');
    await waitUntil(() => receiver.received.some((r) => r.eventId === eventId), 10_000, 'first delivery');
    const got = receiver.received.find((r) => r.eventId === eventId)!;
    expect(got.verified).toMatchObject({ ok: true });
    expect(got.body).toMatchObject({ id: eventId, type: 'platform.probe.recorded', data: { note: 'first' } });
    expect(got.signature).toMatch(/^v1=[0-9a-f]{64}$/);
    await waitUntil(async () => (await deliveriesOf(subscriptionId)).some((d) => d.eventId === eventId && d.status === 'succeeded'));
    // A second fan-out of the same event adds nothing (unique subscription + event).
    const before = await deliveriesOf(subscriptionId);
    const { fanOutEvent } = await import('../../src/modules/webhooks/webhooks.service');
    const event = await platform.database.db.selectFrom('outbox_event').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
    const { toPublishedEvent } = await import('../../src/modules/events/event-types');
    expect(await fanOutEvent(platform.database.db, toPublishedEvent(event))).toBe(0);
    expect(await deliveriesOf(subscriptionId)).toHaveLength(before.length);
  });

  it('rides out a receiver that is down: circuit opens, probes, closes, and every event arrives', async () => {
    try {
      await outage();
    } finally {
      // Whatever happened above, the tests after this one get a working receiver.
      receiver.mode = { kind: 'ok' };
      if (!receiver.isUp) await receiver.start();
    }
  });

  const outage = async () => {
    // Down with an HTML error page first, then gone entirely (connection refused).
    receiver.mode = { kind: 'status', status: 503, contentType: 'text/html', body: '<!doctype html><html><head><title>Down for maintenance</title></head><body><h1>Back soon</h1></body></html>' };
    const produced: string[] = [];
    for (let i = 0; i < 4; i++) produced.push(await emitProbe(`outage ${i}`));
    await waitUntil(async () => (await subscriptionOf(subscriptionId)).circuit.state === 'open', 10_000, 'circuit to open');
    const opened = await subscriptionOf(subscriptionId);
    expect(opened.circuit.consecutiveFailures).toBeGreaterThanOrEqual(3);
    // While it cools down, nothing is sent (checked in the attempt log, below).
    const cooling = { from: new Date(opened.circuit.openedAt), until: new Date(opened.circuit.retryAt) };
    await receiver.goDown();
    for (let i = 4; i < 10; i++) produced.push(await emitProbe(`outage ${i}`));
    // Wait for at least one probe that failed against the closed port: the circuit re-opened.
    await waitUntil(async () => {
      const rows = await platform.database.db
        .selectFrom('webhook_delivery_attempt as a')
        .innerJoin('webhook_delivery as d', 'd.id', 'a.delivery_id')
        .select(['a.probe', 'a.error', 'a.outcome'])
        .where('d.subscription_id', '=', subscriptionId)
        .where('a.probe', '=', true)
        .where('a.outcome', '=', 'network_error')
        .execute();
      return rows.length >= 1;
    }, 10_000, 'a failed probe');
    // Fan-out is itself an outbox subscriber: wait until every event has its delivery row.
    await waitUntil(async () => (await deliveriesOf(subscriptionId)).filter((d) => produced.includes(d.eventId)).length === produced.length, 10_000, 'fan-out');
    const whileDown = await deliveriesOf(subscriptionId);
    expect(whileDown.every((d) => d.status !== 'failed')).toBe(true);
    const open = await subscriptionOf(subscriptionId);
    expect(['open', 'half_open']).toContain(open.circuit.state);
    expect(open.circuit.consecutiveFailures).toBeGreaterThanOrEqual(3);

    // Back up: the next probe succeeds, the circuit closes, and the backlog drains.
    receiver.mode = { kind: 'ok' };
    await receiver.start();
    await waitUntil(async () => (await deliveriesOf(subscriptionId)).filter((d) => produced.includes(d.eventId)).every((d) => d.status === 'succeeded'), 20_000, 'backlog to drain');
    const closed = await subscriptionOf(subscriptionId);
    expect(closed.circuit).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null });

    const verified = receiver.verifiedEventIds();
    for (const eventId of produced) expect(verified.has(eventId)).toBe(true);
    expect(receiver.received.every((r) => r.verified.ok)).toBe(true);
    // At least once, and no more than the log admits: every delivery succeeded exactly once, and
    // the receiver never saw a delivery more often than it was attempted while the receiver was up
    // (an answer slower than the timeout is a failed attempt that did arrive: a legitimate repeat).
    const log = await platform.database.db
      .selectFrom('webhook_delivery_attempt as a')
      .innerJoin('webhook_delivery as d', 'd.id', 'a.delivery_id')
      .select(['d.id', 'd.event_id', 'a.outcome'])
      .where('d.event_id', 'in', produced)
      .execute();
    for (const eventId of produced) {
      const attempts = log.filter((a) => a.event_id === eventId);
      expect(attempts.filter((a) => a.outcome === 'succeeded')).toHaveLength(1);
      const reachable = attempts.filter((a) => a.outcome === 'succeeded' || a.outcome === 'timeout').length;
      expect(receiver.received.filter((r) => r.eventId === eventId).length).toBeLessThanOrEqual(reachable);
    }

    // The log says what happened, in words.
    const attempts = await platform.database.db
      .selectFrom('webhook_delivery_attempt as a')
      .innerJoin('webhook_delivery as d', 'd.id', 'a.delivery_id')
      .select(['a.id', 'a.outcome', 'a.error', 'a.status_code', 'a.probe', 'a.duration_ms', 'a.started_at'])
      .where('d.subscription_id', '=', subscriptionId)
      .execute();
    expect(attempts.some((a) => a.status_code === 503 && a.error === 'HTTP 503 Service Unavailable: HTML page “Down for maintenance” — Back soon')).toBe(true);
    expect(attempts.some((a) => a.outcome === 'network_error' && /Connection refused .*ECONNREFUSED/.test(a.error ?? ''))).toBe(true);
    expect(attempts.some((a) => a.probe && a.outcome === 'succeeded')).toBe(true);
    // Exactly N=3 ordinary failures opened the circuit; after that only probes tried, until one worked.
    const firstProbe = Math.min(...attempts.filter((a) => a.probe).map((a) => a.id));
    const beforeProbe = attempts.filter((a) => a.id < firstProbe).sort((x, y) => x.id - y.id);
    const lastSuccess = Math.max(0, ...beforeProbe.filter((a) => a.outcome === 'succeeded').map((a) => a.id));
    expect(beforeProbe.filter((a) => a.id > lastSuccess)).toHaveLength(3);
    expect(attempts.filter((a) => !a.probe && a.started_at > cooling.from && a.started_at < cooling.until)).toHaveLength(0);
    const detail = await request('GET', `/v1/webhooks/${subscriptionId}/deliveries/${whileDown[0].id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().attemptLog.length).toBeGreaterThanOrEqual(1);
    expect(detail.json().attemptLog[0]).toEqual(expect.objectContaining({ startedAt: expect.any(String), durationMs: expect.any(Number), outcome: expect.any(String) }));
  };

  it('records a timeout with a readable reason', async () => {
    const slow = new WebhookReceiver();
    await slow.start();
    slow.mode = { kind: 'slow', ms: 3000 };
    const created = (await request('POST', '/v1/webhooks', { url: slow.url, eventTypes: ['platform.probe.recorded'] })).json();
    secretsSeen.push(created.secret);
    const eventId = await emitProbe('slow');
    await waitUntil(async () => (await deliveriesOf(created.id)).some((d) => d.eventId === eventId && d.lastError !== null), 10_000, 'a timed-out attempt');
    const [delivery] = (await deliveriesOf(created.id)).filter((d) => d.eventId === eventId);
    expect(delivery.lastError).toBe('Timed out after 1500 ms waiting for the receiver.');
    await request('PATCH', `/v1/webhooks/${created.id}`, { active: false });
    await slow.stop();
  });

  it('rotates the secret: both signatures during the overlap, only the new one after', async () => {
    const oldSecret = receiver.secrets[0];
    // An hour's overlap: the delivery below is signed inside it however slow the machine is (a
    // 4-second one ran out before a loaded CI machine sent it). Its end is then brought forward.
    const rotated = await request('POST', `/v1/webhooks/${subscriptionId}/rotate-secret`, { overlapSeconds: 3600 });
    expect(rotated.statusCode).toBe(200);
    const newSecret = rotated.json().secret as string;
    secretsSeen.push(newSecret);
    expect(rotated.json()).toMatchObject({ previousSecretHint: `whsec_…${oldSecret.slice(-4)}`, secretHint: `whsec_…${newSecret.slice(-4)}` });
    receiver.secrets = [newSecret];

    const during = await emitProbe('during overlap');
    await waitUntil(() => receiver.received.some((r) => r.eventId === during), 10_000, 'delivery during overlap');
    const d = receiver.received.find((r) => r.eventId === during)!;
    expect(d.signature.split(',')).toHaveLength(2);
    const { verifyWebhookSignature } = await import('../../src/modules/webhooks');
    const check = (secret: string, r = d) => verifyWebhookSignature({ secret, deliveryId: r.deliveryId, timestamp: r.timestamp, signature: r.signature, rawBody: r.rawBody }).ok;
    expect(check(oldSecret)).toBe(true);
    expect(check(newSecret)).toBe(true);

    const expiresAt = new Date(rotated.json().previousSecretExpiresAt).getTime();
    expect(expiresAt).toBeGreaterThan(Date.now() + 3000 * 1000);
    // As if the hour had gone by: the sender judges the overlap by the time it sends.
    await platform.database.db.updateTable('webhook_subscription').set({ previous_secret_expires_at: new Date(Date.now() - 1000) }).where('id', '=', subscriptionId).execute();
    const after = await emitProbe('after overlap');
    await waitUntil(() => receiver.received.some((r) => r.eventId === after), 10_000, 'delivery after overlap');
    const a = receiver.received.find((r) => r.eventId === after)!;
    expect(a.signature.split(',')).toHaveLength(1);
    expect(check(oldSecret, a)).toBe(false);
    expect(check(newSecret, a)).toBe(true);
    expect((await subscriptionOf(subscriptionId)).previousSecretHint).toBeNull();
  });

  it('redelivers on request: same delivery id and body, verified again', async () => {
    // The receiver may have answered before the worker wrote the outcome down.
    await waitUntil(async () => (await deliveriesOf(subscriptionId))[0].status === 'succeeded', 10_000, 'latest delivery recorded');
    const [latest] = await deliveriesOf(subscriptionId);
    const count = receiver.received.filter((r) => r.deliveryId === latest.id).length;
    const response = await request('POST', `/v1/webhooks/${subscriptionId}/deliveries/${latest.id}/redeliver`);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ id: latest.id, status: 'pending', attempts: 0 });
    await waitUntil(() => receiver.received.filter((r) => r.deliveryId === latest.id).length === count + 1, 10_000, 'redelivery');
    const again = receiver.received.filter((r) => r.deliveryId === latest.id);
    expect(again.at(-1)!.verified.ok).toBe(true);
    expect(again.at(-1)!.rawBody).toBe(again[0].rawBody);
    await waitUntil(async () => (await deliveriesOf(subscriptionId)).find((x) => x.id === latest.id)?.status === 'succeeded');
    expect((await request('POST', `/v1/webhooks/${subscriptionId}/deliveries/01900000-0000-7000-8000-00000000ffff/redeliver`)).statusCode).toBe(404);
  });

  it('keeps an audit trail and never lets a secret out: not in responses, audit rows, events or logs', async () => {
    const audit = await platform.database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'webhook_subscription').execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['webhooks.subscription.created', 'webhooks.subscription.updated', 'webhooks.subscription.secret_rotated']),
    );
    const everything = [
      JSON.stringify(audit),
      (await request('GET', '/v1/webhooks')).body,
      (await request('GET', `/v1/webhooks/${subscriptionId}/deliveries?limit=500`)).body,
      JSON.stringify(await platform.database.db.selectFrom('outbox_event').select('payload').execute()),
      JSON.stringify(await platform.database.db.selectFrom('webhook_delivery').select(['body', 'last_error']).execute()),
      logLines.join('\n'),
    ].join('\n');
    expect(secretsSeen.length).toBeGreaterThanOrEqual(3);
    expect(logLines.length).toBeGreaterThan(10);
    for (const secret of secretsSeen) expect(everything).not.toContain(secret);

    const deleted = await request('DELETE', `/v1/webhooks/${subscriptionId}`);
    expect(deleted.statusCode).toBe(204);
    expect((await request('GET', `/v1/webhooks/${subscriptionId}`)).statusCode).toBe(404);
  });
});

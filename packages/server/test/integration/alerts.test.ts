import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertSchedulerOf, applyEventRules, registeredAlertChecks } from '../../src/modules/alerts';
import { packEndingCheck } from '../../src/modules/compliance';
import { toPublishedEvent } from '../../src/modules/events/event-types';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { SmtpSink } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitUntil, WebhookReceiver } from '../support/webhook-receiver';
import { formatStoreTime } from '../../src/modules/receipts';

describe('alerts', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let storeId: string;
  const receiver = new WebhookReceiver();
  const smtp = new SmtpSink();
  const mails = smtp.mails;

  beforeAll(async () => {
    await smtp.start();
    server = await startTestServer({
      env: {
        OUTBOX_MAX_ATTEMPTS: '2',
        SMTP_URL: smtp.url,
        ALERT_EMAIL_TO: 'gm@dispensary.test, ops@dispensary.test',
        ALERT_EMAIL_FROM: 'Verdant <alerts@dispensary.test>',
        ALERT_CHECK_INTERVAL_MS: '60000',
        WEBHOOK_POLL_MS: '50',
      },
    });
    // A subscriber that never works: its events end up as dead letters.
    server.platform.deliveries.register({
      name: 'test.always_down',
      eventTypes: ['platform.probe.recorded'],
      async handle() {
        throw new Error('metrc is down');
      },
    });
    owner = await server.login('owner');
    manager = await server.login('manager');
    storeId = (await server.request({ method: 'GET', url: '/v1/stores', cookie: owner })).json().stores[0].id;
    await receiver.start();
    const hook = await server.request({ method: 'POST', url: '/v1/webhooks', cookie: owner, body: { url: receiver.url, eventTypes: ['alerts.*'] } });
    receiver.secrets = [hook.json().secret];
  });

  afterAll(async () => {
    await receiver.stop();
    await server?.close();
    await smtp.stop();
  });

  /** Stands in for the inventory module: commits one event. */
  const emit = (type: string, aggregateId: string, payload: Record<string, unknown>) =>
    inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) =>
      uow.emit({ type, aggregateType: 'sku', aggregateId, storeId, payload }),
    );

  const alerts = async (query = '') => (await server.request({ method: 'GET', url: `/v1/alerts${query}`, cookie: manager })).json().alerts as Array<Record<string, any>>;

  it('turns a low-stock event into one alert; a repeat counts an occurrence, a redelivered event counts nothing', async () => {
    await emit('inventory.stock.low', 'sku-1', { skuId: 'sku-1', available: 2 });
    await waitUntil(async () => (await alerts('?kind=low_stock')).length === 1, 10_000, 'low stock alert');
    await emit('inventory.stock.low', 'sku-1', { skuId: 'sku-1', available: 1 });
    await waitUntil(async () => (await alerts('?kind=low_stock'))[0].occurrences === 2, 10_000, 'second occurrence');

    // The same event handled again (at-least-once delivery) changes nothing.
    const row = await server.platform.database.db.selectFrom('outbox_event').selectAll().where('type', '=', 'inventory.stock.low').orderBy('id').limit(1).executeTakeFirstOrThrow();
    expect(await applyEventRules(server.platform, toPublishedEvent(row))).toBe(0);
    const [alert] = await alerts('?kind=low_stock');
    expect(alert).toMatchObject({ occurrences: 2, status: 'open', severity: 'warning', title: 'Low stock', storeId, ruleKey: 'inventory.low_stock', sourceEventType: 'inventory.stock.low' });
    expect(await alerts('?kind=low_stock&status=resolved')).toHaveLength(0);
  });

  it('raises alerts for drift and receiving discrepancies, delivers them by signed webhook and by e-mail', async () => {
    // A drift is an inventory alert of kind drift (inventory.alert.raised), as reconciliation raises it.
    await emit('inventory.alert.raised', 'drift-7', { kind: 'drift', message: 'Inventory drift detected', details: { packageId: 'pkg-7', ledger: 10, counter: 9 } });
    await emit('inventory.receiving.discrepancy', 'manifest-3', { manifestId: 'manifest-3', expected: 12, received: 10 });
    await waitUntil(async () => (await alerts()).some((a) => a.kind === 'inventory_drift') && (await alerts()).some((a) => a.kind === 'receiving_discrepancy'), 10_000, 'alerts');
    const drift = (await alerts()).find((a) => a.kind === 'inventory_drift')!;
    expect(drift).toMatchObject({ severity: 'warning', title: 'Inventory drift detected', details: { payload: { details: { packageId: 'pkg-7' } } } });

    await waitUntil(() => receiver.received.some((r) => r.body.type === 'alerts.alert.raised' && (r.body.data as { id: string }).id === drift.id), 10_000, 'alert webhook');
    const delivered = receiver.received.find((r) => (r.body.data as { id: string }).id === drift.id)!;
    expect(delivered.verified.ok).toBe(true);
    expect(delivered.body.data).toMatchObject({ kind: 'inventory_drift', severity: 'warning', title: 'Inventory drift detected' });

    await waitUntil(() => mails.some((m) => m.raw.includes(`alert-${drift.id}@verdant`)), 10_000, 'alert e-mail');
    const mail = mails.find((m) => m.raw.includes(`alert-${drift.id}@verdant`))!;
    expect(mail.to).toEqual(['gm@dispensary.test', 'ops@dispensary.test']);
    expect(mail.from).toBe('alerts@dispensary.test');
    expect(mail.raw).toContain('Subject: [Verdant warning] Inventory drift detected');
    expect(mail.raw).toContain(drift.id);
    // When it was raised, on the store's clocks (the demo's first store is in California).
    const zone = (await server.platform.database.db.selectFrom('store').select('timezone').where('id', '=', storeId).executeTakeFirstOrThrow()).timezone;
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(`Raised:   ${formatStoreTime(drift.firstSeenAt, zone)} (${drift.firstSeenAt})`); // soft line breaks undone
    expect(formatStoreTime(drift.firstSeenAt, zone)).toMatch(/ P[SD]T$/);
    // The sender writes emailed_at once the mail server has taken the mail, just after the sink saw it.
    const emailedAt = async () => (await server.platform.database.db.selectFrom('alert').select('emailed_at').where('id', '=', drift.id).executeTakeFirstOrThrow()).emailed_at;
    await waitUntil(async () => (await emailedAt()) !== null, 10_000, 'the alert marked e-mailed');
    // One e-mail per alert, whatever the retries.
    await new Promise((r) => setTimeout(r, 300));
    expect(mails.filter((m) => m.raw.includes(`alert-${drift.id}@verdant`))).toHaveLength(1);
  });

  it('acknowledges and resolves with alerts:manage; a resolved condition that returns is a new alert', async () => {
    const [alert] = await alerts('?kind=low_stock');
    const auditor = await server.login('auditor');
    expect((await server.request({ method: 'GET', url: '/v1/alerts', cookie: auditor })).statusCode).toBe(200);
    expect((await server.request({ method: 'POST', url: `/v1/alerts/${alert.id}/acknowledge`, cookie: auditor, body: {} })).statusCode).toBe(403);
    const budtender = await server.login('budtender');
    expect((await server.request({ method: 'GET', url: '/v1/alerts', cookie: budtender })).statusCode).toBe(403);

    const ack = await server.request({ method: 'POST', url: `/v1/alerts/${alert.id}/acknowledge`, cookie: manager, body: { note: 'Reorder placed' } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: expect.stringMatching(/^staff:/) });
    expect((await server.request({ method: 'POST', url: `/v1/alerts/${alert.id}/acknowledge`, cookie: manager, body: {} })).json().error.code).toBe('ALERT_ALREADY_ACKNOWLEDGED');
    // Still unresolved: a repeat counts on the acknowledged alert.
    await emit('inventory.stock.low', 'sku-1', { skuId: 'sku-1', available: 0 });
    await waitUntil(async () => (await alerts('?kind=low_stock'))[0].occurrences === 3, 10_000, 'third occurrence');

    // A POST with no body at all (no note) resolves as one with an empty body does.
    const resolved = await server.request({ method: 'POST', url: `/v1/alerts/${alert.id}/resolve`, cookie: manager });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    expect((await server.request({ method: 'POST', url: `/v1/alerts/${alert.id}/resolve`, cookie: manager, body: {} })).statusCode).toBe(409);
    await emit('inventory.stock.low', 'sku-1', { skuId: 'sku-1', available: 0 });
    await waitUntil(async () => (await alerts('?kind=low_stock&status=open')).length === 1, 10_000, 'a new alert');
    expect((await alerts('?kind=low_stock&status=open'))[0].id).not.toBe(alert.id);

    const audit = await server.platform.database.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', alert.id).execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'alerts.alert.acknowledged', reason: 'Reorder placed' }, { action: 'alerts.alert.resolved', reason: null }]));
  });

  it('raises an alert for a dead letter, once', async () => {
    await server.request({ method: 'POST', url: '/v1/diagnostics/probe', cookie: owner, body: { note: 'nobody hears this' } });
    await waitUntil(async () => {
      const dead = await server.request({ method: 'GET', url: '/v1/events/dead-letters?subscriber=test.always_down', cookie: owner });
      return dead.json().deadLetters.length === 1;
    }, 10_000, 'a dead letter');
    const scheduler = alertSchedulerOf(server.platform)!;
    await scheduler.runNow();
    await scheduler.runNow();
    await waitUntil(async () => (await alerts('?kind=dead_letter')).length === 1, 10_000, 'dead letter alert');
    const [alert] = await alerts('?kind=dead_letter');
    expect(alert).toMatchObject({ severity: 'critical', occurrences: 1, title: 'Deliveries to test.always_down gave up after 2 tries', details: { subscriber: 'test.always_down', lastError: 'metrc is down' } });

    // An alert of no one store concerns every store: a manager limited to one store sees it, but
    // only staff of every store may acknowledge or resolve it (else it leaves the owner's open list).
    const email = `one-store-manager-${Date.now()}@demo.verdant.test`;
    const hired = await server.request({ method: 'POST', url: '/v1/staff', cookie: owner, body: { email, name: 'One Store Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [storeId] } });
    expect(hired.statusCode, hired.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    const oneStore = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    const seen = (await server.request({ method: 'GET', url: '/v1/alerts?kind=dead_letter', cookie: oneStore })).json().alerts;
    expect(seen.map((a: { id: string }) => a.id)).toEqual([alert.id]);
    for (const action of ['acknowledge', 'resolve']) {
      const refused = await server.request({ method: 'POST', url: `/v1/alerts/${alert.id}/${action}`, cookie: oneStore, body: {} });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error.code).toBe('STORE_NOT_ALLOWED');
    }
    expect((await alerts('?kind=dead_letter'))[0]).toMatchObject({ id: alert.id, status: 'open' });
  });

  it('lets an organization replace a built-in rule, and refuses bad rules and ids', async () => {
    const put = await server.request({
      method: 'PUT',
      url: '/v1/alerts/rules/inventory.low_stock',
      cookie: manager,
      body: { ruleType: 'event', eventPattern: 'inventory.stock.low', kind: 'low_stock', severity: 'critical', titleTemplate: 'Only {{payload.available}} left of {{payload.skuId}}', dedupeTemplate: 'low:{{aggregateId}}' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ key: 'inventory.low_stock', builtIn: false, severity: 'critical' });
    const rules = (await server.request({ method: 'GET', url: '/v1/alerts/rules', cookie: manager })).json().rules;
    expect(rules.filter((r: { key: string }) => r.key === 'inventory.low_stock')).toHaveLength(1);
    expect(rules.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining(['outbox.dead_letters', 'traceability.report_failed', 'traceability.report_queued', 'inventory.alert']));
    await emit('inventory.stock.low', 'sku-2', { skuId: 'sku-2', available: 3 });
    await waitUntil(async () => (await alerts('?kind=low_stock')).some((a) => a.title === 'Only 3 left of sku-2'), 10_000, 'custom rule alert');

    const bad: Array<[string, unknown, string]> = [
      ['/v1/alerts/rules/x1', { ruleType: 'event', eventPattern: 'inventory*', kind: 'k', severity: 'info', titleTemplate: 't', dedupeTemplate: 'd' }, 'ALERT_RULE_INVALID'],
      ['/v1/alerts/rules/x1', { ruleType: 'event', eventPattern: 'alerts.alert.raised', kind: 'k', severity: 'info', titleTemplate: 't', dedupeTemplate: 'd' }, 'ALERT_RULE_INVALID'],
      ['/v1/alerts/rules/x1', { ruleType: 'queue_age', kind: 'k', severity: 'info', titleTemplate: 't', dedupeTemplate: 'd' }, 'ALERT_RULE_INVALID'],
      // A check no module registers (a typo): the rule would never run.
      ['/v1/alerts/rules/x1', { ruleType: 'queue_age', source: 'traceability.report', thresholdMinutes: 30, kind: 'k', severity: 'info', titleTemplate: 't', dedupeTemplate: 'd' }, 'ALERT_RULE_INVALID'],
      ['/v1/alerts/rules/x1', { ruleType: 'event', eventPattern: 'a.b', kind: 'k', severity: 'info', titleTemplate: 'Hi {{payload name}}', dedupeTemplate: 'd' }, 'ALERT_RULE_INVALID'],
      ['/v1/alerts/rules/x1', { ruleType: 'event', eventPattern: 'a.b', kind: 'k', severity: 'loud', titleTemplate: 't', dedupeTemplate: 'd' }, 'VALIDATION_FAILED'],
      ['/v1/alerts/rules/Bad Key', { ruleType: 'event', eventPattern: 'a.b', kind: 'k', severity: 'info', titleTemplate: 't', dedupeTemplate: 'd' }, 'VALIDATION_FAILED'],
    ];
    for (const [url, body, code] of bad) {
      const response = await server.request({ method: 'PUT', url, cookie: manager, body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe(code);
      if ((body as { source?: string }).source) {
        expect(response.json().error.details).toEqual([{ path: ['body', 'source'], message: expect.stringContaining('traceability.reports') }]);
      }
    }
    const count = await server.platform.database.db.selectFrom('alert_rule').select('key').where('key', 'like', 'x1%').execute();
    expect(count).toHaveLength(0);
    expect((await server.request({ method: 'GET', url: '/v1/alerts/not-an-id', cookie: manager })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await server.request({ method: 'POST', url: '/v1/alerts/01900000-0000-7000-8000-00000000ffff/resolve', cookie: manager, body: {} })).statusCode).toBe(404);
    expect((await server.request({ method: 'GET', url: '/v1/alerts?status=sleeping', cookie: manager })).statusCode).toBe(400);
  });

  it('a store whose jurisdiction pack ends within the rule’s lead time is warned, on the store’s calendar, before its sales are refused', async () => {
    const db = server.platform.database.db;
    const rule = await db.selectFrom('alert_rule').selectAll().where('key', '=', 'compliance.pack_ending').where('organization_id', 'is', null).executeTakeFirstOrThrow();
    expect(rule).toMatchObject({ rule_type: 'queue_age', source: 'compliance.packs', threshold_minutes: 86_400, severity: 'warning', active: true });
    expect(registeredAlertChecks()).toContain('compliance.packs');
    const stores = await db.selectFrom('store').select(['id', 'name', 'jurisdiction']).where('organization_id', '=', server.organizationId).execute();
    const california = stores.filter((s) => s.jurisdiction === 'US-CA');
    expect(california.length).toBeGreaterThan(0);
    const check = (at: string) => packEndingCheck(() => new Date(at))({ db, thresholdMinutes: rule.threshold_minutes!, organizationId: server.organizationId });

    // The California pack's last day is 2028-06-30 (AB 564's window); the other demo packs are open-ended.
    expect(await check('2028-04-30T19:00:00Z')).toEqual([]); // 61 days ahead: not yet
    const warned = await check('2028-05-15T19:00:00Z');
    expect(warned.map((f) => f.storeId).sort()).toEqual(california.map((s) => s.id).sort());
    expect(warned[0]).toMatchObject({ key: `pack_ending:${warned[0].storeId}`, details: { jurisdiction: 'US-CA', lastDay: '2028-06-30', refusedFrom: '2028-07-01', daysLeft: 46 } });
    expect(warned[0].title).toMatch(/^The California rules end on 2028-06-30 \(in 46 days\): from 2028-07-01 sales at .+ are refused until Verdant is updated/);
    // Counted on the store's calendar: 06:30 UTC on the last day is still the evening before in California.
    expect((await check('2028-06-30T06:30:00Z'))[0].details).toMatchObject({ daysLeft: 1 });
    expect((await check('2028-06-30T08:00:00Z'))[0].title).toContain('(today)');
    expect((await check('2028-07-02T20:00:00Z'))[0].title).toMatch(/^The California rules ended on 2028-06-30/);
  });
});

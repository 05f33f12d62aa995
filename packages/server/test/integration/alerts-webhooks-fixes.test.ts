// An organization's rule replaces the built-in rule of its key whatever either rule's type, and a
// webhook URL is kept as it is requested (normalized), so what the URL parser accepts the table
// holds: no 500 for `http:db`, and a URL that normalizing lengthens past 2000 characters is a 400.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEventRules, registerAlertCheck, runAlertChecks } from '../../src/modules/alerts';
import { deadLettersCheck } from '../../src/modules/alerts/alerts.checks';
import { toPublishedEvent } from '../../src/modules/events/event-types';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { startTestServer, type TestServer } from '../support/test-server';

describe('alert rules replaced across types; webhook URLs as stored', () => {
  let server: TestServer;
  let owner: string;

  const db = () => server.platform.database.db;
  const send = (method: string, url: string, body?: unknown) => server.request({ method, url, cookie: owner, body });

  /** Commits one event and hands it to the event rules, as the alerts subscriber would. */
  async function publish(type: string, payload: Record<string, unknown>): Promise<{ eventId: string; raised: number }> {
    const aggregateId = uuidv7();
    await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) => uow.emit({ type, aggregateType: 'package', aggregateId, storeId: null, payload }));
    const row = await db().selectFrom('outbox_event').selectAll().where('aggregate_id', '=', aggregateId).executeTakeFirstOrThrow();
    return { eventId: row.event_id, raised: await applyEventRules(server.platform, toPublishedEvent(row)) };
  }
  const alertsFrom = (eventId: string) => db().selectFrom('alert').select(['rule_key', 'kind']).where('source_event_id', '=', eventId).execute();

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
  });
  afterAll(() => server?.close());

  it('a queue_age rule put under a built-in event rule’s key retires that event rule for the organization', async () => {
    const discrepancy = await publish('inventory.receiving.discrepancy', { manifestId: 'm-1', expected: 10, received: 9 });
    expect(await alertsFrom(discrepancy.eventId)).toEqual([{ rule_key: 'inventory.receiving_discrepancy', kind: 'receiving_discrepancy' }]);

    const put = await send('PUT', '/v1/alerts/rules/inventory.receiving_discrepancy', {
      ruleType: 'queue_age',
      source: 'outbox.dead_letters',
      thresholdMinutes: 525600,
      kind: 'discrepancy_queue',
      severity: 'info',
      titleTemplate: '{{title}}',
      dedupeTemplate: '{{key}}',
    });
    expect(put.statusCode, put.body).toBe(200);
    const rules = (await send('GET', '/v1/alerts/rules')).json().rules as Array<{ key: string; builtIn: boolean; ruleType: string }>;
    expect(rules.filter((r) => r.key === 'inventory.receiving_discrepancy')).toEqual([expect.objectContaining({ builtIn: false, ruleType: 'queue_age' })]);

    const after = await publish('inventory.receiving.discrepancy', { manifestId: 'm-2', expected: 10, received: 8 });
    expect(after.raised).toBe(0);
    expect(await alertsFrom(after.eventId)).toEqual([]);
    // The other built-in event rules still apply.
    const low = await publish('inventory.stock.low', { skuId: 'sku-1', available: 1 });
    expect(await alertsFrom(low.eventId)).toEqual([{ rule_key: 'inventory.low_stock', kind: 'low_stock' }]);
  });

  it('an event rule put under a built-in queue check’s key retires that check for the organization', async () => {
    // The dead-letter check, answering one new finding of this organization each time it runs.
    registerAlertCheck('outbox.dead_letters', async () => [{ organizationId: server.organizationId, key: 'stuck', triggerKey: `dead:${uuidv7()}`, title: 'A delivery gave up' }]);
    const raised = () => db().selectFrom('alert_trigger').select('trigger_key').where('organization_id', '=', server.organizationId).where('trigger_key', 'like', 'outbox.dead_letters:dead:%').execute();
    try {
      await runAlertChecks(server.platform);
      expect(await raised()).toHaveLength(1);

      const put = await send('PUT', '/v1/alerts/rules/outbox.dead_letters', { ruleType: 'event', eventPattern: 'outbox.delivery.dead', kind: 'dead_letter', severity: 'warning', titleTemplate: 'Dead letter', dedupeTemplate: 'dead:{{aggregateId}}' });
      expect(put.statusCode, put.body).toBe(200);
      await runAlertChecks(server.platform);
      expect(await raised()).toHaveLength(1);
    } finally {
      // The check is process-wide: the files after this one get the real one back.
      registerAlertCheck('outbox.dead_letters', deadLettersCheck);
    }
  });

  it('keeps a webhook URL normalized: `http:db` is http://db/ on create and on change', async () => {
    const created = await send('POST', '/v1/webhooks', { url: 'http:db', eventTypes: ['orders.*'], active: false });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().url).toBe('http://db/');
    const id = created.json().id as string;
    expect((await db().selectFrom('webhook_subscription').select('url').where('id', '=', id).executeTakeFirstOrThrow()).url).toBe('http://db/');

    const changed = await send('PATCH', `/v1/webhooks/${id}`, { url: 'https:x' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().url).toBe('https://x/');
  });

  it('refuses a URL that normalizing makes longer than the table holds: 400 WEBHOOK_URL_INVALID at body.url, nothing stored', async () => {
    const long = `https://example.com/${'é'.repeat(1000)}`; // 1020 characters typed, 6020 percent-encoded
    const before = await db().selectFrom('webhook_subscription').selectAll().orderBy('id').execute();
    const created = await send('POST', '/v1/webhooks', { url: long, eventTypes: ['orders.*'] });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json().error).toMatchObject({ code: 'WEBHOOK_URL_INVALID', details: [{ path: ['body', 'url'] }] });

    const hook = await send('POST', '/v1/webhooks', { url: 'https://example.com/kept', eventTypes: ['orders.*'], active: false });
    expect(hook.statusCode, hook.body).toBe(201);
    const id = hook.json().id as string;
    const snapshot = () => db().selectFrom('webhook_subscription').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const kept = await snapshot();
    const changed = await send('PATCH', `/v1/webhooks/${id}`, { url: long });
    expect(changed.statusCode, changed.body).toBe(400);
    expect(changed.json().error).toMatchObject({ code: 'WEBHOOK_URL_INVALID', details: [{ path: ['body', 'url'] }] });
    expect(await snapshot()).toEqual(kept);
    expect((await db().selectFrom('webhook_subscription').selectAll().where('id', '!=', id).orderBy('id').execute()).length).toBe(before.length);
  });

  it('the same endpoint written differently is not a new endpoint: its open circuit stays open', async () => {
    const hook = await send('POST', '/v1/webhooks', { url: 'https://receiver.example.com/hooks', eventTypes: ['orders.*'], active: false });
    expect(hook.statusCode, hook.body).toBe(201);
    const id = hook.json().id as string;
    await sql`update webhook_subscription set circuit_state = 'open', consecutive_failures = 5, circuit_opened_at = now(), circuit_retry_at = now() + interval '1 minute' where id = ${id}`.execute(db());

    const same = await send('PATCH', `/v1/webhooks/${id}`, { url: 'HTTPS://Receiver.Example.COM:443/hooks' });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ url: 'https://receiver.example.com/hooks', circuit: { state: 'open', consecutiveFailures: 5 } });

    const moved = await send('PATCH', `/v1/webhooks/${id}`, { url: 'https://receiver.example.com/hooks/v2' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ url: 'https://receiver.example.com/hooks/v2', circuit: { state: 'closed', consecutiveFailures: 0 } });
  });
});

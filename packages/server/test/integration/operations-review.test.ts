// Operations: alerts (rules, checks, e-mail), backups and stores, as an owner, a manager of one
// store and the operator find them.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/db/database';
import { applyEventRules, registerAlertCheck, runAlertChecks } from '../../src/modules/alerts';
import { deadLettersCheck } from '../../src/modules/alerts/alerts.checks';
import { toPublishedEvent } from '../../src/modules/events/event-types';
import { restoreBackup, writeBackup } from '../../src/platform/backups';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { copyDir } from '../support/global-setup';
import { demoStores, newLabel, receivePackages } from '../support/inventory-fixtures';
import { testDbKind } from '../support/test-database';
import { startTestServer, type TestServer } from '../support/test-server';

describe('operations review', () => {
  let server: TestServer;
  let owner: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  /** A manager limited to one store, signed in. */
  async function oneStoreManager(storeId: string): Promise<string> {
    const email = `one-store-${randomUUID().slice(0, 8)}@demo.verdant.test`;
    const hired = await server.request({ method: 'POST', url: '/v1/staff', cookie: owner, body: { email, name: 'One Store Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [storeId] } });
    expect(hired.statusCode, hired.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    return `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  }

  /** Hands every event committed after `afterId` to the event rules, as the alerts subscriber would. */
  async function applyRulesSince(afterId: number): Promise<void> {
    const rows = await db().selectFrom('outbox_event').selectAll().where('id', '>', afterId as never).orderBy('id').execute();
    for (const row of rows) await applyEventRules(server.platform, toPublishedEvent(row));
  }
  const lastEventId = async () => Number((await sql<{ id: string | null }>`select max(id)::text as id from outbox_event`.execute(db())).rows[0]?.id ?? 0);

  it('dead letters of every store make an alert of every store: each store’s manager sees it, only staff of every store settle it', async () => {
    registerAlertCheck('outbox.dead_letters', deadLettersCheck); // the real check, whatever a test before replaced it with
    const subscriber = `review.down.${randomUUID().slice(0, 8)}`;
    // One delivery that gave up for an event of each store.
    for (const storeId of [stores.oakland, stores.berkeley]) {
      const aggregateId = uuidv7();
      await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) => uow.emit({ type: 'platform.probe.recorded', aggregateType: 'probe', aggregateId, storeId, payload: {} }));
      const event = await db().selectFrom('outbox_event').select('id').where('aggregate_id', '=', aggregateId).executeTakeFirstOrThrow();
      await db().insertInto('outbox_delivery').values({ event_id: event.id, subscriber, status: 'dead', attempts: 8, last_error: 'receiver is down' } as never).execute();
    }
    await runAlertChecks(server.platform);
    const rows = await db().selectFrom('alert').selectAll().where('organization_id', '=', server.organizationId).where('dedupe_key', '=', `dead_letter:${subscriber}`).execute();
    expect(rows).toHaveLength(1);
    const [alert] = rows;

    const berkeley = await oneStoreManager(stores.berkeley);
    const seen = await server.request({ method: 'GET', url: `/v1/alerts?kind=dead_letter`, cookie: berkeley });
    expect(seen.json().alerts.map((a: { id: string }) => a.id)).toContain(alert.id);

    const oakland = await oneStoreManager(stores.oakland);
    const settled = await server.request({ method: 'POST', url: `/v1/alerts/${alert.id}/resolve`, cookie: oakland, body: {} });
    expect(settled.statusCode, settled.body).toBe(403);
    expect(settled.json().error.code).toBe('STORE_NOT_ALLOWED');
    expect((await db().selectFrom('alert').select('status').where('id', '=', alert.id).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('a new dead letter raises its alert however many older ones stay dead', async () => {
    registerAlertCheck('outbox.dead_letters', deadLettersCheck);
    // A long outage left 1,000 dead letters, alerted on long ago and never retried.
    const old = `review.old.${randomUUID().slice(0, 8)}`;
    await sql`
      with events as (
        insert into outbox_event (event_id, type, organization_id, aggregate_type, aggregate_id, payload)
        select gen_random_uuid(), 'platform.probe.recorded', ${server.organizationId}::uuid, 'probe', g::text, '{}'::jsonb from generate_series(1, 1000) g
        returning id
      ), dead as (
        insert into outbox_delivery (event_id, subscriber, status, attempts, updated_at)
        select id, ${old}, 'dead', 8, date_trunc('second', now()) - interval '1 day' from events
        returning id, updated_at
      )
      insert into alert_trigger (organization_id, trigger_key, alert_id)
      select ${server.organizationId}::uuid, 'outbox.dead_letters:dead_letter:' || id || ':' || floor(extract(epoch from updated_at) * 1000)::bigint, gen_random_uuid() from dead`.execute(db());
    expect(await runAlertChecks(server.platform)).toBe(0);

    const subscriber = `review.new.${randomUUID().slice(0, 8)}`;
    const aggregateId = uuidv7();
    await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) => uow.emit({ type: 'platform.probe.recorded', aggregateType: 'probe', aggregateId, storeId: null, payload: {} }));
    const event = await db().selectFrom('outbox_event').select('id').where('aggregate_id', '=', aggregateId).executeTakeFirstOrThrow();
    await db().insertInto('outbox_delivery').values({ event_id: event.id, subscriber, status: 'dead', attempts: 8, last_error: 'receiver is down' } as never).execute();
    expect(await runAlertChecks(server.platform)).toBe(1);
    expect(await db().selectFrom('alert').select('status').where('organization_id', '=', server.organizationId).where('dedupe_key', '=', `dead_letter:${subscriber}`).execute()).toEqual([{ status: 'open' }]);
  });

  it('one drift found by reconciliation raises one alert, not two', async () => {
    const inventory = await server.login('inventory');
    const label = newLabel();
    await receivePackages(server, inventory, stores.oakland, [{ label, skuId: randomUUID(), quantity: 8, locationCode: 'vault' }]);
    const since = await lastEventId();
    await sql`update inventory_stock set on_hand = on_hand - 1 where package_id = (select id from inventory_package where label = ${label})`.execute(db());
    const found = await server.request({ method: 'POST', url: '/v1/inventory/reconciliations', cookie: owner });
    expect(found.json().drifts).toEqual([expect.objectContaining({ storeId: stores.oakland, counterOnHand: 7, ledgerOnHand: 8 })]);
    await applyRulesSince(since);
    const raised = () => db().selectFrom('alert').select(['id', 'kind', 'status']).where('organization_id', '=', server.organizationId).where('kind', '=', 'inventory_drift').where('first_seen_at', '>=', new Date(Date.now() - 60_000)).execute();
    expect(await raised()).toEqual([expect.objectContaining({ status: 'open' })]);
    // Put right, the drift's one alert ends with it.
    await sql`update inventory_stock set on_hand = on_hand + 1 where package_id = (select id from inventory_package where label = ${label})`.execute(db());
    const again = await lastEventId();
    expect((await server.request({ method: 'POST', url: '/v1/inventory/reconciliations', cookie: owner })).json().drifts).toEqual([]);
    await applyRulesSince(again);
    expect(await raised()).toEqual([expect.objectContaining({ status: 'resolved' })]);
  });

  it.skipIf(testDbKind !== 'pglite')('a restored backup keeps the key files readable by their owner only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'verdant-restore-modes-'));
    try {
      const dataDir = join(root, 'data');
      copyDir(inject('pgliteTemplateDir'), dataDir);
      const database = await openDatabase({ dataDir });
      mkdirSync(join(dataDir, 'verdant-secrets'), { recursive: true, mode: 0o700 });
      writeFileSync(join(dataDir, 'verdant-secrets', 'customer-data.key'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
      chmodSync(join(dataDir, 'verdant-secrets', 'customer-data.key'), 0o600);
      const backup = await writeBackup(database, join(root, 'backups'));
      await database.close();

      const restored = join(root, 'restored');
      await restoreBackup(backup.file, restored);
      const secrets = join(restored, 'verdant-secrets');
      expect(readdirSync(secrets)).toEqual(['customer-data.key']);
      expect(statSync(secrets).mode & 0o777).toBe(0o700);
      expect(statSync(join(secrets, 'customer-data.key')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

// Review of reports, the event stream and the outbox's delivery worker: each test here failed on
// the code it was written against.
// - The sales report's cash rounding left out what refunds gave back of it (a voided cash sale
//   at a rounding store showed the sale's rounding on a day whose drawer netted none).
// - A stream resuming with Last-Event-ID read every event of each 10,000-seq window to keep a
//   store's one type: the replay's filter now has an index, shown here by EXPLAIN.
// - A `verdant` command (create-user, migrate, audit verify…) opened the embedded database of a
//   running server: PGlite keeps no lock, and whichever process closed last wrote its pages over
//   the other's (seen by hand: a user made by create-user next to the server, and after the
//   server stopped one of the two audit rows it had written was gone).
// - A signed-in event stream went on for as long as its connection held, after its staff member
//   was deactivated (or signed out, or moved to other stores).
// - A stream resumed with a Last-Event-ID past the database's last event (a client of the
//   database before a restore) sent nothing until the new numbers passed the old ones.
// - `verdant create-user --organization <not an organization>` (and the imports) wrote with the id
//   as given and failed with a database error and its stack (invalid uuid, foreign key).
// - `verdant restore` of a backup cut short failed with zlib's "unexpected end of file" (and an
//   unhandled rejection of it), not saying the backup was damaged.
// - A delivery worker whose claim had run out (a slow receiver) recorded its outcome over the
//   worker that took the delivery over (a delivered event dead-lettered), and handled the rest of
//   its batch although their claims had been taken over too (sent twice).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { CompiledQuery, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDispatcherOptions, dispatchDueDeliveries } from '../../src/modules/events/delivery-dispatcher';
import { replayQuery } from '../../src/modules/events/event-feed';
import type { PublishedEvent, Subscriber } from '../../src/modules/events/event-types';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { dataDirHolder, holdDataDir } from '../../src/cli/data-dir-lock';
import { restoreBackup, SERVER_LOCK_FILE } from '../../src/platform/backups';
import { testDbKind } from '../support/test-database';
import { startTestServer, type TestServer } from '../support/test-server';

const run = promisify(execFile);
const serverRoot = fileURLToPath(new URL('../..', import.meta.url));
const UNIT = 25;
const FLOAT = 20_000;
const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' } as const;

describe('reports, event stream and deliveries: review', () => {
  let server: TestServer;
  let manager: string;
  let flower: CheckoutFixture; // HH-BD-35: 3 units are 16651¢ at Oakland, 16650¢ in cash at a 25¢ unit
  let battery: CheckoutFixture; // VS-BATT-510: 3 units are 6435¢, 6425¢ in cash

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    flower = await stockedSku(db(), server.organizationId, { quantity: 20 });
    battery = await stockedSku(db(), server.organizationId, { code: 'VS-BATT-510', quantity: 20 });
    const settings = await call('PUT', `/v1/stores/${flower.storeId}/payment-settings`, { cashRoundingCents: UNIT });
    expect(settings.statusCode, settings.body).toBe(200);
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;
  let baseUrl: string | undefined;
  /** The server listening on a port (SSE needs a real socket), once for the file. */
  async function listening(): Promise<string> {
    if (!baseUrl) {
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const address = server.app.server.address();
      baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    }
    return baseUrl;
  }
  const call = (method: string, url: string, body?: unknown) => server.request({ method, url, cookie: manager, ...(body !== undefined ? { body } : {}) });
  const post = (url: string, body: unknown) => call('POST', url, body);

  async function cashSale(drawer: string, fx: CheckoutFixture, quantity: number): Promise<{ id: string; totalCents: number }> {
    const sale = await post(`/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customer: walkIn, registerSessionId: drawer, lines: [{ skuId: fx.skuId, quantity }], tenders: [{ kind: 'cash' }] });
    expect(sale.statusCode, sale.body).toBe(201);
    return sale.json().order;
  }

  it('the sales report’s cash rounding counts what cash refunds gave back of it, so it reconciles with the drawer', async () => {
    const register = await post(`/v1/stores/${flower.storeId}/registers`, { name: `Review till ${uuidv7().slice(-6)}` });
    expect(register.statusCode, register.body).toBe(201);
    const opened = await post(`/v1/registers/${register.json().id}/sessions`, { float: { totalCents: FLOAT } });
    expect(opened.statusCode, opened.body).toBe(201);
    const drawer: string = opened.json().id;

    // 16651¢ kept as 16650¢ (−1¢), then voided: the drawer gives back 16650¢ (+1¢ on the refund).
    const voided = await cashSale(drawer, flower, 3);
    expect(voided.totalCents).toBe(16651);
    const voidAnswer = await post(`/v1/orders/${voided.id}/void`, { reason: 'Rang the wrong item', registerSessionId: drawer });
    expect(voidAnswer.statusCode, voidAnswer.body).toBe(201);
    expect(voidAnswer.json().refunds).toEqual([expect.objectContaining({ amountCents: 16651, cashOutCents: 16650 })]);
    // 6435¢ kept as 6425¢ (−10¢); one unit returned: 2145¢ refunded, 2150¢ handed back (−5¢).
    const kept = await cashSale(drawer, battery, 3);
    expect(kept.totalCents).toBe(6435);
    const returned = await post(`/v1/orders/${kept.id}/returns`, {
      lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }],
      reason: 'Did not fit',
      refundTo: 'original',
      registerSessionId: drawer,
    });
    expect(returned.statusCode, returned.body).toBe(201);
    expect(returned.json().refunds).toEqual([expect.objectContaining({ amountCents: 2145, cashOutCents: 2150 })]);

    const store = await db().selectFrom('store').select('timezone').where('id', '=', flower.storeId).executeTakeFirstOrThrow();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: store.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const report = await call('GET', `/v1/stores/${flower.storeId}/reports/sales?from=${today}&to=${today}`);
    expect(report.statusCode, report.body).toBe(200);
    type Figures = { cashRoundingCents: number; tenders: Array<{ method: string; amountCents: number }>; refundsByMethod: Array<{ method: string; amountCents: number }> };
    const totals: Figures = report.json().totals;
    // −1 + 1 for the voided sale, −10 − 5 for the one partly returned.
    expect(totals.cashRoundingCents).toBe(-15);

    // What the report says went through the drawers is what this drawer expects (the only one used today).
    const cash = (list: Array<{ method: string; amountCents: number }>) => list.find((t) => t.method === 'cash')?.amountCents ?? 0;
    const session = (await call('GET', `/v1/register-sessions/${drawer}`)).json() as { expectedCents: number };
    expect(cash(totals.tenders) + totals.cashRoundingCents - cash(totals.refundsByMethod)).toBe(session.expectedCents - FLOAT);
    // The day's row says the same as the totals, and the CSV carries it.
    expect(report.json().days[0].cashRoundingCents).toBe(-15);
    const csv = await call('GET', `/v1/stores/${flower.storeId}/reports/sales.csv?from=${today}&to=${today}`);
    const [header, row] = csv.body.trim().split('\n').map((line) => line.split(','));
    expect(row[header.indexOf('cash_rounding')]).toBe('-0.15');
  });

  it('a menu resuming its stream reads the outbox through the replay index: only the store’s events of that type, not every event of the window', async () => {
    const stores = await db().selectFrom('store').select('id').where('organization_id', '=', server.organizationId).orderBy('id').execute();
    const ours = stores[0].id;
    const BASE = 1_000_000_000; // far above the sequencer's own numbers; rolled back below
    class RolledBack extends Error {}
    let plan = { text: '', count: 0 };
    await db()
      .transaction()
      .execute(async (trx) => {
        // 20,000 published events over two organizations, three stores and eight types.
        await sql`
          insert into outbox_event (event_id, type, organization_id, store_id, aggregate_type, aggregate_id, payload, published_seq, published_at)
          select gen_random_uuid(),
                 (array['inventory.availability.changed', 'inventory.stock.changed', 'orders.order.placed', 'orders.order.completed',
                        'payments.payment.captured', 'customers.customer.updated', 'registers.session.opened', 'catalog.sku.updated'])[1 + i % 8],
                 case when i % 2 = 0 then ${server.organizationId}::uuid else ${uuidv7()}::uuid end,
                 (array[${ours}::uuid, ${stores[1].id}::uuid, ${stores[2].id}::uuid])[1 + (i / 8) % 3],
                 'sku', i::text, '{}'::jsonb, ${BASE} + i, now()
            from generate_series(1, 20000) i`.execute(trx);
        await sql`analyze outbox_event`.execute(trx);
        const menu = { organizationId: server.organizationId, storeId: ours, types: ['inventory.availability.changed'] };
        const page = replayQuery(trx, BASE, BASE + 10_000, menu).compile();
        const explained = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, costs off, timing off, summary off) ${page.sql}`, [...page.parameters]));
        plan = { text: explained.rows.map((r) => r['QUERY PLAN']).join('\n'), count: (await replayQuery(trx, BASE, BASE + 10_000, menu).execute()).length };
        throw new RolledBack();
      })
      .catch((error) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    expect(plan.count).toBeGreaterThan(0);
    expect(plan.text, plan.text).toContain('outbox_event_replay_idx');
    expect(plan.text, plan.text).not.toMatch(/Rows Removed by Filter/);
    // Nothing of it stayed.
    const left = await db().selectFrom('outbox_event').select((eb) => eb.fn.countAll<number>().as('n')).where('published_seq', '>', BASE).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });

  it('a worker whose claim ran out neither records its outcome over the worker that took the delivery over, nor sends the rest of its batch again', async () => {
    const name = `review.slow.${uuidv7().slice(-8)}`;
    const events = await db().selectFrom('outbox_event').select('id').where('published_seq', 'is not', null).orderBy('id').limit(2).execute();
    expect(events).toHaveLength(2);
    await db()
      .insertInto('outbox_delivery')
      .values(events.map((e) => ({ event_id: e.id, subscriber: name })))
      .execute();
    const options = { ...defaultDispatcherOptions, leaseMs: 200, maxAttempts: 1 };
    const sent: Array<{ worker: string; eventSeq: number }> = [];
    let release!: () => void;
    const receiverTimesOut = new Promise<void>((resolve) => (release = resolve));
    let firstCall = true;
    // Worker A's receiver hangs on the first delivery past the lease, then fails (a timeout).
    const slow: Subscriber = {
      name,
      eventTypes: ['*'],
      async handle(event: PublishedEvent) {
        if (firstCall) {
          firstCall = false;
          await receiverTimesOut;
          throw new Error('receiver timed out');
        }
        sent.push({ worker: 'A', eventSeq: event.seq });
      },
    };
    const healthy: Subscriber = { name, eventTypes: ['*'], handle: async (event) => void sent.push({ worker: 'B', eventSeq: event.seq }) };

    const workerA = dispatchDueDeliveries(db(), new Map([[name, slow]]), options);
    const rows = () => db().selectFrom('outbox_delivery').select(['event_id', 'status', 'attempts']).where('subscriber', '=', name).orderBy('event_id').execute();
    await expect.poll(async () => (await rows()).map((r) => r.status), { timeout: 20_000 }).toEqual(['processing', 'processing']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A's lease ran out: worker B takes both over and delivers them.
    expect(await dispatchDueDeliveries(db(), new Map([[name, healthy]]), options)).toBe(2);
    expect(sent.map((s) => s.worker)).toEqual(['B', 'B']);
    release();
    await workerA;

    // Both delivered once, by B; A's late failure is not recorded over B's success.
    expect((await rows()).map((r) => r.status)).toEqual(['done', 'done']);
    expect(sent.map((s) => s.worker)).toEqual(['B', 'B']);
  });
  it('a stream resumed from an id beyond what the database published (a client of the database before a restore) gets the events from now on', async () => {
    const owner = await server.login('owner');
    const base = await listening();
    const head = Number((await db().selectFrom('outbox_event').select((eb) => eb.fn.max('published_seq').as('max')).executeTakeFirstOrThrow()).max);
    const stream = await readStream(`${base}/v1/events/stream?types=platform.probe.*`, { cookie: owner, 'last-event-id': String(head + 1_000_000) });
    expect((await server.request({ method: 'POST', url: '/v1/diagnostics/probe', cookie: owner, body: { note: 'after the restore' } })).statusCode).toBe(201);
    await expect.poll(() => stream.text.includes('"after the restore"'), { timeout: 20_000 }).toBe(true);
    stream.close();
  });

  it('a live stream ends once its staff member is deactivated, instead of streaming to them for as long as it stays open', async () => {
    const owner = await server.login('owner');
    const driverCookie = await server.login('driver');
    const url = `${await listening()}/v1/events/stream?types=platform.probe.*`;
    const stream = await readStream(url, { cookie: driverCookie });
    const probe = (note: string) => server.request({ method: 'POST', url: '/v1/diagnostics/probe', cookie: owner, body: { note } });
    expect((await probe('before')).statusCode).toBe(201);
    await expect.poll(() => stream.text.includes('"before"'), { timeout: 20_000 }).toBe(true);

    const driver = await db().selectFrom('staff_user').select('id').where('email', '=', 'driver@demo.verdant.test').executeTakeFirstOrThrow();
    const deactivated = await server.request({ method: 'PATCH', url: `/v1/staff/${driver.id}`, cookie: owner, body: { active: false } });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    // The stream sees it within its recheck interval, ends, and the client's reconnection is refused.
    await expect.poll(() => stream.ended, { timeout: 20_000, interval: 100 }).toBe(true);
    expect((await probe('after')).statusCode).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stream.text).not.toContain('"after"');
    expect((await fetch(url, { headers: { cookie: driverCookie } })).status).toBe(401);
    stream.close();
  });
});

/** Reads a Server-Sent Events response as text until the server ends it (or `close`). */
async function readStream(url: string, headers: Record<string, string>): Promise<{ text: string; ended: boolean; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const state = { text: '', ended: false, close: () => controller.abort() };
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        state.text += decoder.decode(value, { stream: true });
      }
    } catch {
      // closed by the test
    }
    state.ended = true;
  })();
  return state;
}

describe.skipIf(testDbKind !== 'pglite')('the embedded data folder: one process at a time', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'verdant-review-lock-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a command refuses a data folder a running server holds, and never opens it', async () => {
    const dataDir = join(root, 'held');
    mkdirSync(dataDir);
    // A live process holds it (this test's parent stands in for `verdant serve`).
    writeFileSync(join(dataDir, SERVER_LOCK_FILE), `${process.ppid}\n`);
    expect(dataDirHolder(dataDir)).toBe(process.ppid);
    const refused = await run(process.execPath, ['--import', 'tsx', 'src/cli/verdant.ts', 'audit', 'verify'], { cwd: serverRoot, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`is open in a running Verdant server (process ${process.ppid})`);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // a message, not a stack
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
  });

  it('create-user with an organization id that is not one: exit 2 with the reason, before the database is opened', async () => {
    const dataDir = join(root, 'never-opened');
    const refused = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/verdant.ts', 'create-user', '--organization', 'not-a-uuid', '--email', 'x@review.test', '--name', 'X', '--role', 'owner', '--password', '0123456789'],
      { cwd: serverRoot, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe('verdant: --organization must be an organization id (a UUID), not "not-a-uuid".');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a backup cut short is refused as such by restore, and leaves no folder behind', async () => {
    const whole = gzipSync(Buffer.alloc(64 * 1024, 7));
    const file = join(root, 'verdant-backup-cut.tar.gz');
    writeFileSync(file, whole.subarray(0, whole.length - 16));
    const target = join(root, 'restored-from-cut');
    await expect(restoreBackup(file, target)).rejects.toThrow(/is not a whole backup .*cut short or damaged/);
    expect(existsSync(target)).toBe(false);
  });

  it('a server holds its folder while it lives; a holder that is gone frees it', () => {
    const dataDir = join(root, 'serve');
    mkdirSync(dataDir);
    const release = holdDataDir(dataDir);
    expect(dataDirHolder(dataDir)).toBe(process.pid);
    release();
    expect(dataDirHolder(dataDir)).toBeNull();
    // A server killed without its cleanup: its process id runs no more.
    writeFileSync(join(dataDir, SERVER_LOCK_FILE), '2147483646\n');
    expect(dataDirHolder(dataDir)).toBeNull();
    expect(() => holdDataDir(dataDir)()).not.toThrow();
    writeFileSync(join(dataDir, SERVER_LOCK_FILE), `${process.ppid}\n`);
    expect(() => holdDataDir(dataDir)).toThrow(/is open in a running Verdant server/);
  });
});

// Crash test of checkout: `verdant serve` (a child process, fresh PostgreSQL database) is killed
// with SIGKILL in the middle of a checkout load (register sales and online cart flows over HTTP
// from this process), restarted on the same database, and then checked:
//   1. every order acknowledged to a client (2xx) exists;
//   2. stock counters = ledger: on_hand and reserved of every package x location equal the sums of
//      its movements;
//   3. reserved counters = live holds: the reserved units equal the quantities of 'held' reservations;
//   4. no hold outlives its TTL: after TTL + the sweeper's interval (+ slack), no reservation is
//      still 'held' past its expires_at (the inventory sweeper runs inside `verdant serve`);
//   5. the audit chain verifies after the restart (GET /v1/audit/verify);
//   6. no half-written sale: every order with a customer has one limit-usage row per line, every
//      order's payments add up to its total, and no payment points at a missing order.
// Prints one JSON line and a table; exits 1 if an invariant fails.
// Run: npx tsx bench/checkout-crash.ts [--load-seconds 3] [--clients 16] [--hold-seconds 6]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DEMO_ORGANIZATION_ID } from '../packages/server/src/seed/demo-seed';
import { freshPostgres } from './lib/bench-server';
import { createClient } from './lib/http-client';
import { openStoreAroundTheClock } from './lib/open-hours';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const loadSeconds = Number(arg('load-seconds', '3'));
const clients = Number(arg('clients', '16'));
const holdSeconds = Number(arg('hold-seconds', '6'));
const SWEEP_MS = 5_000; // startInventoryWorkers' default in `verdant serve`
const port = Number(arg('port', '3990'));
const cli = fileURLToPath(new URL('../packages/server/src/cli/verdant.ts', import.meta.url));
const ORG = DEMO_ORGANIZATION_ID;

const pgdb = await freshPostgres('verdant_bench_crash');
const dataDir = mkdtempSync(join(tmpdir(), 'verdant-crash-'));
const url = `http://127.0.0.1:${port}`;

function startServer(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      DATA_DIR: dataDir,
      DATABASE_URL: pgdb.url,
      LOGIN_RATE_PER_MINUTE: '10000',
      DB_POOL_MAX: '20',
      CART_HOLD_SECONDS: String(holdSeconds),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitReady(child: ChildProcess): Promise<string> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited during start');
    try {
      const login = await fetch(`${url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@demo.verdant.test', password: 'verdant-demo' }),
      });
      if (login.ok) return (login.headers.get('set-cookie') ?? '').split(';')[0];
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const db = new pg.Client({ connectionString: pgdb.url });
let child = startServer();
const results: Record<string, unknown> = { bench: 'checkout.crash', database: 'postgres' };
const failures: string[] = [];
try {
  let cookie = await waitReady(child);
  await db.connect();
  // Stock: three SKUs of the Oakland store, one package each of 100,000 units on the sales floor
  // (received through the ledger), and 2,000 customers without history.
  const store = (await db.query(`select id from store where name like '%Oakland%'`)).rows[0] as { id: string };
  await openStoreAroundTheClock((text, values) => db.query(text, values), store.id);
  const skuIds = (await db.query(`select id from sku where code = any($1)`, [['HH-BD-35', 'HH-GDP-35', 'C9-LR-PE1']])).rows.map((r) => r.id as string);
  const location = (await db.query(`select id from inventory_location where store_id = $1 and code = 'sales_floor'`, [store.id])).rows[0] as { id: string };
  for (const skuId of skuIds) {
    const id = uuidv7();
    await db.query(`insert into inventory_package (id, organization_id, label, sku_id, unit, lab_status) values ($1, $2, $3, $4, 'each', 'passed')`, [
      id,
      ORG,
      'CRASH' + id.replace(/-/g, '').slice(-20).toUpperCase(),
      skuId,
    ]);
    await db.query(
      `with s as (insert into inventory_stock (package_id, location_id, store_id, organization_id, sku_id, on_hand) values ($1, $2, $3, $4, $5, 100000) returning *)
       insert into inventory_movement (organization_id, store_id, package_id, location_id, sku_id, kind, on_hand_delta, reserved_delta, reason_code, actor_type, actor_id)
       select organization_id, store_id, package_id, location_id, sku_id, 'receive', on_hand, 0, 'bench', 'system', 'bench' from s`,
      [id, location.id, store.id, ORG, skuId],
    );
  }
  const customerIds = Array.from({ length: 2000 }, () => uuidv7());
  await db.query(
    `insert into customer (id, organization_id, first_name, last_name, birth_date, kind, id_jurisdiction)
     select id, $2::uuid, 'Crash', 'Buyer', date '1985-01-01', 'adult_use', 'US-CA' from unnest($1::uuid[]) as t(id)`,
    [customerIds, ORG],
  );

  // ---- load, then SIGKILL in the middle of it ----
  const http = createClient(url, clients * 2);
  const acknowledged: Array<{ orderId: string; kind: 'pos' | 'cart' }> = [];
  const counts = { posOk: 0, cartOk: 0, failed: 0, refused: 0, holdsStarted: 0 };
  let nextCustomer = 0;
  let stop = false;
  let killedAt = 0;
  const headers = () => ({ cookie });
  const lines = () => skuIds.map((skuId) => ({ skuId, quantity: 1 }));
  const posSale = async () => {
    const id = uuidv7();
    const customerId = customerIds[nextCustomer++ % customerIds.length];
    const r = await http.request('POST', `/v1/stores/${store.id}/pos-sales`, { body: { id, customerId, lines: lines(), tenders: [{ kind: 'simulator' }] }, headers: headers() });
    if (r.status >= 200 && r.status < 300) {
      acknowledged.push({ orderId: (JSON.parse(r.body) as { order: { id: string } }).order.id, kind: 'pos' });
      counts.posOk++;
    } else counts.refused++;
  };
  const cartFlow = async () => {
    const customerId = customerIds[nextCustomer++ % customerIds.length];
    const cart = await http.request('POST', '/v1/carts', { body: { storeId: store.id, customerId, channel: 'pickup' }, headers: headers() });
    if (cart.status !== 201) return void counts.refused++;
    const id = (JSON.parse(cart.body) as { id: string }).id;
    const held = await http.request('PUT', `/v1/carts/${id}/lines`, { body: { lines: lines() }, headers: headers() });
    if (held.status !== 200) return void counts.refused++;
    counts.holdsStarted++;
    await http.request('PUT', `/v1/carts/${id}/fulfillment`, { body: { pickup: { name: 'Crash', phone: '+15105550100' } }, headers: headers() });
    const done = await http.request('POST', `/v1/carts/${id}/complete`, { body: { tenders: [{ kind: 'simulator' }] }, headers: headers() });
    if (done.status >= 200 && done.status < 300) {
      acknowledged.push({ orderId: (JSON.parse(done.body) as { order: { id: string } }).order.id, kind: 'cart' });
      counts.cartOk++;
    } else counts.refused++;
  };
  const worker = async (n: number) => {
    while (!stop) {
      try {
        await (n % 2 === 0 ? posSale() : cartFlow());
      } catch {
        counts.failed++; // connection reset by the kill: not acknowledged, so no promise was made
        if (killedAt) return;
      }
    }
  };
  const workers = Array.from({ length: clients }, (_, n) => worker(n));
  await new Promise((r) => setTimeout(r, loadSeconds * 1000));
  const before = { ...counts };
  child.kill('SIGKILL');
  killedAt = Date.now();
  await new Promise((r) => child.once('exit', r));
  stop = true;
  await Promise.all(workers);
  http.close();
  results.loadSeconds = loadSeconds;
  results.clients = clients;
  results.acknowledgedBeforeKill = before.posOk + before.cartOk;
  results.acknowledged = acknowledged.length;
  results.posSales = counts.posOk;
  results.cartCompletions = counts.cartOk;
  results.cutOff = counts.failed;
  results.refused = counts.refused;
  results.holdsPlaced = counts.holdsStarted;

  // ---- restart on the same database ----
  const restartAt = Date.now();
  child = startServer();
  cookie = await waitReady(child);
  const restartedAt = Date.now();
  results.restartMs = restartedAt - restartAt;

  // 1. acknowledged orders exist
  const ids = acknowledged.map((a) => a.orderId);
  const found = (await db.query(`select count(*)::int as n from sales_order where id = any($1::uuid[])`, [ids])).rows[0].n as number;
  results.acknowledgedFound = found;
  if (found !== ids.length) failures.push(`${ids.length - found} acknowledged orders are missing`);

  // 2. counters = ledger
  const drift = (
    await db.query(`
      select count(*)::int as n from (
        select coalesce(s.package_id, m.package_id) as package_id
          from inventory_stock s
          full join (select package_id, location_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved
                       from inventory_movement group by package_id, location_id) m
            on m.package_id = s.package_id and m.location_id = s.location_id
         where coalesce(s.on_hand, 0) <> coalesce(m.on_hand, 0) or coalesce(s.reserved, 0) <> coalesce(m.reserved, 0)) d`)
  ).rows[0].n as number;
  results.stockRowsDrifted = drift;
  if (drift !== 0) failures.push(`${drift} stock rows differ from their ledger`);

  // 3. reserved = live holds (right after the restart, before the sweeper ends them)
  const reservedVsHolds = async () =>
    (
      await db.query(`
        select (select coalesce(sum(reserved), 0) from inventory_stock)::bigint as reserved,
               (select coalesce(sum(l.quantity), 0) from inventory_reservation r join inventory_reservation_line l on l.reservation_id = r.id
                 where r.status = 'held')::bigint as held,
               (select count(*) from inventory_reservation where status = 'held')::int as held_reservations`)
    ).rows[0] as { reserved: number; held: number; held_reservations: number };
  const afterRestart = await reservedVsHolds();
  results.heldAfterRestart = Number(afterRestart.held_reservations);
  if (Number(afterRestart.reserved) !== Number(afterRestart.held)) failures.push(`reserved ${afterRestart.reserved} != held ${afterRestart.held} after restart`);

  // 4. no hold outlives its TTL + the sweeper's interval
  // The sweeper's first pass comes SWEEP_MS after the server starts; holds that ran out while no
  // process was up are due from the restart on.
  const waitUntil = Math.max(killedAt + holdSeconds * 1000, restartedAt) + SWEEP_MS + 3_000;
  await new Promise((r) => setTimeout(r, Math.max(0, waitUntil - Date.now())));
  const overdue = (
    await db.query(`select count(*)::int as n from inventory_reservation where status = 'held' and expires_at < now() - make_interval(secs => $1)`, [SWEEP_MS / 1000 + 1])
  ).rows[0].n as number;
  const expired = (await db.query(`select count(*)::int as n from inventory_reservation where status = 'expired'`)).rows[0].n as number;
  const settled = await reservedVsHolds();
  results.holdsOverdue = overdue;
  results.holdsExpiredBySweeper = expired;
  results.reservedAfterSweep = Number(settled.reserved);
  if (overdue !== 0) failures.push(`${overdue} holds are still held past expires_at + sweep interval`);
  if (Number(settled.reserved) !== Number(settled.held)) failures.push(`reserved ${settled.reserved} != held ${settled.held} after the sweep`);

  // 5. the audit chain
  const verify = await fetch(`${url}/v1/audit/verify`, { headers: { cookie } });
  const chain = verify.ok ? ((await verify.json()) as { ok: boolean; checked: number; unsealed: number }) : null;
  results.auditChainOk = chain?.ok ?? null;
  results.auditRowsChecked = chain?.checked ?? null;
  if (chain && !chain.ok) failures.push('the audit chain does not verify');

  // 6. orders are whole
  const whole = (
    await db.query(`
      select (select count(*) from sales_order o
               where o.customer_id is not null
                 and (select count(*) from sales_order_line l where l.order_id = o.id)
                     <> (select count(*) from purchase_usage_line u where u.order_id = o.id))::int as usage_mismatch,
             (select count(*) from sales_order o
               where o.total_cents <> coalesce((select sum(p.amount_cents) from payment p where p.order_id = o.id), 0))::int as payment_mismatch,
             (select count(*) from payment p where not exists (select 1 from sales_order o where o.id = p.order_id)
                                              and not exists (select 1 from gift_card_sale g where g.id = p.gift_card_sale_id))::int as orphan_payments`)
  ).rows[0] as { usage_mismatch: number; payment_mismatch: number; orphan_payments: number };
  results.ordersWithoutUsage = whole.usage_mismatch;
  results.ordersPaymentMismatch = whole.payment_mismatch;
  results.orphanPayments = whole.orphan_payments;
  if (whole.usage_mismatch !== 0) failures.push(`${whole.usage_mismatch} orders with a customer lack limit usage for some line`);
  if (whole.payment_mismatch !== 0) failures.push(`${whole.payment_mismatch} orders whose payments do not add up to the total`);
  if (whole.orphan_payments !== 0) failures.push(`${whole.orphan_payments} payments without an order or a gift card sale`);

  results.ok = failures.length === 0;
  results.failures = failures;
} catch (error) {
  failures.push(`crash test error: ${error instanceof Error ? error.message : String(error)}`);
  results.ok = false;
  results.failures = failures;
} finally {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  await db.end().catch(() => undefined);
  await pgdb.drop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(JSON.stringify(results));
console.log('\nCheckout crash test (SIGKILL during load, restart, invariants)');
for (const [key, value] of Object.entries(results)) {
  if (key === 'bench' || key === 'failures') continue;
  console.log(`  ${key.padEnd(24)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
}
for (const failure of failures) console.log(`  FAILED: ${failure}`);
process.exit(failures.length === 0 ? 0 : 1);

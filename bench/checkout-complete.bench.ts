// Checkout throughput: (a) the completion call alone (POST /v1/carts/:id/complete on carts
// prepared beforehand: 3 lines, pickup details, compliance against 30 days of history, taxes, an
// automatic promotion, stock, payment with the simulator, loyalty points, audit, outbox) and (b)
// the whole customer flow over HTTP (create cart, add 3 lines, set pickup details, complete), at
// 1/8/32 clients, on PostgreSQL and PGlite. Also counts SQL statements per completion (pg client query calls).
// The server runs in this process (listening on a port, driven over real HTTP) so the bench can
// set up stock and history directly; the load generator shares its event loop — numbers are a
// lower bound of what a separate process would show.
// Run: npx tsx bench/checkout-complete.bench.ts [--seconds 5] [--db postgres,pglite] [--levels 1,8,32]
//      [--trace]   print the SQL of one completion (and of one cart setup) before the load runs
//      [--trace-only]   only that, no load
//      [--skus N]   SKUs the carts draw 3 from (default 60; 3 = every cart the same items)
//      [--pool N]   the server's PostgreSQL pool size (default 10, DB_POOL_MAX's default)
//      [--calibrate]   first the machine's yardstick: a minimal checkout in plain SQL at the same levels (PostgreSQL)
//      [--cpu N]   CPU ms per completion (this process; the database's backends) over N sequential completions
//      BENCH_CPU_PROFILE=file   a V8 CPU profile of the --cpu probe; BENCH_LOAD_PROFILE=prefix   one of each completion load level
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../packages/server/src/db/database';
import { loadConfig } from '../packages/server/src/platform/config';
import { createLogger } from '../packages/server/src/platform/logger';
import { seedDemo, DEMO_ORGANIZATION_ID, DEMO_PASSWORD } from '../packages/server/src/seed/demo-seed';
import { buildServer } from '../packages/server/src/server';
import { freshPostgres, type BenchDatabase } from './lib/bench-server';
import { minimalCheckoutRate } from './lib/calibration';
import { createClient } from './lib/http-client';
import { openStoreAroundTheClock } from './lib/open-hours';
import { runLoad } from './lib/load';
import { emit, printTable, type Measure } from './lib/report';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const seconds = Number(arg('seconds', '5'));
const databases = arg('db', 'postgres,pglite').split(',') as BenchDatabase[];
const levels = arg('levels', '1,8,32').split(',').map(Number);
const trace = process.argv.includes('--trace') || process.argv.includes('--trace-only');
const traceOnly = process.argv.includes('--trace-only');
const cpuProbe = Number(arg('cpu', '0'));
const skuCount = Math.max(3, Number(arg('skus', '60')));
const poolMax = Number(arg('pool', '10')); // the server's DB_POOL_MAX default
const calibrate = process.argv.includes('--calibrate');

/** A V8 CPU profile of this process between start and stop, written as a .cpuprofile file. */
async function startProfiler() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * CPU milliseconds (user + system) the database server has used so far (Linux /proc): its live
 * processes, plus what the server process has reaped from processes that ended (a pooled
 * connection closed for being idle takes its backend's time with it otherwise). The whole server,
 * so run it on a cluster nothing else uses.
 */
async function backendCpuMs(db: import('kysely').Kysely<any>): Promise<number> {
  const ticksPerMs = 100 / 1000; // USER_HZ = 100 on Linux
  const stat = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
  const server = Number(stat(rows[0].pid)[1]); // the backend's parent: the server process
  const serverFields = stat(server);
  let total = (Number(serverFields[11]) + Number(serverFields[12]) + Number(serverFields[13]) + Number(serverFields[14])) / ticksPerMs;
  const children = readFileSync(`/proc/${server}/task/${server}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  for (const pid of children) {
    try {
      const fields = stat(pid);
      total += (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
    } catch {
      // the process ended; its time is in the server's reaped total from now on
    }
  }
  return total;
}

/** Rows inserted, updated and deleted so far, per table of this database (PostgreSQL's statistics). */
async function rowsWritten(db: import('kysely').Kysely<any>): Promise<Map<string, number>> {
  await sql`select pg_stat_clear_snapshot()`.execute(db);
  const rows = await sql<{ relname: string; n: string }>`select relname, (n_tup_ins + n_tup_upd + n_tup_del)::text as n from pg_stat_user_tables`.execute(db);
  return new Map(rows.rows.map((r) => [r.relname, Number(r.n)]));
}

// Statement counter: every query a pg client sends (PostgreSQL; PGlite's adapter is a pg Client too).
let statements = 0;
let traced: string[] | null = null;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  if (traced) {
    const q = args[0] as string | { text?: string; name?: string };
    const text = typeof q === 'string' ? q : (q?.text ?? '');
    traced.push(`${typeof q === 'object' && q?.name ? `[${q.name}] ` : ''}${text.replace(/\s+/g, ' ').slice(0, 220)}`);
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const measures: Measure[] = [];
let port = 3950;
for (const kind of databases) {
  const pgdb = kind === 'postgres' ? await freshPostgres(`verdant_bench_checkout`) : null;
  if (pgdb && calibrate) {
    // The machine's speed of the day (see lib/calibration.ts), measured before the server starts.
    for (const concurrency of levels) {
      const m = { bench: 'calibration.minimal_checkout', database: kind, ...(await minimalCheckoutRate(pgdb.url, concurrency, seconds)) };
      emit(m);
      measures.push(m);
    }
  }
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'verdant-bench-checkout-')) : null;
  const database = await openDatabase(pgdb ? { url: pgdb.url, poolMax } : { dataDir: dataDir! });
  const config = loadConfig({ LOG_LEVEL: 'warn', LOGIN_RATE_PER_MINUTE: '10000', ...(pgdb ? { DATABASE_URL: pgdb.url } : { DATA_DIR: dataDir! }) });
  const { app, platform } = await buildServer(config, { database, logger: createLogger('warn') });
  await seedDemo(platform);
  const url = await app.listen({ port: port++, host: '127.0.0.1' });
  const db = platform.database.db;

  // `--skus N` SKUs of the Oakland store (copies of three demo SKUs), each with one big package
  // (demo packages put aside); every cart takes 3 different ones at random. `--skus 3` is the
  // hot case: every cart buys the same three items, so every completion waits for the previous
  // one's stock row locks.
  const store = await db.selectFrom('store').select('id').where('name', 'like', '%Oakland%').executeTakeFirstOrThrow();
  await openStoreAroundTheClock((text, values) => db.executeQuery(CompiledQuery.raw(text, values)), store.id);
  const templates = await db.selectFrom('sku').select(['sku.id']).where('sku.code', 'in', ['HH-BD-35', 'HH-GDP-35', 'C9-LR-PE1']).execute();
  const location = await db.selectFrom('inventory_location').select('id').where('store_id', '=', store.id).where('code', '=', 'sales_floor').executeTakeFirstOrThrow();
  await sql`update inventory_package set status = 'on_hold' where sku_id = any(${templates.map((t) => t.id)}::uuid[])`.execute(db);
  const skuIds: string[] = templates.map((t) => t.id);
  for (let n = skuIds.length; n < skuCount; n++) {
    const template = templates[n % templates.length].id;
    const id = uuidv7();
    await sql`insert into sku select (jsonb_populate_record(null::sku, to_jsonb(s) || jsonb_build_object('id', ${id}::text, 'code', ${`BENCH-${n}`}::text, 'barcode', null))).*
                from sku s where s.id = ${template}::uuid`.execute(db);
    await sql`insert into sku_price select (jsonb_populate_record(null::sku_price, to_jsonb(p) || jsonb_build_object('sku_id', ${id}::text))).*
                from sku_price p where p.sku_id = ${template}::uuid and p.store_id = ${store.id}::uuid`.execute(db);
    skuIds.push(id);
  }
  skuIds.splice(skuCount);
  for (const skuId of skuIds) {
    const id = uuidv7();
    await sql`insert into inventory_package (id, organization_id, label, sku_id, unit, lab_status) values (${id}, ${DEMO_ORGANIZATION_ID}, ${'BENCH' + id.replace(/-/g, '').slice(-20).toUpperCase()}, ${skuId}, 'each', 'passed')`.execute(db);
    await sql`with s as (insert into inventory_stock (package_id, location_id, store_id, organization_id, sku_id, on_hand) values (${id}, ${location.id}, ${store.id}, ${DEMO_ORGANIZATION_ID}, ${skuId}, 1000000) returning *)
      insert into inventory_movement (organization_id, store_id, package_id, location_id, sku_id, kind, on_hand_delta, reserved_delta, reason_code, actor_type, actor_id)
      select organization_id, store_id, package_id, location_id, sku_id, 'receive', on_hand, 0, 'bench', 'system', 'bench' from s`.execute(db);
  }
  /** Three different SKUs for a cart. */
  const cartSkus = () => {
    const picked = new Set<string>();
    while (picked.size < 3) picked.add(skuIds[Math.floor(Math.random() * skuIds.length)]);
    return [...picked];
  };
  const customerCount = 4000;
  const customerIds = Array.from({ length: customerCount }, () => uuidv7());
  await sql`insert into customer (id, organization_id, first_name, last_name, birth_date, kind, id_jurisdiction)
            select id, ${DEMO_ORGANIZATION_ID}::uuid, 'Bench', 'Buyer', date '1985-01-01', 'adult_use', 'US-CA' from unnest(${customerIds}::uuid[]) as t(id)`.execute(db);
  await sql`insert into purchase_usage_line (organization_id, store_id, customer_id, order_id, line_no, channel, occurred_at, sku, category, quantity, net_weight_mg, thc_percent, unit_price_cents)
            select ${DEMO_ORGANIZATION_ID}::uuid, ${store.id}::uuid, c.id, gen_random_uuid(), 0, 'in_store', now() - make_interval(days => d), 'HIST', 'pre_roll', 1, 500, 20, 1000
              from unnest(${customerIds}::uuid[]) as c(id), generate_series(1, 30) as d`.execute(db);

  const client = createClient(url, 64);
  const login = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@demo.verdant.test', password: DEMO_PASSWORD }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const headers = { cookie };
  let nextCustomer = 0;
  // "One promotion" of the issue's full checkout: an automatic store deal every cart qualifies for
  // (the bench SKUs are flower and vapes; 10% off flower applies to most carts' lines).
  const promotion = await client.request('POST', '/v1/promotions', {
    body: { name: 'Bench: 10% off flower', receiptLabel: 'FLOWER10', action: { type: 'percent_off_items', percent: 10, filter: { categories: ['flower'] } } },
    headers,
  });
  if (promotion.status !== 201) throw new Error(`could not create the bench promotion: ${promotion.status} ${promotion.body}`);

  const prepareCart = async (skus = cartSkus()) => {
    const customerId = customerIds[nextCustomer++ % customerCount];
    const cart = await client.request('POST', '/v1/carts', { body: { storeId: store.id, customerId, channel: 'pickup' }, headers });
    const id = (JSON.parse(cart.body) as { id: string }).id;
    await client.request('PUT', `/v1/carts/${id}/lines`, { body: { lines: skus.map((skuId) => ({ skuId, quantity: 1 })) }, headers });
    await client.request('PUT', `/v1/carts/${id}/fulfillment`, { body: { pickup: { name: 'Bench', phone: '+15105550100' } }, headers });
    return id;
  };
  const complete = async (id: string) => (await client.request('POST', `/v1/carts/${id}/complete`, { body: { tenders: [{ kind: 'simulator' }] }, headers })).status === 201;

  try {
    // Statements per completion (one at a time, nothing else running).
    const probe = await prepareCart(skuIds.slice(0, 3)); // the three demo SKUs: two are flower, so the promotion applies
    await new Promise((r) => setTimeout(r, 300)); // let the sequencer pass of the setup finish
    if (trace) traced = [];
    const before = statements;
    const probeAnswer = await client.request('POST', `/v1/carts/${probe}/complete`, { body: { tenders: [{ kind: 'simulator' }] }, headers });
    const applied = (JSON.parse(probeAnswer.body) as { promotions?: { applied?: unknown[] } }).promotions?.applied ?? [];
    if (probeAnswer.status !== 201 || applied.length === 0) throw new Error(`the probe completion should apply the bench promotion: ${probeAnswer.status} ${probeAnswer.body.slice(0, 300)}`);
    const perCompletion = statements - before;
    if (traced) {
      await new Promise((r) => setTimeout(r, 300)); // include the sequencer pass after the commit
      console.log(`-- SQL of one completion (${kind}): ${perCompletion} in the request, ${traced.length} with the sequencer pass after it`);
      traced.forEach((t, i) => console.log(`${String(i + 1).padStart(3)} ${t}`));
      traced = [];
    }
    const b2 = statements;
    await prepareCart();
    const perCartSetup = statements - b2;
    if (traced) {
      console.log(`-- SQL of one cart setup (${kind}): ${perCartSetup}`);
      traced.forEach((t, i) => console.log(`${String(i + 1).padStart(3)} ${t}`));
      traced = null;
    }
    if (cpuProbe > 0) {
      // CPU time per completion, measured rather than inferred from wall time (robust to other
      // load on the machine): this process (server + client) and the database's backends.
      const carts = [];
      for (let i = 0; i < cpuProbe; i++) carts.push(await prepareCart());
      await sql`analyze`.execute(db); // as autovacuum would have by now in a store that has been open a while
      await new Promise((r) => setTimeout(r, 500));
      const statementStats = pgdb && process.env.BENCH_PG_STAT_STATEMENTS === '1';
      if (statementStats) await sql`create extension if not exists pg_stat_statements`.execute(db);
      if (statementStats) await sql`select pg_stat_statements_reset()`.execute(db);
      const rowsBefore = pgdb ? await rowsWritten(db) : null;
      const pgBefore = pgdb ? await backendCpuMs(db) : 0;
      const profiler = process.env.BENCH_CPU_PROFILE ? await startProfiler() : null;
      const nodeBefore = process.cpuUsage();
      const wallStart = performance.now();
      for (const id of carts) await complete(id);
      const wallMs = performance.now() - wallStart;
      await new Promise((r) => setTimeout(r, 500)); // the sequencer and delivery passes after them
      const nodeCpu = process.cpuUsage(nodeBefore);
      if (profiler) await profiler.stop(process.env.BENCH_CPU_PROFILE!);
      const pgAfter = pgdb ? await backendCpuMs(db) : 0;
      const m = {
        bench: 'checkout.complete.cpu',
        database: kind,
        completions: cpuProbe,
        wallMsPerCompletion: Number((wallMs / cpuProbe).toFixed(2)),
        nodeCpuMsPerCompletion: Number(((nodeCpu.user + nodeCpu.system) / 1000 / cpuProbe).toFixed(2)),
        dbCpuMsPerCompletion: pgdb ? Number(((pgAfter - pgBefore) / cpuProbe).toFixed(2)) : null,
      };
      emit(m);
      measures.push(m);
      if (rowsBefore) {
        // What one completion writes, table by table (with the sequencer's and delivery passes after it):
        // each row is its table's indexes, foreign keys and triggers too.
        await new Promise((r) => setTimeout(r, 1500)); // backends report their counts within a second of going idle
        const after = await rowsWritten(db);
        const perTable = [...after]
          .map(([table, n]) => [table, (n - (rowsBefore.get(table) ?? 0)) / cpuProbe] as const)
          .filter(([, n]) => n >= 0.05)
          .sort((a, b) => b[1] - a[1]);
        console.log(`-- rows written per completion: ${perTable.reduce((sum, [, n]) => sum + n, 0).toFixed(1)} (${perTable.map(([t, n]) => `${t} ${n.toFixed(1)}`).join(', ')})`);
      }
      if (statementStats) {
        // Where the database time goes (needs pg_stat_statements preloaded, track = 'all').
        const top = await sql<{ ms: number; plan_ms: number; calls: number; query: string }>`
          select round((total_exec_time / ${cpuProbe})::numeric, 3)::float as ms, round((total_plan_time / ${cpuProbe})::numeric, 3)::float as plan_ms,
                 calls, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 150) as query
            from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
           order by total_exec_time + total_plan_time desc limit 25`.execute(db);
        for (const r of top.rows) console.log(`exec ${r.ms.toFixed(3).padStart(7)} plan ${r.plan_ms.toFixed(3).padStart(7)} ms/completion ${String(r.calls).padStart(6)} calls  ${r.query}`);
      }
    }
    if (traceOnly) continue;

    for (const concurrency of levels) {
      // Enough prepared carts that each level runs its full time (about 350 completions a second).
      const budget = Math.min(4000, Math.max(200, concurrency * 60, Math.round(seconds * 350)));
      const carts: string[] = [];
      for (let i = 0; i < budget; i += 16) carts.push(...(await Promise.all(Array.from({ length: Math.min(16, budget - i) }, () => prepareCart()))));
      await sql`analyze`.execute(db); // as autovacuum would have by now in a store that has been open a while
      let k = 0;
      const s0 = statements;
      const cpu0 = { node: process.cpuUsage(), db: pgdb ? await backendCpuMs(db) : 0 };
      const loadProfiler = process.env.BENCH_LOAD_PROFILE ? await startProfiler() : null;
      const alone = await runLoad(concurrency, async () => complete(carts[k++ % carts.length]), { durationMs: seconds * 1000, warmupMs: 0, maxRequests: carts.length });
      // Under load the sequencer and delivery passes serve many commits at once: all statements sent / completions.
      const sqlUnderLoad = Number(((statements - s0) / Math.max(1, alone.requests)).toFixed(1));
      if (loadProfiler) await loadProfiler.stop(`${process.env.BENCH_LOAD_PROFILE}.${kind}.${concurrency}.cpuprofile`);
      // CPU under load per completion: this process (server + load generator) and the database's backends.
      const nodeCpu = process.cpuUsage(cpu0.node);
      const cpuUnderLoad = {
        nodeCpuMs: Number(((nodeCpu.user + nodeCpu.system) / 1000 / Math.max(1, alone.requests)).toFixed(2)),
        dbCpuMs: pgdb ? Number((((await backendCpuMs(db)) - cpu0.db) / Math.max(1, alone.requests)).toFixed(2)) : null,
      };
      const m1 = { bench: 'checkout.complete', database: kind, skus: skuCount, sqlPerCompletion: perCompletion, sqlUnderLoad, ...cpuUnderLoad, ...alone };
      emit(m1);
      measures.push(m1);
      const s1 = statements;
      const flow = await runLoad(concurrency, async () => complete(await prepareCart()), { durationMs: seconds * 1000, warmupMs: 200 });
      const m2 = { bench: 'checkout.whole_flow', database: kind, skus: skuCount, sqlPerFlow: perCartSetup + perCompletion, sqlUnderLoad: Number(((statements - s1) / Math.max(1, flow.requests)).toFixed(1)), ...flow };
      emit(m2);
      measures.push(m2);
    }
  } finally {
    client.close();
    await app.close();
    await platform.close().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await pgdb?.drop();
  }
}
printTable('Checkout (orders/s, latency ms; SQL statements counted per completion / per whole flow)', measures);

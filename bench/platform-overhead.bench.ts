// Request overhead of the platform: a health check, and an authenticated no-op write that goes
// through session lookup, permission check, transaction, audit row and outbox event.
// Run: npx tsx bench/platform-overhead.bench.ts [--seconds 5] [--db pglite,postgres]
import { createClient } from './lib/http-client';
import { runLoad } from './lib/load';
import { emit, printTable, type Measure } from './lib/report';
import { startBenchServer, type BenchDatabase } from './lib/bench-server';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const seconds = Number(arg('seconds', '5'));
const databases = arg('db', 'pglite,postgres').split(',') as BenchDatabase[];
const levels = [1, 8, 32];

const measures: Measure[] = [];
let port = 3900;
for (const database of databases) {
  const server = await startBenchServer(database, port++);
  const client = createClient(server.url, 64);
  try {
    for (const concurrency of levels) {
      const health = await runLoad(concurrency, async () => (await client.request('GET', '/healthz')).status === 200, {
        durationMs: seconds * 1000,
      });
      const m1 = { bench: 'platform.health', database, ...health };
      emit(m1);
      measures.push(m1);
      const write = await runLoad(
        concurrency,
        async () =>
          (await client.request('POST', '/v1/diagnostics/probe', { body: { note: 'bench' }, headers: { cookie: server.cookie } })).status === 201,
        { durationMs: seconds * 1000 },
      );
      const m2 = { bench: 'platform.write_audit_outbox', database, ...write };
      emit(m2);
      measures.push(m2);
    }
  } finally {
    client.close();
    await server.stop();
  }
}
printTable('Platform request overhead (requests/s and latency in ms)', measures);

// Throughput of the Metrc simulator driven by the real client over HTTP: receipt posts, look-ups
// by external number, and the worker's look-up-then-post path. The target is >= 100 receipts/s.
// Run: npx tsx bench/metrc-simulator.bench.ts [--seconds 3]
import { DEMO_LICENSES, DEMO_USER_KEY, DEMO_VENDOR_KEY, MetrcClient, MetrcEngine, reportSaleOnce, startMetrcSimulator } from '../packages/metrc/src/index';
import { runLoad } from './lib/load';
import { emit, printTable, type Measure } from './lib/report';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const seconds = Number(arg('seconds', '3'));
const levels = [1, 8, 32];
const license = DEMO_LICENSES.caRetail;
const label = '1A4BENCH0000000000000001';

// Server-side GET limits off: this measures the simulator, not Metrc's pacing.
const sim = await startMetrcSimulator({ rateLimits: null });
sim.control.addPackage({ license, label, itemName: 'Pre-roll 1g', quantity: 1e9 });
const client = new MetrcClient({ vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY, baseUrl: sim.url, rateLimiter: null, getRetries: 0 });
const engine = new MetrcEngine({ client, licenseNumber: license });

let serial = 0;
const receipt = () => ({
  SalesDateTime: '2025-04-20T16:20:00',
  SalesCustomerType: 'Consumer' as const,
  ExternalReceiptNumber: `bench-${++serial}`,
  Transactions: [{ PackageLabel: label, Quantity: 1, UnitOfMeasure: 'Each', TotalAmount: 12 }],
});

const measures: Measure[] = [];
const record = (m: Measure) => {
  emit(m);
  measures.push(m);
};
try {
  for (const concurrency of levels) {
    const post = await runLoad(concurrency, async () => (await client.createReceipts(license, [receipt()])).Ids !== null, { durationMs: seconds * 1000 });
    record({ bench: 'metrc.receipt_post', ...post });
    const lookup = await runLoad(concurrency, async () => (await client.findReceiptByExternalNumber(license, `bench-${1 + Math.floor(Math.random() * serial)}`)) !== null, {
      durationMs: seconds * 1000,
    });
    record({ bench: 'metrc.receipt_lookup', receipts: sim.control.receipts().length, ...lookup });
    const once = await runLoad(
      concurrency,
      async () => {
        const r = receipt();
        const result = await reportSaleOnce(engine, {
          externalReceiptNumber: r.ExternalReceiptNumber,
          salesDateTime: new Date(),
          timezone: 'America/Los_Angeles',
          customerType: 'Consumer',
          lines: [{ packageLabel: label, quantity: 1, unitOfMeasure: 'Each', totalAmountCents: 1200 }],
        });
        return !result.alreadyReported;
      },
      { durationMs: seconds * 1000 },
    );
    record({ bench: 'metrc.report_sale_once', ...once });
  }
} finally {
  await sim.close();
}
printTable('Metrc simulator (in-process, real HTTP on 127.0.0.1)', measures);

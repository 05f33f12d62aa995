#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { Command } from 'commander';
import { sql } from 'kysely';
import { startMetrcSimulator } from '@verdant/metrc';
import { startDemoMetrcSimulator } from '../modules/traceability';
import { openDatabase } from '../db/database';
import { migrate, MigrationChecksumError } from '../db/migrate';
import { verifyAuditChain } from '../modules/audit/audit-chain';
import { roles, type Role } from '../modules/staff/permissions';
import { createStaff } from '../modules/staff/staff.service';
import { createOrganization } from '../modules/organizations/organizations.service';
import { restoreBackup, RestoreError } from '../platform/backups';
import { assertDataDirFree, DataDirInUseError, holdDataDir } from './data-dir-lock';
import { ConfigError, loadConfig, type Config } from '../platform/config';
import { systemContext } from '../platform/context';
import { createPlatform } from '../platform/platform';
import { inTransaction } from '../platform/unit-of-work';
import { DEMO_PASSWORD, demoStaff, isDatabaseEmpty, seedDemo } from '../seed/demo-seed';
import { startServer } from '../server';

const program = new Command();
program.name('verdant').description('Verdant: the dispensary platform on one database.').showHelpAfterError();

function config(): Config {
  return loadConfig(process.env);
}

/** The embedded database's folder, or null with PostgreSQL (or an in-memory database). */
function embeddedDataDir(cfg: Config): string | null {
  return cfg.DATABASE_URL || cfg.DATA_DIR.startsWith('memory://') ? null : cfg.DATA_DIR;
}

/** Opens the database a command works on: refused while a running server holds the embedded one. */
function openFromConfig(cfg: Config) {
  const dataDir = embeddedDataDir(cfg);
  if (dataDir) assertDataDirFree(dataDir);
  return openDatabase({ url: cfg.DATABASE_URL, dataDir: cfg.DATA_DIR, poolMax: cfg.DB_POOL_MAX });
}

/** A platform without workers for a one-off command, on the same terms as openFromConfig. */
function platformFromConfig() {
  const cfg = config();
  const dataDir = embeddedDataDir(cfg);
  if (dataDir) assertDataDirFree(dataDir);
  return createPlatform(cfg, { workers: false });
}

program
  .command('serve')
  .description('Migrate the database, seed the demo store on a first embedded run, and serve the API.')
  .action(async () => {
    const cfg = config();
    const dataDir = embeddedDataDir(cfg);
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      holdDataDir(dataDir);
    }
    const server = await startServer(cfg);
    // Reservation TTL sweeper and ledger reconciliation (inventory module); stopped before the platform closes.
    const inventoryWorkers = (await import('../modules/inventory')).startInventoryWorkers(server.platform);
    const seedWanted = cfg.SEED_DEMO ?? !cfg.DATABASE_URL;
    if (seedWanted && (await isDatabaseEmpty(server.platform))) {
      await seedDemo(server.platform);
      printDemoLogins();
    } else if (seedWanted) {
      console.log('Demo data is already there. Staff logins are listed in README.md.');
    }
    if (cfg.DEMO_METRC_SIMULATOR) {
      const sim = await startDemoMetrcSimulator(server.platform);
      if (sim) console.log(`Metrc simulator for the demo California store: ${sim.url} (faults: ${sim.url}/__control/)`);
    }
    const where = cfg.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${cfg.DATA_DIR}`;
    console.log(`\nVerdant is serving on ${server.url}  (database: ${where})`);
    const stores = await server.platform.database.db.selectFrom('store').select(['id', 'name']).orderBy('created_at').limit(5).execute();
    for (const store of stores) console.log(`  Online store  ${server.url}/app/store/?store=${store.id}  (${store.name})`);
    console.log(`  Register      ${server.url}/app/register/`);
    console.log(`  Back office   ${server.url}/app/office/`);
    console.log(`  Driver app    ${server.url}/app/driver/`);
    console.log(`  API docs      ${server.url}/docs`);
    console.log(`  OpenAPI       ${server.url}/openapi.json`);
    console.log(`  Health        ${server.url}/healthz`);
    console.log(`  Metrics       ${server.url}/metrics\n`);
    const shutdown = (signal: string) => {
      console.log(`${signal}: finishing in-flight requests, then stopping.`);
      inventoryWorkers
        .stop()
        .then(() => server.stop())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });

program
  .command('migrate')
  .description('Apply pending database migrations (refuses if an applied migration file was edited).')
  .action(async () => {
    const database = await openFromConfig(config());
    try {
      const result = await migrate(database);
      console.log(
        result.applied.length
          ? `Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`
          : `Nothing to do: ${result.alreadyApplied} migration(s) already applied.`,
      );
    } finally {
      await database.close();
    }
  });

program
  .command('seed-demo')
  .description('Create the demo organization, its stores and one staff member per role (once).')
  .action(async () => {
    const platform = await platformFromConfig();
    try {
      const { created } = await seedDemo(platform);
      await platform.sequencer.wake();
      if (created) printDemoLogins();
      else console.log('The demo organization already exists; nothing changed.');
    } finally {
      await platform.close();
    }
  });

program
  .command('create-user')
  .description('Create a staff user (the first owner of a new installation, for example).')
  .requiredOption('--email <email>', 'sign-in e-mail')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
  .requiredOption('--password <password>', 'at least 10 characters')
  .option('--pin <pin>', 'register PIN, 4 to 8 digits')
  .option('--organization <id>', 'organization id (defaults to the only one)')
  .option('--organization-name <name>', 'create a new organization with this name for the user')
  .action(async (options) => {
    if (!roles.includes(options.role)) fail(`--role must be one of ${roles.join(', ')}`);
    if (String(options.password).length < 10) fail('--password must have at least 10 characters');
    if (options.pin && !/^\d{4,8}$/.test(options.pin)) fail('--pin must be 4 to 8 digits');
    if (options.organization) assertOrganizationId(options.organization);
    const platform = await platformFromConfig();
    try {
      const existing = options.organizationName
        ? null
        : await organizationFor(platform, options.organization, 'Name the organization with --organization <id> or create one with --organization-name <name>.');
      const staff = await inTransaction(platform.tx, systemContext(), async (uow) => {
        const organizationId = existing ?? (await createOrganization(uow, { name: options.organizationName })).id;
        return createStaff(uow, {
          organizationId,
          email: options.email,
          name: options.name,
          role: options.role as Role,
          password: options.password,
          pin: options.pin,
        });
      });
      await platform.sequencer.wake();
      console.log(`Created ${staff.role} ${staff.email} (${staff.id}) in organization ${staff.organizationId}.`);
    } finally {
      await platform.close();
    }
  });

const audit = program.command('audit').description('Audit log tools.');
audit
  .command('verify')
  .description('Check the audit hash chain; names the first broken row and exits 1 if there is one.')
  .action(async () => {
    const database = await openFromConfig(config());
    try {
      const result = await verifyAuditChain(database.db);
      if (result.ok) {
        console.log(`Audit chain intact: ${result.checked} sealed row(s) checked, ${result.unsealed} waiting to be sealed.`);
      } else {
        console.error(`Audit chain BROKEN after ${result.checked} good row(s): ${result.firstBreak?.message}`);
        process.exitCode = 1;
      }
    } finally {
      await database.close();
    }
  });

program
  .command('restore <file>')
  .description('Make a new embedded data folder from a backup (BACKUP_DIR), then check it: the audit chain and what it holds.')
  .option('--data-dir <dir>', 'the folder to create (must not exist or be empty); default DATA_DIR')
  .action(async (file: string, options: { dataDir?: string }) => {
    const cfg = config();
    const dataDir = options.dataDir ?? cfg.DATA_DIR;
    await restoreBackup(file, dataDir);
    const database = await openDatabase({ dataDir });
    try {
      const chain = await verifyAuditChain(database.db);
      const counts = await sql<{ orders: number; customers: number; packages: number }>`
        select (select count(*)::int from sales_order) as orders, (select count(*)::int from customer) as customers,
               (select count(*)::int from inventory_package) as packages`.execute(database.db);
      const { orders, customers, packages } = counts.rows[0];
      console.log(`Restored ${file} into ${dataDir}: ${orders} order(s), ${customers} customer(s), ${packages} package(s).`);
      if (chain.ok) console.log(`Audit chain intact: ${chain.checked} sealed row(s) checked.`);
      else {
        console.error(`Audit chain BROKEN after ${chain.checked} good row(s): ${chain.firstBreak?.message}`);
        process.exitCode = 1;
      }
      console.log(`Start Verdant on it with DATA_DIR=${dataDir}.`);
    } finally {
      await database.close();
    }
  });

// `verdant import …`: the modules that load POS exports each add a subcommand.
const importCommand = program.command('import').description('Load POS exports (products, inventory) into Verdant.');
importCommand
  .command('products <file>')
  .description(
    'Import or update the catalog from a POS product export (CSV), upserting by SKU code. ' +
      'Rejected rows go to <file>.errors.csv with their line numbers; nothing of them is written. ' +
      'Exit code 0: all rows imported; 3: imported, some rows rejected; 2: the file was refused.',
  )
  .option('--organization <id>', 'organization id (defaults to the only one)')
  .option('--errors <file>', 'where to write rejected rows (default <file>.errors.csv)')
  .option('--review-threshold <n>', 'register-name guesses below this confidence go to review (0-1)', '0.7')
  .option('--chunk-size <n>', 'rows per transaction', '2000')
  .action(async (file: string, options: { organization?: string; errors?: string; reviewThreshold: string; chunkSize: string }) => {
    const threshold = Number(options.reviewThreshold);
    const chunkSize = Number(options.chunkSize);
    if (!(threshold >= 0 && threshold <= 1)) fail('--review-threshold must be between 0 and 1');
    if (!Number.isInteger(chunkSize) || chunkSize < 1) fail('--chunk-size must be a positive whole number');
    if (options.organization) assertOrganizationId(options.organization);
    const { importProducts, ImportFileError } = await import('../modules/catalog/product-import');
    const { SingleBar, Presets } = await import('cli-progress');
    const platform = await platformFromConfig();
    const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} rows  {duration_formatted}', hideCursor: true }, Presets.shades_classic);
    let phase = '';
    try {
      const organizationId = await organizationFor(platform, options.organization);
      const summary = await importProducts(platform.tx, {
        organizationId,
        file,
        errorsFile: options.errors,
        reviewThreshold: threshold,
        chunkSize,
        onProgress: ({ phase: next, done, total }) => {
          const label = next === 'check' ? 'checking' : 'writing ';
          if (label !== phase) {
            if (phase) bar.stop();
            phase = label;
            bar.start(total, 0, { phase: label });
          }
          bar.update(done, { phase: label });
        },
      });
      if (phase) bar.stop();
      await platform.sequencer.wake();
      console.log(
        [
          `Imported ${file} in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.accepted} of ${summary.rows} rows accepted, ${summary.rejected} rejected.`,
          `  products  created ${summary.products.created}, updated ${summary.products.updated}, unchanged ${summary.products.unchanged}`,
          `  SKUs      created ${summary.skus.created}, updated ${summary.skus.updated}, unchanged ${summary.skus.unchanged}`,
          `  prices    changed ${summary.prices.changed}, scheduled ${summary.prices.scheduled}, unchanged ${summary.prices.unchanged}`,
          `  brands    created ${summary.brandsCreated}`,
          `  review    ${summary.queuedForReview} register name(s) queued for a person (GET /v1/catalog/review)`,
          ...(summary.ignoredColumns.length ? [`  ignored columns: ${summary.ignoredColumns.join(', ')}`] : []),
          ...(summary.errorsFile ? [`  rejected rows written to ${summary.errorsFile}`] : []),
        ].join('\n'),
      );
      if (summary.rejected > 0) process.exitCode = 3;
    } catch (error) {
      if (phase) bar.stop();
      if (error instanceof ImportFileError) {
        console.error(`verdant: ${error.message}`);
        process.exitCode = 2;
      } else throw error;
    } finally {
      await platform.close();
    }
  });

// `verdant import inventory FILE.csv`: packages across stores from a POS export (inventory module).
importCommand
  .command('inventory <file>')
  .description(
    'Import packages (store license, label, SKU, batch, quantity, unit, location, dates) from a POS export (CSV), upserting by ' +
      'package label. Rejected rows go to <file>.errors.csv with their line numbers; nothing of them is written. ' +
      'Exit code 0: all rows imported; 3: imported, some rows rejected.',
  )
  .option('--organization <id>', 'organization id (defaults to the only one)')
  .option('--errors <file>', 'where to write rejected rows (default <file>.errors.csv)')
  .option('--chunk-size <n>', 'rows per transaction', '1000')
  .action(async (file: string, options: { organization?: string; errors?: string; chunkSize: string }) => {
    const chunkSize = Number(options.chunkSize);
    if (!Number.isInteger(chunkSize) || chunkSize < 1) fail('--chunk-size must be a positive whole number');
    if (options.organization) assertOrganizationId(options.organization);
    const { importInventory } = await import('../modules/inventory');
    const { SingleBar, Presets } = await import('cli-progress');
    const platform = await platformFromConfig();
    const bar = new SingleBar({ format: 'inventory [{bar}] {value}/{total} rows  {duration_formatted}', hideCursor: true }, Presets.shades_classic);
    let started = false;
    try {
      const organizationId = await organizationFor(platform, options.organization);
      const result = await importInventory(platform, {
        organizationId,
        file,
        errorsFile: options.errors ?? `${file}.errors.csv`,
        chunkSize,
        onProgress: (done, total) => {
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        },
      });
      if (started) bar.stop();
      await platform.sequencer.wake();
      console.log(
        [
          `Imported ${file} in ${result.seconds.toFixed(1)} s: ${result.rows} rows, ${result.created} packages created, ` +
            `${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} rejected.`,
          ...(result.errorsFile ? [`  rejected rows written to ${result.errorsFile}`] : []),
        ].join('\n'),
      );
      if (result.rejected > 0) process.exitCode = 3;
    } finally {
      if (started) bar.stop();
      await platform.close();
    }
  });

program
  .command('metrc-sim')
  .description('Run the Metrc simulator (demo facilities, keys and packages; fault injection under /__control).')
  .option('--port <port>', 'port to listen on (0 picks a free one)', '4100')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--no-rate-limits', 'turn off the GET rate limits Metrc enforces')
  .action(async (options) => {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a port number');
    const sim = await startMetrcSimulator({ port, host: options.host, rateLimits: options.rateLimits === false ? null : undefined });
    console.log(`Metrc simulator listening on ${sim.url} (control API ${sim.url}/__control/, see packages/metrc/README.md)`);
    console.log(`Point a store at it: METRC_BASE_URL=${sim.url}, or PUT /v1/stores/:storeId/traceability with baseUrl.`);
    const stop = () => void sim.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });

/**
 * The organization a command acts for: the one named (which must exist: written on as it was, a
 * mistyped id answered with a database error and its stack), or the only one there is.
 */
async function organizationFor(platform: Awaited<ReturnType<typeof createPlatform>>, named?: string, ask = 'Name the organization with --organization <id>.'): Promise<string> {
  if (named) {
    assertOrganizationId(named);
    const found = await platform.database.db.selectFrom('organization').select('id').where('id', '=', named).executeTakeFirst();
    if (!found) throw new UsageError(`--organization ${named}: there is no such organization.`);
    return named;
  }
  const orgs = await platform.database.db.selectFrom('organization').select('id').limit(2).execute();
  if (orgs.length !== 1) throw new UsageError(ask);
  return orgs[0].id;
}

/** An organization id is a UUID: anything else is refused before the database is opened. */
function assertOrganizationId(id: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new UsageError(`--organization must be an organization id (a UUID), not "${id}".`);
}

/** A command line that cannot be carried out as given: its message, exit code 2 (as `fail`). */
class UsageError extends Error {}

function printDemoLogins() {
  console.log('\nDemo organization seeded (three stores). Staff logins, who work at every store (password for all: %s):', DEMO_PASSWORD);
  for (const staff of demoStaff) {
    console.log(`  ${staff.role.padEnd(18)} ${staff.email.padEnd(32)}${staff.pin ? ` PIN ${staff.pin}` : ''}`);
  }
}

function fail(message: string): never {
  console.error(`verdant: ${message}`);
  process.exit(2);
}

program.parseAsync(process.argv).catch((error) => {
  if (error instanceof UsageError) {
    console.error(`verdant: ${error.message}`);
    process.exit(2);
  }
  if (error instanceof ConfigError || error instanceof MigrationChecksumError || error instanceof DataDirInUseError || error instanceof RestoreError) {
    console.error(`verdant: ${error.message}`);
  } else {
    console.error('verdant:', error instanceof Error ? error.stack ?? error.message : error);
  }
  process.exit(1);
});

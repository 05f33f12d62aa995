#!/usr/bin/env node
import { Command } from 'commander';
import { openDatabase } from '../db/database';
import { migrate, MigrationChecksumError } from '../db/migrate';
import { verifyAuditChain } from '../modules/audit/audit-chain';
import { roles, type Role } from '../modules/staff/permissions';
import { createStaff } from '../modules/staff/staff.service';
import { createOrganization } from '../modules/organizations/organizations.service';
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

function openFromConfig(cfg: Config) {
  return openDatabase({ url: cfg.DATABASE_URL, dataDir: cfg.DATA_DIR, poolMax: cfg.DB_POOL_MAX });
}

program
  .command('serve')
  .description('Migrate the database, seed the demo store on a first embedded run, and serve the API and apps.')
  .action(async () => {
    const cfg = config();
    const server = await startServer(cfg);
    const seedWanted = cfg.SEED_DEMO ?? !cfg.DATABASE_URL;
    if (seedWanted && (await isDatabaseEmpty(server.platform))) {
      await seedDemo(server.platform);
      printDemoLogins();
    } else if (seedWanted) {
      console.log('Demo data is already there. Staff logins are listed in README.md.');
    }
    const where = cfg.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${cfg.DATA_DIR}`;
    console.log(`\nVerdant is serving on ${server.url}  (database: ${where})`);
    console.log(`  API docs      ${server.url}/docs`);
    console.log(`  OpenAPI       ${server.url}/openapi.json`);
    console.log(`  Health        ${server.url}/healthz`);
    console.log(`  Metrics       ${server.url}/metrics\n`);
    const shutdown = (signal: string) => {
      console.log(`${signal}: finishing in-flight requests, then stopping.`);
      server.stop().then(
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
    const platform = await createPlatform(config(), { workers: false });
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
    const platform = await createPlatform(config(), { workers: false });
    try {
      const staff = await inTransaction(platform.tx, systemContext(), async (uow) => {
        let organizationId: string = options.organization;
        if (options.organizationName) {
          organizationId = (await createOrganization(uow, { name: options.organizationName })).id;
        } else if (!organizationId) {
          const orgs = await uow.trx.selectFrom('organization').select('id').limit(2).execute();
          if (orgs.length !== 1) fail('Name the organization with --organization <id> or create one with --organization-name <name>.');
          organizationId = orgs[0].id;
        }
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

function printDemoLogins() {
  console.log('\nDemo store seeded. Staff logins (password for all: %s):', DEMO_PASSWORD);
  for (const staff of demoStaff) {
    console.log(`  ${staff.role.padEnd(18)} ${staff.email.padEnd(32)}${staff.pin ? ` PIN ${staff.pin}` : ''}`);
  }
}

function fail(message: string): never {
  console.error(`verdant: ${message}`);
  process.exit(2);
}

program.parseAsync(process.argv).catch((error) => {
  if (error instanceof ConfigError || error instanceof MigrationChecksumError) {
    console.error(`verdant: ${error.message}`);
  } else {
    console.error('verdant:', error instanceof Error ? error.stack ?? error.message : error);
  }
  process.exit(1);
});

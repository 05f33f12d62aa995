import { defineConfig } from 'vitest/config';

// One `npm test` runs: pure unit tests of every package, the server's integration suite twice
// (embedded PGlite and PostgreSQL), the PostgreSQL-only concurrency suite, and the browser apps in Chromium.
// The groups run one after another, each two files at a time on a 2-core machine (every file on
// its own database).
const integration = ['packages/server/test/integration/**/*.test.ts'];
// Files that judge the HTTP layer, authorization and password hashing, not the database: the
// request fuzzers, the cross-organization sweep and the sign-in files. PGlite is the same
// PostgreSQL engine, so what they find about the database shows on PostgreSQL too; on PGlite they
// only took CI time (about 200 s of its 20 minutes). They run on PostgreSQL.
const postgresOnly = [
  'packages/server/test/integration/every-route-bad-input.property.test.ts',
  'packages/server/test/integration/bad-input.property.test.ts',
  'packages/server/test/integration/cross-organization.test.ts',
  'packages/server/test/integration/staff-credentials.test.ts',
  'packages/server/test/integration/staff-step-up.test.ts',
  'packages/server/test/integration/auth.test.ts',
  'packages/server/test/integration/sdk.test.ts',
  // Shoppers' sign-up, confirmation, password resets and mail, and staff sign-in rules: password
  // hashing, rate limits and authorization, not the database (about 80 s of PGlite worker time).
  'packages/server/test/integration/shopper-reset-cap.test.ts',
  'packages/server/test/integration/shop-email-verification.test.ts',
  'packages/server/test/integration/shop-mail.test.ts',
  'packages/server/test/integration/staff-deactivation.test.ts',
  'packages/server/test/integration/staff-auth-review.test.ts',
  // The jurisdiction packs' acceptance cases through the API and the product facts they need: they
  // judge the packs and how the server assembles the engine's input, not the database (about 80 s
  // of PGlite worker time).
  'packages/server/test/integration/packs-through-the-api.test.ts',
  'packages/server/test/integration/packs-through-the-api-2.test.ts',
  'packages/server/test/integration/packs-through-the-api-3.test.ts',
  'packages/server/test/integration/packs-through-the-api-4.test.ts',
  'packages/server/test/integration/product-facts-to-engine.test.ts',
];

/** What every project on a database shares: its own server and database per file (global setup makes the template). */
const onDatabase = (database: 'pglite' | 'postgres') => ({
  env: { VERDANT_TEST_DB: database },
  globalSetup: ['packages/server/test/support/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'integration-pglite',
          include: integration,
          exclude: postgresOnly,
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
          // Files share a worker's loaded modules: every file builds its own server and database,
          // so nothing is shared but the code, and each file saves re-importing the whole server.
          isolate: false,
          ...onDatabase('pglite'),
        },
      },
      {
        // Each file on its own database of the one PostgreSQL server: two at a time, as the PGlite
        // files, while one worker waits on the database the other uses the core.
        test: { name: 'integration-postgres', include: integration, sequence: { groupOrder: 2 }, maxWorkers: 2, isolate: false, ...onDatabase('postgres') },
      },
      {
        // The race tests hold locks, count waiting backends and kill processes, each on its own
        // database and by its own process ids, and wait for the lock queues they build (up to 30 s)
        // rather than for a time: two at a time, as the other PostgreSQL files.
        test: { name: 'concurrency', include: ['packages/server/test/concurrency/**/*.test.ts'], sequence: { groupOrder: 3 }, maxWorkers: 2, isolate: false, ...onDatabase('postgres') },
      },
      {
        // The browser apps in Chromium (/usr/bin/chromium; .ci/run installs it) against a real server.
        // A worker loads the server's modules once for every file it runs, as the integration files
        // do (each file still has its own server, database, listening port and browser). Two at a
        // time: a browser file spends much of its time waiting on the page, so the other one works.
        test: { name: 'browser', include: ['packages/server/test/browser/**/*.test.ts'], sequence: { groupOrder: 4 }, maxWorkers: 2, isolate: false, ...onDatabase('postgres') },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// One `npm test` runs: pure unit tests of every package, the server's integration suite twice
// (embedded PGlite and PostgreSQL), the PostgreSQL-only concurrency suite, and the browser apps in Chromium.
// The groups run one after another. PGlite runs in the test process, so its files run two at a
// time on a 2-core machine; the PostgreSQL and browser files share one database server and run
// one at a time, as their race tests were written for.
const integration = ['packages/server/test/integration/**/*.test.ts'];

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
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
          // Files share a worker's loaded modules: every file builds its own server and database,
          // so nothing is shared but the code, and each file saves re-importing the whole server.
          isolate: false,
          env: { VERDANT_TEST_DB: 'pglite' },
          globalSetup: ['packages/server/test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration-postgres',
          include: [...integration, 'packages/server/test/concurrency/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          maxWorkers: 1,
          isolate: false,
          env: { VERDANT_TEST_DB: 'postgres' },
          globalSetup: ['packages/server/test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The browser apps in Chromium (/usr/bin/chromium; .ci/run installs it) against a real server.
        test: {
          name: 'browser',
          include: ['packages/server/test/browser/**/*.test.ts'],
          sequence: { groupOrder: 3 },
          maxWorkers: 1,
          env: { VERDANT_TEST_DB: 'postgres' },
          globalSetup: ['packages/server/test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

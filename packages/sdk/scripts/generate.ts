// Regenerates packages/sdk/src/schema.ts from the OpenAPI document the server serves.
// Run: npm run sdk:generate (starts the server in memory on a throwaway embedded database).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/src/platform/config';
import { createLogger } from '../../server/src/platform/logger';
import { buildServer } from '../../server/src/server';
import { renderSchema } from '../src/render-schema';

const dataDir = mkdtempSync(join(tmpdir(), 'verdant-sdk-'));
try {
  const { app, platform } = await buildServer(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), { logger: createLogger('warn'), workers: false });
  try {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const out = fileURLToPath(new URL('../src/schema.ts', import.meta.url));
    writeFileSync(out, await renderSchema(document));
    console.log(`wrote ${out}`);
  } finally {
    await app.close();
    await platform.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

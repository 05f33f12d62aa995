import { DEMO_LICENSES, DEMO_USER_KEY, DEMO_VENDOR_KEY, startMetrcSimulator } from '@verdant/metrc';
import { systemContext } from '../../platform/context';
import type { Platform } from '../../platform/platform';
import { inTransaction } from '../../platform/unit-of-work';
import { putSettings } from './traceability.service';

/**
 * For `npm start` with DEMO_METRC_SIMULATOR=true: runs the Metrc simulator inside the server
 * process and points the demo California store (licence C10-0000001-LIC, the simulator's demo
 * retailer) at it, so sales show up as receipts at "Metrc" and faults can be injected through
 * its /__control API. The simulator's demo keys are public test values, not secrets.
 */
export async function startDemoMetrcSimulator(platform: Platform, port = 0): Promise<{ url: string } | null> {
  const store = await platform.database.db.selectFrom('store').select(['id', 'organization_id']).where('license_number', '=', DEMO_LICENSES.caRetail).executeTakeFirst();
  if (!store) return null;
  const sim = await startMetrcSimulator({ port, host: '127.0.0.1' });
  platform.onClose(() => sim.close());
  await inTransaction(platform.tx, systemContext(store.organization_id), (uow) =>
    putSettings(uow, platform.config, store.organization_id, store.id, {
      engine: 'metrc', baseUrl: sim.url, licenseNumber: DEMO_LICENSES.caRetail, credentials: { vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY },
    }),
  );
  return { url: sim.url };
}

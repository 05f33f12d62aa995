import { DEMO_LICENSES, DEMO_USER_KEY, DEMO_VENDOR_KEY, startMetrcSimulator } from '@verdant/metrc';
import { systemContext } from '../../platform/context';
import type { Platform } from '../../platform/platform';
import { inTransaction } from '../../platform/unit-of-work';
import { putDriverCredentials } from './traceability.deliveries';
import { putSettings } from './traceability.service';

/**
 * For `npm start` with DEMO_METRC_SIMULATOR=true: runs the Metrc simulator inside the server
 * process and points the demo California store (licence C10-0000001-LIC, the simulator's demo
 * retailer) at it, so sales show up as receipts (and delivery orders as sales deliveries) at
 * "Metrc" and faults can be injected through its /__control API. The simulator's demo keys are
 * public test values, not secrets.
 */
export async function startDemoMetrcSimulator(platform: Platform, port = 0): Promise<{ url: string } | null> {
  const store = await platform.database.db.selectFrom('store').select(['id', 'organization_id']).where('license_number', '=', DEMO_LICENSES.caRetail).executeTakeFirst();
  if (!store) return null;
  const sim = await startMetrcSimulator({ port, host: '127.0.0.1' });
  platform.onClose(() => sim.close());
  await inTransaction(platform.tx, systemContext(store.organization_id), async (uow) => {
    await putSettings(uow, platform.config, store.organization_id, store.id, {
      engine: 'metrc', baseUrl: sim.url, licenseNumber: DEMO_LICENSES.caRetail, credentials: { vendorKey: DEMO_VENDOR_KEY, userKey: DEMO_USER_KEY },
      deliveryPhone: '+1-510-555-0100',
    });
    // Delivery orders go to Metrc as sales deliveries, which name the driver: made-up identifiers
    // for the demo's drivers.
    const drivers = await uow.trx.selectFrom('staff_user').select(['id']).where('organization_id', '=', store.organization_id).where('role', '=', 'driver').orderBy('email').execute();
    for (const [i, d] of drivers.entries()) {
      await putDriverCredentials(uow, platform.config, store.organization_id, d.id, { employeeId: `DEMO-EMP-${String(i + 1).padStart(4, '0')}`, driversLicenseNumber: `D${String(1000001 + i)}` });
    }
  });
  return { url: sim.url };
}

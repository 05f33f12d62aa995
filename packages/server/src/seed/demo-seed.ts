import { seedDemoCatalog } from '../modules/catalog';
import { refreshListingRefusals } from '../modules/compliance';
import { seedDemoInventory } from '../modules/inventory';
import { seedDemoRegisters } from '../modules/registers';
import { seedDemoVehicles } from '../modules/delivery';
import { seedDemoPromotions } from '../modules/promotions';
import { seedDemoLoyalty } from '../modules/loyalty';
import { createOrganization, createStore } from '../modules/organizations/organizations.service';
import { createStaff } from '../modules/staff/staff.service';
import { customerSecrets } from '../modules/customers/customer-secrets';
import { seedDemoCustomers } from '../modules/customers/demo-customers';
import type { Role } from '../modules/staff/permissions';
import { systemContext } from '../platform/context';
import type { Platform } from '../platform/platform';
import { inTransaction } from '../platform/unit-of-work';

export const DEMO_ORGANIZATION_ID = '01900000-0000-7000-8000-000000000001';
export const DEMO_PASSWORD = 'verdant-demo';

export const demoStaff: Array<{ email: string; name: string; role: Role; pin?: string }> = [
  { email: 'owner@demo.verdant.test', name: 'Olivia Owner', role: 'owner' },
  { email: 'manager@demo.verdant.test', name: 'Marcus Manager', role: 'manager', pin: '9999' },
  { email: 'budtender@demo.verdant.test', name: 'Bea Budtender', role: 'budtender', pin: '1234' },
  { email: 'inventory@demo.verdant.test', name: 'Ivan Inventory', role: 'inventory_manager' },
  { email: 'driver@demo.verdant.test', name: 'Dana Driver', role: 'driver' },
  { email: 'auditor@demo.verdant.test', name: 'Aria Auditor', role: 'auditor' },
];

export async function isDatabaseEmpty(platform: Platform): Promise<boolean> {
  const row = await platform.database.db.selectFrom('organization').select('id').limit(1).executeTakeFirst();
  return !row;
}

/**
 * A demo organization with three stores (Oakland and San Francisco in California, Denver in
 * Colorado) and one staff member per role, who work at every store. Runs once.
 */
export async function seedDemo(platform: Platform): Promise<{ created: boolean }> {
  const existing = await platform.database.db
    .selectFrom('organization')
    .select('id')
    .where('id', '=', DEMO_ORGANIZATION_ID)
    .executeTakeFirst();
  if (existing) return { created: false };
  await inTransaction(platform.tx, systemContext(DEMO_ORGANIZATION_ID), async (uow) => {
    await createOrganization(uow, { id: DEMO_ORGANIZATION_ID, name: 'Verdant Demo Dispensaries' });
    const oakland = await createStore(uow, DEMO_ORGANIZATION_ID, {
      name: 'Green Door Oakland',
      licenseNumber: 'C10-0000001-LIC',
      jurisdiction: 'US-CA',
      timezone: 'America/Los_Angeles',
      address: { line1: '1200 Broadway', city: 'Oakland', region: 'CA', postalCode: '94612', country: 'US' },
    });
    const denver = await createStore(uow, DEMO_ORGANIZATION_ID, {
      name: 'Mile High Denver',
      licenseNumber: '402R-00001',
      jurisdiction: 'US-CO',
      timezone: 'America/Denver',
      address: { line1: '1600 Champa St', city: 'Denver', region: 'CO', postalCode: '80202', country: 'US' },
    });
    // A second California store, so the demo has somewhere to transfer to: cannabis does not cross
    // a state line, and Denver is in Colorado. It sorts after Oakland, which stays the first store.
    const sanFrancisco = await createStore(uow, DEMO_ORGANIZATION_ID, {
      name: 'Green Door San Francisco',
      licenseNumber: 'C10-0000003-LIC',
      jurisdiction: 'US-CA',
      timezone: 'America/Los_Angeles',
      address: { line1: '2165 Mission St', city: 'San Francisco', region: 'CA', postalCode: '94110', country: 'US' },
    });
    const storeIds = [oakland.id, denver.id, sanFrancisco.id];
    for (const staff of demoStaff) {
      await createStaff(uow, { ...staff, organizationId: DEMO_ORGANIZATION_ID, password: DEMO_PASSWORD });
    }
    await seedDemoCustomers(uow, DEMO_ORGANIZATION_ID, customerSecrets(platform.config));
    await seedDemoCatalog(uow, DEMO_ORGANIZATION_ID, { oakland: oakland.id, denver: denver.id, moreCalifornia: [sanFrancisco.id] });
    // Each store's default locations (vault, sales floor, …, in transit) and its stock.
    await seedDemoInventory(uow, DEMO_ORGANIZATION_ID, storeIds);
    await seedDemoRegisters(uow, DEMO_ORGANIZATION_ID, storeIds);
    await seedDemoVehicles(uow, DEMO_ORGANIZATION_ID, storeIds);
    await seedDemoPromotions(uow, DEMO_ORGANIZATION_ID);
    await seedDemoLoyalty(uow, DEMO_ORGANIZATION_ID);
  });
  // The menus follow the packs from the first request on. Publishing the seed's events first lets
  // this pass cover them, so their deliveries to the menus' subscriber have nothing left to do.
  await platform.sequencer.wake();
  await refreshListingRefusals(platform.database.db, { organizationId: DEMO_ORGANIZATION_ID });
  return { created: true };
}

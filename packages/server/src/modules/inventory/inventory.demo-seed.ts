import { v7 as uuidv7 } from 'uuid';
import type { UnitOfWork } from '../../platform/unit-of-work';
import { listProducts } from '../catalog';
import { bulkReceive, ensureStoreLocations } from './inventory.ledger';

/**
 * Demo stock for the demo stores: default locations, two batches per product (an older and a
 * newer harvest with different potency, so FIFO and "which lab profile do I get" are visible),
 * and packages on the sales floor plus a back-up package in the vault. Deterministic labels.
 */
export async function seedDemoInventory(uow: UnitOfWork, organizationId: string, storeIds: string[]): Promise<{ packages: number }> {
  for (const storeId of storeIds) await ensureStoreLocations(uow.trx, organizationId, storeId);
  const { products } = await listProducts(uow.trx, organizationId, { status: 'active', limit: 200 });
  if (products.length === 0) return { packages: 0 };
  const locations = await uow.trx
    .selectFrom('inventory_location')
    .select(['id', 'store_id', 'code'])
    .where('store_id', 'in', storeIds)
    .where('code', 'in', ['vault', 'sales_floor'])
    .execute();
  const location = (storeId: string, code: string) => locations.find((l) => l.store_id === storeId && l.code === code)!.id;

  const batches: Array<{ id: string; productIndex: number; generation: number }> = [];
  const batchRows = [];
  const labRows = [];
  for (const [p, product] of products.entries()) {
    for (const generation of [0, 1]) {
      const id = uuidv7();
      const harvest = new Date(Date.UTC(2026, 6 + generation * 2, 1 + p));
      batchRows.push({
        id,
        organization_id: organizationId,
        code: `DEMO-${String(p + 1).padStart(3, '0')}-${generation === 0 ? 'A' : 'B'}`,
        producer_license: p % 2 === 0 ? 'CCL20-0000123' : 'CCL20-0000456',
        producer_name: p % 2 === 0 ? 'Humboldt Hills Farm' : 'Emerald Triangle Growers',
        harvest_date: harvest.toISOString().slice(0, 10),
        lab_status: 'passed' as const,
      });
      const thc = 18 + ((p * 7 + generation * 3) % 10) + generation * 0.5;
      labRows.push({
        id: uuidv7(),
        organization_id: organizationId,
        batch_id: id,
        lab_name: 'SC Labs Demo',
        lab_license: 'C8-0000013-LIC',
        tested_on: new Date(harvest.getTime() + 20 * 86_400_000).toISOString().slice(0, 10),
        certificate_url: `https://coa.example.test/demo/${id}.pdf`,
        status: 'passed' as const,
        cannabinoids: JSON.stringify([
          { name: 'THCa', percent: Number(thc.toFixed(1)) },
          { name: 'CBD', percent: 0.1 },
        ]),
        terpenes: JSON.stringify([
          { name: 'myrcene', percent: 0.8 },
          { name: 'limonene', percent: 0.4 },
        ]),
        contaminants: JSON.stringify(['pesticides', 'heavy_metals', 'microbials', 'mycotoxins', 'residual_solvents'].map((panel) => ({ panel, status: 'pass' }))),
      });
      batches.push({ id, productIndex: p, generation });
    }
  }
  await uow.trx.insertInto('inventory_batch').values(batchRows).execute();
  await uow.trx.insertInto('inventory_lab_result').values(labRows).execute();

  const packages = [];
  const receipts: Array<{ packageId: string; locationId: string; quantity: number }> = [];
  let serial = 0;
  for (const [s, storeId] of storeIds.entries()) {
    for (const [p, product] of products.entries()) {
      for (const sku of product.skus) {
        const unit = sku.unit === 'weight' ? ('mg' as const) : ('each' as const);
        for (const generation of [0, 1]) {
          serial += 1;
          const id = uuidv7();
          const batch = batches.find((b) => b.productIndex === p && b.generation === generation)!;
          packages.push({
            id,
            organization_id: organizationId,
            label: `1A4060300002EE${s}${String(serial).padStart(9, '0')}`,
            sku_id: sku.id,
            batch_id: batch.id,
            unit,
            lab_status: 'passed' as const,
            received_at: new Date(Date.UTC(2026, 8 + generation, 1 + p)),
            expires_on: new Date(Date.UTC(2027, 2 + generation * 3, 1 + p)).toISOString().slice(0, 10),
            source: 'demo',
            updated_at: new Date(),
          });
          // The older lot is on the floor; the newer one waits in the vault.
          const quantity = unit === 'mg' ? 453_592 : 12 + ((serial * 5) % 30);
          receipts.push({ packageId: id, locationId: location(storeId, generation === 0 ? 'sales_floor' : 'vault'), quantity });
        }
      }
    }
  }
  await uow.trx.insertInto('inventory_package').values(packages).execute();
  await bulkReceive(uow, receipts, 'demo_seed', { type: 'seed', id: 'demo' });
  await uow.audit({ action: 'inventory.demo.seeded', entityType: 'inventory_package', entityId: null, after: { packages: packages.length } });
  return { packages: packages.length };
}

// A POS inventory export for `verdant import inventory`: one row per package at a location,
// for N SKUs at each of the given stores (license numbers), deterministic for a given seed.
// Run: npx tsx bench/generate-inventory-csv.ts --skus 12000 --stores C10-0000001-LIC,402R-00001,C10-0000002-LIC --out /tmp/inventory.csv
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface InventoryCsvOptions {
  skus: number;
  storeLicenses: string[];
  seed?: string;
  /** Include the catalog's SKU ids (imports then need no SKU-code lookup). */
  withSkuIds?: boolean;
}

/** A uuid derived from a name (stable across runs), shaped like a v4 uuid. */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The SKUs the generated file names (code, id, how it is sold), for a bench to put in its catalog first. */
export function generatedSkus(skus: number, seed = 'verdant'): Array<{ code: string; id: string; unit: 'each' | 'weight' }> {
  return Array.from({ length: skus }, (_, i) => {
    const code = `SKU-${String(i + 1).padStart(6, '0')}`;
    return { code, id: stableUuid(`${seed}:sku:${code}`), unit: i % 10 === 0 ? 'weight' : 'each' };
  });
}

export function generateInventoryCsv(options: InventoryCsvOptions): string {
  const seed = options.seed ?? 'verdant';
  const lines = ['store_license,package_label,sku_code,sku_id,batch,producer_license,quantity,unit,location,received_date,expiry_date'];
  for (const [s, license] of options.storeLicenses.entries()) {
    for (let i = 0; i < options.skus; i++) {
      const weight = i % 10 === 0; // one SKU in ten is bulk flower sold by weight
      const code = `SKU-${String(i + 1).padStart(6, '0')}`;
      const skuId = options.withSkuIds === false ? '' : stableUuid(`${seed}:sku:${code}`);
      const label = `1A4${String(s).padStart(2, '0')}${createHash('sha1').update(`${seed}:${license}:${code}`).digest('hex').slice(0, 10).toUpperCase()}${String(i).padStart(9, '0')}`.slice(0, 24);
      const batch = `LOT-${String(Math.floor(i / 4) + 1).padStart(5, '0')}`;
      const producer = `CCL20-${String(1000 + (Math.floor(i / 4) % 50)).padStart(7, '0')}`;
      const quantity = weight ? `${(100 + (i % 400)).toString()}.${String(i % 1000).padStart(3, '0')}` : String(5 + ((i * 7 + s) % 60));
      const unit = weight ? 'g' : 'each';
      const location = i % 5 === 0 ? 'vault' : 'sales_floor';
      const day = 1 + (i % 28);
      const received = `2026-${String(1 + (i % 9)).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const expiry = i % 3 === 0 ? '' : `2027-${String(1 + (i % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      lines.push([license, label, code, skuId, batch, producer, quantity, unit, location, received, expiry].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const out = arg('out', 'inventory.csv');
  const csv = generateInventoryCsv({
    skus: Number(arg('skus', '12000')),
    storeLicenses: arg('stores', 'C10-0000001-LIC,402R-00001,C10-0000002-LIC').split(','),
    withSkuIds: arg('sku-ids', 'true') !== 'false',
  });
  writeFileSync(out, csv);
  console.log(`wrote ${csv.split('\n').length - 2} rows to ${out}`);
}

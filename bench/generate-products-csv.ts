// Writes a POS product export like the ones dispensaries hand us: one row per SKU, a register
// name, product title, brand, category, strain, size, cannabis content, barcode and a price
// column per store license. Deterministic for a given seed.
// Run: npx tsx bench/generate-products-csv.ts --skus 12000 --out /tmp/products.csv [--licenses A,B,C] [--seed 42] [--bad 0]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';

export interface GenerateOptions {
  skus: number;
  licenses: string[];
  seed?: number;
  /** Rows with a deliberate problem (unknown category, negative price, duplicate code …). */
  badRows?: number;
  /** Share of rows that give only a register name and leave category/size to the normalizer. */
  registerOnlyShare?: number;
}

/** mulberry32: small, fast, good enough to make data, and the same on every machine. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Blue', 'Purple', 'Lemon', 'Sour', 'Golden', 'Cherry', 'Northern', 'Green', 'Pink', 'Wedding', 'Grape', 'Mango', 'Ice', 'Gorilla', 'Strawberry', 'Jack', 'Super', 'Banana', 'Apple', 'Tropical', 'Cosmic', 'Velvet', 'Midnight', 'Sunset', 'Maui'];
const SECOND = ['Dream', 'Kush', 'Haze', 'Cookies', 'Gelato', 'Diesel', 'Lights', 'Crack', 'Runtz', 'Cake', 'Ape', 'Glue', 'Cough', 'Herer', 'Sherbet', 'Mints', 'Zkittlez', 'Fritter', 'Punch', 'Wowie', 'Breath', 'Jack', 'Skunk', 'Widow', 'OG'];
const BRANDS = ['Humboldt Heritage', 'Cloud Nine Extracts', 'Sweet Leaf Kitchen', 'Rocky Ridge', 'Tidewater Wellness', 'Fizz Botanicals', 'Emerald Bay', 'High Desert Farms', 'Coastal Cultivators', 'Lighthouse Labs', 'Redwood Roots', 'Sierra Sun', 'Pacific Standard', 'Golden State Greens', 'Mile High Gardens', 'Front Range Farms', 'Summit Extracts', 'Blue River', 'Canyon Craft', 'Verdant Supply'];
const EFFECTS = ['relaxed', 'happy', 'euphoric', 'uplifted', 'creative', 'energetic', 'focused', 'sleepy', 'hungry', 'calm', 'social', 'pain relief'];
const STRAINS = ['indica', 'sativa', 'hybrid', 'hybrid', 'cbd'] as const;
const STRAIN_CODE = { indica: 'IND', sativa: 'SAT', hybrid: 'HYB', cbd: 'CBD' } as const;

type Kind = { category: string; code: string; sizes: { label: string; weightG?: number; thcMg?: number; pack?: number; price: number }[]; weight: number };
const KINDS: Kind[] = [
  { category: 'flower', code: 'FLWR', weight: 30, sizes: [{ label: '1g', weightG: 1, price: 1500 }, { label: '3.5g', weightG: 3.5, price: 4500 }, { label: '7g', weightG: 7, price: 8000 }, { label: '14g', weightG: 14, price: 14000 }, { label: '28g', weightG: 28, price: 24000 }] },
  { category: 'pre_roll', code: 'PR', weight: 15, sizes: [{ label: '1g', weightG: 1, price: 1200 }, { label: '5x0.5g', weightG: 2.5, pack: 5, price: 3000 }, { label: '0.5g', weightG: 0.5, price: 700 }] },
  { category: 'infused_pre_roll', code: 'INF PR', weight: 5, sizes: [{ label: '1g', weightG: 1, price: 2000 }, { label: '2x0.75g', weightG: 1.5, pack: 2, price: 3200 }] },
  { category: 'vape', code: 'VAPE', weight: 15, sizes: [{ label: '0.5g', weightG: 0.5, price: 3500 }, { label: '1g', weightG: 1, price: 6000 }] },
  { category: 'concentrate', code: 'CONC', weight: 10, sizes: [{ label: '1g', weightG: 1, price: 5000 }, { label: '2g', weightG: 2, price: 9000 }] },
  { category: 'edible', code: 'EDIBLE', weight: 12, sizes: [{ label: '100mg 10pk', thcMg: 100, pack: 10, price: 2000 }, { label: '50mg 5pk', thcMg: 50, pack: 5, price: 1200 }] },
  { category: 'beverage', code: 'BEV', weight: 4, sizes: [{ label: '10mg', thcMg: 10, price: 800 }, { label: '5mg', thcMg: 5, price: 600 }] },
  { category: 'tincture', code: 'TINC', weight: 3, sizes: [{ label: '300mg 30ml', thcMg: 300, price: 5500 }, { label: '1000mg 30ml', thcMg: 1000, price: 9000 }] },
  { category: 'capsule', code: 'CAP', weight: 2, sizes: [{ label: '300mg 30pk', thcMg: 300, pack: 30, price: 4500 }] },
  { category: 'topical', code: 'TOP', weight: 2, sizes: [{ label: '500mg 2oz', thcMg: 500, price: 3800 }] },
  { category: 'accessory', code: 'ACC', weight: 2, sizes: [{ label: '1 unit', price: 1500 }] },
];
const KIND_TOTAL = KINDS.reduce((n, k) => n + k.weight, 0);

export function generateProductsCsv(options: GenerateOptions): string {
  const random = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const registerOnly = options.registerOnlyShare ?? 0.1;
  const rows: Record<string, string>[] = [];
  let productIndex = 0;
  while (rows.length < options.skus) {
    productIndex++;
    let roll = random() * KIND_TOTAL;
    const kind = KINDS.find((k) => (roll -= k.weight) < 0) ?? KINDS[0];
    const strainName = `${pick(FIRST)} ${pick(SECOND)}`;
    const brand = pick(BRANDS);
    const strain = kind.category === 'accessory' ? null : pick(STRAINS);
    const title = kind.category === 'accessory' ? `${brand} ${pick(['Battery', 'Grinder', 'Papers', 'Lighter', 'Jar'])} ${productIndex}` : `${strainName} ${kind.category.replace(/_/g, ' ')} #${productIndex}`;
    const effects = [...new Set([pick(EFFECTS), pick(EFFECTS), pick(EFFECTS)])].join(';');
    const thcPercent = kind.category === 'flower' || kind.category.includes('pre_roll') ? 14 + random() * 20 : kind.category === 'vape' || kind.category === 'concentrate' ? 60 + random() * 30 : null;
    const brandCode = brand.split(' ').map((w) => w[0]).join('');
    const sizes = kind.sizes.slice(0, 1 + Math.floor(random() * kind.sizes.length));
    for (const size of sizes) {
      if (rows.length >= options.skus) break;
      const code = `SKU-${String(rows.length + 1).padStart(6, '0')}`;
      const only = random() < registerOnly && kind.category !== 'accessory';
      // Some registers leave the category code out ("HH BLUE DREAM 3.5G HYB"): the normalizer has
      // to infer it, with less confidence, and those rows land in the review queue.
      const vague = only && random() < 0.3;
      const potency = size.thcMg !== undefined;
      const registerName = [vague ? '' : kind.code, brandCode, strainName.toUpperCase().slice(0, 14), size.label.toUpperCase(), strain && !potency ? STRAIN_CODE[strain] : '']
        .filter(Boolean)
        .join(' ');
      const row: Record<string, string> = {
        sku: code,
        register_name: registerName,
        product: only ? '' : title,
        brand: only ? '' : brand,
        category: only ? '' : kind.category,
        strain: only || !strain ? '' : strain,
        size: only ? '' : size.label,
        net_weight_g: only || size.weightG === undefined ? '' : String(size.weightG),
        thc_mg: only || size.thcMg === undefined ? '' : String(size.thcMg),
        thc_percent: thcPercent === null ? '' : thcPercent.toFixed(1),
        barcode: String(850000000000 + rows.length * 7),
        description: only ? '' : `${title} from ${brand}. ${strain ? `A ${strain} ` : ''}${kind.category.replace(/_/g, ' ')} with notes of ${pick(FIRST).toLowerCase()} and ${pick(SECOND).toLowerCase()}.`,
        effects: kind.category === 'accessory' ? '' : effects,
      };
      options.licenses.forEach((license, i) => {
        const factor = [1, 0.9, 1.1, 0.95][i % 4];
        row[`price_${license}`] = random() < 0.03 ? '' : (Math.round((size.price * factor) / 50) * 0.5).toFixed(2);
      });
      rows.push(row);
    }
  }
  for (let i = 0; i < (options.badRows ?? 0) && rows.length > 0; i++) {
    const row = rows[Math.floor(random() * rows.length)];
    const license = options.licenses[0];
    switch (i % 4) {
      case 0:
        row.category = 'spaceship';
        break;
      case 1:
        row[`price_${license}`] = '-12.00';
        break;
      case 2:
        rows.push({ ...row });
        break;
      default:
        row.net_weight_g = 'heavy';
    }
  }
  const columns = ['sku', 'register_name', 'product', 'brand', 'category', 'strain', 'size', 'net_weight_g', 'thc_mg', 'thc_percent', 'barcode', 'description', 'effects', ...options.licenses.map((l) => `price_${l}`)];
  return stringify(rows, { header: true, columns });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const out = arg('out', 'products.csv');
  const csv = generateProductsCsv({
    skus: Number(arg('skus', '12000')),
    licenses: arg('licenses', 'BENCH-LIC-1,BENCH-LIC-2,BENCH-LIC-3').split(','),
    seed: Number(arg('seed', '42')),
    badRows: Number(arg('bad', '0')),
  });
  writeFileSync(out, csv);
  console.log(`wrote ${out}`);
}

import type { UnitOfWork } from '../../platform/unit-of-work';
import type { Category } from './catalog.model';
import { createBrand, createProduct } from './catalog.service';

// The demo menu: a small, realistic shelf of 29 products / 42 SKUs over every sellable category,
// priced at both demo stores (Denver a little cheaper, as Colorado shelves are). Register names
// are what a POS would show; the Denver store does not carry two California-only brands.

type DemoSku = {
  code: string;
  registerName: string;
  sizeLabel: string;
  netWeightMg?: number;
  packCount?: number;
  thcMg?: number;
  thcMgPerServing?: number;
  thcPercent?: number;
  cbdMg?: number;
  cbdPercent?: number;
  unit?: 'each' | 'weight';
  medicalOnly?: boolean;
  restrictedJurisdictions?: string[];
  /** Oakland price in cents; Denver is 90 % of it unless `denver` says otherwise (null: not sold). */
  price: number;
  denver?: number | null;
  tiers?: { minQuantity: number; unitPriceCents: number }[];
};

type DemoProduct = {
  title: string;
  brand: string;
  category: Category;
  strainType?: 'indica' | 'sativa' | 'hybrid' | 'cbd';
  strainName?: string;
  effects?: string[];
  terpenes?: { name: string; percent?: number }[];
  description: string;
  skus: DemoSku[];
};

const BRANDS = [
  { name: 'Humboldt Heritage', aliases: ['HH Farms', 'HUMB'], description: 'Sun-grown flower from family farms in Humboldt County.' },
  { name: 'Cloud Nine Extracts', aliases: ['C9', 'CNE'], description: 'Live resin and rosin, hydrocarbon and solventless.' },
  { name: 'Sweet Leaf Kitchen', aliases: ['SLK'], description: 'Fruit chews and chocolate, dosed to the milligram.' },
  { name: 'Rocky Ridge', aliases: ['RR'], description: 'Colorado indoor flower and pre-rolls.' },
  { name: 'Tidewater Wellness', aliases: ['TW'], description: 'Tinctures, capsules and topicals for everyday wellness.' },
  { name: 'Fizz Botanicals', aliases: ['FIZZ'], description: 'Low-dose sparkling cannabis drinks.' },
  { name: 'Verdant Supply', aliases: ['VS'], description: 'House accessories: papers, batteries, storage.' },
];

const PRODUCTS: DemoProduct[] = [
  {
    title: 'Blue Dream',
    brand: 'Humboldt Heritage',
    category: 'flower',
    strainType: 'hybrid',
    strainName: 'Blue Dream',
    effects: ['happy', 'creative', 'uplifted'],
    terpenes: [{ name: 'myrcene', percent: 0.9 }, { name: 'pinene', percent: 0.4 }],
    description: 'A sativa-leaning hybrid with sweet blueberry notes. Balanced full-body relaxation with gentle cerebral invigoration.',
    skus: [
      { code: 'HH-BD-35', registerName: 'FLWR HH BD 3.5G HYB', sizeLabel: '3.5g', netWeightMg: 3500, thcPercent: 24.1, price: 4500 },
      { code: 'HH-BD-7', registerName: 'FLWR HH BD 7G HYB', sizeLabel: '7g', netWeightMg: 7000, thcPercent: 24.1, price: 8000 },
      { code: 'HH-BD-28', registerName: 'FLWR HH BD 28G HYB', sizeLabel: '28g', netWeightMg: 28000, thcPercent: 24.1, price: 24000, denver: 19900 },
    ],
  },
  {
    title: 'Granddaddy Purple',
    brand: 'Humboldt Heritage',
    category: 'flower',
    strainType: 'indica',
    strainName: 'Granddaddy Purple',
    effects: ['relaxed', 'sleepy', 'hungry'],
    terpenes: [{ name: 'myrcene', percent: 1.1 }, { name: 'caryophyllene', percent: 0.5 }],
    description: 'Deep purple buds with grape and berry aroma. A heavy indica for the end of the day and for restful sleep.',
    skus: [
      { code: 'HH-GDP-35', registerName: 'FLWR HH GDP 3.5G IND', sizeLabel: '3.5g', netWeightMg: 3500, thcPercent: 21.4, price: 4200 },
      { code: 'HH-GDP-7', registerName: 'FLWR HH GDP 7G IND', sizeLabel: '7g', netWeightMg: 7000, thcPercent: 21.4, price: 7500 },
      { code: 'HH-GDP-14', registerName: 'FLWR HH GDP 14G IND', sizeLabel: '14g', netWeightMg: 14000, thcPercent: 21.4, price: 13000 },
    ],
  },
  {
    title: 'Sour Diesel',
    brand: 'Rocky Ridge',
    category: 'flower',
    strainType: 'sativa',
    strainName: 'Sour Diesel',
    effects: ['energetic', 'focused', 'uplifted'],
    terpenes: [{ name: 'caryophyllene', percent: 0.7 }, { name: 'limonene', percent: 0.5 }],
    description: 'Pungent, fuel-forward sativa. Fast-acting, energizing and clear-headed for daytime.',
    skus: [
      { code: 'RR-SD-35', registerName: 'FLWR RR SOUR D 3.5G SAT', sizeLabel: '3.5g', netWeightMg: 3500, thcPercent: 26.3, price: 5000, denver: 3800 },
      { code: 'RR-SD-1G', registerName: 'FLWR RR SOUR D 1G BULK', sizeLabel: '1g', unit: 'weight', netWeightMg: 1000, thcPercent: 26.3, price: 1500, denver: 1100, tiers: [{ minQuantity: 7, unitPriceCents: 1300 }, { minQuantity: 28, unitPriceCents: 1000 }] },
    ],
  },
  {
    title: 'Wedding Cake',
    brand: 'Rocky Ridge',
    category: 'flower',
    strainType: 'hybrid',
    strainName: 'Wedding Cake',
    effects: ['relaxed', 'euphoric', 'happy'],
    description: 'Rich and tangy with earthy pepper. An indica-leaning hybrid that calms the body and lifts the mood.',
    skus: [
      { code: 'RR-WC-35', registerName: 'FLWR RR WED CAKE 3.5G HYB', sizeLabel: '3.5g', netWeightMg: 3500, thcPercent: 28.7, price: 5500, denver: 4200 },
      { code: 'RR-WC-7', registerName: 'FLWR RR WED CAKE 7G HYB', sizeLabel: '7g', netWeightMg: 7000, thcPercent: 28.7, price: 9500, denver: 7500 },
    ],
  },
  {
    title: 'Harlequin CBD Flower',
    brand: 'Humboldt Heritage',
    category: 'flower',
    strainType: 'cbd',
    strainName: 'Harlequin',
    effects: ['calm', 'focused', 'pain relief'],
    description: 'A CBD-rich strain with a 5:1 CBD to THC ratio. Clear-headed relief without much of a high.',
    skus: [{ code: 'HH-HRQ-35', registerName: 'FLWR HH HARLEQUIN 3.5G CBD', sizeLabel: '3.5g', netWeightMg: 3500, thcPercent: 4.2, cbdPercent: 15.8, price: 3500 }],
  },
  {
    title: 'Blue Dream Pre-Roll',
    brand: 'Humboldt Heritage',
    category: 'pre_roll',
    strainType: 'hybrid',
    strainName: 'Blue Dream',
    effects: ['happy', 'creative'],
    description: 'Whole-flower Blue Dream rolled in unbleached paper.',
    skus: [
      { code: 'HH-BD-PR1', registerName: 'Pr-Roll-HH-BD-1g', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 23.5, price: 1200 },
      { code: 'HH-BD-PR5', registerName: 'PR HH BD 5PK 0.5G', sizeLabel: '5x0.5g', netWeightMg: 2500, packCount: 5, thcPercent: 23.5, price: 3000 },
    ],
  },
  {
    title: 'Sour Diesel Pre-Roll',
    brand: 'Rocky Ridge',
    category: 'pre_roll',
    strainType: 'sativa',
    strainName: 'Sour Diesel',
    effects: ['energetic', 'focused'],
    description: 'A full gram of Sour Diesel flower in a hemp cone.',
    skus: [{ code: 'RR-SD-PR1', registerName: 'PR RR SOUR D 1G SAT', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 25.9, price: 1400, denver: 1000 }],
  },
  {
    title: 'Mountain Haze Dogwalkers',
    brand: 'Rocky Ridge',
    category: 'pre_roll',
    strainType: 'sativa',
    strainName: 'Mountain Haze',
    effects: ['energetic', 'uplifted'],
    description: 'Ten mini pre-rolls for a quick walk around the block.',
    skus: [{ code: 'RR-MH-DW10', registerName: 'PR RR MTN HAZE 10PK .35G', sizeLabel: '10x0.35g', netWeightMg: 3500, packCount: 10, thcPercent: 22.0, price: 3500, denver: 2800 }],
  },
  {
    title: 'Diamond Infused Pre-Roll Watermelon',
    brand: 'Cloud Nine Extracts',
    category: 'infused_pre_roll',
    strainType: 'hybrid',
    effects: ['euphoric', 'happy'],
    description: 'Flower rolled with THCa diamonds and a kief coat. Strong: start slow.',
    skus: [{ code: 'C9-INF-WM1', registerName: 'INF PR C9 WATERMELON 1G', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 42.0, price: 2000 }],
  },
  {
    title: 'Live Resin Cart Pineapple Express',
    brand: 'Cloud Nine Extracts',
    category: 'vape',
    strainType: 'sativa',
    strainName: 'Pineapple Express',
    effects: ['energetic', 'creative', 'happy'],
    terpenes: [{ name: 'limonene', percent: 3.1 }, { name: 'ocimene', percent: 1.2 }],
    description: 'Full-spectrum live resin in a ceramic 510 cartridge. Bright tropical flavour.',
    skus: [
      { code: 'C9-LR-PE05', registerName: 'VAPE C9 LR PINEAPPLE EXP .5G', sizeLabel: '0.5g', netWeightMg: 500, thcPercent: 78.2, price: 3500 },
      { code: 'C9-LR-PE1', registerName: 'VAPE C9 LR PINEAPPLE EXP 1G', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 78.2, price: 6000 },
    ],
  },
  {
    title: 'Distillate Disposable Northern Lights',
    brand: 'Cloud Nine Extracts',
    category: 'vape',
    strainType: 'indica',
    strainName: 'Northern Lights',
    effects: ['relaxed', 'sleepy'],
    description: 'Rechargeable all-in-one vape with cannabis-derived terpenes.',
    skus: [
      { code: 'C9-DSP-NL05', registerName: 'VAPE C9 DISPO NL .5G IND', sizeLabel: '0.5g', netWeightMg: 500, thcPercent: 88.5, price: 2500, denver: 2000 },
      { code: 'C9-DSP-NL1', registerName: 'VAPE C9 DISPO NL 1G IND', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 88.5, price: 4000, denver: 3200 },
    ],
  },
  {
    title: 'Live Rosin Badder Gelato',
    brand: 'Cloud Nine Extracts',
    category: 'concentrate',
    strainType: 'hybrid',
    strainName: 'Gelato',
    effects: ['relaxed', 'euphoric'],
    description: 'Solventless cold-cure rosin, whipped to a badder consistency.',
    skus: [
      { code: 'C9-ROS-GEL05', registerName: 'CONC C9 LIVE ROSIN GELATO .5G', sizeLabel: '0.5g', netWeightMg: 500, thcPercent: 74.9, price: 3500 },
      { code: 'C9-ROS-GEL1', registerName: 'CONC C9 LIVE ROSIN GELATO 1G', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 74.9, price: 6500 },
    ],
  },
  {
    title: 'Shatter OG Kush',
    brand: 'Rocky Ridge',
    category: 'concentrate',
    strainType: 'hybrid',
    strainName: 'OG Kush',
    effects: ['relaxed', 'happy'],
    description: 'Glass-clear shatter with classic OG fuel and pine.',
    skus: [{ code: 'RR-SHT-OG1', registerName: 'CONC RR SHATTER OG 1G', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 81.0, price: 3000, denver: 2200 }],
  },
  {
    title: 'Raspberry Fruit Chews',
    brand: 'Sweet Leaf Kitchen',
    category: 'edible',
    strainType: 'sativa',
    effects: ['happy', 'uplifted'],
    description: 'Vegan fruit chews made with real raspberries. 10 pieces of 10 mg.',
    skus: [
      { code: 'SLK-RASP-20', registerName: 'EDIBLE SLK RASP CHEWS 20MG 2PK', sizeLabel: '20mg 2pk', packCount: 2, thcMg: 20, thcMgPerServing: 10, price: 600, denver: 500 },
      { code: 'SLK-RASP-100', registerName: 'EDIBLE SLK RASP CHEWS 100MG 10PK', sizeLabel: '100mg 10pk', packCount: 10, thcMg: 100, thcMgPerServing: 10, price: 2000, denver: 1600 },
    ],
  },
  {
    title: 'Midnight Blueberry Sleep Gummies',
    brand: 'Sweet Leaf Kitchen',
    category: 'edible',
    strainType: 'indica',
    effects: ['sleepy', 'relaxed'],
    description: 'THC with CBN for a full night of sleep. 20 gummies of 5 mg THC and 2.5 mg CBN.',
    skus: [{ code: 'SLK-MBB-100', registerName: 'EDIBLE SLK MIDNIGHT BB 100MG 20PK', sizeLabel: '100mg 20pk', packCount: 20, thcMg: 100, thcMgPerServing: 5, price: 2200 }],
  },
  {
    title: 'Dark Chocolate Sea Salt Bar',
    brand: 'Sweet Leaf Kitchen',
    category: 'edible',
    effects: ['relaxed', 'happy'],
    description: '70 % dark chocolate with flaky sea salt, scored into 20 squares of 5 mg.',
    skus: [
      { code: 'SLK-DCH-100', registerName: 'EDIBLE SLK DARK CHOC BAR 100MG', sizeLabel: '100mg 20pk', packCount: 20, thcMg: 100, thcMgPerServing: 5, price: 2400, denver: 1900 },
      { code: 'SLK-DCH-1:1', registerName: 'EDIBLE SLK DARK CHOC 1:1 100MG', sizeLabel: '100mg THC 100mg CBD', packCount: 20, thcMg: 100, thcMgPerServing: 5, cbdMg: 100, price: 2600, denver: 2100 },
    ],
  },
  {
    title: 'High-Dose Medical Gummies',
    brand: 'Sweet Leaf Kitchen',
    category: 'edible',
    effects: ['pain relief', 'sleepy'],
    description: 'For registered patients: 10 gummies of 50 mg. Medical sale only.',
    skus: [{ code: 'SLK-MED-500', registerName: 'EDIBLE SLK MED GUMMY 500MG', sizeLabel: '500mg 10pk', packCount: 10, thcMg: 500, thcMgPerServing: 50, medicalOnly: true, price: 4000, denver: 3200 }],
  },
  {
    title: 'Sparkling Lemonade',
    brand: 'Fizz Botanicals',
    category: 'beverage',
    effects: ['uplifted', 'social'],
    description: 'Tart sparkling lemonade with 5 mg of fast-acting THC per can.',
    skus: [
      { code: 'FIZZ-LEM-5', registerName: 'BEV FIZZ LEMONADE 5MG 12OZ', sizeLabel: '5mg 355ml', thcMg: 5, price: 600 },
      { code: 'FIZZ-LEM-5-4PK', registerName: 'BEV FIZZ LEMONADE 4PK 20MG', sizeLabel: '20mg 4pk', packCount: 4, thcMg: 20, thcMgPerServing: 5, price: 2000, denver: 1600 },
    ],
  },
  {
    title: 'Hibiscus Iced Tea',
    brand: 'Fizz Botanicals',
    category: 'beverage',
    strainType: 'cbd',
    effects: ['calm', 'social'],
    description: 'Unsweetened hibiscus tea, 2 mg THC and 10 mg CBD.',
    skus: [{ code: 'FIZZ-HIB-2', registerName: 'BEV FIZZ HIBISCUS 2MG THC 10MG CBD', sizeLabel: '2mg 10mg CBD', thcMg: 2, cbdMg: 10, price: 500, denver: null, restrictedJurisdictions: ['US-CO'] }],
  },
  {
    title: 'Daily Balance 1:1 Tincture',
    brand: 'Tidewater Wellness',
    category: 'tincture',
    strainType: 'cbd',
    effects: ['calm', 'pain relief'],
    description: 'MCT oil tincture with equal THC and CBD. 30 ml bottle, 1 ml dropper = 10 mg each.',
    skus: [{ code: 'TW-TINC-11', registerName: 'TINC TW 1:1 300MG 30ML', sizeLabel: '300mg 30ml', thcMg: 300, thcMgPerServing: 10, cbdMg: 300, price: 5500, denver: 4500 }],
  },
  {
    title: 'CBD Relief Tincture',
    brand: 'Tidewater Wellness',
    category: 'tincture',
    strainType: 'cbd',
    effects: ['calm', 'pain relief'],
    description: 'CBD-dominant 20:1 tincture for daytime relief without impairment.',
    skus: [{ code: 'TW-TINC-201', registerName: 'TINC TW CBD 20:1 1000MG', sizeLabel: '1000mg CBD 50mg THC', thcMg: 50, cbdMg: 1000, price: 6000 }],
  },
  {
    title: 'Sleep Capsules',
    brand: 'Tidewater Wellness',
    category: 'capsule',
    strainType: 'indica',
    effects: ['sleepy', 'relaxed'],
    description: 'Precisely dosed softgels: 30 capsules of 10 mg THC with 5 mg CBN.',
    skus: [{ code: 'TW-CAP-SLP', registerName: 'CAP TW SLEEP 300MG 30CT', sizeLabel: '300mg 30pk', packCount: 30, thcMg: 300, thcMgPerServing: 10, price: 4500 }],
  },
  {
    title: 'Warming Relief Balm',
    brand: 'Tidewater Wellness',
    category: 'topical',
    strainType: 'cbd',
    effects: ['pain relief'],
    description: 'Arnica and menthol balm with THC and CBD for sore muscles. Non-psychoactive on the skin.',
    skus: [{ code: 'TW-BALM-2OZ', registerName: 'TOP TW RELIEF BALM 2OZ', sizeLabel: '500mg 2oz', thcMg: 250, cbdMg: 250, price: 3800, denver: 3000 }],
  },
  {
    title: 'Blue Dream Feminized Seeds',
    brand: 'Humboldt Heritage',
    category: 'seed',
    strainType: 'hybrid',
    strainName: 'Blue Dream',
    description: 'Five feminized seeds from our Blue Dream mother, for home growers.',
    skus: [{ code: 'HH-SEED-BD5', registerName: 'SEED HH BD FEM 5PK', sizeLabel: '5 seeds', packCount: 5, price: 6000, denver: 5000 }],
  },
  {
    title: 'Clone: Gorilla Glue #4',
    brand: 'Rocky Ridge',
    category: 'plant',
    strainType: 'hybrid',
    strainName: 'Gorilla Glue #4',
    description: 'Rooted clone, about 6 inches, ready to transplant.',
    skus: [{ code: 'RR-CLN-GG4', registerName: 'CLONE RR GG4', sizeLabel: '1 plant', price: 2500, denver: 2000 }],
  },
  {
    title: '510 Thread Battery',
    brand: 'Verdant Supply',
    category: 'accessory',
    description: 'Variable-voltage 510 battery with USB-C charging.',
    skus: [{ code: 'VS-BATT-510', registerName: 'ACC 510 BATTERY', sizeLabel: '1 battery', price: 2000, denver: 1800 }],
  },
  {
    title: 'Unbleached Rolling Papers',
    brand: 'Verdant Supply',
    category: 'accessory',
    description: 'King size slim unbleached papers with tips, 32 leaves.',
    skus: [{ code: 'VS-PAPER-KS', registerName: 'ACC PAPERS KS', sizeLabel: '32 leaves', price: 300, denver: 300 }],
  },
  {
    title: 'Smell-Proof Stash Jar',
    brand: 'Verdant Supply',
    category: 'accessory',
    description: 'UV-blocking glass jar with a humidity pack, holds 7 g.',
    skus: [{ code: 'VS-JAR-7', registerName: 'ACC STASH JAR', sizeLabel: '1 jar', price: 1500 }],
  },
  {
    title: 'Lemon Cherry Gelato',
    brand: 'Humboldt Heritage',
    category: 'flower',
    strainType: 'hybrid',
    strainName: 'Lemon Cherry Gelato',
    effects: ['euphoric', 'relaxed', 'creative'],
    description: 'Candy-sweet citrus and cherry over a creamy gelato base. California only.',
    skus: [{ code: 'HH-LCG-35', registerName: 'FLWR HH LCG 3.5G HYB', sizeLabel: '3.5g', netWeightMg: 3500, thcPercent: 30.2, price: 6000, denver: null }],
  },
];

/**
 * Creates the demo brands and menu inside the caller's transaction. `moreCalifornia`: other
 * California stores, priced as Oakland.
 */
export async function seedDemoCatalog(uow: UnitOfWork, organizationId: string, stores: { oakland: string; denver: string; moreCalifornia?: string[] }) {
  const brandIds = new Map<string, string>();
  for (const brand of BRANDS) brandIds.set(brand.name, (await createBrand(uow, organizationId, { ...brand, description: brand.description })).id);
  for (const product of PRODUCTS) {
    await createProduct(uow, organizationId, {
      title: product.title,
      brandId: brandIds.get(product.brand),
      description: product.description,
      category: product.category,
      strainType: product.strainType ?? null,
      strainName: product.strainName ?? null,
      effects: product.effects ?? [],
      terpenes: product.terpenes ?? [],
      images: [],
      status: 'active',
      skus: product.skus.map(({ price, denver, tiers, ...sku }) => {
        const denverPrice = denver === undefined ? Math.round((price * 0.9) / 100) * 100 : denver;
        return {
          ...sku,
          unit: sku.unit ?? 'each',
          medicalOnly: sku.medicalOnly ?? false,
          restrictedJurisdictions: sku.restrictedJurisdictions ?? [],
          attributes: [],
          // The demo stores are in California and Colorado: no Washington DOH certification.
          dohCompliant: false,
          status: 'active' as const,
          prices: [
            ...[stores.oakland, ...(stores.moreCalifornia ?? [])].map((storeId) => ({ storeId, priceCents: price, currency: 'USD', tiers: tiers ?? [] })),
            ...(denverPrice === null ? [] : [{ storeId: stores.denver, priceCents: denverPrice, currency: 'USD', tiers: [] }]),
          ],
        };
      }),
    });
  }
  return { brands: BRANDS.length, products: PRODUCTS.length, skus: PRODUCTS.reduce((n, p) => n + p.skus.length, 0) };
}

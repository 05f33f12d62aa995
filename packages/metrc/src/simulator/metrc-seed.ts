import type { MetrcLabTestingState } from '../metrc-types';

/**
 * What a fresh simulator holds. The demo seed is a small chain: a California dispensary, a
 * California distributor that ships to it, a Michigan provisioning centre with medical patients,
 * and one licence the demo user may not touch (for 403s). Labels and keys are exported so tests
 * and the demo can name them.
 */
export interface SeedFacility {
  license: string;
  name: string;
  /** Two-letter state code; picks the state profile (endpoints, zone, reasons). */
  state: string;
  licenseType: string;
  canSellToConsumers: boolean;
  canSellToPatients: boolean;
  canDeliverSalesToConsumers?: boolean;
  /** Overrides the state's main zone. */
  timezone?: string;
}

export interface SeedItem {
  license: string;
  name: string;
  category: string;
  /** Metrc ProductCategoryType: "Buds", "Concentrate", "InfusedEdible", "Other"… */
  categoryType: string;
  unitOfMeasure: 'Each' | 'Grams' | 'Ounces' | 'Milligrams';
  strain?: string;
  /** Grams per unit for count-based items; feeds patient weight allotments. */
  unitWeightGrams?: number;
  unitThcMg?: number;
}

export interface SeedPackage {
  license: string;
  label: string;
  itemName: string;
  quantity: number;
  unitOfMeasure?: string;
  labTestingState?: MetrcLabTestingState;
  onHold?: boolean;
  recalled?: boolean;
  finished?: boolean;
}

export interface SeedPatient {
  state: string;
  licenseNumber: string;
  active?: boolean;
  flowerOuncesAllowed: number;
  thcOuncesAllowed?: number;
  concentrateOuncesAllowed: number;
  infusedOuncesAllowed: number;
  purchaseAmountDays?: number;
  expirationDate?: string;
}

export interface SeedUser {
  userKey: string;
  name: string;
  licenses: string[];
}

export interface MetrcSimulatorSeed {
  vendorKeys: string[];
  users: SeedUser[];
  facilities: SeedFacility[];
  items: SeedItem[];
  packages: SeedPackage[];
  patients: SeedPatient[];
}

export const DEMO_VENDOR_KEY = 'sim-vendor-3f9c1e7a2b';
export const DEMO_USER_KEY = 'sim-user-8d41b0c6e5';
/** A valid key of another licensee, with access only to DEMO_LICENSES.foreign. */
export const DEMO_OTHER_USER_KEY = 'sim-user-other-77aa01';

export const DEMO_LICENSES = {
  caRetail: 'C10-0000001-LIC',
  caDistributor: 'C11-0000002-LIC',
  miRetail: 'PC-000001',
  foreign: 'C10-0000099-LIC',
} as const;

/** Metrc tags are 24 characters: `1A4` + facility prefix + serial. */
export function demoLabel(facilityPrefix: string, serial: number): string {
  const head = `1A4${facilityPrefix}`;
  return head + String(serial).padStart(24 - head.length, '0');
}

export const DEMO_PACKAGES = {
  ca: {
    prepack: demoLabel('0100', 1), // 100 Each of Blue Dream 3.5 g
    flower: demoLabel('0100', 2), // 1 lb (in grams) of Blue Dream bulk flower
    onHold: demoLabel('0100', 3),
    recalled: demoLabel('0100', 4),
    untested: demoLabel('0100', 5),
    finished: demoLabel('0100', 6),
    edibles: demoLabel('0100', 7),
  },
  mi: {
    flower: demoLabel('0300', 1),
    concentrate: demoLabel('0300', 2),
    prepack: demoLabel('0300', 3),
  },
  foreign: {
    prepack: demoLabel('0900', 1),
  },
} as const;

export const DEMO_PATIENTS = {
  mi: 'MI-PT-00042',
  miInactive: 'MI-PT-00043',
} as const;

/** Count of filler pre-roll packages at the CA store, so the active list spans two pages. */
export const DEMO_FILLER_PACKAGES = 24;

export function demoSeed(): MetrcSimulatorSeed {
  const ca = DEMO_LICENSES.caRetail;
  const mi = DEMO_LICENSES.miRetail;
  const items: SeedItem[] = [];
  for (const license of [ca, mi, DEMO_LICENSES.foreign, DEMO_LICENSES.caDistributor]) {
    items.push(
      { license, name: 'Blue Dream 3.5g', category: 'Flower (packaged eighth - each)', categoryType: 'Buds', unitOfMeasure: 'Each', strain: 'Blue Dream', unitWeightGrams: 3.5 },
      { license, name: 'Blue Dream Flower', category: 'Flower', categoryType: 'Buds', unitOfMeasure: 'Grams', strain: 'Blue Dream' },
      { license, name: 'Live Resin 1g', category: 'Concentrate (each)', categoryType: 'Concentrate', unitOfMeasure: 'Each', unitWeightGrams: 1 },
      { license, name: 'Gummies 100mg', category: 'Edible (each)', categoryType: 'InfusedEdible', unitOfMeasure: 'Each', unitWeightGrams: 20, unitThcMg: 100 },
      { license, name: 'Pre-roll 1g', category: 'Pre-Roll Flower', categoryType: 'Buds', unitOfMeasure: 'Each', unitWeightGrams: 1 },
      { license, name: 'Shatter', category: 'Concentrate', categoryType: 'Concentrate', unitOfMeasure: 'Grams' },
    );
  }
  const p = DEMO_PACKAGES;
  const packages: SeedPackage[] = [
    { license: ca, label: p.ca.prepack, itemName: 'Blue Dream 3.5g', quantity: 100 },
    { license: ca, label: p.ca.flower, itemName: 'Blue Dream Flower', quantity: 453.59237 },
    { license: ca, label: p.ca.onHold, itemName: 'Live Resin 1g', quantity: 50, onHold: true },
    { license: ca, label: p.ca.recalled, itemName: 'Gummies 100mg', quantity: 40, recalled: true },
    { license: ca, label: p.ca.untested, itemName: 'Gummies 100mg', quantity: 40, labTestingState: 'SubmittedForTesting' },
    { license: ca, label: p.ca.finished, itemName: 'Blue Dream 3.5g', quantity: 0, finished: true },
    { license: ca, label: p.ca.edibles, itemName: 'Gummies 100mg', quantity: 60 },
    { license: mi, label: p.mi.flower, itemName: 'Blue Dream Flower', quantity: 1000 },
    { license: mi, label: p.mi.concentrate, itemName: 'Shatter', quantity: 200 },
    { license: mi, label: p.mi.prepack, itemName: 'Blue Dream 3.5g', quantity: 80 },
    { license: DEMO_LICENSES.foreign, label: p.foreign.prepack, itemName: 'Blue Dream 3.5g', quantity: 30 },
  ];
  for (let i = 0; i < DEMO_FILLER_PACKAGES; i++) {
    packages.push({ license: ca, label: demoLabel('0100', 100 + i), itemName: 'Pre-roll 1g', quantity: 10 });
  }
  return {
    vendorKeys: [DEMO_VENDOR_KEY],
    users: [
      { userKey: DEMO_USER_KEY, name: 'demo.manager', licenses: [ca, DEMO_LICENSES.caDistributor, mi] },
      { userKey: DEMO_OTHER_USER_KEY, name: 'other.licensee', licenses: [DEMO_LICENSES.foreign] },
    ],
    facilities: [
      { license: ca, name: 'Verdant Demo Dispensary', state: 'CA', licenseType: 'Retailer', canSellToConsumers: true, canSellToPatients: true, canDeliverSalesToConsumers: true },
      { license: DEMO_LICENSES.caDistributor, name: 'Verdant Demo Distribution', state: 'CA', licenseType: 'Distributor', canSellToConsumers: false, canSellToPatients: false },
      { license: mi, name: 'Verdant Demo Provisioning Center', state: 'MI', licenseType: 'Provisioning Center', canSellToConsumers: true, canSellToPatients: true, canDeliverSalesToConsumers: true },
      { license: DEMO_LICENSES.foreign, name: 'Someone Else Cannabis Co.', state: 'CA', licenseType: 'Retailer', canSellToConsumers: true, canSellToPatients: true },
    ],
    items,
    packages,
    patients: [
      { state: 'MI', licenseNumber: DEMO_PATIENTS.mi, flowerOuncesAllowed: 2.5, concentrateOuncesAllowed: 0.5, infusedOuncesAllowed: 1, purchaseAmountDays: 1 },
      { state: 'MI', licenseNumber: DEMO_PATIENTS.miInactive, active: false, flowerOuncesAllowed: 2.5, concentrateOuncesAllowed: 0.5, infusedOuncesAllowed: 1 },
    ],
  };
}

import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, CONCENTRATES, FLOWER, INGESTIBLE, oz, REGISTERED_PATIENTS, type LimitComponentInput } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the start of adult-use sales (2021-01-22); open-ended.
const PACK = { from: '2021-01-22', to: null };
const LIMITS = cite('Dutchie AZ guide: 1 oz, of which ≤5 g concentrate', 'S40');
// Concentrate weight counts inside the ounce; THC in products counts as concentrate (mg for mg).
const TOTAL: LimitComponentInput[] = [
  { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' },
  { categories: CONCENTRATES, measure: 'weight' },
  { categories: INGESTIBLE, measure: 'thc' },
];
const CONCENTRATE: LimitComponentInput[] = [
  { categories: CONCENTRATES, measure: 'weight' },
  { categories: INGESTIBLE, measure: 'thc' },
];
const INFUSED_NOTE = 'THC in edibles, beverages, tinctures and capsules counts as concentrate mg for mg (no conversion in the sources; unsure).';

export const usAz = {
  jurisdiction: 'US-AZ',
  name: 'Arizona',
  version: '2026.12.2',
  timezone: 'America/Phoenix',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S40'),
  ages: [
    { id: 'us-az.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('Adult-use 21+', 'S40'), confidence: 'likely' },
    { id: 'us-az.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('Registered qualifying patients; caregivers', 'S40'), confidence: 'unsure', note: 'The reference states no patient age; 18 assumed.' },
  ],
  medicalProgram: [
    {
      id: 'us-az.medical.program', offered: true, acceptedCardJurisdictions: ['US-AZ'], acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK,
      source: cite('Visiting patients may possess but cannot buy', 'S40'), confidence: 'likely',
    },
  ],
  limits: [
    {
      id: 'us-az.limit.au-total', label: 'Adult-use 1 oz total', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: oz(1),
      components: [...TOTAL], effective: PACK, source: LIMITS, confidence: 'likely', note: INFUSED_NOTE,
    },
    {
      id: 'us-az.limit.au-concentrate', label: 'Adult-use concentrate within the ounce', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: 5000,
      components: [...CONCENTRATE], effective: PACK, source: LIMITS, confidence: 'likely', note: INFUSED_NOTE,
    },
    {
      id: 'us-az.limit.med-14-days', label: 'Medical 2.5 oz per 14 days', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 14 }, unit: 'mg', max: oz(2.5),
      components: [...TOTAL], effective: PACK, source: cite('2.5 oz per 14 calendar days', 'S40'), confidence: 'sure',
    },
    {
      id: 'us-az.limit.med-concentrate-14-days', label: 'Medical concentrate within the 2.5 oz', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 14 }, unit: 'mg', max: 12500,
      components: [...CONCENTRATE], effective: PACK, source: cite('One dispensary: ≤12.5 g of it concentrate', 'S40'), confidence: 'unsure', overridable: true,
      note: 'Single weak source; kept as the cautious reading and overridable.',
    },
  ],
  hours: [],
  delivery: [
    {
      id: 'us-az.delivery.unconfirmed', customerKinds: ['adult_use', 'medical'], allowed: false, effective: PACK,
      source: cite('Delivery not confirmed in the sources', 'S40'), confidence: 'unsure', overridable: true,
      note: 'Not confirmed; a licensed delivery store overrides allowed to true.',
    },
  ],
  productRules: [
    {
      id: 'us-az.product.au-edible-package', label: 'Adult-use edibles: at most 10 mg THC per serving, 100 mg per package', customerKinds: ['adult_use'],
      categories: ['edible', 'beverage'], maxThcMgPerUnit: 100, maxThcMgPerServing: 10, effective: PACK, source: cite('AU edibles ≤10 mg/serving, ≤100 mg/package', 'S40'), confidence: 'likely',
    },
    {
      id: 'us-az.product.med-edible-package', label: 'Medical edibles: at most 1,000 mg THC per package', customerKinds: ['medical'],
      categories: ['edible', 'beverage'], maxThcMgPerUnit: 1000, effective: PACK, source: cite('Medical edibles up to 1,000 mg', 'S40'), confidence: 'likely',
    },
  ],
  bundleRules: [
    {
      id: 'us-az.bundle.no-mixed', label: 'Excise items may not be bundled with non-taxable items', kind: 'no_mixed_bundles', effective: PACK,
      source: cite('A.R.S. 42-5452(C)', 'S40'), confidence: 'sure',
    },
  ],
  taxes: [
    {
      id: 'us-az.tax.excise', code: 'AZ_MET', label: 'Marijuana excise tax', metrcField: 'ExciseTax', rate: 0.16,
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK, source: cite('A.R.S. 42-5452: 16% MET, adult-use only', 'S40'), confidence: 'sure',
    },
    {
      id: 'us-az.tax.tpt', code: 'AZ_TPT', label: 'Transaction privilege tax', metrcField: 'SalesTax', rate: 0.056, storeRate: 'localSalesTaxRate',
      appliesTo: [{ categories: ALL }], effective: PACK, source: cite('TPT 5.6% + county/city; MET excluded from the base (42-5452(D))', 'S40'), confidence: 'sure',
      note: 'A.R.S. 36-2864 bars other local cannabis taxes, so localCannabisTaxRate is not used here.',
    },
  ],
} satisfies PackInput;

import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, CONCENTRATES, FLOWER, INGESTIBLE, oz, REGISTERED_PATIENTS } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the start of adult-use sales (2024-08-06); open-ended.
const PACK = { from: '2024-08-06', to: null };
const BEFORE_JUNE_2025 = { from: '2024-08-06', to: '2025-06-03' };
const SINCE_JUNE_2025 = { from: '2025-06-04', to: null };
// SB 56 signed 2025-12-19, effective about 90 days later.
const SB56 = { from: '2026-03-19', to: null };
const DCC = cite('Ohio DCC June 2025 purchase limits', 'S46');
const SUPPLY = oz(8);

export const usOh = {
  jurisdiction: 'US-OH',
  name: 'Ohio',
  version: '2026.12.13',
  timezone: 'America/New_York',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S46'),
  ages: [
    { id: 'us-oh.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('21+, state ID checked before sale', 'S46'), confidence: 'likely' },
    { id: 'us-oh.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('Registered patients; caregivers share the supply', 'S46'), confidence: 'unsure', note: 'The reference states no patient age; 18 assumed.' },
  ],
  medicalProgram: [
    { id: 'us-oh.medical.program', offered: true, acceptedCardJurisdictions: ['US-OH'], acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK, source: cite('Registered Ohio patients (OARRS)', 'S46'), confidence: 'likely' },
  ],
  limits: [
    {
      id: 'us-oh.limit.au-flower', label: 'Adult-use flower per day', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: oz(1),
      components: [{ categories: FLOWER, measure: 'weight' }], effective: BEFORE_JUNE_2025, source: DCC, confidence: 'likely',
      note: 'Before the June 2025 change: 1 oz flower per day; the reference gives no separate non-flower limit for that period.',
    },
    {
      id: 'us-oh.limit.au-flower', label: 'Adult-use flower per day', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: oz(2.5),
      components: [{ categories: FLOWER, measure: 'weight' }], effective: SINCE_JUNE_2025, source: DCC, confidence: 'unsure',
      note: 'Tracked separately from non-flower THC (DCC guidance); one attorney says both maxima cannot be bought at once (unsure).',
    },
    {
      id: 'us-oh.limit.au-non-flower-thc', label: 'Adult-use THC in non-flower products per day', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg_thc', max: 15000,
      components: [{ categories: [...CONCENTRATES, ...INGESTIBLE, 'topical', 'infused_pre_roll'], measure: 'thc' }], effective: SINCE_JUNE_2025, source: DCC, confidence: 'unsure',
      note: 'Independent of the flower limit (DCC guidance); the combination rule is unclear.',
    },
    {
      id: 'us-oh.limit.med-90-day-supply', label: 'Medical 90-day supply (tier I flower equivalent)', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 90 }, unit: 'mg', max: SUPPLY,
      components: [
        { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight', thcPercentAtMost: 23, ifPotencyUnknown: 'skip' },
        { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight', thcPercentAbove: 23, ifPotencyUnknown: 'match', per: oz(5.3), equals: SUPPLY },
        { categories: INGESTIBLE, measure: 'thc', per: 9900, equals: SUPPLY },
        { categories: ['topical'], measure: 'thc', per: 26550, equals: SUPPLY },
        { categories: CONCENTRATES, measure: 'thc', per: 53100, equals: SUPPLY },
      ],
      effective: PACK, source: cite('90-day supply: 8 oz tier I / 5.3 oz tier II / 9.9 g / 26.55 g / 53.1 g THC, aggregated', 'S46'), confidence: 'sure',
      note: 'Aggregated across forms as fractions of each form’s 90-day amount. Non-vape concentrates count with vape oil (53.1 g THC). Flower without a THC % counts as tier II (the cautious reading). Whole-day units are reported to OARRS by the server.',
    },
  ],
  hours: [],
  delivery: [
    {
      id: 'us-oh.delivery.unconfirmed', customerKinds: ['adult_use', 'medical'], allowed: false, effective: PACK,
      source: cite('Delivery not confirmed in the sources', 'S46'), confidence: 'unsure', overridable: true,
      note: 'Not confirmed; treated as not allowed until a store with a delivery licence overrides it.',
    },
  ],
  productRules: [
    {
      id: 'us-oh.product.sb56-flower-potency', label: 'Flower above 35% THC may not be sold (SB 56)', customerKinds: ['adult_use', 'medical'],
      categories: FLOWER, maxThcPercent: 35, effective: SB56, source: cite('SB 56: flower THC cap 35%', 'S46'), confidence: 'likely',
      note:
        'Effective date approximate (~90 days after signing on 2025-12-19; a referendum could delay it, regulations.md §10.11). ' +
        'The reference marks the cap likely (§9 L244, §0 L32) with its approximate date, so it is carried as likely (unsure until 2026.12.13), not a value a store may override.',
    },
    {
      id: 'us-oh.product.sb56-extract-potency', label: 'Extracts above 70% THC may not be sold (SB 56)', customerKinds: ['adult_use', 'medical'],
      categories: CONCENTRATES, maxThcPercent: 70, effective: SB56, source: cite('SB 56: extract THC cap 70%', 'S46'), confidence: 'likely',
      note: 'Effective date approximate, as for the flower cap; likely as the reference marks it (§9 L244, §0 L32; unsure until 2026.12.13).',
    },
  ],
  bundleRules: [],
  taxes: [
    {
      id: 'us-oh.tax.excise', code: 'OH_EXCISE', label: 'Ohio adult-use cannabis excise tax', metrcField: 'ExciseTax', rate: 0.1,
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK, source: cite('ORC 3780.22: 10% paid by the consumer', 'S46'), confidence: 'sure',
    },
    {
      id: 'us-oh.tax.sales', code: 'OH_SALES', label: 'State and county sales tax', metrcField: 'SalesTax', rate: 0.0575, storeRate: 'localSalesTaxRate',
      appliesTo: [{ categories: ALL }], effective: PACK, source: cite('Published example: $100 → $10 excise + 7.5% × $100', 'S46'), confidence: 'likely',
    },
  ],
} satisfies PackInput;

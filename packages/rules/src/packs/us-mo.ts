import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, CONCENTRATES, FLOWER, INGESTIBLE, oz, REGISTERED_PATIENTS, type LimitComponentInput } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the start of adult-use sales (2023-02-03); open-ended.
const PACK = { from: '2023-02-03', to: null };
// "Dried unprocessed or equivalent": 1 oz = 8 g concentrate = 800 mg THC in infused products.
const EQUIVALENT_COMPONENTS: LimitComponentInput[] = [
  { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' },
  { categories: CONCENTRATES, measure: 'weight', per: 8000, equals: oz(1) },
  { categories: [...INGESTIBLE, 'topical'], measure: 'thc', per: 800, equals: oz(1) },
];
const TAX = cite('Missouri DOR: marijuana tax and sales tax both collected', 'S45');

export const usMo = {
  jurisdiction: 'US-MO',
  name: 'Missouri',
  version: '2026.12.15',
  timezone: 'America/Chicago',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S45'),
  ages: [
    { id: 'us-mo.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('21+ with government photo ID', 'S45'), confidence: 'likely' },
    {
      id: 'us-mo.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('18+ with card; under 18 via primary caregiver', 'S45'), confidence: 'likely',
    },
  ],
  medicalProgram: [
    { id: 'us-mo.medical.program', offered: true, acceptedCardJurisdictions: 'any', acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK, source: cite('Out-of-state cards accepted', 'S45'), confidence: 'likely' },
  ],
  minorPatients: [
    {
      id: 'us-mo.minor-patient.caregiver', allowed: true, caregiverMinAge: 18, caregiverMinAgeConfidence: 'unsure', effective: PACK,
      source: cite('Dutchie MO guide: patients under 18 via a primary caregiver (parent/guardian consent)', 'S45'), confidence: 'likely',
      note: 'The parent/guardian consent belongs to the patient’s registration; the register only sees a linked caregiver. The reference states no caregiver age; the adult medical minimum age (18) is used (caregiverMinAgeConfidence unsure).',
    },
  ],
  limits: [
    {
      id: 'us-mo.limit.au-equivalency', label: 'Adult-use 3 oz dried or equivalent', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: oz(3),
      components: [...EQUIVALENT_COMPONENTS], effective: PACK, source: cite('3 oz dried unprocessed or equivalent', 'S45'), confidence: 'likely',
    },
    {
      id: 'us-mo.limit.med-30-days', label: 'Medical 6 oz per 30 days', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 30 }, unit: 'mg', max: oz(6),
      components: [...EQUIVALENT_COMPONENTS], effective: PACK, source: cite('6 oz dried or equivalent per 30 days', 'S45'), confidence: 'likely',
      note: 'An older page says 4 oz (outdated).',
    },
  ],
  hours: [],
  delivery: [
    { id: 'us-mo.delivery.allowed', customerKinds: ['adult_use', 'medical'], allowed: true, effective: PACK, source: cite('Delivery allowed', 'S45'), confidence: 'likely' },
  ],
  productRules: [],
  bundleRules: [],
  taxes: [
    {
      id: 'us-mo.tax.marijuana-adult-use', code: 'MO_MARIJUANA', label: 'Missouri adult-use marijuana tax', metrcField: 'ExciseTax', rate: 0.06,
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK, source: cite('Const. Art. XIV: 6% adult-use', 'S45'), confidence: 'sure',
    },
    {
      id: 'us-mo.tax.marijuana-medical', code: 'MO_MARIJUANA_MEDICAL', label: 'Missouri medical marijuana tax', metrcField: 'ExciseTax', rate: 0.04,
      appliesTo: [{ customerKinds: ['medical'], categories: CANNABIS }], effective: PACK, source: cite('Const. Art. XIV: 4% medical', 'S45'), confidence: 'sure',
    },
    {
      id: 'us-mo.tax.local-marijuana', code: 'MO_LOCAL_MARIJUANA', label: 'Local marijuana tax', metrcField: 'MunicipalTax', rate: 0, storeRate: 'localCannabisTaxRate', storeRateMax: 0.03,
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK, source: cite('Local tax up to 3% (city or county, not stacked)', 'S45'), confidence: 'likely',
      note: 'Reference §4 Missouri row (L120): up to 3%, city or county, not stacked, so the one store rate is capped at 3%: above it is refused, not charged (from 2026.12.15).',
    },
    {
      id: 'us-mo.tax.sales', code: 'MO_SALES', label: 'State and local sales tax', metrcField: 'SalesTax', rate: 0.04225, storeRate: 'localSalesTaxRate',
      appliesTo: [{ categories: ALL }], effective: PACK, source: TAX, confidence: 'unsure',
      note: 'Order of taxes not confirmed: every tax is computed on the price and none is in another’s base.',
    },
  ],
} satisfies PackInput;

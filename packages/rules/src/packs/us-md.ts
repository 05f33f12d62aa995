import type { PackInput } from '../pack-schema.ts';
import { CANNABIS, CONCENTRATES, FLOWER, INFUSED, INGESTIBLE, oz, REGISTERED_PATIENTS } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the start of adult-use sales (2023-07-01); open-ended.
const PACK = { from: '2023-07-01', to: null };
const COMAR_13 = cite('COMAR 14.17.13.03 adult-use product limits', 'S44');
const MEDICAL = cite('COMAR 14.17.12.04: 120 g and 36 g THC per 30 days', 'S44');
const AU_MAX = oz(1.5);

export const usMd = {
  jurisdiction: 'US-MD',
  name: 'Maryland',
  version: '2026.12.5',
  timezone: 'America/New_York',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S44'),
  ages: [
    { id: 'us-md.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('21+ with government photo ID', 'S44'), confidence: 'sure' },
    { id: 'us-md.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('Patients and caregivers with MCA ID', 'S44'), confidence: 'unsure', note: 'The reference states no patient age; 18 assumed.' },
  ],
  medicalProgram: [
    {
      id: 'us-md.medical.program', offered: true, acceptedCardJurisdictions: ['US-MD'], acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK,
      source: cite('COMAR 14.17.12.04: MCA-issued ID number + photo ID', 'S44'), confidence: 'sure',
    },
  ],
  limits: [
    {
      id: 'us-md.limit.au-equivalency', label: 'Adult-use 1.5 oz / 12 g concentrate / 750 mg THC (combined)', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: AU_MAX,
      components: [
        { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' },
        { categories: CONCENTRATES, measure: 'weight', per: 12000, equals: AU_MAX },
        { categories: INFUSED, measure: 'thc', per: 750, equals: AU_MAX },
      ],
      effective: PACK, source: cite('Statute "or" list; MCA interpretation via Dutchie', 'S44'), confidence: 'unsure',
      note: 'The statute lists the three amounts with "or" and the MCA says a full single category blocks any other product: read as an equivalency (sum of fractions ≤ 1), per store-local day (possession-based).',
    },
    {
      id: 'us-md.limit.med-usable-30-days', label: 'Medical usable cannabis per 30 days', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 30 }, unit: 'mg', max: 120000,
      components: [{ categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' }], effective: PACK, source: MEDICAL, confidence: 'sure',
    },
    {
      id: 'us-md.limit.med-thc-30-days', label: 'Medical THC in products per 30 days', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 30 }, unit: 'mg_thc', max: 36000,
      components: [{ categories: [...CONCENTRATES, ...INFUSED], measure: 'thc' }], effective: PACK, source: MEDICAL, confidence: 'sure',
    },
  ],
  hours: [],
  delivery: [
    {
      id: 'us-md.delivery.adult-use', customerKinds: ['adult_use'], allowed: true, effective: PACK,
      source: cite('Online pre-order for pickup or delivery', 'S44'), confidence: 'likely',
    },
    {
      id: 'us-md.delivery.medical', customerKinds: ['medical'], allowed: true, addressTypes: ['residence', 'inpatient_facility'], effective: PACK,
      source: cite('COMAR 10.62.30.04: private residence or inpatient facility', 'S44'), confidence: 'sure',
    },
  ],
  productRules: [
    {
      id: 'us-md.product.au-concentrate-weight', label: 'Adult-use concentrates: at most 1 g per package', customerKinds: ['adult_use'],
      categories: ['concentrate'], maxNetWeightMgPerUnit: 1000, effective: PACK, source: COMAR_13, confidence: 'sure',
    },
    {
      id: 'us-md.product.au-ingestible-package', label: 'Adult-use edibles, tinctures, capsules: at most 10 mg THC per serving, 100 mg per package', customerKinds: ['adult_use'],
      categories: INGESTIBLE, maxThcMgPerUnit: 100, maxThcMgPerServing: 10, effective: PACK, source: COMAR_13, confidence: 'sure',
      note: 'Higher-potency items are reserved for patients.',
    },
  ],
  bundleRules: [],
  taxes: [
    {
      id: 'us-md.tax.cannabis', code: 'MD_CANNABIS', label: 'Maryland cannabis sales and use tax', metrcField: 'SalesTax', rate: 0.09,
      appliesTo: [{ categories: CANNABIS }], effective: { from: '2023-07-01', to: '2025-06-30' }, source: cite('9% cannabis sales and use tax', 'S44'), confidence: 'likely',
      exemptions: [{ who: 'medical_customer', categories: CANNABIS, effective: { from: '2023-07-01', to: '2025-06-30' }, source: cite('Medical exempt', 'S44'), confidence: 'likely' }],
    },
    {
      id: 'us-md.tax.cannabis', code: 'MD_CANNABIS', label: 'Maryland cannabis sales and use tax', metrcField: 'SalesTax', rate: 0.12,
      appliesTo: [{ categories: CANNABIS }], effective: { from: '2025-07-01', to: null }, source: cite('HB 352 (FY2026 budget): 12% from 2025-07-01', 'S44'), confidence: 'likely',
      note: 'Conflict (regulations.md §10.5): one blog claims a phased 11/12/13% schedule; NORML and news say 12% from FY2026, which is used. The reference marks the 12% likely (§0, §4), so it is carried as likely.',
      exemptions: [{ who: 'medical_customer', categories: CANNABIS, effective: { from: '2025-07-01', to: null }, source: cite('Medical exempt', 'S44'), confidence: 'likely' }],
    },
    {
      id: 'us-md.tax.general-sales', code: 'MD_SALES', label: 'Maryland sales and use tax', metrcField: 'SalesTax', rate: 0.06,
      appliesTo: [{ categories: ['accessory'] }], effective: PACK,
      source: cite('The cannabis tax replaces the 6% general sales tax for cannabis only', 'S44'), confidence: 'likely',
      note: 'Non-cannabis items (accessories) keep the 6% general sales tax, for adult-use and medical customers alike; Maryland has no local sales tax.',
    },
  ],
} satisfies PackInput;

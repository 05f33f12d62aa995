import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, CONCENTRATES, FLOWER, INGESTIBLE, REGISTERED_PATIENTS, type LimitComponentInput } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From 2022-07-01, when medical sales became 0% (adult-use began 2022-04-21; the medical rate
// before July is not in the reference). Open-ended.
const PACK = { from: '2022-07-01', to: null };
// NJ guidance states 1 oz as 28.35 g. Equivalency: 1 oz flower = 5 g concentrate = 1,000 mg THC ingestible.
const NJ_OZ_MG = 28350;
const EQUIVALENT_COMPONENTS: LimitComponentInput[] = [
  { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' },
  { categories: CONCENTRATES, measure: 'weight', per: 5000, equals: NJ_OZ_MG },
  { categories: INGESTIBLE, measure: 'thc', per: 1000, equals: NJ_OZ_MG },
];

export const usNj = {
  jurisdiction: 'US-NJ',
  name: 'New Jersey',
  version: '2026.12.15',
  timezone: 'America/New_York',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S43'),
  ages: [
    { id: 'us-nj.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('Adult-use 21+; ID at entry and each transaction', 'S43'), confidence: 'likely' },
    {
      id: 'us-nj.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('Registered patients; minors through a caregiver', 'S43'), confidence: 'unsure',
      note: 'The reference states no patient age; 18 assumed (minors buy through a caregiver).',
    },
  ],
  medicalProgram: [
    {
      id: 'us-nj.medical.program', offered: true, acceptedCardJurisdictions: ['US-NJ'], acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK,
      source: cite('Out-of-state patients get a 6-month NJ card', 'S43'), confidence: 'likely',
    },
  ],
  minorPatients: [
    {
      id: 'us-nj.minor-patient.caregiver', allowed: true, caregiverMinAge: 18, caregiverMinAgeConfidence: 'unsure', effective: PACK,
      source: cite('NJ CRC: minors allowed in the medical program; caregivers', 'S43'), confidence: 'unsure',
      note: 'The reference says minors are in the medical program and that patients have caregivers, not in so many words that a minor buys through one; read so because a patient under 18 has no other way to buy. A store that knows otherwise overrides allowed to false. The reference states no caregiver age; the adult medical minimum age (18) is used (caregiverMinAgeConfidence unsure).',
    },
  ],
  limits: [
    {
      id: 'us-nj.limit.au-equivalency', label: 'Adult-use 1 oz equivalent', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: NJ_OZ_MG,
      components: [...EQUIVALENT_COMPONENTS], effective: PACK, source: cite('CRC release 2022-04-21: 1 oz, 5 g concentrate, 1,000 mg ingestible', 'S43'), confidence: 'likely',
      note: 'The reference is sure of the amounts (CRC release: 5 g; one FAQ says 4 g solid / 4 ml, not listed among its conflicts) and likely of the combination rule. Combined as an equivalency (½ oz flower + 2 g concentrate is allowed).',
    },
    {
      id: 'us-nj.limit.med-30-days', label: 'Medical 3 oz per 30 days', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 30 }, unit: 'mg', max: 3 * NJ_OZ_MG,
      components: [...EQUIVALENT_COMPONENTS], effective: PACK, source: cite('3 oz per 30 days unless the practitioner says more', 'S43'), confidence: 'likely', overridable: true,
      patientAdjustable: { source: cite('3 oz per 30 days unless the practitioner says more', 'S43'), confidence: 'likely' },
      note: 'A practitioner may authorise more (the patient’s limit allowance, or a manager override for one sale). The adult-use equivalency is reused for non-flower products (unsure).',
    },
  ],
  hours: [],
  delivery: [
    {
      id: 'us-nj.delivery.allowed', customerKinds: ['adult_use', 'medical'], allowed: true, effective: PACK,
      source: cite('Class 6 delivery services and retailers', 'S43'), confidence: 'likely',
    },
  ],
  productRules: [
    {
      id: 'us-nj.product.ingestible-package', label: 'Ingestibles: at most 100 mg THC per package', customerKinds: ['adult_use', 'medical'],
      categories: INGESTIBLE, maxThcMgPerUnit: 100, effective: PACK, source: cite('Ingestibles in 100 mg packages', 'S43'), confidence: 'likely',
      note:
        'The reference states it, like the perishable rule on the same line, for every sale and names no other package for patients, so it applies to both. ' +
        'Ingestibles are the same categories as in the 1,000 mg THC ingestible amount of the equivalency (edibles, beverages, tinctures, capsules).',
    },
    {
      id: 'us-nj.product.perishable-edible', label: 'Perishable edibles (cookies, brownies) are not sold', customerKinds: ['adult_use', 'medical'],
      categories: ['edible'], attributes: ['perishable'], notSold: true, effective: PACK,
      source: cite('Perishable edibles (cookies, brownies) not sold', 'S43'), confidence: 'likely',
      note: 'Applies to lines whose SKU is marked perishable. The reference does not limit it to adult-use, so medical sales are refused too.',
    },
  ],
  bundleRules: [],
  taxes: [
    {
      id: 'us-nj.tax.sales', code: 'NJ_SALES', label: 'Sales tax', metrcField: 'SalesTax', rate: 0.06625, storeRate: 'localSalesTaxRate',
      appliesTo: [{ categories: ALL }], effective: PACK, source: cite('6.625% sales tax', 'S43'), confidence: 'sure',
      exemptions: [{ who: 'medical_customer', categories: CANNABIS, effective: PACK, source: cite('Medical cannabis 0% since 2022-07-01', 'S43'), confidence: 'sure' }],
    },
    {
      id: 'us-nj.tax.municipal', code: 'NJ_MUNICIPAL', label: 'Municipal cannabis transfer tax', metrcField: 'MunicipalTax', rate: 0, storeRate: 'localCannabisTaxRate',
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK,
      source: cite('Municipal transfer/user tax up to 2%, separately stated', 'S43'), confidence: 'unsure',
      storeRateMax: 0.02,
      note:
        'Interplay with sales tax not confirmed: both computed on the price, neither in the other’s base; not charged on medical sales. ' +
        'The 2% cap is among the rates the reference marks sure (§4 New Jersey row, L118): a store rate above it is refused, not charged (from 2026.12.15).',
    },
  ],
  receipts: [
    {
      id: 'us-nj.receipt.municipal-tax-separately', label: 'The municipal cannabis transfer tax is stated separately', channels: ['in_store', 'pickup', 'delivery'],
      contents: ['taxesStatedSeparately'], effective: PACK,
      source: cite('Municipal transfer/user tax up to 2% of retail receipts, separately stated', 'S43'), confidence: 'likely',
      note: 'The reference marks the rates sure and the tax’s interplay with the sales-tax base unsure; "separately stated" is read with the rates.',
    },
  ],
} satisfies PackInput;

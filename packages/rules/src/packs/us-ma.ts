import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, FLOWER, oz, type LimitComponentInput } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the start of adult-use sales (2018-11-20); open-ended.
const PACK = { from: '2018-11-20', to: null };
// Combined dry-weight equivalent: 1 oz flower = 5 g active THC in concentrate = 500 mg active THC in edibles.
const EQUIVALENT_COMPONENTS: LimitComponentInput[] = [
  { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' },
  { categories: ['concentrate', 'vape', 'tincture'], measure: 'thc', per: 5000, equals: oz(1) },
  { categories: ['edible', 'beverage', 'capsule'], measure: 'thc', per: 500, equals: oz(1) },
];
const REGISTRY_CARD: ('registry_card' | 'recommendation')[] = ['registry_card'];
const MEDICAL_EXEMPT = {
  who: 'medical_customer', cardKinds: REGISTRY_CARD, categories: CANNABIS, effective: PACK,
  source: cite('Medical sales exempt (registration card + government ID)', 'S34'), confidence: 'sure',
  note: 'The exemption needs the registration card: a certification letter alone (medicalCard.kind "recommendation") pays the three taxes.',
} as const;

export const usMa = {
  jurisdiction: 'US-MA',
  name: 'Massachusetts',
  version: '2026.12.15',
  timezone: 'America/New_York',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S33', 'S34', 'S35', 'S36'),
  ages: [
    { id: 'us-ma.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('935 CMR 500.140(2): 21+, ID at entry and at sale', 'S35'), confidence: 'sure' },
    {
      id: 'us-ma.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('935 CMR 501.140(2): patients <18 only with caregiver', 'S36'), confidence: 'sure',
    },
  ],
  medicalProgram: [
    {
      id: 'us-ma.medical.program', offered: true, acceptedCardJurisdictions: 'any', effective: PACK,
      source: cite('Registered patients; other-jurisdiction certifications accepted by MTCs', 'S35', 'S36'), confidence: 'sure',
    },
  ],
  minorPatients: [
    {
      id: 'us-ma.minor-patient.caregiver', allowed: true, caregiverMinAge: 18, caregiverMinAgeConfidence: 'unsure', effective: PACK,
      source: cite('935 CMR 500.140(2) / 501.140(2): patients under 18 may not enter without their caregiver and need no separate ID', 'S35', 'S36'), confidence: 'sure',
      note: 'The reference states no caregiver age; the adult medical minimum age (18) is used (caregiverMinAgeConfidence unsure).',
    },
  ],
  limits: [
    {
      id: 'us-ma.limit.au-equivalency', label: 'Adult-use 1 oz combined dry-weight equivalent', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: oz(1),
      components: [...EQUIVALENT_COMPONENTS], effective: PACK, source: cite('935 CMR 500.140(3)(a) limit text', 'S35', 'S33'), confidence: 'likely',
      note: 'Conflict (regulations.md §10.4): a training site says stores weigh concentrate products; the regulation text says 5 g of active THC, which is used. Combined (sum of fractions ≤ 1) per the "combined dry weight equivalent" text. Topicals are unlimited. The reference marks this row likely (§2), so it is carried as likely.',
    },
    {
      id: 'us-ma.limit.med-60-days', label: 'Medical 60-day supply (10 oz presumptive)', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 60 }, unit: 'mg', max: oz(10),
      components: [...EQUIVALENT_COMPONENTS], effective: PACK, source: cite('60-day supply, presumptively 10 oz', 'S33', 'S36'), confidence: 'likely', overridable: true,
      patientAdjustable: {
        source: cite('60-day supply: the certifying provider may set more than the presumptive 10 oz', 'S33', 'S36'), confidence: 'likely',
        note: 'The reference is sure of the 60-day supply and likely of the 10 oz figure the certifier raises.',
      },
      note: 'A certifier may set more (the patient’s limit allowance, or a manager override for one sale). The adult-use equivalency is reused for non-flower products (unsure).',
    },
  ],
  hours: [],
  delivery: [
    {
      id: 'us-ma.delivery.residence', customerKinds: ['adult_use', 'medical'], allowed: true, addressTypes: ['residence'], effective: PACK,
      source: cite('Delivery operators/couriers; ID checked at the residence', 'S33', 'S35'), confidence: 'sure',
    },
    {
      id: 'us-ma.delivery.pre-verification', customerKinds: ['adult_use', 'medical'], allowed: true, requiresPreVerification: true, effective: PACK,
      source: cite('Consumers must be pre-verified before their first delivery order; ID checked again at the residence', 'S33', 'S35'), confidence: 'sure',
      note: 'The reference does not say how a consumer is pre-verified; Verdant counts an ID that staff checked in person (at a store of the jurisdiction or at a delivery hand-over), accepted and unexpired (docs/delivery.md).',
    },
  ],
  productRules: [],
  bundleRules: [],
  taxes: [
    {
      id: 'us-ma.tax.excise', code: 'MA_EXCISE', label: 'Marijuana retail excise tax', metrcField: 'ExciseTax', rate: 0.1075,
      appliesTo: [{ categories: CANNABIS }], effective: PACK, source: cite('M.G.L. c.64N §2: 10.75%', 'S34'), confidence: 'sure', exemptions: [MEDICAL_EXEMPT],
    },
    {
      id: 'us-ma.tax.sales', code: 'MA_SALES', label: 'Sales tax', metrcField: 'SalesTax', rate: 0.0625, storeRate: 'localSalesTaxRate',
      appliesTo: [{ categories: ALL }], effective: PACK, source: cite('6.25% sales tax on the total sales price (not compounded)', 'S34'), confidence: 'sure', exemptions: [MEDICAL_EXEMPT],
    },
    {
      id: 'us-ma.tax.local', code: 'MA_LOCAL', label: 'Local marijuana tax', metrcField: 'MunicipalTax', rate: 0, storeRate: 'localCannabisTaxRate', storeRateMax: 0.03,
      appliesTo: [{ categories: CANNABIS }], effective: PACK, source: cite('Local option up to 3%', 'S34'), confidence: 'sure', exemptions: [MEDICAL_EXEMPT],
      note: 'Reference §4 Massachusetts row (L114): "local option up to 3%"; a store rate above 3% is refused, not charged (from 2026.12.15).',
    },
  ],
} satisfies PackInput;

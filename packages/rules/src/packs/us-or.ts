import type { PackInput } from '../pack-schema.ts';
import { CANNABIS, FLOWER, flOz, oz, REGISTERED_PATIENTS } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From 2017-01-01 (17% state tax at retail); open-ended.
const PACK = { from: '2017-01-01', to: null };
const LIMITS = cite('Dutchie OR guide (2026) vs OLCC retail sale limits flyer', 'S23');
const EXEMPT_UNTIL = { from: '2017-01-01', to: '2027-12-31' };

export const usOr = {
  jurisdiction: 'US-OR',
  name: 'Oregon',
  version: '2026.12.15',
  timezone: 'America/Los_Angeles',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S23', 'S24', 'S25'),
  ages: [
    { id: 'us-or.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('OAR 845-025-2800: 21+', 'S24'), confidence: 'sure' },
    {
      id: 'us-or.age.medical', customerKind: 'medical', minAge: 18, minAgeAtStoreWithoutMedicalEndorsement: 21, effective: PACK,
      source: cite('OAR 845-025-2800(2)(b)(B): OMMP cardholders 18–21 at registered retailers', 'S24'), confidence: 'sure',
      note:
        'Under-18 patients buy through a designated primary caregiver. Cardholders of 18–20 buy only at a retailer registered for medical sales: ' +
        'a store that says it is not (store.medicalEndorsement false) serves cardholders from 21. The cardholder tax exemption (ORS 475C.678) is not tied to the registration in the reference.',
    },
  ],
  medicalProgram: [
    { id: 'us-or.medical.program', offered: true, acceptedCardJurisdictions: ['US-OR'], acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK, source: cite('OMMP registry cards', 'S24', 'S25'), confidence: 'likely' },
  ],
  minorPatients: [
    {
      id: 'us-or.minor-patient.caregiver', allowed: true, caregiverMinAge: 18, caregiverMinAgeConfidence: 'unsure', effective: PACK,
      source: cite('OMMP: a designated primary caregiver may buy for the cardholder; under-18 patients via caregiver', 'S24', 'S25'), confidence: 'sure',
      note: 'The reference states no caregiver age; the adult medical minimum age (18) is used (caregiverMinAgeConfidence unsure).',
    },
  ],
  limits: [
    {
      id: 'us-or.limit.au-usable', label: 'Adult-use usable marijuana', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: oz(2),
      components: [{ categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'unsure',
      note: 'Conflict: older OLCC flyer says 1 oz; the 2026-reviewed guide says 2 oz. The newer source is chosen; re-check OAR 845-025-2890.',
    },
    {
      id: 'us-or.limit.au-extract', label: 'Adult-use extracts', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: 10000,
      components: [{ categories: ['concentrate'], measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'unsure',
      note: 'Conflict: 5 g (older flyer) vs 10 g (2026 guide); 10 g chosen.',
    },
    {
      id: 'us-or.limit.au-inhalable', label: 'Adult-use inhalable products', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: 10000,
      components: [{ categories: ['vape'], measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'unsure',
      note: '10 g inhalable products (2026 guide only).',
    },
    {
      id: 'us-or.limit.au-solid', label: 'Adult-use solid cannabinoid products', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: oz(16),
      components: [{ categories: ['edible', 'capsule'], measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'likely',
    },
    {
      id: 'us-or.limit.au-liquid', label: 'Adult-use liquid cannabinoid products', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: flOz(72),
      components: [{ categories: ['beverage', 'tincture'], measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'likely',
      note: '72 fl oz applied to net weight at 1 g/ml.',
    },
    {
      id: 'us-or.limit.au-plants', label: 'Adult-use immature plants', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'units', max: 4,
      components: [{ categories: ['plant'], measure: 'units' }], effective: PACK, source: LIMITS, confidence: 'likely',
    },
    {
      id: 'us-or.limit.au-seeds', label: 'Adult-use seeds', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'units', max: 10,
      components: [{ categories: ['seed'], measure: 'units' }], effective: PACK, source: LIMITS, confidence: 'likely',
    },
    {
      id: 'us-or.limit.med-usable-day', label: 'Medical usable marijuana per day', customerKinds: ['medical'], window: { kind: 'day' }, unit: 'mg', max: oz(8),
      components: [{ categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' }], effective: PACK,
      source: cite('ommpos 2018: 8 oz per day, 32 oz per month', 'S23'), confidence: 'unsure', note: 'From a 2018 vendor blog; re-check.',
    },
    {
      id: 'us-or.limit.med-usable-month', label: 'Medical usable marijuana per month', customerKinds: ['medical'], window: { kind: 'calendar_month' }, unit: 'mg', max: oz(32),
      components: [{ categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' }], effective: PACK,
      source: cite('ommpos 2018: 8 oz per day, 32 oz per month', 'S23'), confidence: 'unsure', note: '"Per month" read as the calendar month.',
    },
  ],
  hours: [{ id: 'us-or.hours.sale', open: '07:00', close: '22:00', effective: PACK, source: cite('OAR 845-025-2800(2)(a): 7 am–10 pm local', 'S24'), confidence: 'sure' }],
  delivery: [
    {
      id: 'us-or.delivery.residence', customerKinds: ['adult_use', 'medical'], allowed: true, addressTypes: ['residence'], withinJurisdictionOnly: true, sameDayOrderCutoff: '20:00', effective: PACK,
      source: cite('OAR 845-025-2880: residences in Oregon only (not dorms, hotels, motels, B&Bs, commercial); order before 8 pm for same-day delivery', 'S24'), confidence: 'sure',
    },
    {
      id: 'us-or.delivery.vehicle-cap', customerKinds: ['adult_use', 'medical'], allowed: true, maxOrderValueCents: 300_000, effective: PACK,
      source: cite('Older summary: ≤$3,000 of product in the vehicle', 'S24'), confidence: 'unsure', overridable: true,
      note: 'From an older secondary summary; an order above the vehicle cap cannot go out in one trip. Overridable.',
    },
  ],
  deliveryVehicles: [
    {
      id: 'us-or.delivery.vehicle-load', label: 'Product in one delivery vehicle', maxValueCents: 300_000, effective: PACK,
      source: cite('Older summary: ≤$3,000 of product in the vehicle', 'S24'), confidence: 'unsure', overridable: true,
      note: 'From an older secondary summary (420magazine); re-check OAR 845-025-2880. Overridable.',
    },
  ],
  productRules: [],
  bundleRules: [],
  taxes: [
    {
      id: 'us-or.tax.state', code: 'OR_MARIJUANA_STATE', label: 'Oregon marijuana tax', metrcField: 'ExciseTax', rate: 0.17,
      appliesTo: [{ categories: CANNABIS }], effective: PACK, source: cite('ORS 475C: 17% state tax on retail sale', 'S25'), confidence: 'likely',
      exemptions: [
        {
          who: 'medical_customer', cardKinds: ['registry_card'], categories: CANNABIS, effective: EXEMPT_UNTIL,
          source: cite('ORS 475C.678: registry cardholders and designated primary caregivers exempt (sales before 2028-01-01)', 'S25'), confidence: 'sure',
          note: 'Registry cardholders only: a physician letter without an OMMP card (medicalCard.kind "recommendation") pays the tax.',
        },
      ],
    },
    {
      id: 'us-or.tax.local', code: 'OR_MARIJUANA_LOCAL', label: 'Local marijuana tax', metrcField: 'CityTax', rate: 0, storeRate: 'localCannabisTaxRate', storeRateMax: 0.03,
      appliesTo: [{ categories: CANNABIS }], effective: PACK, source: cite('Up to 3% local tax on retail price', 'S25'), confidence: 'likely',
      note: 'Reference §4 Oregon row (L111): "up to 3% local"; a store rate above 3% is refused, not charged (from 2026.12.15).',
      exemptions: [
        {
          who: 'medical_customer', cardKinds: ['registry_card'], categories: CANNABIS, effective: EXEMPT_UNTIL,
          source: cite('ORS 475C.678: registry cardholders exempt', 'S25'), confidence: 'sure',
        },
      ],
    },
  ],
} satisfies PackInput;

import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, CONCENTRATES, FLOWER, flOz, oz, REGISTERED_PATIENTS, type LimitComponentInput } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the start of adult-use sales (2019-12-01); open-ended.
const PACK = { from: '2019-12-01', to: null };
const EQUIVALENTS = cite('Dutchie MI guide; MMMA usable-marihuana equivalents', 'S26', 'S29');
// 2.5 oz "marihuana or equivalent": concentrate at its weight, 16 oz solid = 36 fl oz liquid = 1 oz.
const EQUIVALENT_COMPONENTS: LimitComponentInput[] = [
  { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' },
  { categories: CONCENTRATES, measure: 'weight' },
  { categories: ['edible', 'capsule'], measure: 'weight', per: 16, equals: 1 },
  { categories: ['beverage', 'tincture'], measure: 'weight', per: flOz(36), equals: oz(1) },
];

export const usMi = {
  jurisdiction: 'US-MI',
  name: 'Michigan',
  version: '2026.12.15',
  timezone: 'America/Detroit',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S26', 'S27', 'S28', 'S29'),
  ages: [
    { id: 'us-mi.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('Adult-use 21+', 'S26'), confidence: 'likely' },
    {
      id: 'us-mi.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('Registered qualifying patients; a registered primary caregiver may buy for a patient', 'S26'), confidence: 'unsure',
      note: 'The reference states no patient age; 18 assumed. It does not say that patients under 18 may buy through a caregiver, so the pack has no minor-patient rule and they are refused.',
    },
  ],
  medicalProgram: [
    { id: 'us-mi.medical.program', offered: true, acceptedCardJurisdictions: 'any', acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK, source: cite('Out-of-state medical cards accepted', 'S26'), confidence: 'likely' },
  ],
  limits: [
    {
      id: 'us-mi.limit.au-equivalency', label: 'Adult-use 2.5 oz marihuana or equivalent', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: oz(2.5),
      components: [...EQUIVALENT_COMPONENTS], effective: PACK, source: EQUIVALENTS, confidence: 'likely',
      note:
        'Liquids counted by net weight at 1 g/ml (36 fl oz ≈ 1,064,646 mg = 1 oz). ' +
        'The reference’s "7 g gaseous = 1 oz" (L68) names a form no category describes: vapes are concentrate here ("concentrate counts toward 2.5 oz at its weight", within the 15 g), not the gaseous form; a store selling inhalers in gaseous form overrides the components.',
    },
    {
      id: 'us-mi.limit.au-concentrate', label: 'Adult-use concentrate within the 2.5 oz', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: 15000,
      components: [{ categories: CONCENTRATES, measure: 'weight' }], effective: PACK, source: EQUIVALENTS, confidence: 'likely',
    },
    {
      id: 'us-mi.limit.med-day', label: 'Medical 2.5 oz per day', customerKinds: ['medical'], window: { kind: 'day' }, unit: 'mg', max: oz(2.5),
      components: [...EQUIVALENT_COMPONENTS], effective: PACK, source: cite('Dutchie MI guide: 2.5 oz/day, 10 oz/month (Metrc allotment)', 'S26'), confidence: 'likely',
    },
    {
      id: 'us-mi.limit.med-month', label: 'Medical 10 oz per month', customerKinds: ['medical'], window: { kind: 'calendar_month' }, unit: 'mg', max: oz(10),
      components: [...EQUIVALENT_COMPONENTS], effective: PACK, source: cite('Dutchie MI guide: 2.5 oz/day, 10 oz/month (Metrc allotment)', 'S26'), confidence: 'unsure', unsureFields: ['window'],
      note: '"Per month" read as the calendar month (Metrc allotment); could be rolling 30 days. Only that reading is unsure: a store may replace the window, not the 10 oz (from 2026.12.14).',
    },
  ],
  hours: [],
  delivery: [
    {
      id: 'us-mi.delivery.adult-use', customerKinds: ['adult_use'], allowed: true, addressTypes: ['residence', 'consumption_establishment'], effective: PACK,
      source: cite('R 420.207/207a: adult-use delivery to the residential address or designated consumption establishment given at order', 'S28'), confidence: 'sure',
    },
    {
      id: 'us-mi.delivery.residence', customerKinds: ['medical'], allowed: true, addressTypes: ['residence'], effective: PACK,
      source: cite('R 420.207/207a: medical delivery to the patient’s residence', 'S28'), confidence: 'sure',
    },
  ],
  deliveryVehicles: [
    {
      id: 'us-mi.delivery.vehicle-weight', label: 'Marihuana in one delivery vehicle', maxAmount: { unit: 'mg', max: oz(15), components: [...EQUIVALENT_COMPONENTS] },
      effective: PACK, source: cite('R 420.207 delivery procedures; news summary: at most 15 oz per delivery vehicle', 'S28'), confidence: 'likely', overridable: true,
      note: 'Counted with the same usable-marihuana equivalents as the 2.5 oz limit (the source does not say how infused products count).',
    },
  ],
  productRules: [],
  bundleRules: [
    {
      id: 'us-mi.bundle.no-mixed', label: 'Excise items may not be bundled with non-excise items', kind: 'no_mixed_bundles', effective: PACK,
      source: cite('MCL 333.27963(2)', 'S27'), confidence: 'sure',
    },
  ],
  taxes: [
    {
      id: 'us-mi.tax.excise', code: 'MI_EXCISE', label: 'Adult-use marihuana excise tax', metrcField: 'ExciseTax', rate: 0.1,
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK,
      source: cite('MCL 333.27963: 10% excise, adult-use only', 'S27'), confidence: 'sure',
    },
    {
      id: 'us-mi.tax.sales', code: 'MI_SALES', label: 'Sales tax', metrcField: 'SalesTax', rate: 0.06, storeRate: 'localSalesTaxRate',
      basePlus: ['MI_EXCISE'], appliesTo: [{ categories: ALL }], effective: PACK,
      source: cite('R 205.141: sales tax base includes the excise ($100 → $10.00 + $6.60)', 'S27'), confidence: 'sure',
    },
  ],
  pickupModes: [
    {
      id: 'us-mi.pickup.curbside', mode: 'curbside', allowed: true, effective: PACK,
      source: cite('Mich. Admin. Code R 420.207: contactless, curbside and drive-through permitted unless a local ordinance bans them', 'S28'), confidence: 'sure',
      note: 'Reference §5 Michigan row (L156, "sure (rule)"). A municipality may ban it: a store there overrides allowed. In the pack from 2026.12.15.',
    },
    {
      id: 'us-mi.pickup.drive-through', mode: 'drive_through', allowed: true, effective: PACK,
      source: cite('Mich. Admin. Code R 420.207: contactless, curbside and drive-through permitted unless a local ordinance bans them', 'S28'), confidence: 'sure',
      note: 'Reference §5 Michigan row (L156). A municipality may ban it: a store there overrides allowed. In the pack from 2026.12.15.',
    },
  ],
} satisfies PackInput;

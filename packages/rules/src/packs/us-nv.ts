import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, CONCENTRATES, FLOWER, INGESTIBLE, REGISTERED_PATIENTS, type LimitComponentInput } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From 2017-07-01 (adult-use sales); SB 277 raised the limits on 2024-01-01. Open-ended.
const PACK = { from: '2017-07-01', to: null };
const BEFORE_SB277 = { from: '2017-07-01', to: '2023-12-31' };
const SINCE_SB277 = { from: '2024-01-01', to: null };
// Nevada guidance states 1 oz as 28.35 g (regulations.md "Units"), not the avoirdupois 28.3495 g.
const NV_OZ_MG = 28350;
const nvOz = (n: number): number => n * NV_OZ_MG;
const MIX_NOTE =
  'The mixing formula is not published: read as an equivalency (usable/limit + concentrate/limit ≤ 1) because the statute says "or". THC in products counts as concentrate mg for mg (pre-2024 guide: ⅛ oz or ≤3,543 mg THC). ' +
  'Only the formula and the mg mapping are unsure; the reference is sure of the headline figures, so a store may replace the components, not the max (from 2026.12.14).';
const NRS = cite('NRS 678D.420 packaging limits', 'S38');
const components = (concentrateFactor: number): LimitComponentInput[] => [
  { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' },
  { categories: CONCENTRATES, measure: 'weight', per: 1, equals: concentrateFactor },
  { categories: [...INGESTIBLE, 'topical'], measure: 'thc', per: 1, equals: concentrateFactor },
];

export const usNv = {
  jurisdiction: 'US-NV',
  name: 'Nevada',
  version: '2026.12.14',
  timezone: 'America/Los_Angeles',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S37', 'S38', 'S39'),
  ages: [
    { id: 'us-nv.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('Adult-use 21+', 'S37'), confidence: 'likely' },
    {
      id: 'us-nv.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('Medical card holders', 'S37'), confidence: 'unsure',
      note: 'No patient age in the reference; 18 assumed. It says nothing of minors or caregivers, so the pack has no minor-patient rule and patients under 18 are refused.',
    },
  ],
  medicalProgram: [
    {
      id: 'us-nv.medical.program', offered: true, acceptedCardJurisdictions: 'any', acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK,
      source: cite('Visiting out-of-state patients with home-state proof', 'S37'), confidence: 'likely',
    },
  ],
  limits: [
    {
      id: 'us-nv.limit.au-equivalency', label: 'Adult-use 1 oz usable / ⅛ oz concentrate (combined)', customerKinds: ['adult_use'], window: { kind: 'transaction' },
      unit: 'mg', max: nvOz(1), components: [...components(8)], effective: BEFORE_SB277, source: cite('Pre-SB 277 limits', 'S37'), confidence: 'unsure', unsureFields: ['components'], note: MIX_NOTE,
    },
    {
      id: 'us-nv.limit.au-equivalency', label: 'Adult-use 2.5 oz usable / ¼ oz concentrate (combined)', customerKinds: ['adult_use'], window: { kind: 'transaction' },
      unit: 'mg', max: nvOz(2.5), components: [...components(10)], effective: SINCE_SB277, source: cite('SB 277 (2023): 2.5 oz / ¼ oz', 'S37'), confidence: 'unsure', unsureFields: ['components'], note: MIX_NOTE,
    },
    {
      id: 'us-nv.limit.med-14-days', label: 'Medical 2.5 oz per 14 days', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 14 },
      unit: 'mg', max: nvOz(2.5), components: [...components(10)], effective: PACK, source: cite('Brief/other sources: 2.5 oz per 14 days', 'S37'), confidence: 'unsure',
      overridable: true, note: 'Not retrieved from a primary source; the adult-use concentrate equivalency is reused.',
    },
  ],
  hours: [],
  delivery: [
    {
      id: 'us-nv.delivery.allowed', customerKinds: ['adult_use', 'medical'], allowed: true, effective: PACK,
      source: cite('Delivery with a Metrc-generated manifest', 'S39'), confidence: 'sure',
    },
  ],
  productRules: [
    {
      id: 'us-nv.product.edible-package', label: 'Edibles: at most 100 mg THC per package, 10 mg per serving', customerKinds: ['adult_use'],
      categories: ['edible', 'beverage'], maxThcMgPerUnit: 100, maxThcMgPerServing: 10, effective: PACK, source: NRS, confidence: 'sure',
    },
    {
      id: 'us-nv.product.capsule-package', label: 'Capsules: at most 100 mg THC each, 800 mg per package', customerKinds: ['adult_use'],
      categories: ['capsule'], maxThcMgPerUnit: 800, maxThcMgPerServing: 100, effective: PACK, source: NRS, confidence: 'sure',
    },
    {
      id: 'us-nv.product.tincture-package', label: 'Tinctures: at most 800 mg THC per package', customerKinds: ['adult_use'],
      categories: ['tincture'], maxThcMgPerUnit: 800, effective: PACK, source: NRS, confidence: 'sure',
    },
    {
      id: 'us-nv.product.topical-package', label: 'Topicals: at most 6% THC and 800 mg per package', customerKinds: ['adult_use'],
      categories: ['topical'], maxThcMgPerUnit: 800, maxThcPercent: 6, effective: PACK, source: NRS, confidence: 'sure',
    },
    {
      id: 'us-nv.product.usable-package', label: 'A single package holds at most 1 oz of usable cannabis', customerKinds: ['adult_use'],
      categories: FLOWER, maxNetWeightMgPerUnit: nvOz(1), effective: PACK, source: NRS, confidence: 'sure',
    },
    {
      id: 'us-nv.product.concentrate-package', label: 'A single package holds at most ⅛ oz of concentrate', customerKinds: ['adult_use'],
      categories: CONCENTRATES, maxNetWeightMgPerUnit: nvOz(0.125), effective: PACK, source: NRS, confidence: 'unsure', overridable: true,
      note: 'Pre-2024 text; SB 277 may have changed the package size.',
    },
  ],
  bundleRules: [],
  taxes: [
    {
      id: 'us-nv.tax.excise', code: 'NV_EXCISE', label: 'Retail marijuana excise tax', metrcField: 'ExciseTax', rate: 0.1,
      appliesTo: [{ categories: CANNABIS }], effective: PACK, source: cite('NRS 372A.290: 10% retail excise', 'S38'), confidence: 'sure',
      exemptions: [
        {
          who: 'medical_card_holder', cardKinds: ['registry_card'], categories: CANNABIS, effective: PACK, source: cite('Card holders exempt, buying medical or adult-use', 'S37', 'S38'), confidence: 'likely',
          note: 'Medical card holders only: a physician letter without a card (medicalCard.kind "recommendation") pays the 10%.',
        },
      ],
    },
    {
      id: 'us-nv.tax.sales', code: 'NV_SALES', label: 'Sales tax', metrcField: 'SalesTax', rate: 0.0685, storeRate: 'localSalesTaxRate',
      appliesTo: [{ categories: ALL }], effective: PACK, source: cite('Sales tax on the price excluding the 10% excise', 'S38'), confidence: 'likely',
    },
  ],
} satisfies PackInput;

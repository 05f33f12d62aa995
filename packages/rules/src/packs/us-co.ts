import type { PackInput } from '../pack-schema.ts';
import { CANNABIS, CONCENTRATES, FLOWER, oz, REGISTERED_PATIENTS } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the 15% retail marijuana sales tax rate (2017-07-01); open-ended.
const PACK = { from: '2017-07-01', to: null };
const EQUIVALENCY = cite('Colorado one-ounce equivalency, R 402(C)(1.5); MED transaction-limit position', 'S15');

export const usCo = {
  jurisdiction: 'US-CO',
  name: 'Colorado',
  version: '2026.12.15',
  timezone: 'America/Denver',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S15', 'S16', 'S17', 'S18'),
  ages: [
    { id: 'us-co.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('21+ with valid government photo ID', 'S15'), confidence: 'sure' },
    {
      id: 'us-co.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('HB21-1317: patients 18+; 18–20 need two physicians', 'S16'), confidence: 'likely',
      note: 'The two-physician requirement for 18–20 is checked when the card is issued, not at the register.',
    },
  ],
  medicalProgram: [
    {
      id: 'us-co.medical.program', offered: true, acceptedCardJurisdictions: ['US-CO'], acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK,
      source: cite('Colorado registry cards: Colorado residents only, no reciprocity', 'S15'), confidence: 'likely',
    },
  ],
  limits: [
    {
      id: 'us-co.limit.au-equivalency', label: 'Adult-use one-ounce equivalency (flower-equivalent mg)', customerKinds: ['adult_use'],
      window: { kind: 'day' }, unit: 'mg', max: 28000,
      components: [
        { categories: FLOWER, measure: 'weight' },
        { categories: CONCENTRATES, measure: 'weight', per: 8000, equals: 28000 },
        { categories: ['edible', 'beverage', 'tincture', 'capsule', 'infused_pre_roll'], measure: 'thc', per: 800, equals: 28000 },
      ],
      effective: PACK, source: EQUIVALENCY, confidence: 'likely',
      note: 'flower/28 g + concentrate/8 g + THC/800 mg ≤ 1, as the reference states it (28 g). MED counts per sales transaction but acts against split sales, so usage is per customer per store-local day. Non-psychoactive topicals are excluded; infused pre-rolls count by THC (unsure).',
    },
    {
      id: 'us-co.limit.med-concentrate-21', label: 'Medical concentrate (21+)', customerKinds: ['medical'], customerAge: { min: 21 },
      window: { kind: 'day' }, unit: 'mg', max: 8000, components: [{ categories: CONCENTRATES, measure: 'weight' }],
      effective: { from: '2022-01-01', to: null }, source: cite('HB21-1317 concentrate limits', 'S16', 'S18'), confidence: 'sure',
    },
    {
      id: 'us-co.limit.med-concentrate-18-20', label: 'Medical concentrate (18–20)', customerKinds: ['medical'], customerAge: { min: 18, under: 21 },
      window: { kind: 'day' }, unit: 'mg', max: 2000, components: [{ categories: CONCENTRATES, measure: 'weight' }],
      effective: { from: '2022-01-01', to: null }, source: cite('HB21-1317 concentrate limits', 'S16'), confidence: 'sure',
    },
    {
      id: 'us-co.limit.med-flower', label: 'Medical flower', customerKinds: ['medical'],
      window: { kind: 'day' }, unit: 'mg', max: oz(2), components: [{ categories: FLOWER, measure: 'weight' }],
      effective: PACK, source: cite('HB21-1317 summary (flower limit per brief)', 'S16'), confidence: 'unsure', overridable: true,
      note: '2 oz/day comes from the brief; the rule text (1 CCR 212-3) was not retrieved.',
    },
  ],
  hours: [
    {
      id: 'us-co.hours.sale', open: '08:00', close: '24:00', effective: PACK, source: cite('No sales midnight–8 am; localities narrower', 'S15'), confidence: 'likely',
      note: 'State window only; override with the locality’s hours.',
    },
  ],
  delivery: [
    {
      id: 'us-co.delivery.medical', customerKinds: ['medical'], allowed: false, effective: { from: '2017-07-01', to: '2019-12-31' },
      source: cite('HB19-1234: delivery permits since 2020 (medical)', 'S15'), confidence: 'likely',
    },
    {
      id: 'us-co.delivery.medical', customerKinds: ['medical'], allowed: true, effective: { from: '2020-01-01', to: null },
      source: cite('HB19-1234: delivery permits since 2020 (medical)', 'S15'), confidence: 'likely', note: 'Local opt-in required.',
    },
    {
      id: 'us-co.delivery.adult-use', customerKinds: ['adult_use'], allowed: false, effective: { from: '2017-07-01', to: '2020-12-31' },
      source: cite('HB19-1234: delivery permits since 2021 (retail)', 'S15'), confidence: 'likely',
    },
    {
      id: 'us-co.delivery.adult-use', customerKinds: ['adult_use'], allowed: true, effective: { from: '2021-01-01', to: null },
      source: cite('HB19-1234: delivery permits since 2021 (retail)', 'S15'), confidence: 'likely', note: 'Local opt-in required.',
    },
  ],
  productRules: [
    {
      id: 'us-co.product.edible-package', label: 'Edibles: at most 100 mg THC per package', customerKinds: ['adult_use'],
      categories: ['edible', 'beverage'], maxThcMgPerUnit: 100, effective: PACK, source: cite('Edible package ≤100 mg THC', 'S15'), confidence: 'likely',
    },
  ],
  bundleRules: [],
  taxes: [
    {
      id: 'us-co.tax.retail-marijuana-sales', code: 'CO_RETAIL_MJ_SALES', label: 'Retail marijuana sales tax', metrcField: 'ExciseTax', rate: 0.15,
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK,
      source: cite('C.R.S. 39-28.8-202: 15% retail marijuana sales tax since 2017-07-01', 'S17'), confidence: 'sure',
    },
    {
      id: 'us-co.tax.local-marijuana', code: 'CO_LOCAL_MJ', label: 'Local special marijuana tax', metrcField: 'CityTax', rate: 0, storeRate: 'localCannabisTaxRate',
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK,
      source: cite('Local special marijuana taxes apply (rate per city)', 'S17'), confidence: 'sure',
    },
    {
      id: 'us-co.tax.sales', code: 'CO_SALES', label: 'State and local sales tax', metrcField: 'SalesTax', rate: 0.029, storeRate: 'localSalesTaxRate',
      appliesTo: [{ customerKinds: ['medical'], categories: CANNABIS }, { categories: ['accessory'] }], effective: PACK,
      source: cite('C.R.S. 39-26-729: 2.9% state sales tax on medical, not on retail marijuana', 'S17'), confidence: 'sure',
    },
    {
      id: 'us-co.tax.local-sales-retail', code: 'CO_LOCAL_SALES', label: 'Local sales tax', metrcField: 'SalesTax', rate: 0, storeRate: 'localSalesTaxRate',
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK,
      source: cite('Retail marijuana pays local sales taxes but not the 2.9% state rate', 'S17'), confidence: 'sure',
    },
  ],
  receipts: [
    {
      id: 'us-co.receipt.concentrate-handout', label: 'Concentrate sales: the state educational handout given at the sale', channels: ['in_store', 'pickup', 'delivery'],
      contents: ['educationalHandout'], categories: CONCENTRATES, effective: PACK,
      source: cite('Concentrate sales need the state educational handout at sale (HB21-1317 concentrate rules)', 'S15', 'S16'), confidence: 'likely',
      note:
        'Reference §9 Colorado row (L236, likely). Vapes count as concentrate in this pack (as in its 8 g equivalency), so they ask for it too. ' +
        'The reference gives no start date; the pack range is used (HB21-1317 rules from 2022 are the likely start: re-check). ' +
        'Asked for on every channel: the handout goes with the goods, at the counter or at the door. In the pack from 2026.12.15.',
    },
  ],
} satisfies PackInput;

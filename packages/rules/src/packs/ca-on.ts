import type { PackInput } from '../pack-schema.ts';
import { ALL, FLOWER } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the opening of private stores (2019-04-01); open-ended.
const PACK = { from: '2019-04-01', to: null };
const ONTARIO = cite('ontario.ca: buying recreational cannabis', 'S47');

export const caOn = {
  jurisdiction: 'CA-ON',
  name: 'Ontario',
  version: '2026.12.9',
  timezone: 'America/Toronto',
  currency: 'CAD',
  effective: PACK,
  sources: sourcesFor('S47'),
  ages: [
    { id: 'ca-on.age.adult-use', customerKind: 'adult_use', minAge: 19, effective: PACK, source: ONTARIO, confidence: 'sure' },
    {
      id: 'ca-on.age.medical', customerKind: 'medical', minAge: 19, effective: PACK, source: ONTARIO, confidence: 'sure',
      note: 'Medical customers are served as adult-use (no storefront medical program).',
    },
  ],
  medicalProgram: [
    {
      id: 'ca-on.medical.program', offered: false, acceptedCardJurisdictions: ['CA-ON'], effective: PACK, source: ONTARIO, confidence: 'sure',
      note: 'Medical cannabis is federal mail-order; storefronts sell to adults only.',
    },
  ],
  limits: [
    {
      id: 'ca-on.limit.dried-equivalent', label: '30 g dried cannabis or equivalent', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: 30000,
      components: [
        { categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' },
        { categories: ['concentrate', 'vape'], measure: 'weight', per: 250, equals: 1000 },
        { categories: ['edible', 'capsule', 'topical'], measure: 'weight', per: 15, equals: 1 },
        { categories: ['beverage', 'tincture'], measure: 'weight', per: 70, equals: 1 },
        { categories: ['seed'], measure: 'units', per: 1, equals: 1000 },
      ],
      effective: PACK, source: ONTARIO, confidence: 'sure',
      note: '0.25 g concentrate = 15 g edible = 70 g liquid = 1 seed = 1 g dried, per purchase. The amounts are sure; the mapping of categories is a reading: tinctures count as liquids and capsules and topicals as solids (by their net weight), concentrates and vapes at 0.25 g. ' +
        'Fresh cannabis (5 g = 1 g dried) has no category of its own: sold as flower it counts 1:1 by weight, the stricter side; a store selling fresh cannabis overrides the components.',
    },
  ],
  hours: [{ id: 'ca-on.hours.sale', open: '09:00', close: '23:00', effective: PACK, source: cite('Liquor-store hours model: 9 am–11 pm', 'S47'), confidence: 'likely' }],
  delivery: [
    {
      id: 'ca-on.delivery.store', customerKinds: ['adult_use', 'medical'], allowed: false, effective: PACK,
      source: cite('Online sales go through the OCS courier', 'S47'), confidence: 'unsure', overridable: true,
      note: 'The reference only confirms OCS delivery; private-store delivery is treated as not allowed.',
    },
  ],
  productRules: [
    {
      id: 'ca-on.product.edible-package', label: 'Edibles: at most 10 mg THC per package', customerKinds: ['adult_use', 'medical'],
      categories: ['edible', 'beverage'], maxThcMgPerUnit: 10, effective: PACK, source: cite('Federal edible cap (not retrieved)', 'S47'), confidence: 'unsure', overridable: true,
      note: 'Federal 10 mg per package for edibles is named in the reference but the text was not retrieved.',
    },
  ],
  bundleRules: [],
  taxes: [
    {
      id: 'ca-on.tax.hst', code: 'ON_HST', label: 'HST', metrcField: 'SalesTax', rate: 0.13, appliesTo: [{ categories: ALL }], effective: PACK,
      source: cite('HST 13% at retail; excise duty is embedded in the price by the producer', 'S47'), confidence: 'likely',
    },
  ],
} satisfies PackInput;

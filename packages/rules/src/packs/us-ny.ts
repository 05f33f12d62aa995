import type { PackInput } from '../pack-schema.ts';
import { CANNABIS, CONCENTRATES, FLOWER, INGESTIBLE, oz, REGISTERED_PATIENTS } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the first adult-use sale (2022-12-29); open-ended.
const PACK = { from: '2022-12-29', to: null };
const LIMITS = cite('Dutchie NY guide: 3 oz and 24 g concentrated cannabis', 'S42');
const TAX = cite('N.Y. Tax Law §493: 9% state + 4% local on the amount charged', 'S41');

export const usNy = {
  jurisdiction: 'US-NY',
  name: 'New York',
  version: '2026.12.3',
  timezone: 'America/New_York',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S41', 'S42'),
  ages: [
    { id: 'us-ny.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('Adult-use 21+', 'S42'), confidence: 'likely' },
    { id: 'us-ny.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('Certified patients with NYS registry ID', 'S42'), confidence: 'unsure', note: 'The reference states no patient age; 18 assumed.' },
  ],
  medicalProgram: [
    {
      id: 'us-ny.medical.program', offered: true, acceptedCardJurisdictions: ['US-NY'], acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK,
      source: cite('Certified patients with NYS registry ID', 'S42'), confidence: 'likely',
      note: 'The medical supply (up to 60 days) is set by the practitioner and tracked in MCDMS, so no fixed medical limit is modelled.',
    },
  ],
  limits: [
    {
      id: 'us-ny.limit.au-flower', label: 'Adult-use cannabis', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: oz(3),
      components: [{ categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'likely',
      note: 'Independent of the concentrated limit. The retailer may not sell past the possession limit, enforced per store-local day.',
    },
    {
      id: 'us-ny.limit.au-concentrated', label: 'Adult-use concentrated cannabis (incl. edibles)', customerKinds: ['adult_use'], window: { kind: 'day' }, unit: 'mg', max: 24000,
      components: [
        { categories: CONCENTRATES, measure: 'weight' },
        { categories: INGESTIBLE, measure: 'thc' },
      ],
      effective: PACK, source: LIMITS, confidence: 'likely', note: 'Edibles count by THC mg as concentrate mg (unsure conversion).',
    },
  ],
  hours: [
    {
      id: 'us-ny.hours.sale', open: '08:00', close: '24:00', effective: PACK, source: cite('No sales 12 am–8 am unless the municipality allows', 'S42'), confidence: 'likely',
      note: 'A municipality may allow later hours (override).',
    },
  ],
  delivery: [
    {
      id: 'us-ny.delivery.adult-use', customerKinds: ['adult_use'], allowed: true, effective: PACK,
      source: cite('9 NYCRR 123.20: delivery during posted hours', 'S42'), confidence: 'sure',
    },
    {
      id: 'us-ny.delivery.medical', customerKinds: ['medical'], allowed: true, effective: PACK,
      source: cite('Medical delivery not detailed in the sources', 'S42'), confidence: 'unsure', overridable: true,
      note: 'Registered organisations deliver to patients in practice; the reference does not detail it.',
    },
  ],
  deliveryVehicles: [
    {
      id: 'us-ny.delivery.vehicle-prepaid', label: 'Ordered and paid before the vehicle leaves', minPrepaidShare: 0.3, effective: { from: '2025-01-01', to: null },
      source: cite('9 NYCRR 123.20: at least 30 % of the value in the vehicle ordered and paid before leaving (from 2025-01-01)', 'S42'), confidence: 'sure',
    },
  ],
  productRules: [],
  bundleRules: [],
  taxes: [
    {
      id: 'us-ny.tax.state', code: 'NY_CANNABIS_STATE', label: 'NYS adult-use cannabis retail tax', metrcField: 'ExciseTax', rate: 0.09,
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK, source: TAX, confidence: 'sure',
      note: 'The per-mg THC potency tax was paid by distributors and repealed on 2024-06-01 (now a 9% wholesale tax upstream); nothing changes at the register.',
    },
    {
      id: 'us-ny.tax.local', code: 'NY_CANNABIS_LOCAL', label: 'Local adult-use cannabis retail tax', metrcField: 'MunicipalTax', rate: 0.04,
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK, source: TAX, confidence: 'sure',
    },
  ],
} satisfies PackInput;

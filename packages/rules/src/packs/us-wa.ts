import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, CONCENTRATES, FLOWER, flOz, INFUSED, INGESTIBLE, oz, REGISTERED_PATIENTS } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the 2016-07-01 merger of medical into the licensed retail system; open-ended.
const PACK = { from: '2016-07-01', to: null };
const RCW = cite('RCW 69.50.360; WAC 314-55-095', 'S19');
const MED = cite('Dutchie WA guide: database patient limits', 'S21');
// The exemptions are for database patients holding a recognition card (regulations.md L29, L110):
// a practitioner's authorization alone (medicalCard.kind "recommendation") does not earn them.
const REGISTRY_CARD: ('registry_card' | 'recommendation')[] = ['registry_card'];
const PATIENT_EXEMPTION = {
  who: 'medical_customer',
  cardKinds: REGISTRY_CARD,
  categories: CANNABIS,
  requiresStoreMedicalEndorsement: true,
  requiresDohCompliantProduct: true,
} as const;

export const usWa = {
  jurisdiction: 'US-WA',
  name: 'Washington',
  version: '2026.12.16',
  timezone: 'America/Los_Angeles',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S19', 'S20', 'S21', 'S22'),
  ages: [
    { id: 'us-wa.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('WAC 314-55-015/-079: 21+', 'S22'), confidence: 'sure' },
    {
      id: 'us-wa.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('WAC 314-55-079: patients with recognition card (18+ implied)', 'S22'), confidence: 'likely',
      note: 'Patients under 18 buy through a designated provider.',
    },
  ],
  medicalProgram: [
    {
      id: 'us-wa.medical.program', offered: true, acceptedCardJurisdictions: ['US-WA'], acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK,
      source: cite('DOH authorization database and recognition card', 'S20', 'S21', 'S22'), confidence: 'likely',
    },
  ],
  minorPatients: [
    {
      id: 'us-wa.minor-patient.caregiver', allowed: true, caregiverMinAge: 18, caregiverMinAgeConfidence: 'unsure', effective: PACK,
      source: cite('WAC 314-55-079: designated provider for patients under 18 (RCW 69.50.357 referenced)', 'S22'), confidence: 'unsure',
      note: 'RCW 69.50.357 is referenced but its text was not retrieved, so the details (provider age, what a provider may buy) are unconfirmed. The reference states no caregiver age; the adult medical minimum age (18) is used (caregiverMinAgeConfidence unsure).',
    },
  ],
  limits: [
    {
      id: 'us-wa.limit.au-usable', label: 'Adult-use useable cannabis', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: oz(1),
      components: [{ categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' }], effective: PACK, source: RCW, confidence: 'sure',
      note: 'Limits are independent ("any combination"). Infused pre-rolls count as useable cannabis by weight (unsure).',
    },
    {
      id: 'us-wa.limit.au-concentrate', label: 'Adult-use concentrate for inhalation', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: 7000,
      components: [{ categories: CONCENTRATES, measure: 'weight' }], effective: PACK, source: RCW, confidence: 'sure',
    },
    {
      id: 'us-wa.limit.au-solid-infused', label: 'Adult-use solid infused products', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: oz(16),
      components: [{ categories: ['edible', 'capsule'], measure: 'weight' }], effective: PACK, source: RCW, confidence: 'sure',
      note: 'RCW 69.50.360(3)(b): cannabis-infused product in solid form; capsules are solids taken by mouth.',
    },
    {
      id: 'us-wa.limit.au-liquid-infused', label: 'Adult-use liquid infused products', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg', max: flOz(72),
      components: [{ categories: ['beverage', 'tincture'], measure: 'weight', thcMgPerUnitAbove: 4, ifThcMgPerUnitUnknown: 'match' }], effective: PACK, source: RCW, confidence: 'likely',
      note:
        '72 fl oz applied to net weight at 1 g/ml; beverages and tinctures are the infused products in liquid form (RCW 69.50.360(3)(c)). Liquids packaged in units of at most 4 mg THC count under us-wa.limit.au-liquid-low-dose instead. ' +
        'A liquid whose THC per unit is unknown counts here (the volume limit is the stricter reading for a multi-serving bottle, and nothing goes uncounted).',
    },
    {
      id: 'us-wa.limit.au-liquid-low-dose', label: 'Adult-use liquid infused products in units of 4 mg THC or less', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'mg_thc', max: 200,
      components: [{ categories: ['beverage', 'tincture'], measure: 'thc', thcMgPerUnitAtMost: 4, ifThcMgPerUnitUnknown: 'skip' }], effective: PACK, source: RCW, confidence: 'sure',
      note:
        'RCW 69.50.360: 200 mg THC of liquid "packaged in individual units containing no more than four milligrams of THC per unit", in addition to the other amounts. ' +
        'The unit is what is sold: one can or bottle, so the line\'s thcMg (per unit) decides, not thcMgPerServing; a 10 mg bottle of 2 mg servings is not a ≤4 mg unit and counts under the 72 fl oz limit. ' +
        'The reference gives no date for the amendment that added this amount; it is applied over the whole pack range.',
    },
    {
      id: 'us-wa.limit.au-other-units', label: 'Adult-use infused products otherwise taken into the body', customerKinds: ['adult_use'], window: { kind: 'transaction' }, unit: 'units', max: 10,
      components: [{ categories: ['topical'], measure: 'units' }], effective: PACK, source: RCW, confidence: 'likely', overridable: true,
      note:
        'WAC 314-55-095 transaction limit: 10 units of infused product "otherwise taken into the body" (regulations.md §2 Washington row, L66), beside the solid, liquid and concentrate amounts. ' +
        'Products eaten or swallowed are the 16 oz solid / 72 oz liquid forms and inhaled ones the 7 g; the one category left that a product can enter the body through is topical (transdermal patches, balms), counted by units sold. ' +
        'The reference is sure of the amount; the category reading makes this likely, and it is overridable: WAC 314-55-095 counts liquids "applied topically to the skin" (lotions) in the 72 oz, which the reference does not state.',
    },
    {
      id: 'us-wa.limit.med-usable', label: 'Medical useable cannabis', customerKinds: ['medical'], window: { kind: 'transaction' }, unit: 'mg', max: oz(3),
      components: [{ categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' }], effective: PACK, source: MED, confidence: 'likely',
    },
    {
      id: 'us-wa.limit.med-concentrate', label: 'Medical concentrate', customerKinds: ['medical'], window: { kind: 'transaction' }, unit: 'mg', max: 21000,
      components: [{ categories: CONCENTRATES, measure: 'weight' }], effective: PACK, source: MED, confidence: 'likely',
    },
    {
      id: 'us-wa.limit.med-solid-infused', label: 'Medical solid infused products', customerKinds: ['medical'], window: { kind: 'transaction' }, unit: 'mg', max: oz(48),
      components: [{ categories: ['edible', 'capsule'], measure: 'weight' }], effective: PACK, source: MED, confidence: 'likely',
    },
    {
      id: 'us-wa.limit.med-liquid-infused', label: 'Medical liquid infused products', customerKinds: ['medical'], window: { kind: 'transaction' }, unit: 'mg', max: flOz(216),
      components: [{ categories: ['beverage', 'tincture'], measure: 'weight' }], effective: PACK, source: MED, confidence: 'likely',
    },
  ],
  hours: [
    { id: 'us-wa.hours.sale', open: '08:00', close: '24:00', effective: PACK, source: cite('WAC 314-55-055/-147: 8:00 a.m.–12:00 midnight', 'S22'), confidence: 'likely' },
  ],
  delivery: [
    {
      id: 'us-wa.delivery.none', customerKinds: ['adult_use', 'medical'], allowed: false, effective: PACK,
      source: cite('No retail delivery; walk-up windows were a COVID allowance', 'S22'), confidence: 'likely',
    },
  ],
  productRules: [
    {
      id: 'us-wa.product.edible-package', label: 'Infused products taken by mouth: at most 10 mg THC per serving and 100 mg per package', customerKinds: ['adult_use'],
      categories: INGESTIBLE, maxThcMgPerUnit: 100, maxThcMgPerServing: 10, effective: PACK, source: RCW, confidence: 'sure',
      note:
        'Adult-use only: DOH-compliant high-THC products for patients follow DOH rules. The reference states the serving and package caps without naming a form (L237); ' +
        'read, as WAC 314-55-095 (the rule it cites) caps products meant to be eaten or swallowed, as every infused product taken by mouth: capsules (solid) and ' +
        'tinctures (liquid) as well as edibles and beverages, the same forms the 16 oz / 72 fl oz limits count (L66). Topicals are not taken by mouth and stay outside.',
    },
    {
      id: 'us-wa.product.other-thc-per-serving',
      label: 'Infused products: at most 0.5 mg of any THC compound other than delta-9 and 1 mg of them combined per serving',
      customerKinds: ['adult_use'],
      categories: INFUSED,
      otherThcMgPerServing: { maxEachMg: 0.5, maxCombinedMg: 1, ifUnknown: 'skip' },
      effective: { from: '2025-01-07', to: null },
      source: cite('WAC 314-55-095(1)(a): other THC compounds ≤0.5 mg each, ≤1 mg combined per serving', 'S19'),
      confidence: 'sure',
      note:
        'Reference §9 Washington row (L237, sure): "other THC compounds ≤0.5 mg each, ≤1 mg combined per serving". WAC 314-55-095(1)(a) says it of "a single serving of a ' +
        'cannabis-infused product" for persons 21+ and patients not in the authorization database, so: adult-use only (as us-wa.product.edible-package) and every infused ' +
        'category (edibles, beverages, tinctures, capsules, topicals); useable cannabis and concentrates are not infused products. The reference gives no date; the ' +
        'effective date 2025-01-07 is the "[Effective 1/7/2025]" of the WAC 314-55-095 text at the address S19 cites (the 2019 text had no such clause). ' +
        'Assumption: a SKU that states no figures (otherThcMgPerServing absent) is sold (ifUnknown skip): most Washington products carry no compound but delta-9, ' +
        'and refusing every unlabelled edible would stop the shelf; a SKU whose certificate of analysis reports them states them, and {} states "none found".',
    },
    {
      id: 'us-wa.product.concentrate-unit', label: 'Concentrates: at most 1 g per unit', customerKinds: ['adult_use', 'medical'],
      categories: CONCENTRATES, maxNetWeightMgPerUnit: 1000, effective: PACK, source: RCW, confidence: 'sure',
    },
  ],
  bundleRules: [],
  pickupModes: [
    {
      id: 'us-wa.pickup.drive-through', mode: 'drive_through', allowed: false, effective: PACK,
      source: cite('LCB: drive-through prohibited; walk-up windows were a temporary COVID allowance', 'S22'), confidence: 'likely',
      note: 'Reference §5 Washington row (L154, likely). The walk-up window allowance was temporary and has no mode here; curbside is not stated. In the pack from 2026.12.15.',
    },
  ],
  taxes: [
    {
      id: 'us-wa.tax.excise', code: 'WA_EXCISE', label: 'Cannabis excise tax (included in price)', metrcField: 'ExciseTax', rate: 0.37, includedInPrice: true,
      appliesTo: [{ categories: CANNABIS }], effective: PACK,
      source: cite('WA DOR: 37% of selling price, reflected in the shelf price', 'S20'), confidence: 'sure',
      exemptions: [
        { ...PATIENT_EXEMPTION, effective: { from: '2024-06-06', to: '2029-06-30' }, source: cite('HB 1453: patient excise exemption (sunsets 2029-06-30)', 'S20'), confidence: 'sure' },
      ],
    },
    {
      id: 'us-wa.tax.sales', code: 'WA_SALES', label: 'Retail sales tax', metrcField: 'SalesTax', rate: 0.065, storeRate: 'localSalesTaxRate',
      appliesTo: [{ categories: ALL }], effective: PACK,
      source: cite('WA DOR: sales tax on the pre-excise selling price', 'S20'), confidence: 'sure',
      exemptions: [
        { ...PATIENT_EXEMPTION, effective: PACK, source: cite('WA DOR: patients at endorsed stores exempt on DOH-compliant products', 'S20'), confidence: 'sure' },
      ],
    },
  ],
} satisfies PackInput;

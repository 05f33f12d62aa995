import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, CONCENTRATES, FLOWER, INFUSED, oz, REGISTERED_PATIENTS } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// From the start of adult-use sales (2020-01-01); open-ended.
const PACK = { from: '2020-01-01', to: null };
const LIMITS = cite('410 ILCS 705/10-10 as summarised by Dutchie/Treez', 'S31', 'S32');
const EXCISE = cite('410 ILCS 705/65-10 Cannabis Purchaser Excise Tax', 'S30');
// Vapes, concentrates and infused pre-rolls are "non-infused" for the excise and taxed by potency.
// Without a THC % on the line, flower-like items are assumed ≤35% and concentrates >35% (their
// usual range).
const FLOWER_LIKE = [...FLOWER, 'infused_pre_roll'] as const;
const DAY = { kind: 'day' } as const;
const DAY_NOTE = 'Possession-based limit enforced per customer per store-local day.';
// Lines carry net weight, not volume: a liquid is read at 1 g/ml (as FL_OZ_MG in common.ts), so 100 ml = 100,000 mg.
const TINCTURE_ALCOHOL_MAX_MG = 100 * 1000;

export const usIl = {
  jurisdiction: 'US-IL',
  name: 'Illinois',
  version: '2026.12.15',
  timezone: 'America/Chicago',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S30', 'S31', 'S32'),
  ages: [
    { id: 'us-il.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('Adult-use 21+', 'S31'), confidence: 'likely' },
    {
      id: 'us-il.age.medical', customerKind: 'medical', minAge: 18, effective: PACK, source: cite('Registered qualifying patients; minors via caregiver', 'S31'), confidence: 'likely',
      note: 'Minor patients (<18) get infused products only, bought by a caregiver.',
    },
  ],
  medicalProgram: [
    { id: 'us-il.medical.program', offered: true, acceptedCardJurisdictions: ['US-IL'], acceptedCardKinds: REGISTERED_PATIENTS, effective: PACK, source: cite('Out-of-state medical patients not allowed', 'S31'), confidence: 'likely' },
  ],
  minorPatients: [
    {
      id: 'us-il.minor-patient.caregiver', allowed: true, caregiverMinAge: 18, caregiverMinAgeConfidence: 'unsure', categories: INFUSED, effective: PACK,
      source: cite('Dutchie IL guide: minor patients (<18) get cannabis-infused products only, bought by a caregiver', 'S31'), confidence: 'likely',
      note: 'Cannabis-infused products are the categories this pack taxes as infused (edible, beverage, tincture, capsule, topical); flower, pre-rolls, infused pre-rolls, vapes, concentrates, seeds, plants and accessories are refused for a minor patient. The reference states no caregiver age; the adult medical minimum age (18) is used (caregiverMinAgeConfidence unsure).',
    },
  ],
  limits: [
    {
      id: 'us-il.limit.au-resident-flower', label: 'Adult-use cannabis flower (resident)', customerKinds: ['adult_use'], residency: 'resident', window: DAY, unit: 'mg', max: 30000,
      components: [{ categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'sure', note: DAY_NOTE,
    },
    {
      id: 'us-il.limit.au-resident-concentrate', label: 'Adult-use cannabis concentrate (resident)', customerKinds: ['adult_use'], residency: 'resident', window: DAY, unit: 'mg', max: 5000,
      components: [{ categories: CONCENTRATES, measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'sure', note: DAY_NOTE,
    },
    {
      id: 'us-il.limit.au-resident-infused', label: 'Adult-use THC in infused products (resident)', customerKinds: ['adult_use'], residency: 'resident', window: DAY, unit: 'mg_thc', max: 500,
      components: [{ categories: INFUSED, measure: 'thc' }], effective: PACK, source: LIMITS, confidence: 'sure', note: DAY_NOTE,
    },
    {
      id: 'us-il.limit.au-nonresident-flower', label: 'Adult-use cannabis flower (non-resident)', customerKinds: ['adult_use'], residency: 'non_resident', window: DAY, unit: 'mg', max: 15000,
      components: [{ categories: [...FLOWER, 'infused_pre_roll'], measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'sure',
      note: 'Non-residents get half. Residency comes from customer.residency, else the ID issuer (idJurisdiction); unknown = non-resident.',
    },
    {
      id: 'us-il.limit.au-nonresident-concentrate', label: 'Adult-use cannabis concentrate (non-resident)', customerKinds: ['adult_use'], residency: 'non_resident', window: DAY, unit: 'mg', max: 2500,
      components: [{ categories: CONCENTRATES, measure: 'weight' }], effective: PACK, source: LIMITS, confidence: 'sure',
    },
    {
      id: 'us-il.limit.au-nonresident-infused', label: 'Adult-use THC in infused products (non-resident)', customerKinds: ['adult_use'], residency: 'non_resident', window: DAY, unit: 'mg_thc', max: 250,
      components: [{ categories: INFUSED, measure: 'thc' }], effective: PACK, source: LIMITS, confidence: 'sure',
    },
    {
      id: 'us-il.limit.med-14-days', label: 'Medical 2.5 oz per 14 days', customerKinds: ['medical'], window: { kind: 'rolling_days', days: 14 }, unit: 'mg', max: oz(2.5),
      components: [{ categories: [...FLOWER, 'infused_pre_roll', ...CONCENTRATES], measure: 'weight' }], effective: PACK,
      source: cite('IL medical 2.5 oz per 14-day period', 'S32'), confidence: 'sure', overridable: true,
      patientAdjustable: { source: cite('IDPH waiver can raise the 2.5 oz per 14 days', 'S32'), confidence: 'sure' },
      note:
        'An IDPH waiver can raise it (the patient’s limit allowance, or a manager override for one sale). Infused products are not counted: no conversion in the sources. ' +
        'Counted over the last 14 days (today and the 13 before). The reference’s periods start "from the first day of purchase": that never allows more than this reading, ' +
        'but it can refuse a sale a new period would allow (0.5 oz on day 1, 2 oz on day 14, 2.5 oz on day 15). Periods anchored to a first purchase need the whole purchase history and are not modelled.',
    },
  ],
  hours: [{ id: 'us-il.hours.sale', open: '06:00', close: '22:00', effective: PACK, source: cite('410 ILCS 705/15-70: 6 am–10 pm local', 'S32'), confidence: 'sure' }],
  delivery: [
    {
      id: 'us-il.delivery.none', customerKinds: ['adult_use', 'medical'], allowed: false, effective: PACK,
      source: cite('410 ILCS 705/15-70: no transport to residences', 'S32'), confidence: 'sure',
    },
  ],
  productRules: [
    {
      id: 'us-il.product.alcohol', label: 'Alcohol products are not sold, except tinctures of at most 100 ml', customerKinds: ['adult_use', 'medical'],
      categories: ALL, attributes: ['contains_alcohol'], notSold: true, except: { categories: ['tincture'], maxNetWeightMgPerUnit: TINCTURE_ALCOHOL_MAX_MG },
      effective: PACK, source: cite('86 IAC 423.115: no alcohol products except tinctures ≤100 ml', 'S30', 'S32'), confidence: 'sure',
      note: 'Applies to lines whose SKU is marked contains_alcohol. The 100 ml is read as 100,000 mg net weight at 1 g/ml; an alcohol tincture that does not state its net weight is refused.',
    },
  ],
  bundleRules: [
    {
      id: 'us-il.bundle.none', label: 'Cannabis may not be bundled with other items for one price', kind: 'no_bundles', effective: PACK,
      source: cite('86 IAC 423.115 bundling', 'S30'), confidence: 'sure',
    },
  ],
  taxes: [
    {
      id: 'us-il.tax.excise-10', code: 'IL_EXCISE_10', label: 'Cannabis purchaser excise tax (≤35% THC)', metrcField: 'ExciseTax', rate: 0.1,
      appliesTo: [
        { customerKinds: ['adult_use'], categories: [...FLOWER_LIKE], thcPercentAtMost: 35, ifPotencyUnknown: 'match' },
        { customerKinds: ['adult_use'], categories: CONCENTRATES, thcPercentAtMost: 35, ifPotencyUnknown: 'skip' },
        { customerKinds: ['adult_use'], categories: ['seed', 'plant'] },
      ],
      effective: PACK, source: EXCISE, confidence: 'sure',
      note: 'Potency is adjusted THC = Δ9-THC % + 0.877 × THCA % (send thcaPercent when the label splits them). Lines without THC %: flower-like items are taxed at 10%, concentrates and vapes at 25%.',
    },
    {
      id: 'us-il.tax.excise-25', code: 'IL_EXCISE_25', label: 'Cannabis purchaser excise tax (>35% THC)', metrcField: 'ExciseTax', rate: 0.25,
      appliesTo: [
        { customerKinds: ['adult_use'], categories: [...FLOWER_LIKE], thcPercentAbove: 35, ifPotencyUnknown: 'skip' },
        { customerKinds: ['adult_use'], categories: CONCENTRATES, thcPercentAbove: 35, ifPotencyUnknown: 'match' },
      ],
      effective: PACK, source: EXCISE, confidence: 'sure',
    },
    {
      id: 'us-il.tax.excise-20', code: 'IL_EXCISE_20', label: 'Cannabis purchaser excise tax (infused products)', metrcField: 'ExciseTax', rate: 0.2,
      appliesTo: [{ customerKinds: ['adult_use'], categories: INFUSED }], effective: PACK, source: EXCISE, confidence: 'sure',
      note: 'Category decides "infused" (edible, beverage, tincture, capsule, topical); the line’s infused flag is informational.',
    },
    {
      id: 'us-il.tax.cannabis-rot', code: 'IL_CANNABIS_ROT', label: 'Local cannabis retailers’ occupation tax', metrcField: 'MunicipalTax', rate: 0, storeRate: 'localCannabisTaxRate',
      storeRateMax: 0.06, storeRateStep: 0.0025,
      appliesTo: [{ customerKinds: ['adult_use'], categories: CANNABIS }], effective: PACK,
      source: cite('Municipal (≤3%) and county (≤3.75% unincorporated, ≤3% in municipalities) cannabis ROT, in 0.25% steps', 'S30'), confidence: 'sure',
      note:
        'The store sends one local cannabis rate: municipal plus county. Its cap is the largest sum the law allows, 3% municipal + 3% county in a municipality = 6% ' +
        '(unincorporated: county alone, ≤3.75%), and both go in 0.25% steps, so the sum does too (reference §4 Illinois row, L113, sure). ' +
        'A rate above 6% or off the steps is refused, not charged (from 2026.12.15). The engine cannot tell a 4% county rate in a municipality (above its 3%) from 3% + 1%.',
    },
    {
      id: 'us-il.tax.rot', code: 'IL_ROT', label: 'Retailers’ occupation tax', metrcField: 'SalesTax', rate: 0.0625, storeRate: 'localSalesTaxRate',
      appliesTo: [{ customerKinds: ['adult_use'], categories: ALL }, { customerKinds: ['medical'], categories: ['accessory'] }], effective: PACK,
      source: cite('State ROT 6.25% + local ROTs on the selling price', 'S30'), confidence: 'likely',
      note: 'The excise is stated separately from the purchase price, so it is not in the ROT base (inferred).',
    },
    {
      id: 'us-il.tax.rot-medical', code: 'IL_ROT_MEDICAL', label: 'Retailers’ occupation tax (medical cannabis)', metrcField: 'SalesTax', rate: 0.01,
      appliesTo: [{ customerKinds: ['medical'], categories: CANNABIS }], effective: PACK,
      source: cite('Medical cannabis: 1% state ROT, no excise, no cannabis ROT', 'S30', 'S31'), confidence: 'sure',
      note: 'Local transit add-ons (RTA/MED) are not added; a store in those districts overrides storeRate.',
    },
  ],
  pickupModes: [
    {
      id: 'us-il.pickup.drive-through', mode: 'drive_through', allowed: false, effective: PACK,
      source: cite('410 ILCS 705/15-70: no drive-through', 'S32'), confidence: 'sure',
      note: 'Reference §5 Illinois row (L157, sure): "no drive-through (a 2023 bill would change this — status unknown)". In the pack from 2026.12.15.',
    },
  ],
  receipts: [
    {
      id: 'us-il.receipt.items', label: 'Each item listed with its quantity and price', channels: ['in_store', 'pickup', 'delivery'],
      contents: ['itemQuantityAndPrice'], effective: PACK,
      source: cite('86 IAC 423.115: no bundling; each item listed with quantity and price on the receipt', 'S30'), confidence: 'sure',
    },
    {
      id: 'us-il.receipt.excise-separately', label: 'The purchaser excise is stated apart from the purchase price', channels: ['in_store', 'pickup', 'delivery'],
      contents: ['taxesStatedSeparately'], effective: PACK,
      source: cite('410 ILCS 705/65-10: the excise is stated on the invoice separate and apart from the purchase price', 'S30'), confidence: 'sure',
    },
  ],
} satisfies PackInput;

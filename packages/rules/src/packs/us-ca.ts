import type { PackInput } from '../pack-schema.ts';
import { ALL, CANNABIS, CONCENTRATES, FLOWER, oz } from './common.ts';
import { cite, sourcesFor } from './sources.ts';

// The pack starts when retailers began collecting the excise (2023-01-01) and ends with AB 564's
// 15% window (2028-06-30): after that the rate is unknown, so evaluation refuses rather than guess.
const PACK = { from: '2023-01-01', to: '2028-06-30' };
const LIMITS = cite('4 CCR §15409 Daily Limits', 'S1');

export const usCa = {
  jurisdiction: 'US-CA',
  name: 'California',
  version: '2026.12.15',
  timezone: 'America/Los_Angeles',
  currency: 'USD',
  effective: PACK,
  sources: sourcesFor('S1', 'S2', 'S3', 'S4', 'S5', 'S7', 'S8', 'S9', 'S10', 'S11', 'S12', 'S13', 'S14'),
  ages: [
    { id: 'us-ca.age.adult-use', customerKind: 'adult_use', minAge: 21, effective: PACK, source: cite('DCC §15400: A-licensed premises limited to 21+', 'S2'), confidence: 'sure' },
    {
      id: 'us-ca.age.medical', customerKind: 'medical', minAge: 18, effective: PACK,
      source: cite('DCC §15400: 18+ with a physician recommendation', 'S2', 'S13'), confidence: 'sure',
      note: 'Patients under 18 buy through a primary caregiver and may not enter.',
    },
  ],
  medicalProgram: [
    {
      id: 'us-ca.medical.program', offered: true, acceptedCardJurisdictions: ['US-CA'], requiresStoreMedicalEndorsement: true, effective: PACK,
      source: cite('Physician recommendation or county MMIC; medicinal sales at M-licensed premises, A-licensed premises 21+ (DCC §15400)', 'S2', 'S12', 'S13'), confidence: 'likely',
      note:
        'Only California recommendations/MMICs; the reference names no reciprocity. A recommendation alone does not earn the sales-tax exemption (send medicalCard.kind "recommendation"). ' +
        'Medicinal sales (18+, the 8 oz, the MMIC exemption) are for M-licensed premises: at a store without the M-licence (store.medicalEndorsement false) a patient is served as adult-use, 21+.',
    },
  ],
  minorPatients: [
    {
      id: 'us-ca.minor-patient.caregiver', allowed: true, caregiverMinAge: 18, caregiverMinAgeConfidence: 'unsure', effective: PACK,
      source: cite('Treez CA guide: patients under 18 must use a primary caregiver and are not allowed on premises', 'S13'), confidence: 'likely',
      note: 'The primary caregiver buys; the patient does not enter. The reference states no caregiver age; the adult medical minimum age (18) is used (caregiverMinAgeConfidence unsure).',
    },
  ],
  limits: [
    {
      id: 'us-ca.limit.au-non-concentrated', label: 'Adult-use non-concentrated cannabis', customerKinds: ['adult_use'],
      window: { kind: 'day' }, unit: 'mg', max: 28500, components: [{ categories: FLOWER, measure: 'weight' }],
      effective: PACK, source: LIMITS, confidence: 'sure',
    },
    {
      id: 'us-ca.limit.au-concentrate', label: 'Adult-use concentrated cannabis (incl. concentrate in products)', customerKinds: ['adult_use'],
      window: { kind: 'day' }, unit: 'mg', max: 8000,
      components: [
        { categories: CONCENTRATES, measure: 'weight' },
        { categories: ['edible', 'beverage', 'tincture', 'capsule', 'topical', 'infused_pre_roll'], measure: 'thc' },
      ],
      effective: PACK, source: cite('4 CCR §15409; Treez CA guide (product mapping)', 'S1', 'S13'), confidence: 'unsure', unsureFields: ['components'],
      note:
        'No official mg→g conversion exists for concentrate inside products; like Treez, 1 mg THC in an edible, beverage, tincture, capsule, topical or infused pre-roll counts as 1 mg of concentrate. ' +
        'Only that mapping is unsure: the reference is sure of the 8 g (§15409), so a store may replace the components, not the figure (from 2026.12.14).',
    },
    {
      id: 'us-ca.limit.au-immature-plants', label: 'Adult-use immature plants', customerKinds: ['adult_use'],
      window: { kind: 'day' }, unit: 'units', max: 6, components: [{ categories: ['plant'], measure: 'units' }],
      effective: PACK, source: LIMITS, confidence: 'likely', note: '§15409(a)(3); not restated in the reference table.',
    },
    {
      id: 'us-ca.limit.med-dried-flower', label: 'Medicinal dried flower', customerKinds: ['medical'],
      window: { kind: 'day' }, unit: 'mg', max: oz(8), components: [{ categories: FLOWER, measure: 'weight' }],
      effective: PACK, source: LIMITS, confidence: 'sure', overridable: true,
      patientAdjustable: { source: cite('4 CCR §15409(c): more if the physician recommendation says so', 'S1'), confidence: 'sure' },
      note: '§15409(c): a patient may buy more when the recommendation says so: record the recommended amount as the patient’s limit allowance (or a manager overrides one sale).',
    },
    {
      id: 'us-ca.limit.med-immature-plants', label: 'Medicinal immature plants', customerKinds: ['medical'],
      window: { kind: 'day' }, unit: 'units', max: 12, components: [{ categories: ['plant'], measure: 'units' }],
      effective: PACK, source: LIMITS, confidence: 'sure', overridable: true,
      patientAdjustable: {
        source: cite('4 CCR §15409(c): more if the physician recommendation says so', 'S1'), confidence: 'likely',
        note: 'The reference row states "more if recommendation says so" after both the 8 oz and the 12 plants; read as covering both.',
      },
    },
  ],
  hours: [
    { id: 'us-ca.hours.sale', open: '06:00', close: '22:00', effective: PACK, source: cite('4 CCR §15403 / §15415(d): sell and deliver 6 am–10 pm', 'S3', 'S4'), confidence: 'sure' },
  ],
  delivery: [
    {
      id: 'us-ca.delivery.allowed', customerKinds: ['adult_use', 'medical'], allowed: true,
      excludedAddressTypes: ['public_land', 'school', 'day_care', 'youth_center'], withinJurisdictionOnly: true, effective: PACK,
      source: cite('4 CCR §§15415–15416: delivery to a physical address in California, not on publicly owned or leased land, a K-12 school, day care or youth center', 'S4', 'S5'), confidence: 'sure',
    },
    {
      id: 'us-ca.delivery.vehicle-cap', customerKinds: ['adult_use', 'medical'], allowed: true, maxOrderValueCents: 500_000, effective: PACK,
      source: cite('4 CCR §15418 Cannabis Goods Carried During Delivery', 'S7'), confidence: 'likely', overridable: true,
      note: 'Conflict: §15418 text seen says $5,000 per vehicle ($3,000 un-ordered); the 2018 emergency rule said $10,000. $5,000 chosen; an order above it cannot travel in one vehicle.',
    },
  ],
  deliveryVehicles: [
    {
      id: 'us-ca.delivery.vehicle-load', label: 'Goods in one delivery vehicle', maxValueCents: 500_000, maxUnorderedValueCents: 300_000, minOrders: 1, effective: PACK,
      source: cite('4 CCR §15418: at most $5,000 of cannabis goods in the vehicle at any time, of which at most $3,000 without an order received and processed before departure; the vehicle leaves with at least one processed order', 'S7'),
      confidence: 'likely', overridable: true,
      note:
        'The brief and the 2018 emergency text said $10,000 (old BCC §5418); the §15418 text seen says $5,000 / $3,000. Verdant loads only ordered goods, so the $3,000 part holds unless a run declares goods carried without an order. ' +
        'From 2026.12.13 the rule also says a vehicle carrying goods must hold at least one processed order (minOrders, reference §5 California row "must leave with ≥1 processed order", L152): goods without an order never travel alone; an empty vehicle breaks nothing.',
    },
  ],
  productRules: [
    {
      id: 'us-ca.product.edible-package', label: 'Edibles: at most 100 mg THC per package and 10 mg per serving', customerKinds: ['adult_use', 'medical'],
      categories: ['edible', 'beverage'], maxThcMgPerUnit: 100, maxThcMgPerServing: 10, effective: PACK,
      source: cite('California edible caps (10 mg/serving, 100 mg/package)', 'S14'), confidence: 'likely',
    },
    {
      id: 'us-ca.product.non-edible-package-au', label: 'Non-edible cannabis products: at most 1,000 mg THC per package (adult-use)', customerKinds: ['adult_use'],
      categories: ['tincture', 'capsule', 'topical', 'concentrate', 'vape', 'infused_pre_roll'], maxThcMgPerUnit: 1000, effective: PACK,
      source: cite('Treez CA guide / editiontime (1,000 mg; medicinal double)', 'S13'), confidence: 'likely',
      note: 'The reference says "non-edible products", so concentrates, vapes and infused pre-rolls are included; narrow `categories` by override if the current text excludes inhalables.',
    },
    {
      id: 'us-ca.product.non-edible-package-medical', label: 'Non-edible cannabis products: at most 2,000 mg THC per package (medicinal)', customerKinds: ['medical'],
      categories: ['tincture', 'capsule', 'topical', 'concentrate', 'vape', 'infused_pre_roll'], maxThcMgPerUnit: 2000, effective: PACK,
      source: cite('Treez CA guide / editiontime (1,000 mg; medicinal double)', 'S13'), confidence: 'likely',
    },
  ],
  bundleRules: [],
  taxes: [
    {
      id: 'us-ca.tax.local-cannabis', code: 'CA_LOCAL_CANNABIS', label: 'Local cannabis business tax', metrcField: 'CityTax',
      rate: 0, storeRate: 'localCannabisTaxRate', appliesTo: [{ categories: CANNABIS }], effective: PACK,
      source: cite('CDTFA Tax Facts: passed-through local cannabis tax is excise gross receipts', 'S10'), confidence: 'sure',
    },
    {
      id: 'us-ca.tax.excise', code: 'CA_EXCISE', label: 'California cannabis excise tax', metrcField: 'ExciseTax', rate: 0.15,
      basePlus: ['CA_LOCAL_CANNABIS'], appliesTo: [{ categories: CANNABIS }], effective: { from: '2023-01-01', to: '2025-06-30' },
      source: cite('CDTFA: 15% of gross receipts, collected by retailers since 2023-01-01', 'S9', 'S10'), confidence: 'sure',
    },
    {
      id: 'us-ca.tax.excise', code: 'CA_EXCISE', label: 'California cannabis excise tax', metrcField: 'ExciseTax', rate: 0.19,
      basePlus: ['CA_LOCAL_CANNABIS'], appliesTo: [{ categories: CANNABIS }], effective: { from: '2025-07-01', to: '2025-09-30' },
      source: cite('CDTFA rate adjustment under AB 195 (19%)', 'S11'), confidence: 'sure',
    },
    {
      id: 'us-ca.tax.excise', code: 'CA_EXCISE', label: 'California cannabis excise tax', metrcField: 'ExciseTax', rate: 0.15,
      basePlus: ['CA_LOCAL_CANNABIS'], appliesTo: [{ categories: CANNABIS }], effective: { from: '2025-10-01', to: '2028-06-30' },
      source: cite('AB 564 (Stats. 2025 ch. 127): back to 15% until 2028-06-30', 'S11'), confidence: 'sure',
      note: 'An early draft said 2030; the chaptered text says 2028-06-30.',
    },
    {
      id: 'us-ca.tax.sales', code: 'CA_SALES', label: 'Sales and use tax', metrcField: 'SalesTax', rate: 0.0725, storeRate: 'localSalesTaxRate',
      basePlus: ['CA_EXCISE'], appliesTo: [{ categories: ALL }], effective: PACK,
      source: cite('CDTFA: sales tax base includes the excise', 'S9', 'S10'), confidence: 'sure',
      note: 'The reference puts the excise (not the passed-through local cannabis tax) in the sales-tax base; a store whose city tax is taxable overrides basePlus to ["CA_LOCAL_CANNABIS","CA_EXCISE"].',
      exemptions: [
        {
          who: 'medical_customer', cardKinds: ['registry_card'], categories: CANNABIS, effective: PACK,
          source: cite('MMIC sales-tax exemption (county card + ID; a recommendation alone does not qualify)', 'S12'), confidence: 'sure',
        },
      ],
    },
  ],
  receipts: [
    {
      id: 'us-ca.receipt.delivery-request', label: 'Delivery request receipt', channels: ['delivery'],
      contents: ['customerFirstName', 'customerNumber', 'itemWeight', 'total', 'dateTime', 'signatureLine'], effective: PACK,
      source: cite('BCC §5420 Delivery Request Receipt: customer first name and retailer-assigned customer number, goods with their weight, total incl. taxes and fees, date and time, customer signature', 'S8', 'S4'),
      confidence: 'likely',
      note:
        'The reference lists these contents in the California delivery row, whose confidence marks grade the address/hours (sure) and the vehicle cap (likely) but not the receipt; ' +
        'its source is a copy of the BCC’s §5420, which the DCC carries on as 4 CCR §15420. The same section also asks for the delivery address and the first names and ' +
        'employee numbers of the driver and of the employee who prepared the order: us-ca.receipt.delivery-request-parties. ' +
        'Date and time: when the order was placed and when it was handed over.',
    },
    {
      id: 'us-ca.receipt.delivery-request-parties', label: 'Delivery request receipt: the delivery address and the employees', channels: ['delivery'],
      contents: ['deliveryAddress', 'deliveryEmployee', 'preparingEmployee'], effective: PACK,
      source: cite('BCC §5420(a)(2), (3), (6): first name and employee number of the delivery employee who delivered the order and of the employee who prepared it for delivery; the delivery address', 'S8'),
      confidence: 'likely',
      note:
        'The reference’s California delivery row summarises the receipt without these items, but its source S8 (the stored copy of §5420 it cites for the receipt) lists them among what the receipt shall contain; ' +
        'graded like the rest of the receipt (likely: the text seen is the BCC’s, carried on by the DCC). The retailer’s name and address (§5420(a)(1)) head every receipt. In the pack from 2026.12.13.',
    },
    {
      id: 'us-ca.receipt.excise-separately', label: 'The cannabis excise is stated separately', channels: ['in_store', 'pickup', 'delivery'],
      contents: ['taxesStatedSeparately'], effective: PACK,
      source: cite('CDTFA: the excise is a separate line on the receipt', 'S9', 'S10'), confidence: 'sure',
    },
  ],
  pickupModes: [
    {
      id: 'us-ca.pickup.curbside', mode: 'curbside', allowed: true, effective: PACK,
      source: cite('DCC regulations ch. 3 (retailers): curbside', 'S2'), confidence: 'likely',
      note: 'Reference §5 California row (L152): "Curbside and drive-through allowed"; the row grades the address/hours and the vehicle cap, not this, so likely (as its receipt). In the pack from 2026.12.15.',
    },
    {
      id: 'us-ca.pickup.drive-through', mode: 'drive_through', allowed: true, effective: PACK,
      source: cite('DCC regulations ch. 3 (retailers): drive-through', 'S2'), confidence: 'likely',
      note: 'Reference §5 California row (L152). Local rules may be stricter. In the pack from 2026.12.15.',
    },
  ],
} satisfies PackInput;

import type { MetrcAdjustmentReason, MetrcReturnReason } from './metrc-types';

/**
 * Per-state Metrc facts as data. Endpoint availability comes from the OpenMetrc v2 spec's
 * endpoint summary (OcelliSolutions/OpenMetrc, MetrcEndpointsSummary.md); time zones are each
 * state's main zone (a facility may override); adjustment reasons are per state and, in Oregon,
 * set by the regulator. Reasons marked `sample` are the documented Metrc examples; the others are
 * the simulator's plausible defaults, to be replaced by each state's list when we have it.
 */
export type MetrcEndpointGroup =
  | 'packages'
  | 'items'
  | 'transfers'
  | 'labtests'
  | 'sales.receipts'
  | 'sales.deliveries'
  | 'patients.statuses'
  | 'patient-checkins'
  | 'caregivers.status';

export interface MetrcStateProfile {
  code: string;
  timezone: string;
  endpoints: readonly MetrcEndpointGroup[];
  adjustmentReasons: readonly MetrcAdjustmentReason[];
  deliveryReturnReasons: readonly MetrcReturnReason[];
}

const reason = (Name: string, RequiresNote = false): MetrcAdjustmentReason => ({
  Name,
  RequiresNote,
  RequiresWasteWeight: false,
  RequiresImmatureWasteWeight: false,
  RequiresMatureWasteWeight: false,
});

// sample: "Drying", "Entry Error", "Scale Variance" (Metrc docs via ThunkMetrc).
const DEFAULT_ADJUSTMENT_REASONS = [
  reason('Drying'),
  reason('Entry Error', true),
  reason('Scale Variance'),
  reason('Theft', true),
  reason('Waste', true),
];

// Oregon's list is managed by the OLCC (wiki-or.metrc.com/source/adjustments); these names are a stand-in.
const OREGON_ADJUSTMENT_REASONS = [
  reason('Drying'),
  reason('Entry Error', true),
  reason('Scale Variance'),
  reason('Mandated Destruction', true),
  reason('Theft', true),
];

const DELIVERY_RETURN_REASONS: MetrcReturnReason[] = [
  { Name: 'Spoilage', RequiresNote: false },
  { Name: 'Theft', RequiresNote: true },
  { Name: 'Customer Refused', RequiresNote: false },
];

const TIMEZONES: Record<string, string> = {
  AL: 'America/Chicago',
  CA: 'America/Los_Angeles',
  CO: 'America/Denver',
  DC: 'America/New_York',
  GU: 'Pacific/Guam',
  KY: 'America/New_York',
  LA: 'America/Chicago',
  MA: 'America/New_York',
  MD: 'America/New_York',
  ME: 'America/New_York',
  MI: 'America/Detroit',
  MN: 'America/Chicago',
  MO: 'America/Chicago',
  MS: 'America/Chicago',
  MT: 'America/Denver',
  NJ: 'America/New_York',
  NV: 'America/Los_Angeles',
  OH: 'America/New_York',
  OK: 'America/Chicago',
  OR: 'America/Los_Angeles',
  RI: 'America/New_York',
  SD: 'America/Chicago',
  WV: 'America/New_York',
};

const NO_SALES_RECEIPTS = ['AL', 'KY'];
const NO_SALES_DELIVERIES = [...NO_SALES_RECEIPTS, 'LA', 'MN', 'OH', 'OK', 'WV'];
const PATIENT_STATUSES = ['CO', 'DC', 'GU', 'MD', 'MI', 'MO', 'MS', 'MT', 'NJ', 'RI', 'SD', 'WV'];
const PATIENT_CHECKINS = ['MO'];
const CAREGIVER_STATUS = ['GU', 'MN', 'MS', 'NJ', 'RI', 'SD'];

function buildProfile(code: string): MetrcStateProfile {
  const endpoints: MetrcEndpointGroup[] = ['packages', 'items', 'transfers', 'labtests'];
  if (!NO_SALES_RECEIPTS.includes(code)) endpoints.push('sales.receipts');
  if (!NO_SALES_DELIVERIES.includes(code)) endpoints.push('sales.deliveries');
  if (PATIENT_STATUSES.includes(code)) endpoints.push('patients.statuses');
  if (PATIENT_CHECKINS.includes(code)) endpoints.push('patient-checkins');
  if (CAREGIVER_STATUS.includes(code)) endpoints.push('caregivers.status');
  return {
    code,
    timezone: TIMEZONES[code] as string,
    endpoints,
    adjustmentReasons: code === 'OR' ? OREGON_ADJUSTMENT_REASONS : DEFAULT_ADJUSTMENT_REASONS,
    deliveryReturnReasons: DELIVERY_RETURN_REASONS,
  };
}

export const METRC_STATE_PROFILES: Readonly<Record<string, MetrcStateProfile>> = Object.fromEntries(
  Object.keys(TIMEZONES).map((code) => [code, buildProfile(code)]),
);

export function metrcStateProfile(code: string): MetrcStateProfile | undefined {
  return METRC_STATE_PROFILES[code.trim().toUpperCase()];
}

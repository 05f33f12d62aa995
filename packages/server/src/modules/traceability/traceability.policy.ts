// When each state wants sales reported, whether a store must stop selling while the state system
// is down, and whether delivery orders go to Metrc as sales deliveries or receipts. Data, not
// code: every row names its source (ids from shared/reference/regulations.md, "[S#]", or the
// market reference) and the dates it holds for.
// The rules packs (packages/rules) do not carry reporting timing, so it lives here until they do.
import { metrcStateProfile } from '@verdant/metrc';
import { localDate } from '../compliance';

export type CustomerKind = 'adult_use' | 'medical';

/**
 * How a delivery order reaches the state. `sales_delivery`: the state's Metrc offers the sales
 * deliveries endpoints, so the order is filed as a sales delivery when the vehicle leaves (the
 * manifest the driver carries) and completed at the door. `receipt`: filed as a receipt at
 * hand-over, like a sale at the counter.
 */
export type DeliveryFiling = 'sales_delivery' | 'receipt';

export interface ReportingPolicy {
  jurisdiction: string;
  system: 'metrc' | 'biotrack' | 'ccrs' | 'none';
  /** Customer kinds whose sales must reach the state at once (batching forbidden). */
  realtimeFor: CustomerKind[];
  /** Longest a batched sale may wait, in minutes. */
  maxDelayMinutes: number;
  /** True only where a rule says sales stop when the state system is down. */
  blockSalesWhenDown: boolean;
  /** How delivery orders are filed (with the source in DELIVERY_FILING_SOURCE). */
  deliveryFiling: DeliveryFiling;
  effective: { from: string; to: string | null };
  source: string;
  confidence: 'sure' | 'likely' | 'unsure';
  note?: string;
}

const DAY = 24 * 60;
const OPEN = { from: '2018-01-01', to: null };

/**
 * Where deliveryFiling comes from: the states whose Metrc has `/sales/v2/deliveries`. The Metrc
 * package's state profiles (metrc-states.ts) hold the same table; a unit test keeps them in step.
 */
export const DELIVERY_FILING_SOURCE =
  'market-and-metrc.md §2.1 (OpenMetrc v2 endpoint summary): /sales/v2/deliveries in 16 Metrc states, not AL, KY, LA, MN, OH, OK, WV; ' +
  'regulations.md §5 [S39]: Nevada wants a Metrc-generated delivery manifest per consumer';

export const REPORTING_POLICIES: ReportingPolicy[] = [
  {
    jurisdiction: 'US-CA', system: 'metrc', realtimeFor: [], maxDelayMinutes: DAY, blockSalesWhenDown: false, deliveryFiling: 'sales_delivery', effective: OPEN,
    source: 'regulations.md §7 [S7]; market-and-metrc.md §4 item 19 (help.canix.com: report sales to Metrc within 24 h)', confidence: 'likely',
  },
  {
    jurisdiction: 'US-CO', system: 'metrc', realtimeFor: ['medical'], maxDelayMinutes: DAY, blockSalesWhenDown: false, deliveryFiling: 'sales_delivery', effective: OPEN,
    source: 'regulations.md §3, §7 [S18] C.R.S. 44-10-501(1)(b): medical sales recorded in Metrc immediately; outage: rely on certification, upload later', confidence: 'sure',
  },
  {
    jurisdiction: 'US-MI', system: 'metrc', realtimeFor: ['medical'], maxDelayMinutes: DAY, blockSalesWhenDown: false, deliveryFiling: 'sales_delivery', effective: { from: '2019-12-01', to: null },
    source: 'regulations.md §7 [S26]: medical real time, adult-use may batch; patient allotments in Metrc', confidence: 'sure',
  },
  {
    jurisdiction: 'US-IL', system: 'biotrack', realtimeFor: ['adult_use', 'medical'], maxDelayMinutes: 0, blockSalesWhenDown: true, deliveryFiling: 'receipt', effective: OPEN,
    source: 'regulations.md §7 [S31] [S32]: BioTrack real time; store may not sell if POS or state verification system is down', confidence: 'sure',
  },
  {
    jurisdiction: 'US-MA', system: 'metrc', realtimeFor: ['adult_use', 'medical'], maxDelayMinutes: 0, blockSalesWhenDown: false, deliveryFiling: 'sales_delivery', effective: OPEN,
    source: 'regulations.md §7 [S33]: Metrc real time', confidence: 'sure',
  },
  {
    jurisdiction: 'US-MO', system: 'metrc', realtimeFor: ['adult_use', 'medical'], maxDelayMinutes: 0, blockSalesWhenDown: false, deliveryFiling: 'sales_delivery', effective: OPEN,
    source: 'regulations.md §7 [S45]: Metrc, real time', confidence: 'sure',
  },
  {
    jurisdiction: 'US-MD', system: 'metrc', realtimeFor: ['medical'], maxDelayMinutes: DAY, blockSalesWhenDown: false, deliveryFiling: 'sales_delivery', effective: OPEN,
    source: 'regulations.md §7 [S44]: patient allotments reported per sale', confidence: 'likely',
  },
  {
    jurisdiction: 'US-OH', system: 'metrc', realtimeFor: ['medical'], maxDelayMinutes: DAY, blockSalesWhenDown: false, deliveryFiling: 'receipt', effective: OPEN,
    source: 'regulations.md §7 [S46]: medical sales reported within minutes of dispensing', confidence: 'likely',
  },
  { jurisdiction: 'US-NV', system: 'metrc', realtimeFor: [], maxDelayMinutes: DAY, blockSalesWhenDown: false, deliveryFiling: 'sales_delivery', effective: OPEN, source: 'regulations.md §7 [S37] [S39]: no timing rule found', confidence: 'unsure' },
  { jurisdiction: 'US-NJ', system: 'metrc', realtimeFor: [], maxDelayMinutes: DAY, blockSalesWhenDown: false, deliveryFiling: 'sales_delivery', effective: OPEN, source: 'regulations.md §7 [S43]: no timing rule found', confidence: 'unsure' },
  { jurisdiction: 'US-OR', system: 'metrc', realtimeFor: [], maxDelayMinutes: DAY, blockSalesWhenDown: false, deliveryFiling: 'sales_delivery', effective: OPEN, source: 'regulations.md §7 [S23]: Metrc (CTS), no timing rule found', confidence: 'unsure' },
  {
    jurisdiction: 'US-NY', system: 'biotrack', realtimeFor: [], maxDelayMinutes: 7 * DAY, blockSalesWhenDown: false, deliveryFiling: 'receipt', effective: OPEN,
    source: 'regulations.md §7 [S42]: BioTrack being implemented; weekly inventory reports meanwhile', confidence: 'likely',
  },
];

/** For a jurisdiction we hold no row for: batch within a day, never stop selling. */
export const DEFAULT_POLICY: Omit<ReportingPolicy, 'jurisdiction'> = {
  system: 'none', realtimeFor: [], maxDelayMinutes: DAY, blockSalesWhenDown: false, deliveryFiling: 'receipt', effective: OPEN,
  source: 'default: no rule found; Verdant never blocks a sale unless a rule says so; delivery orders are filed as receipts', confidence: 'unsure',
};

/**
 * The policy in force at a store on the store's own day (`timeZone`, the store's): a row that
 * starts on a date holds from the store's midnight, not from midnight UTC.
 */
export function policyFor(jurisdiction: string, on: Date = new Date(), timeZone = 'UTC'): ReportingPolicy {
  const day = localDate(timeZone, on);
  const row = REPORTING_POLICIES.find(
    (p) => p.jurisdiction === jurisdiction && p.effective.from <= day && (p.effective.to === null || day <= p.effective.to),
  );
  return row ?? { jurisdiction, ...DEFAULT_POLICY };
}

/**
 * When a report is due: at once where the state forbids batching for this customer kind or the
 * store reports in real time; otherwise after the store's batch window, and never past the
 * state's longest delay counted from when it happened (`occurredAt`): a sale that reaches us
 * late (an offline register syncing, a retried event) has spent part of that delay already.
 */
export function dueAt(input: { policy: ReportingPolicy; mode: 'realtime' | 'batched'; batchMinutes: number; customerKind?: CustomerKind; now: Date; occurredAt?: Date }): Date {
  const { policy, mode, customerKind, now } = input;
  if (mode === 'realtime' || policy.maxDelayMinutes === 0) return now;
  if (customerKind && policy.realtimeFor.includes(customerKind)) return now;
  const batched = now.getTime() + Math.min(input.batchMinutes, policy.maxDelayMinutes) * 60_000;
  const deadline = input.occurredAt ? input.occurredAt.getTime() + policy.maxDelayMinutes * 60_000 : batched;
  return new Date(Math.max(now.getTime(), Math.min(batched, deadline)));
}

/**
 * How a store files its delivery orders: as Metrc sales deliveries only where the store reports to
 * Metrc and the state's Metrc has them; everywhere else (BioTrack, states without the endpoints)
 * as receipts at hand-over. A Metrc state we hold no policy row for follows Metrc's own endpoint
 * table (the same source), so a store there is not left on receipts by omission.
 */
export function deliveryFilingFor(jurisdiction: string, engine: 'metrc' | 'biotrack' | 'none', on: Date = new Date(), timeZone = 'UTC'): DeliveryFiling {
  if (engine !== 'metrc') return 'receipt';
  if (REPORTING_POLICIES.some((p) => p.jurisdiction === jurisdiction)) return policyFor(jurisdiction, on, timeZone).deliveryFiling;
  const profile = jurisdiction.startsWith('US-') ? metrcStateProfile(jurisdiction.slice(3)) : undefined;
  return profile?.endpoints.includes('sales.deliveries') ? 'sales_delivery' : 'receipt';
}

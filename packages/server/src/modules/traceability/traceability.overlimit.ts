import { evaluate, RulesError, type EvaluateRequest, type HistoryLine } from '@verdant/rules';
import type { Db } from '../../platform/unit-of-work';
import { compliancePort, type HistoryEntry } from './traceability.ports';
import { lateSales } from './traceability.service';
import type { CompletedOrderPayload } from './traceability.engines';

export interface OverLimitSale {
  reportId: string;
  orderId: string;
  storeId: string;
  customerId: string;
  customerKind: 'adult_use' | 'medical';
  completedAt: string;
  reportStatus: string;
  violations: Array<{ rule: string; message: string }>;
  limits: Array<{ id: string; label: string; used: number; max: number; unit: string; window: string }>;
}

export interface OverLimitReport {
  since: string;
  lateSalesChecked: number;
  withoutCustomer: number;
  unchecked: Array<{ orderId: string; reason: string }>;
  overLimit: OverLimitSale[];
}

const LOOKBACK_MS = 32 * 24 * 3600_000; // the longest window in the packs is a calendar month / 30 days
const SLACK_MS = 60_000;

/** Multiset difference of history entries: what `all` has that `without` lacks (the order's own lines). */
function ownEntries(all: HistoryEntry[], without: HistoryEntry[]): HistoryEntry[] {
  const counts = new Map<string, number>();
  for (const e of without) counts.set(JSON.stringify(e), (counts.get(JSON.stringify(e)) ?? 0) + 1);
  return all.filter((e) => {
    const key = JSON.stringify(e);
    const n = counts.get(key) ?? 0;
    if (n > 0) {
      counts.set(key, n - 1);
      return false;
    }
    return true;
  });
}

/**
 * Sales that waited in the queue (an outage, retries) could not be checked against the state's
 * own records when they happened. This re-runs the purchase-limit rules over every such sale with
 * the customer's whole purchase history (all stores, all channels, compliance's ledger) as it
 * stands now, so a sale that broke a rolling window — Michigan's daily and monthly medical
 * limits, say — is named for follow-up.
 */
export async function overLimitAfterOutage(db: Db, organizationId: string, input: { storeId?: string; storeIds?: readonly string[]; since: Date; lateAfterSeconds: number }): Promise<OverLimitReport> {
  const late = await lateSales(db, organizationId, input);
  const stores = new Map(
    (await db.selectFrom('store').select(['id', 'jurisdiction', 'timezone']).where('organization_id', '=', organizationId).execute()).map((s) => [s.id, s]),
  );
  const report: OverLimitReport = { since: input.since.toISOString(), lateSalesChecked: late.length, withoutCustomer: 0, unchecked: [], overLimit: [] };
  for (const sale of late) {
    const order = sale.payload as CompletedOrderPayload;
    const customerId = order.customer?.id;
    if (!customerId) {
      report.withoutCustomer += 1;
      continue;
    }
    const store = stores.get(sale.store_id);
    if (!store) continue;
    const at = new Date(sale.occurred_at);
    const window = { organizationId, customerId, jurisdiction: store.jurisdiction, since: new Date(at.getTime() - LOOKBACK_MS), until: new Date(at.getTime() + SLACK_MS) };
    const withOrder = await compliancePort.historyFor(db, window);
    const history = await compliancePort.historyFor(db, { ...window, excludeOrderId: order.orderId });
    const own = ownEntries(withOrder, history);
    const lines = own.flatMap((e) => e.lines).map((l: HistoryLine) => ({ ...l, unitPriceCents: l.unitPriceCents ?? 0 }));
    if (lines.length === 0) {
      report.unchecked.push({ orderId: order.orderId, reason: 'The compliance ledger holds no lines for this order.' });
      continue;
    }
    const kind = order.customer.kind === 'medical' ? 'medical' : 'adult_use';
    const request: EvaluateRequest = {
      jurisdiction: store.jurisdiction,
      at: at.toISOString(),
      channel: (order.channel as EvaluateRequest['channel']) ?? 'in_store',
      // Age was checked at the counter; only the limits are re-run here.
      customer: {
        kind,
        birthDate: '1970-01-01',
        medicalCard: kind === 'medical' ? { number: order.customer.patientLicenseNumber ?? 'on-file', jurisdiction: store.jurisdiction, expiresOn: '2999-12-31' } : null,
      },
      store: { timezone: store.timezone },
      history: history.filter((e) => new Date(e.at) <= at),
      lines,
    } as EvaluateRequest;
    try {
      const result = evaluate(request);
      const violations = result.violations.filter((v) => v.code === 'PURCHASE_LIMIT');
      if (violations.length > 0) {
        report.overLimit.push({
          reportId: sale.id,
          orderId: order.orderId,
          storeId: sale.store_id,
          customerId,
          customerKind: kind,
          completedAt: at.toISOString(),
          reportStatus: sale.status,
          violations: violations.map((v) => ({ rule: v.rule, message: v.message })),
          limits: (result.limits ?? []).filter((l) => l.used > l.max).map((l) => ({ id: l.id, label: l.label, used: l.used, max: l.max, unit: l.unit, window: l.window })),
        });
      }
    } catch (error) {
      report.unchecked.push({ orderId: order.orderId, reason: error instanceof RulesError ? error.message : String(error) });
    }
  }
  return report;
}

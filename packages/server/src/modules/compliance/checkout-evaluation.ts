// evaluateForCheckout: the register's and checkout's one call into the rules engine. It gathers
// what the engine needs from the database — the customer (with a masked medical card: the
// engine checks issuer and expiry, not digits), the purchase history over the pack's longest
// window across every store and channel in the store's jurisdiction, the store's overrides and local tax rates — inside the
// caller's transaction, and returns the engine's answer.
import { isPatientAdjustableOn, requiresDeliveryPreVerificationOn, type EvaluateRequest, type EvaluateResponse, type Pack, type RequestLine } from '@verdant/rules';
import { skuEngineFactsByCode } from '../catalog';
import { notFound } from '../../platform/errors';
import type { Db } from '../../platform/unit-of-work';
import { caregiverRefusal, dateText, rulesCustomerFromSql, type RulesCustomer } from '../customers';
import { localDate, longestWindowDays, packFor, runEvaluation, type FieldPath } from './rules-engine';
import { storeRulesFor } from './store-rules';
import { customerWithHistory, type Channel, type HistoryEntry } from './usage-ledger';

const DAY_MS = 86_400_000;

export interface CheckoutStore {
  id: string;
  jurisdiction: string;
  timezone: string;
  /** When given, these win over the store's configured tax setting. */
  localSalesTaxRate?: number;
  localCannabisTaxRate?: number;
  medicalEndorsement?: boolean;
}

/** A known customer (history and card loaded from the database), or an anonymous one (no history). */
export type CheckoutCustomer =
  | {
      id: string;
      /**
       * A caregiver buying for this patient: must hold an active link to the patient whose caregiver
       * card, if one is on file, is unexpired on the store-local date (else 422 CAREGIVER_NOT_LINKED
       * or CAREGIVER_CARD_EXPIRED; 409 CUSTOMER_MERGED for a merged caregiver record); their birth
       * date goes to the engine as customer.caregiver.
       */
      caregiverId?: string;
    }
  | (RulesCustomer & { id?: undefined });

export interface EvaluateForCheckoutInput {
  organizationId: string;
  store: CheckoutStore;
  customer: CheckoutCustomer;
  channel: Channel;
  at: Date | string;
  lines: RequestLine[];
  delivery?: EvaluateRequest['delivery'];
  /** A pickup's hand-over mode (in_store, curbside, drive_through); the engine consults it only for channel pickup. */
  pickup?: EvaluateRequest['pickup'];
  /** Leave this order's own usage out of the history (re-checking an order already recorded). */
  excludeOrderId?: string;
  /**
   * Count purchases recorded after `at` too, as made at `at`: the re-check under the customer's
   * lock, where a sale that committed since the pre-check has to count against this one.
   */
  countLaterPurchases?: boolean;
  /** Where the lines sit in the caller's request, for error paths. Default ['body']. */
  pathPrefix?: FieldPath;
}

/**
 * The lines with the product facts the packs decide on (THCA %, so Illinois taxes by adjusted THC;
 * DOH compliance, so Washington exempts patients only on certified products; THC compounds other
 * than Δ9 per serving, which Washington caps). Lines priced from the
 * catalog (register sales, quotes, carts) state both already (`dohCompliant` always, THCA % when the
 * SKU has one), so the sale reads no SKU again. A line that does not state `dohCompliant` (a
 * compliance check sent by an integration) takes each fact it leaves out from the organization's
 * SKU with the line's code; one that names no catalog SKU is sent as not DOH-compliant: a product
 * nobody certified earns no patient exemption (the catalog's default, too). What a line states
 * wins: a check may ask "what if".
 */
async function withCatalogFacts(trx: Db, organizationId: string, lines: RequestLine[]): Promise<RequestLine[]> {
  const wanting = lines.filter((l) => l.dohCompliant === undefined);
  if (wanting.length === 0) return lines;
  const facts = await skuEngineFactsByCode(trx, organizationId, wanting.map((l) => l.sku));
  return lines.map((line) => {
    if (line.dohCompliant !== undefined) return line;
    const sku = facts.get(line.sku);
    return {
      ...line,
      ...(line.thcaPercent === undefined && sku?.thcaPercent != null && { thcaPercent: sku.thcaPercent }),
      ...(line.otherThcMgPerServing === undefined && sku?.otherThcMgPerServing != null && { otherThcMgPerServing: sku.otherThcMgPerServing }),
      dohCompliant: line.dohCompliant ?? sku?.dohCompliant ?? false,
    };
  });
}

export interface CheckoutEvaluation extends EvaluateResponse {
  applied: {
    historySince: string;
    historyPurchases: number;
    /** Allowances on the patient's record for limits the pack in effect does not let a practitioner raise: not applied. */
    allowancesNotApplied: string[];
    overrides: string[];
    localSalesTaxRate: number;
    localCannabisTaxRate: number;
    taxSettingId: string | null;
  };
}

export async function evaluateForCheckout(trx: Db, input: EvaluateForCheckoutInput): Promise<CheckoutEvaluation> {
  const { store } = input;
  const at = new Date(input.at);
  // Overrides and local rates change rarely: read through a short per-process cache (see
  // store-rules.ts); the customer and their history are read fresh, in one statement.
  const rules = await storeRulesFor(trx, store.id);
  const overrides = rules.overrides;
  const pack = packFor(store.jurisdiction, overrides);
  // One day of slack: windows are store-local days, the query is in instants.
  const since = new Date(at.getTime() - (longestWindowDays(pack) + 1) * DAY_MS);

  const saleDate = localDate(store.timezone, at);
  let customer: EvaluateRequest['customer'];
  let history: HistoryEntry[] = [];
  let allowancesNotApplied: string[] = [];
  if (input.customer.id !== undefined) {
    const { id, caregiverId } = input.customer as { id: string; caregiverId?: string };
    // The caregiver link is read with the patient and their history (one statement either way).
    const read = await customerWithHistory(trx, {
      organizationId: input.organizationId,
      customerId: id,
      jurisdiction: store.jurisdiction,
      since,
      until: at,
      excludeOrderId: input.excludeOrderId,
      countLater: input.countLaterPurchases,
      ...(caregiverId && { caregiverId, caregiverCardValidOn: saleDate }),
      // Limit allowances ride in the same statement; expiry is judged on the store-local date.
      allowancesFor: { jurisdiction: store.jurisdiction, localDate: saleDate },
      // So does pre-verification, read only where the pack in effect asks for it.
      ...(input.channel === 'delivery' && requiresDeliveryPreVerificationOn(pack, saleDate) && { preVerifiedFor: { jurisdiction: store.jurisdiction, localDate: saleDate } }),
    });
    if (caregiverId && read.caregiverBirthDate === null) {
      throw await caregiverRefusal(trx, input.organizationId, { caregiverId, patientId: id, onDate: saleDate });
    }
    const onFile = rulesCustomerFromSql(read.customer, id);
    if (!onFile) throw notFound('Customer', id);
    const { usable: found, notApplied } = usableAllowances(onFile, pack, saleDate);
    allowancesNotApplied = notApplied;
    // The engine consults the caregiver only for a medical patient under the medical minimum age.
    customer = caregiverId ? { ...found, caregiver: { birthDate: dateText(read.caregiverBirthDate!) } } : found;
    history = read.history;
  } else {
    const { id: _none, ...rest } = input.customer as RulesCustomer & { id?: undefined };
    customer = rest;
  }

  const configured = rules.taxRatesOn(saleDate);
  const localSalesTaxRate = store.localSalesTaxRate ?? configured.localSalesTaxRate;
  const localCannabisTaxRate = store.localCannabisTaxRate ?? configured.localCannabisTaxRate;

  const request: EvaluateRequest = {
    jurisdiction: store.jurisdiction,
    at: at.toISOString(),
    channel: input.channel,
    customer,
    store: {
      localSalesTaxRate,
      localCannabisTaxRate,
      timezone: store.timezone,
      ...(store.medicalEndorsement !== undefined && { medicalEndorsement: store.medicalEndorsement }),
    },
    history,
    ...(input.delivery ? { delivery: input.delivery } : {}),
    ...(input.pickup ? { pickup: input.pickup } : {}),
    lines: await withCatalogFacts(trx, input.organizationId, input.lines),
  };
  const response = runEvaluation(request, overrides, input.pathPrefix ?? ['body']);
  return {
    ...response,
    applied: {
      historySince: since.toISOString(),
      historyPurchases: history.length,
      allowancesNotApplied,
      overrides: Object.keys(overrides ?? {}),
      localSalesTaxRate,
      localCannabisTaxRate,
      taxSettingId: store.localSalesTaxRate !== undefined && store.localCannabisTaxRate !== undefined ? null : configured.settingId,
    },
  };
}

/**
 * An allowance is saved only for a limit some pack lets a practitioner raise, but a later pack
 * version (or a store override) may no longer allow it. Such an allowance is left out of the
 * request, so the patient is held to the pack's maximum, the law of the day, rather than refused
 * every sale; it is named in `applied.allowancesNotApplied` so the record can be corrected.
 */
function usableAllowances(customer: RulesCustomer, pack: Pack, saleDate: string): { usable: RulesCustomer; notApplied: string[] } {
  const allowances = customer.limitAllowances;
  if (!allowances) return { usable: customer, notApplied: [] };
  const kept = allowances.filter((a) => isPatientAdjustableOn(pack, a.limit, saleDate));
  if (kept.length === allowances.length) return { usable: customer, notApplied: [] };
  const { limitAllowances: _all, ...rest } = customer;
  return {
    usable: kept.length > 0 ? { ...rest, limitAllowances: kept } : rest,
    notApplied: allowances.filter((a) => !kept.includes(a)).map((a) => a.limit),
  };
}

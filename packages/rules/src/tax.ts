// The tax engine. Each tax line is computed exactly from integer cents and integer millionths of a
// rate, rounded half-up to the cent once, then spread over the cart lines by largest remainder
// (so per-line Metrc fields add up to the receipt). Taxes contained in the shelf price (WA excise)
// are backed out first; a tax whose base includes another tax uses that tax's charged cents.
import type { CustomerKind } from './categories.ts';
import { KIND_BIT, type CompiledTax, type Snapshot } from './compile-pack.ts';
import { validationError } from './errors.ts';
import { potencyOf } from './limits.ts';
import { MICRO, roundHalfUp, roundHalfUpBig, toMicro } from './rational.ts';
import type { CheckedRequest } from './request-schema.ts';
import type { ReceiptLine, TaxLine } from './response-schema.ts';

export interface TaxCustomer {
  kind: CustomerKind;
  /** A medical card that is present, unexpired and accepted here. */
  cardValid: boolean;
  cardKind: 'registry_card' | 'recommendation' | undefined;
}

export interface TaxResult {
  taxes: TaxLine[];
  receiptLines: ReceiptLine[];
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
}

type Lines = CheckedRequest['lines'];

interface Scope {
  /** Line is taxed by this tax and pays it. */
  charged: boolean[];
  /** Line would be taxed but the customer is exempt. */
  exempt: boolean[];
  any: boolean;
  chargedCount: number;
}

function scopeOf(tax: CompiledTax, lines: Lines, masks: number[], customer: TaxCustomer, req: CheckedRequest): Scope {
  const kindBit = KIND_BIT[customer.kind];
  const charged: boolean[] = new Array(lines.length).fill(false);
  const exempt: boolean[] = new Array(lines.length).fill(false);
  let any = false;
  let chargedCount = 0;
  for (let i = 0; i < lines.length; i++) {
    let hit = false;
    for (const c of tax.clauses) {
      if ((c.kindMask & kindBit) === 0 || (c.mask & masks[i]) === 0) continue;
      if (c.thcPercentAbove !== undefined || c.thcPercentAtMost !== undefined) {
        const p = potencyOf(lines[i]);
        if (p === undefined) {
          if (c.ifPotencyUnknown === 'error') throw validationError(['lines', i, 'thcPercent'], `THC % is required: ${tax.rule.code} is tiered by potency`);
          if (c.ifPotencyUnknown === 'skip') continue;
        } else {
          if (c.thcPercentAbove !== undefined && !(p > c.thcPercentAbove)) continue;
          if (c.thcPercentAtMost !== undefined && !(p <= c.thcPercentAtMost)) continue;
        }
      }
      hit = true;
      break;
    }
    if (!hit) continue;
    any = true;
    if (tax.exemptions.length && isExempt(tax, masks[i], lines[i].dohCompliant, customer, req)) exempt[i] = true;
    else {
      charged[i] = true;
      chargedCount++;
    }
  }
  return { charged, exempt, any, chargedCount };
}

function isExempt(tax: CompiledTax, mask: number, dohCompliant: boolean | undefined, customer: TaxCustomer, req: CheckedRequest): boolean {
  for (const { exemption: e, mask: m } of tax.exemptions) {
    if ((m & mask) === 0 || !customer.cardValid) continue;
    if (e.who === 'medical_customer' && customer.kind !== 'medical') continue;
    if (e.cardKinds && !e.cardKinds.includes(customer.cardKind ?? 'registry_card')) continue;
    // Unstated flags default to the common case: a store selling to patients holds the endorsement
    // and sells compliant product; the register says otherwise by sending false.
    if (e.requiresStoreMedicalEndorsement && req.store?.medicalEndorsement === false) continue;
    if (e.requiresDohCompliantProduct && dohCompliant === false) continue;
    return true;
  }
  return false;
}

/**
 * Round Σ nums[i]/dens[i] half-up once and split the cents over the lines by largest remainder.
 * Returns per-line cents (0 where nums[i] = 0).
 */
export function allocate(nums: number[], dens: number[]): { total: number; perLine: number[] } {
  const n = nums.length;
  const perLine = new Array<number>(n).fill(0);
  const rems = new Array<number>(n).fill(0);
  let floors = 0;
  let sameDen = true;
  let den0 = 0;
  let numSum = 0;
  for (let i = 0; i < n; i++) {
    if (nums[i] === 0) continue;
    const q = Math.floor(nums[i] / dens[i]);
    let f = q;
    let r = nums[i] - q * dens[i];
    if (r < 0) { f -= 1; r += dens[i]; } else if (r >= dens[i]) { f += 1; r -= dens[i]; }
    perLine[i] = f;
    rems[i] = r;
    floors += f;
    if (den0 === 0) den0 = dens[i];
    else if (dens[i] !== den0) sameDen = false;
    numSum += nums[i];
  }
  if (den0 === 0) return { total: 0, perLine };
  let total: number;
  if (sameDen && Number.isSafeInteger(numSum)) total = roundHalfUp(numSum, den0);
  else {
    let common = 1n;
    const bigDens = dens.map((d) => BigInt(d));
    for (let i = 0; i < n; i++) if (nums[i] !== 0) common = lcmBig(common, bigDens[i]);
    let sum = 0n;
    for (let i = 0; i < n; i++) if (nums[i] !== 0) sum += BigInt(nums[i]) * (common / bigDens[i]);
    total = Number(roundHalfUpBig(sum, common));
  }
  let extra = total - floors;
  while (extra > 0) {
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (nums[i] === 0 || rems[i] < 0) continue;
      // Compare rems[i]/dens[i] > rems[best]/dens[best] without division; ties go to the earlier line.
      if (best === -1 || rems[i] * dens[best] > rems[best] * dens[i]) best = i;
    }
    if (best === -1) break;
    perLine[best] += 1;
    rems[best] = -1;
    extra--;
  }
  return { total, perLine };
}

function lcmBig(a: bigint, b: bigint): bigint {
  let x = a, y = b;
  while (y) [x, y] = [y, x % y];
  return (a / x) * b;
}

export function computeTaxes(snapshot: Snapshot, req: CheckedRequest, masks: number[], customer: TaxCustomer): TaxResult {
  const lines = req.lines;
  const n = lines.length;
  const price = new Array<number>(n);
  const discount = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const l = lines[i];
    const gross = l.unitPriceCents * l.quantity;
    const d = l.discountCents ?? 0;
    if (d > gross) throw validationError(['lines', i, 'discountCents'], 'discount is larger than the line price');
    price[i] = gross - d;
    discount[i] = d;
  }
  const storeMicro = {
    localSalesTaxRate: req.store?.localSalesTaxRate ? toMicroChecked(req.store.localSalesTaxRate, 'localSalesTaxRate') : 0,
    localCannabisTaxRate: req.store?.localCannabisTaxRate ? toMicroChecked(req.store.localCannabisTaxRate, 'localCannabisTaxRate') : 0,
  };

  const taxes = snapshot.taxes;
  const rates = taxes.map((t) => t.rateMicro + (t.rule.storeRate ? storeMicro[t.rule.storeRate] : 0));
  const scopes = taxes.map((t, k) => (rates[k] > 0 ? scopeOf(t, lines, masks, customer, req) : undefined));
  const alloc: (number[] | undefined)[] = new Array(taxes.length);
  const out: (TaxLine | undefined)[] = new Array(taxes.length);

  // 1. Back out taxes contained in the shelf price: price = net × (1 + Σ included rates of the line).
  const includedMicro = new Array<number>(n).fill(0);
  let anyIncluded = false;
  taxes.forEach((t, k) => {
    const s = scopes[k];
    if (!t.rule.includedInPrice || !s?.any) return;
    anyIncluded = true;
    for (let i = 0; i < n; i++) if (s.charged[i] || s.exempt[i]) includedMicro[i] += rates[k];
  });
  const net = price.slice();
  const exemptCents = new Array<number>(n).fill(0);
  if (anyIncluded) {
    const dens = includedMicro.map((r) => MICRO + r);
    taxes.forEach((t, k) => {
      const s = scopes[k];
      if (!t.rule.includedInPrice || !s?.any) return;
      const charged = allocate(price.map((p, i) => (s.charged[i] ? p * rates[k] : 0)), dens);
      const waived = allocate(price.map((p, i) => (s.exempt[i] ? p * rates[k] : 0)), dens);
      for (let i = 0; i < n; i++) {
        net[i] -= charged.perLine[i] + waived.perLine[i];
        exemptCents[i] += waived.perLine[i];
      }
      alloc[k] = charged.perLine;
    });
    taxes.forEach((t, k) => {
      const s = scopes[k];
      const a = alloc[k];
      if (!t.rule.includedInPrice || !s?.any || !a || s.chargedCount === 0) return;
      out[k] = taxLine(t, rates[k], net, a, s.charged);
    });
  }

  // 2. Added taxes in pack order; a base may include earlier taxes' charged cents.
  const microDens = new Array<number>(n).fill(MICRO);
  for (let k = 0; k < taxes.length; k++) {
    const t = taxes[k];
    const s = scopes[k];
    if (t.rule.includedInPrice || !s?.any || s.chargedCount === 0) continue;
    const base = new Array<number>(n).fill(0);
    const nums = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      if (!s.charged[i]) continue;
      let b = net[i];
      for (const j of t.basePlus) b += alloc[j]?.[i] ?? 0;
      base[i] = b;
      nums[i] = b * rates[k];
    }
    const a = allocate(nums, microDens);
    alloc[k] = a.perLine;
    out[k] = taxLine(t, rates[k], base, a.perLine, s.charged);
  }

  const taxLines = out.filter((t): t is TaxLine => t !== undefined);
  const receiptLines: ReceiptLine[] = lines.map((l, i) => ({
    line: i,
    sku: l.sku,
    grossCents: l.unitPriceCents * l.quantity,
    discountCents: discount[i],
    exemptCents: exemptCents[i],
    priceCents: price[i] - exemptCents[i],
    taxCents: 0,
    metrc: (discount[i] ? { DiscountAmount: discount[i] } : {}) as Record<string, number>,
  }));
  taxes.forEach((t, k) => {
    const a = alloc[k];
    if (!a || !out[k]) return;
    for (let i = 0; i < n; i++) {
      if (!a[i]) continue;
      const r = receiptLines[i];
      r.taxCents += a[i];
      r.metrc[t.rule.metrcField] = (r.metrc[t.rule.metrcField] ?? 0) + a[i];
    }
  });

  let subtotalCents = 0;
  for (const r of receiptLines) subtotalCents += r.priceCents;
  let taxCents = 0;
  let addedCents = 0;
  for (const t of taxLines) {
    taxCents += t.amountCents;
    if (!t.includedInPrice) addedCents += t.amountCents;
  }
  return { taxes: taxLines, receiptLines, subtotalCents, taxCents, totalCents: subtotalCents + addedCents };
}

function taxLine(t: CompiledTax, rateMicro: number, base: number[], perLine: number[], charged: boolean[]): TaxLine {
  let baseCents = 0;
  let amountCents = 0;
  const lines: TaxLine['lines'] = [];
  for (let i = 0; i < base.length; i++) {
    if (!charged[i]) continue;
    baseCents += base[i];
    amountCents += perLine[i];
    lines.push({ line: i, baseCents: base[i], amountCents: perLine[i] });
  }
  return {
    code: t.rule.code,
    label: t.rule.label,
    rate: rateMicro / MICRO,
    baseCents,
    amountCents,
    includedInPrice: t.rule.includedInPrice,
    metrcField: t.rule.metrcField,
    lines,
  };
}

function toMicroChecked(rate: number, field: string): number {
  try {
    return toMicro(rate);
  } catch {
    throw validationError(['store', field], 'rates have at most 6 decimals');
  }
}

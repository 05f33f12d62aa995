// Everything a receipt shows, already decided. The order, tax and promotion modules compute the
// numbers; the renderers only lay them out, so a reprint years later shows exactly what was charged.
// Amounts are integer cents; a return carries negative line and tender amounts.
import type { ReceiptContent } from '@verdant/rules';

export type ReceiptChannel = 'in_store' | 'pickup' | 'delivery';

export interface ReceiptStore {
  name: string;
  addressLines: string[];
  /** State licence number; most states require it on the receipt. */
  licenseNumber: string;
  phone?: string;
  /** IANA timezone the receipt time is printed in. */
  timezone: string;
}

export interface ReceiptLineDiscount {
  label: string;
  /** Positive: the amount taken off. */
  amountCents: number;
}

export interface ReceiptLine {
  name: string;
  /** State package tag (Metrc UID, BioTrack barcode) the unit came from. */
  packageLabel?: string;
  quantity: number;
  unitPriceCents: number;
  /** Printed under the price as given: why a price differs from the shelf's (a price override's reason). */
  notes?: string[];
  discounts: ReceiptLineDiscount[];
  /** What the line costs after discounts, before added taxes. */
  lineTotalCents: number;
  /** Net weight of all the line's units, in mg; set where the jurisdiction asks for weights. */
  weightMg?: number;
}

export interface ReceiptPromotion {
  label: string;
  code?: string;
  amountCents: number;
}

export interface ReceiptTaxLine {
  /** The label the tax engine gives, e.g. "California Cannabis Excise Tax" — stated separately where required. */
  label: string;
  amountCents: number;
  /** Contained in the shelf price (shown for information, not added to the total). */
  includedInPrice?: boolean;
}

export type ReceiptTender =
  /**
   * `roundingCents`: what the store's cash rounding added to (or, negative, took off) this tender's
   * share of the total; tendered − change = share + rounding, so it prints when it is not zero.
   */
  | { kind: 'cash'; tenderedCents: number; changeCents: number; roundingCents?: number }
  /** Only the last four digits are ever printed, whatever is passed. */
  | { kind: 'card'; amountCents: number; brand?: string; last4: string; terminalRef?: string; authCode?: string }
  | { kind: 'gift_card'; amountCents: number; last4: string; remainingBalanceCents?: number }
  | { kind: 'store_credit'; amountCents: number }
  | { kind: 'loyalty_points'; amountCents: number; points: number };

export interface ReceiptLoyalty {
  pointsEarned: number;
  pointsRedeemed: number;
  balance?: number;
}

export interface ReceiptCustomer {
  /** Masked on print: first name and last initial. */
  name?: string;
  /** Printed as given, instead of `name`: the first name alone, where the jurisdiction asks for it. */
  firstName?: string;
  /** The retailer's number for the customer, printed in full (it is what the record is found by). */
  number?: string;
  /** Member number, phone or patient card; masked to its last four characters. */
  reference?: string;
  referenceLabel?: string;
}

/** An employee as a receipt names them where the jurisdiction asks: the first name and their number. */
export interface ReceiptEmployee {
  firstName: string;
  /** The retailer's number for the employee, printed in full. */
  number: string;
}

/**
 * Who and where of a delivery, set where the jurisdiction asks for them (California's delivery
 * request receipt): the address it goes to, the driver taking it there, who prepared it.
 */
export interface ReceiptDelivery {
  /** The delivery address as printed, one line each. */
  addressLines?: string[];
  driver?: ReceiptEmployee;
  preparedBy?: ReceiptEmployee;
}

export interface ReceiptReferences {
  /** Number of the original order this receipt returns items from. */
  returnOf?: string;
  /** Number of the order this receipt voids. */
  voidOf?: string;
  reason?: string;
}

export interface ReceiptData {
  store: ReceiptStore;
  order: {
    id: string;
    /** The order's number; a gift card sale has none (its id is printed). */
    number: string;
    /**
     * `gift_card`: a gift card sold at the register (no order, no tax), `lines` the card.
     * `delivery_request`: a delivery order not yet handed over, printed for the customer to sign
     * at the door; `completedAt` is when it was printed.
     */
    kind: 'sale' | 'return' | 'void' | 'gift_card' | 'delivery_request';
    channel: ReceiptChannel;
    /** ISO-8601 instant. */
    completedAt: string;
    /** When the order was placed (ISO-8601); printed where the jurisdiction asks for the date and time. */
    placedAt?: string;
  };
  budtender?: { name: string };
  customer?: ReceiptCustomer;
  delivery?: ReceiptDelivery;
  lines: ReceiptLine[];
  promotions: ReceiptPromotion[];
  /** Sum of line totals (after discounts, before added taxes). */
  subtotalCents: number;
  /** Total saved through discounts, shown as "You saved". */
  discountCents: number;
  taxes: ReceiptTaxLine[];
  /** Sum of added taxes (not those included in price). */
  taxCents: number;
  totalCents: number;
  tenders: ReceiptTender[];
  loyalty?: ReceiptLoyalty;
  /** A gift card sold: its last four digits and the balance it holds after the sale. */
  giftCard?: { last4: string; balanceCents: number };
  /** Jurisdiction-required lines (health warnings, "keep out of reach of children"…), printed verbatim. */
  footerLines: string[];
  references?: ReceiptReferences;
  /**
   * What the store's jurisdiction requires this receipt to carry (its pack's receipt rules for the
   * order's channel on the sale's store-local date): decides the signature line, the order time
   * and how item lines are labelled. The data it names (first name, weights…) is filled in by the
   * caller only where it is required.
   */
  requires?: ReceiptContent[];
  /**
   * The customer's signature taken at the hand-over: printed as "Signed by <name> at <time>" in
   * place of the blank signature line; the HTML shows the image too (a thermal printer gets text).
   */
  signature?: ReceiptSignature;
}

export interface ReceiptSignature {
  /** Absent once the customer's data was erased: the receipt says when it was signed, not by whom. */
  printedName?: string;
  /** ISO-8601 instant, printed on the store's clock. */
  signedAt: string;
  /** The PNG's bytes in base64, validated when taken. */
  pngBase64?: string;
}

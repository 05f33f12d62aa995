import { z } from 'zod';
import { EARLIEST_REPORT_DATE, MAX_REPORT_DAYS } from './report-period';
import { PRODUCT_GROUPINGS } from './reports.repository';

const localDate = z.iso
  .date()
  .refine((date) => date >= EARLIEST_REPORT_DATE, `a date from ${EARLIEST_REPORT_DATE} on`)
  .describe('A calendar date at the store (its own timezone), YYYY-MM-DD');

export const reportParams = z.object({ storeId: z.uuid() }).strict();

export const periodQuery = z
  .object({
    from: localDate.optional().describe('First day of the period, at the store (YYYY-MM-DD), included; by default the first of the month of `to`'),
    to: localDate
      .optional()
      .describe(`Last day of the period, at the store (YYYY-MM-DD), included; by default today at the store. A period covers at most ${MAX_REPORT_DAYS} days`),
  })
  .strict();

const cents = z.number().int();
const count = z.number().int().min(0);

const salesPart = z
  .object({
    grossCents: cents,
    discountCents: cents,
    netSalesCents: cents,
    taxCents: cents.describe('Every tax on these lines, included in the price or added'),
    totalCents: cents.describe('What these lines were paid: their price after discounts plus their added taxes'),
  })
  .meta({ id: 'SalesReportPart' });

const salesFigures = z.object({
  orders: count.describe('Sales completed (a sale voided later counts here, and its void under voids)'),
  grossCents: cents.describe('Shelf price × quantity of every line, before discounts'),
  discountCents: cents.describe('Promotions, coupons, points and manual discounts'),
  netSalesCents: cents.describe('grossCents − discountCents'),
  includedTaxWaivedCents: cents.describe('Tax contained in the shelf price that an exempt customer did not pay (Washington’s excise for qualifying patients); 0 elsewhere'),
  taxCents: cents.describe('Every tax charged, included in the price or added (Σ taxes)'),
  addedTaxCents: cents.describe('Taxes added on top of the price'),
  totalCents: cents.describe('Collected: netSalesCents − includedTaxWaivedCents + addedTaxCents = Σ tenders'),
  taxes: z
    .array(
      z.object({
        code: z.string(),
        label: z.string(),
        includedInPrice: z.boolean(),
        taxedSalesCents: cents.describe('What the lines that carried this tax sold for, after discounts and before added taxes'),
        amountCents: cents,
      }),
    )
    .describe('Per tax code (every code of the period, zeros included)'),
  tenders: z
    .array(z.object({ method: z.string().describe('cash, terminal, gift_card, store_credit, simulator'), payments: count, amountCents: cents }))
    .describe('How these sales were paid (every method of the period, zeros included); they add up to totalCents'),
  cashRoundingCents: cents.describe('What the store’s cash rounding added over the amounts due (negative: took off), and over the cents refunded in cash (each refund’s cashOutCents against its cents, on the day it was booked); not part of totalCents'),
  channels: z
    .array(z.object({ channel: z.enum(['in_store', 'pickup', 'delivery']), orders: count, grossCents: cents, discountCents: cents, netSalesCents: cents, totalCents: cents }))
    .describe('The same sales by channel; they add up to the figures above'),
  cannabis: salesPart.describe('Lines of every category but accessory'),
  nonCannabis: salesPart.describe('Accessory lines'),
  returns: z
    .object({ count, refundCents: cents.describe('Refunded, added tax included'), taxRefundCents: cents.describe('The added tax in refundCents') })
    .describe('Returns booked this day (whichever day the sale was)'),
  voids: z.object({ count, amountCents: cents.describe('Refunded by the voids, added tax included'), taxCents: cents }).describe('Voids booked this day'),
  refundsByMethod: z
    .array(z.object({ method: z.string().describe('The tender refunded, store_credit, or outstanding (not refunded yet: a processor failed, or it is under way)'), amountCents: cents }))
    .describe('Where the refunds of returns and voids went; they add up to returns.refundCents + voids.amountCents'),
  netCollectedCents: cents.describe('totalCents − returns.refundCents − voids.amountCents'),
});

export const salesReportSchema = z
  .object({
    storeId: z.uuid(),
    storeName: z.string(),
    timezone: z.string().describe('The store’s timezone: what decides which day an instant belongs to'),
    from: z.string(),
    to: z.string(),
    days: z.array(salesFigures.extend({ date: z.string() })).describe('Every day of the period, oldest first, days without sales as zeros'),
    totals: salesFigures,
  })
  .meta({ id: 'SalesReport' });

const taxCodeFigures = z.object({
  code: z.string(),
  label: z.string(),
  includedInPrice: z.boolean(),
  rate: z.number().nullable().describe('The rate charged, 0.15 for 15 %; a code whose rate changed within the period has a row per rate; null for sales made before Verdant kept the rate (2026-12-07)'),
  taxedSalesCents: cents.describe('What the lines that carried the tax sold for, after discounts, before added taxes'),
  collectedCents: cents.describe('Charged on the sales completed in the period'),
  taxedSalesRefundedCents: cents,
  refundedCents: cents.describe('Given back by returns and voids booked in the period'),
  netTaxedSalesCents: cents.describe('taxedSalesCents − taxedSalesRefundedCents'),
  liabilityCents: cents.describe('collectedCents − refundedCents: what the store owes for the period'),
});

const taxTotals = z.object({ collectedCents: cents, refundedCents: cents, liabilityCents: cents });

export const taxReportSchema = z
  .object({
    storeId: z.uuid(),
    storeName: z.string(),
    jurisdiction: z.string(),
    timezone: z.string(),
    from: z.string(),
    to: z.string(),
    taxes: z.array(taxCodeFigures).describe('Per tax code and rate for the whole period'),
    days: z.array(taxTotals.extend({ date: z.string(), taxes: z.array(taxCodeFigures) })).describe('Every day of the period, oldest first'),
    totals: taxTotals,
  })
  .meta({ id: 'TaxReport' });

export const productQuery = periodQuery
  .extend({
    groupBy: z
      .enum(PRODUCT_GROUPINGS)
      .default('sku')
      .describe('What a row is: a SKU (by default), a product (its SKUs together), a category (as the line was sold), or a brand (products without one in a "No brand" row)'),
  })
  .strict();

const productFigures = z.object({
  unitsSold: count.describe('Units sold of SKUs sold by the unit'),
  weightSoldMg: count.describe('Milligrams sold of SKUs sold by weight'),
  unitsReturned: count.describe('Units taken back by the returns and voids booked in the period, whichever day the sale was'),
  weightReturnedMg: count.describe('Milligrams taken back by them'),
  grossCents: cents.describe('Shelf price × quantity, before discounts'),
  discountCents: cents.describe('Promotions, coupons, points and manual discounts on these lines'),
  netSalesCents: cents.describe('grossCents − discountCents'),
  taxCents: cents.describe('Every tax on these lines, included in the price or added'),
  refundCents: cents.describe('Refunded by those returns and voids for these lines, added tax included'),
});

export const productReportSchema = z
  .object({
    storeId: z.uuid(),
    storeName: z.string(),
    timezone: z.string(),
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(PRODUCT_GROUPINGS),
    groups: z
      .array(
        productFigures.extend({
          key: z.string().nullable().describe('The SKU’s or product’s id, the category, or the brand’s id; null for the products without a brand'),
          code: z.string().nullable().describe('The SKU code when grouped by SKU; null otherwise'),
          label: z.string().describe('The SKU’s register name (else its title as sold), the product’s title, the category, the brand’s name or "No brand"'),
        }),
      )
      .describe('Every group that sold or took something back in the period, by net sales, largest first'),
    totals: productFigures.describe('The groups added up: gross, discounts, net and tax are the sales report’s for the period; refundCents its returns.refundCents + voids.amountCents'),
  })
  .meta({ id: 'ProductReport' });

const budtenderFigures = z.object({
  orders: count.describe('Sales completed, credited to them (a sale voided later counts here, and its void under voids)'),
  units: count.describe('Units sold of SKUs sold by the unit'),
  weightMg: count.describe('Milligrams sold of SKUs sold by weight'),
  grossCents: cents,
  discountCents: cents,
  netSalesCents: cents.describe('grossCents − discountCents'),
  averageOrderCents: cents.describe('netSalesCents ÷ orders, to the nearest cent; 0 without orders'),
  totalCents: cents.describe('Collected on these sales'),
  returns: z.object({ count, refundCents: cents.describe('Refunded, added tax included') }).describe('Returns booked in the period against their sales, whichever day the sale was'),
  voids: z.object({ count, amountCents: cents }).describe('Voids booked in the period of their sales'),
});

export const budtenderReportSchema = z
  .object({
    storeId: z.uuid(),
    storeName: z.string(),
    timezone: z.string(),
    from: z.string(),
    to: z.string(),
    budtenders: z
      .array(
        budtenderFigures.extend({
          budtenderId: z.string().nullable().describe('The staff member the sales were credited to; null for the sales credited to nobody (online orders nobody was named on)'),
          name: z.string().describe('Their name, or "Online / no budtender"'),
        }),
      )
      .describe('Everyone with a sale, return or void in the period, by net sales, largest first'),
    totals: budtenderFigures.describe('The budtenders added up: the sales report’s orders, gross, discounts, net, collected, returns and voids for the period'),
  })
  .meta({ id: 'BudtenderReport' });

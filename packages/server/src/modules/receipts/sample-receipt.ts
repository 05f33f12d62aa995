// A complete receipt with every kind of row: used by the tests and by the register's
// "print test receipt" button when a printer is set up.
import type { ReceiptData } from './receipt-data.ts';

export function sampleReceipt(): ReceiptData {
  return {
    store: {
      name: 'Verdant Demo Dispensary',
      addressLines: ['1200 Market Street', 'San Francisco, CA 94102'],
      licenseNumber: 'C10-0000123-LIC',
      phone: '(415) 555-0100',
      timezone: 'America/Los_Angeles',
    },
    order: { id: '0193a6f2-7c1e-7a9b-8e2f-5d4c3b2a1f00', number: '1042', kind: 'sale', channel: 'in_store', completedAt: '2025-11-15T22:05:00Z' },
    budtender: { name: 'Alex' },
    customer: { name: 'Jane Q. Doe', reference: '4155550123', referenceLabel: 'Member' },
    lines: [
      {
        name: 'Blue Dream 3.5g Flower (Hybrid)',
        packageLabel: '1A4060300002EE1000012345',
        quantity: 2,
        unitPriceCents: 4000,
        discounts: [{ label: 'Buy 1 get 1 50% off', amountCents: 2000 }],
        lineTotalCents: 6000,
      },
      { name: 'Kiva Camino Gummies 100mg', packageLabel: '1A4060300002EE1000067890', quantity: 1, unitPriceCents: 2200, discounts: [], lineTotalCents: 2200 },
      { name: 'Grinder', quantity: 1, unitPriceCents: 1500, discounts: [{ label: 'Welcome 10%', amountCents: 150 }], lineTotalCents: 1350 },
    ],
    promotions: [
      { label: 'Buy 1 get 1 50% off', amountCents: 2000 },
      { label: 'Welcome 10%', code: 'WELCOME10', amountCents: 150 },
    ],
    subtotalCents: 9550,
    discountCents: 2150,
    taxes: [
      { label: 'CA Cannabis Excise Tax 15%', amountCents: 1230 },
      { label: 'Sales Tax 8.625%', amountCents: 930 },
    ],
    taxCents: 2160,
    totalCents: 11710,
    tenders: [
      { kind: 'card', brand: 'Debit', last4: '4242424242424242', terminalRef: 'T-88213', authCode: '083211', amountCents: 5000 },
      { kind: 'cash', tenderedCents: 7000, changeCents: 290 },
    ],
    loyalty: { pointsEarned: 95, pointsRedeemed: 0, balance: 1280 },
    footerLines: [
      'GOVERNMENT WARNING: THIS PACKAGE CONTAINS CANNABIS, A SCHEDULE I CONTROLLED SUBSTANCE. KEEP OUT OF REACH OF CHILDREN AND ANIMALS.',
      'The excise taxes are included in the total amount of this invoice.',
    ],
  };
}

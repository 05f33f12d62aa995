// The Refunds tab: the refunds the customers of the store picked above are owed — an ended order's
// (cancelled or a no-show after it was paid) and a return's or a void's — newest first, as the
// server lists them (GET /v1/refunds-owed; docs/orders-and-checkout.md, "The refund an ended order
// owes"): the order's number, what the refund is for, what it gives back and what of it is still
// outstanding, how many tries were made and why the last one failed, since when it is owed and when
// it was refunded. Those still owed by default, those refunded on request. The outbox retries an
// owed one by itself; one still owed after many tries, with its error, is what a manager looks at
// when the `outbox.dead_letters` alert fires. For roles with `orders:refund` (office.js hides the
// tab from the others); nothing here changes anything.

import { $, money } from '../shared/ui.js';
import { column, loadPanel, pagedTable, row, state, when } from './common.js';

const PANEL = 'refunds-panel';
// A page of the list; "Older refunds" reads the next.
const PAGE = 25;

export function forgetRefunds() {
  $('refunds-status').value = 'owed';
}

export function loadRefunds() {
  return loadPanel(PANEL, () => showRefunds());
}

const kinds = { order: 'ended order', return: 'return or void' };

const columns = [
  column('Order'),
  column('For'),
  column('Reason'),
  column('Amount', true),
  column('Outstanding', true),
  column('Tries', true),
  column('Last error'),
  column('Owed since'),
  column('Refunded'),
];

// The office has no order screen of its own: the order is named by its number, plain (its id in the row's data).
const refundList = pagedTable({
  table: 'refunds-list',
  more: 'refunds-older',
  columns,
  key: 'refunds',
  empty: 'No refund with that status at this store.',
  toRow: (r) =>
    row(
      columns,
      [
        r.orderNumber,
        kinds[r.kind] ?? r.kind,
        r.reason,
        money(r.amountCents),
        money(r.outstandingCents),
        String(r.attempts),
        r.lastError,
        when(r.owedSince),
        r.refundedAt ? when(r.refundedAt) : null,
      ],
      { dataset: { refundId: r.id, kind: r.kind, status: r.status, orderId: r.orderId, returnId: r.returnId ?? '' } },
    ),
});

/** The picked store's refunds with the chosen status, newest first; `older` adds the next page below. */
function showRefunds(older = false) {
  return refundList('/v1/refunds-owed', { storeId: state.storeId, status: $('refunds-status').value, limit: PAGE }, older);
}

$('refunds-status').addEventListener('change', () => loadPanel(PANEL, () => showRefunds()));
$('refunds-older').addEventListener('click', () => loadPanel(PANEL, () => showRefunds(true)));

// The Refunds tab: the refunds the customers of the store picked above are owed — an ended order's
// (cancelled or a no-show after it was paid) and a return's or a void's — newest first, as the
// server lists them (GET /v1/refunds-owed; docs/orders-and-checkout.md, "The refund an ended order
// owes"): the order's number, what the refund is for, what it gives back and what of it is still
// outstanding, how many tries were made and why the last one failed, since when it is owed and when
// it was refunded, and when the server tries it next. Those still owed by default, those refunded
// on request. The outbox retries an owed one by itself; one whose automatic tries ended
// (dead-lettered: what the `outbox.dead_letters` alert is about) has a "Try again" button, which
// sends it again (POST /v1/refunds-owed/:kind/:id/retry) and shows the server's answer in the row.
// For roles with `orders:refund` (office.js hides the tab from the others, and the button needs it too).

import { $, api, money } from '../shared/ui.js';
import { actionButton, column, loadPanel, pagedTable, row, showResult, state, when } from './common.js';

const PANEL = 'refunds-panel';
// A page of the list; "Older refunds" reads the next.
const PAGE = 25;

/** Whoever signs in next sees nothing of the last person's refunds, nor their answer or button. */
export function forgetRefunds() {
  $('refunds-status').value = 'owed';
  $('refunds-list').replaceChildren();
  $('refunds-older').hidden = true;
  $(PANEL).querySelector('.result').hidden = true;
  unanswered.clear();
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
  column('Next try'),
  column(''),
];

const may = (permission) => state.me?.permissions.includes(permission) ?? false;

/**
 * The Idempotency-Key of each refund's "Try again" whose answer has not come back (a network
 * failure): clicked again, it goes with the same key, so the server answers what it did rather
 * than refusing a second send as already being retried.
 */
const unanswered = new Map();

/** When the server tries it next, in words. */
function nextTry(r) {
  if (r.status === 'refunded') return null;
  if (r.deadLettered) return 'Tries ended';
  return r.nextTryAt ? when(r.nextTryAt) : 'Under way';
}

// The office has no order screen of its own: the order is named by its number, plain (its id in the row's data).
const refundList = pagedTable({
  table: 'refunds-list',
  more: 'refunds-older',
  columns,
  key: 'refunds',
  empty: 'No refund with that status at this store.',
  toRow: refundRow,
});

function refundRow(r) {
  return row(
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
      nextTry(r),
      r.status === 'owed' && r.deadLettered && may('orders:refund') ? actionButton(PANEL, 'Try again', () => tryAgain(r), { className: 'refund-retry' }) : '',
    ],
    { dataset: { refundId: r.id, kind: r.kind, status: r.status, orderId: r.orderId, returnId: r.returnId ?? '', deadLettered: String(r.deadLettered) } },
  );
}

/** Sends a dead-lettered refund again; the row then shows it as the server answered (queued, its next try now). */
async function tryAgain(r) {
  const refund = `${r.kind}:${r.id}`;
  const key = unanswered.get(refund) ?? crypto.randomUUID();
  unanswered.set(refund, key);
  let answer;
  try {
    answer = await api('POST', `/v1/refunds-owed/${r.kind}/${r.id}/retry`, undefined, { 'idempotency-key': key });
  } catch (error) {
    // Answered (refused): a later click is a new request. Not answered: the same one again.
    if (error.status) unanswered.delete(refund);
    // Made or sent again meanwhile (409): the list as it is now, under the refusal.
    if (error.status === 409) await showRefunds();
    throw error;
  }
  unanswered.delete(refund);
  const updated = { ...r, ...answer };
  const shown = [...$('refunds-list').tBodies[0].rows].find((tr) => tr.dataset.kind === r.kind && tr.dataset.refundId === r.id);
  shown?.replaceWith(refundRow(updated));
  showResult(PANEL, `The refund of order ${r.orderNumber} is sent again: the server tries it now. Refresh to see how it went.`);
}

/** The picked store's refunds with the chosen status, newest first; `older` adds the next page below. */
function showRefunds(older = false) {
  if (!older) $(PANEL).querySelector('.result').hidden = true;
  return refundList('/v1/refunds-owed', { storeId: state.storeId, status: $('refunds-status').value, limit: PAGE }, older);
}

$('refunds-status').addEventListener('change', () => loadPanel(PANEL, () => showRefunds()));
$('refunds-older').addEventListener('click', () => loadPanel(PANEL, () => showRefunds(true)));

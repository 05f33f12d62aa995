// The Customers tab: find a customer, open their record as the server gives it (the medical card
// masked, caregiver links, points, store credit, recent orders at the stores the staff member works
// in), and fold a duplicate record of the same person into the one the store keeps, after someone
// checked their ID (docs/customers-and-compliance.md, "Merging two records of one person"). The
// merge controls are offered to roles holding `customers:merge`; the server decides every merge,
// and a refusal is shown with its reason and changes nothing. A merged record still opens, and
// says which record it went into. A record's personal data is erased at the customer's request
// (docs/customers-and-compliance.md, "Erasing a customer's personal data"), offered to roles
// holding `customers:erase`, with a reason and an explicit confirmation; the screen says what the
// server erased, or why it refused.

import { $, api, element, money } from '../shared/ui.js';
import { actInPanel, column, fieldsOf, fillTable, loadPanel, query, row, showResult, state, storeDate, storeName, when } from './common.js';

const SEARCH = 'customer-search-panel';
const CUSTOMER = 'customer-panel';
const ORDERS = 'customer-orders-panel';
const MERGE = 'customer-merge-panel';
const ERASE = 'customer-erase-panel';

// The API lists at most this many; more than a screen of names means the search should be narrower.
const SEARCH_LIMIT = 50;
const RECENT_ORDERS = 10;

/** The record open in the customer panel (the one kept, for a merge). */
let opened = null;
/** The record chosen as the duplicate, as the server last answered it. */
let duplicate = null;
/**
 * The merge last sent and its Idempotency-Key: sending the same merge again (an answer lost on the
 * way) reuses the key, so the server answers what it did rather than refusing a second merge.
 */
let pending = null;
/** The erasure last sent and its Idempotency-Key, for the same reason. */
let erasing = null;

const may = (permission) => state.me?.permissions.includes(permission) ?? false;

const kindWords = { adult_use: 'adult use', medical: 'medical patient' };
const fullName = (c) => `${c.firstName} ${c.lastName}`;
/** An age on the chosen store's day, as the server judges it (expiry dates below are too). */
function age(birthDate) {
  const [year, month, day] = birthDate.split('-').map(Number);
  const [nowYear, nowMonth, nowDay] = storeDate().split('-').map(Number);
  const birthdayPassed = nowMonth > month || (nowMonth === month && nowDay >= day);
  return nowYear - year - (birthdayPassed ? 0 : 1);
}

const born = (c) => `${c.birthDate} (${age(c.birthDate)})`;

export function forgetCustomers() {
  opened = null;
  duplicate = null;
  pending = null;
  erasing = null;
  for (const form of ['customer-search-form', 'customer-open-form']) $(form).reset();
  $('customer-list').replaceChildren();
  closeMerge();
  closeErase();
  $(CUSTOMER).hidden = true;
  $(ORDERS).hidden = true;
  delete $(CUSTOMER).dataset.customerId;
}

/** The tab, read afresh: the list as searched, and the record open (and a merge being prepared) again. */
export function loadCustomers() {
  return Promise.all([
    loadPanel(SEARCH, search),
    opened ? loadPanel(CUSTOMER, () => showCustomer(opened.id)) : null,
    opened ? loadPanel(ORDERS, () => showOrders(opened)) : null,
    duplicate && !$(MERGE).hidden ? loadPanel(MERGE, () => choose(duplicate.id)) : null,
  ]);
}

// ---- finding ----------------------------------------------------------------------------------

const RESULT_COLUMNS = [column('Name'), column('Born'), column('Kind'), column('E-mail'), column('Phone'), column('Online sign-in'), column('')];

/** A search result's row, ending with what can be done with it (a button, or a word). */
function customerRow(c, action, props = {}) {
  return row(
    RESULT_COLUMNS,
    [`${c.lastName}, ${c.firstName}`, born(c), kindWords[c.kind] ?? c.kind, c.email, c.phone, c.hasOnlineSignIn ? 'yes' : 'no', action],
    { dataset: { customerId: c.id }, ...props },
  );
}

/** The search as the form has it (empty: the first customers by name); the server judges the fields. */
async function search() {
  const fields = fieldsOf($('customer-search-form'));
  const { customers } = await api('GET', `/v1/customers${query({ ...fields, limit: SEARCH_LIMIT })}`);
  const rows = customers.map((c) =>
    customerRow(c, element('button', { type: 'button', className: 'open', textContent: 'Open', onclick: () => openCustomer(c.id) }), {
      className: c.id === opened?.id ? 'current' : '',
    }),
  );
  const more = customers.length === SEARCH_LIMIT ? [element('caption', { textContent: `The first ${SEARCH_LIMIT} by name: search for more.` })] : [];
  fillTable($('customer-list'), RESULT_COLUMNS, rows, { empty: 'No customer matches.' });
  $('customer-list').prepend(...more);
}

$('customer-search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadPanel(SEARCH, search);
});

$('customer-open-form').addEventListener('submit', (event) => {
  event.preventDefault();
  openCustomer(new FormData(event.target).get('id').trim());
});

// ---- one record -------------------------------------------------------------------------------

function openCustomer(id) {
  if (!id) return;
  if (opened?.id !== id) {
    closeMerge();
    closeErase();
  }
  $('customer-result').hidden = true;
  // Until this record is read, nothing of the last one is shown as if it were this one's.
  $(ORDERS).hidden = true;
  delete $(CUSTOMER).dataset.customerId;
  $(CUSTOMER).hidden = false;
  $(CUSTOMER).scrollIntoView({ block: 'start' });
  return loadPanel(CUSTOMER, async () => {
    const customer = await showCustomer(id);
    $(ORDERS).hidden = false;
    await loadPanel(ORDERS, () => showOrders(customer));
  });
}

/**
 * Points and store credit, for a live record (a merged one's moved with the merge, and the server
 * answers 409 CUSTOMER_MERGED for them).
 */
async function balancesOf(customer) {
  // An erased record's points and credit stay on it, but it takes nothing new (409 CUSTOMER_ANONYMIZED).
  if (customer.mergedIntoId || customer.anonymizedAt) return null;
  const [points, credit] = await Promise.all([api('GET', `/v1/loyalty/accounts/${customer.id}?limit=1`), api('GET', `/v1/store-credit/${customer.id}`)]);
  return { points, credit };
}

function pointsText({ points }) {
  if (!points.programActive) return `${points.balancePoints} (no loyalty program running)`;
  const tier = points.tier ? `, ${points.tier.name} tier` : '';
  const next = points.nextTier ? `; ${points.nextTier.pointsNeeded} more lifetime points to ${points.nextTier.name}` : '';
  return `${points.balancePoints}${tier}${next}`;
}

function idText(c) {
  if (!c.idVerifiedAt) return c.idJurisdiction ? `${c.idJurisdiction}, no ID check on file` : 'no ID check on file';
  const number = c.idNumberMasked ? ` ${c.idNumberMasked}` : '';
  const expires = c.idExpiresOn ? `, expires ${c.idExpiresOn}${c.idExpiresOn < storeDate() ? ' (expired)' : ''}` : '';
  return `${c.idJurisdiction ?? ''}${number} checked ${when(c.idVerifiedAt)}${expires}`.trim();
}

const signInText = (c) =>
  c.onlineSignIn ? `yes: ${c.onlineSignIn.email} (since ${when(c.onlineSignIn.createdAt)}; address ${c.onlineSignIn.emailVerified ? 'confirmed' : 'not confirmed yet'})` : 'none';

/** The card's state in words; the number only masked (revealing it is its own audited read). */
function medicalText(medical) {
  if (!medical) return 'No medical card on file.';
  const kind = medical.cardKind === 'recommendation' ? 'recommendation' : 'registry card';
  const expired = medical.cardExpiresOn < storeDate();
  const physician = medical.physicianName ? ` Recommended by ${medical.physicianName}${medical.physicianLicense ? ` (${medical.physicianLicense})` : ''}.` : '';
  const allowances = medical.limitAllowances.length ? ` ${medical.limitAllowances.length} limit allowance${medical.limitAllowances.length === 1 ? '' : 's'} on file.` : '';
  return `${medical.cardJurisdiction} ${kind} ${medical.cardNumberMasked}, ${expired ? `expired on ${medical.cardExpiresOn}` : `valid until ${medical.cardExpiresOn}`}.${physician}${allowances}`;
}

const cardShort = (medical) => (medical ? `${medical.cardJurisdiction} ${medical.cardNumberMasked}, ${medical.cardExpiresOn < storeDate() ? 'expired' : 'valid until'} ${medical.cardExpiresOn}` : 'none');

/** Reads and shows a record; answers it. */
async function showCustomer(id) {
  const customer = await api('GET', `/v1/customers/${id}`);
  const [balances, kept] = await Promise.all([balancesOf(customer), customer.mergedIntoId ? keptRecordName(customer.mergedIntoId) : null]);
  opened = customer;
  $('customer-title').textContent = fullName(customer);

  $('customer-merged-note').hidden = !customer.mergedIntoId;
  if (customer.mergedIntoId) {
    $('customer-merged-text').textContent = `This record was merged into ${kept} on ${when(customer.mergedAt)}: that record is the customer now, and this one takes no new sales. Its orders, purchase history, points and credit moved there.`;
  }

  const facts = [
    ['Name', fullName(customer)],
    ['Born', born(customer)],
    ['Kind', kindWords[customer.kind] ?? customer.kind],
    ['E-mail', customer.email ?? '—'],
    ['Phone', customer.phone ?? '—'],
    ['Online sign-in', signInText(customer)],
    ['ID', idText(customer)],
    ['Points', balances ? pointsText(balances) : customer.anonymizedAt ? 'not shown: the record was erased' : 'moved to the record kept'],
    ['Store credit', balances ? money(balances.credit.balanceCents) : customer.anonymizedAt ? 'not shown: the record was erased' : 'moved to the record kept'],
    ['Consent', `marketing ${customer.consent.marketing ? 'yes' : 'no'}, data retention ${customer.consent.dataRetention ? 'yes' : 'no'}`],
    ['Record', `added ${when(customer.createdAt)} · ${customer.id}${customer.anonymizedAt ? ` · personal data erased ${when(customer.anonymizedAt)} at the customer’s request` : ''}`],
  ];
  $('customer-facts').replaceChildren(...facts.flatMap(([term, value]) => [element('dt', { textContent: term }), element('dd', { textContent: value, dataset: { fact: term } })]));
  $('customer-medical').textContent = medicalText(customer.medical);
  showLinks(customer);

  $('customer-merge-start').hidden = !may('customers:merge') || customer.mergedIntoId !== null || Boolean(customer.anonymizedAt);
  // A merged record is erased through the record kept; an erased one has nothing left to erase.
  $('customer-erase-start').hidden = !may('customers:erase') || customer.mergedIntoId !== null || Boolean(customer.anonymizedAt);
  for (const tr of $('customer-list').querySelectorAll('tr[data-customer-id]')) tr.className = tr.dataset.customerId === customer.id ? 'current' : '';
  // Set last: the panel shows this record whole from here on.
  $(CUSTOMER).dataset.customerId = customer.id;
  return customer;
}

/** The name of the record a merged one went into (its id, should the read be refused). */
async function keptRecordName(id) {
  try {
    return fullName(await api('GET', `/v1/customers/${id}`));
  } catch {
    return `record ${id}`;
  }
}

$('customer-open-kept').addEventListener('click', () => openCustomer(opened.mergedIntoId));

function showLinks(customer) {
  const columns = [column('Link'), column('Name'), column('Caregiver card'), column('Since'), column('')];
  const link = (l, role, otherId) =>
    row(
      columns,
      [
        role,
        l.name,
        l.cardNumberMasked ? `${l.cardJurisdiction ?? ''} ${l.cardNumberMasked}, expires ${l.cardExpiresOn ?? '—'}`.trim() : null,
        when(l.createdAt),
        element('button', { type: 'button', className: 'link', textContent: 'Open', onclick: () => openCustomer(otherId) }),
      ],
      { dataset: { linkId: l.id } },
    );
  const rows = [
    ...customer.caregivers.map((l) => link(l, 'their caregiver', l.caregiverCustomerId)),
    ...customer.patients.map((l) => link(l, 'buys for this patient', l.patientCustomerId)),
  ];
  fillTable($('customer-caregivers'), columns, rows, { empty: 'No caregiver link.' });
}

/** The record's newest orders at each store the staff member works in, newest first. */
async function showOrders(customer) {
  const pages = await Promise.all(state.stores.map((s) => api('GET', `/v1/stores/${s.id}/orders${query({ customerId: customer.id, limit: RECENT_ORDERS })}`)));
  const orders = pages
    .flatMap((p) => p.orders)
    .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
    .slice(0, RECENT_ORDERS);
  const columns = [column('Placed'), column('Store'), column('Number'), column('Channel'), column('Status'), column('Sold as'), column('Total', true)];
  const rows = orders.map((o) =>
    row(columns, [when(o.placedAt), storeName(o.storeId), o.number, o.channel.replaceAll('_', ' '), o.status.replaceAll('_', ' '), kindWords[o.customer.kind], money(o.totalCents)], {
      dataset: { orderId: o.id },
    }),
  );
  const empty = customer.mergedIntoId ? 'None: its orders moved to the record it was merged into.' : 'No order at your stores.';
  fillTable($('customer-orders'), columns, rows, { empty });
}

// ---- merging a duplicate into the open record -------------------------------------------------

function closeMerge() {
  duplicate = null;
  $(MERGE).hidden = true;
  $(MERGE).querySelector('.refusal').hidden = true;
  $('merge-result').hidden = true;
  $('merge-candidates').hidden = true;
  $('merge-pair').hidden = true;
  $('merge-confirm').hidden = true;
  for (const form of ['merge-search-form', 'merge-id-form', 'merge-form']) $(form).reset();
  delete $(MERGE).dataset.duplicateId;
  markReason(false);
}

$('customer-merge-start').addEventListener('click', () => {
  closeMerge();
  closeErase();
  $('merge-kept-name').textContent = fullName(opened);
  $(MERGE).dataset.keptId = opened.id;
  $(MERGE).hidden = false;
  $(MERGE).scrollIntoView({ block: 'start' });
  $('merge-search-form').elements.namedItem('q').focus();
});

$('merge-search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  actInPanel(MERGE, () => findDuplicates(new FormData(event.target).get('q')));
});

$('merge-id-form').addEventListener('submit', (event) => {
  event.preventDefault();
  actInPanel(MERGE, () => choose(new FormData(event.target).get('id').trim()));
});

$('merge-cancel').addEventListener('click', closeMerge);

/** Records that may be the same person; the open record itself is marked, not offered. */
async function findDuplicates(q) {
  const { customers } = await api('GET', `/v1/customers${query({ q: q.trim(), limit: 20 })}`);
  const rows = customers.map((c) =>
    customerRow(
      c,
      c.id === opened.id
        ? 'the record kept'
        : element('button', { type: 'button', className: 'choose', textContent: 'Choose', onclick: () => actInPanel(MERGE, () => choose(c.id)) }),
    ),
  );
  fillTable($('merge-candidates'), RESULT_COLUMNS, rows, { empty: 'No customer matches.' });
  $('merge-candidates').hidden = false;
}

/** Shows the chosen record beside the one kept, both as the server has them now. */
async function choose(id) {
  const [kept, chosen] = await Promise.all([api('GET', `/v1/customers/${opened.id}`), api('GET', `/v1/customers/${id}`)]);
  duplicate = chosen;
  $('merge-confirm').hidden = true;
  const compared = [
    ['Name', fullName],
    ['Born', born],
    ['E-mail', (c) => c.email ?? '—'],
    ['Phone', (c) => c.phone ?? '—'],
    ['Kind', (c) => kindWords[c.kind] ?? c.kind],
    ['Online sign-in', (c) => (c.onlineSignIn ? c.onlineSignIn.email : 'none')],
    ['Medical card', (c) => cardShort(c.medical)],
    ['ID', idText],
    ['Merged', (c) => (c.mergedIntoId ? `into ${c.mergedIntoId}` : 'no')],
    ['Id', (c) => c.id],
  ];
  const columns = [column(''), column('Kept (this record)'), column('Duplicate (folded in)')];
  const rows = compared.map(([label, value]) => {
    const [a, b] = [value(kept), value(chosen)];
    return row(columns, [label, a, b], { dataset: { field: label }, className: label !== 'Id' && a !== b ? 'differs' : '' });
  });
  fillTable($('merge-compare'), columns, rows);
  $('merge-pair').hidden = false;
  $(MERGE).dataset.duplicateId = chosen.id;
}

$('merge-form').addEventListener('submit', (event) => {
  event.preventDefault();
  markReason(false);
  const reason = event.target.elements.namedItem('reason').value.trim();
  $('merge-confirm-text').textContent =
    `Fold ${fullName(duplicate)} (born ${duplicate.birthDate}${duplicate.email ? `, ${duplicate.email}` : ''}) into ${fullName(opened)}’s record` +
    `${reason ? `, because: “${reason}”` : ''}? Everything on the duplicate moves to the record kept, the duplicate takes no new sales, and this cannot be undone.`;
  $('merge-confirm').hidden = false;
  $('merge-confirm-yes').focus();
});

$('merge-confirm-no').addEventListener('click', () => ($('merge-confirm').hidden = true));

$('merge-confirm-yes').addEventListener('click', () =>
  actInPanel(MERGE, async () => {
    $('merge-confirm').hidden = true;
    const keptId = opened.id;
    // As typed: the server says what a reason needs.
    const body = { duplicateCustomerId: duplicate.id, reason: $('merge-form').elements.namedItem('reason').value };
    const same = pending && pending.keptId === keptId && JSON.stringify(pending.body) === JSON.stringify(body);
    if (!same) pending = { keptId, body, key: crypto.randomUUID() };
    let answer;
    try {
      answer = await api('POST', `/v1/customers/${keptId}/merge`, body, { 'idempotency-key': pending.key });
    } catch (error) {
      if (error.code === 'VALIDATION_FAILED' && refusedFields(error.details).includes('reason')) {
        markReason(true);
        error.message = `Reason: ${error.message}`;
      }
      throw error;
    }
    pending = null;
    const folded = duplicate;
    $('merge-pair').hidden = true;
    $('merge-candidates').hidden = true;
    $('merge-form').reset();
    showResult(MERGE, `Merged ${fullName(folded)} into ${fullName(answer.customer)}. ${movedInWords(answer.moved)}`);
    $('merge-result').dataset.duplicateId = answer.duplicate.id;
    duplicate = null;
    await Promise.all([
      loadPanel(CUSTOMER, async () => {
        const customer = await showCustomer(keptId);
        await loadPanel(ORDERS, () => showOrders(customer));
      }),
      loadPanel(SEARCH, search),
    ]);
  }),
);

// ---- erasing the open record's personal data ---------------------------------------------------

function closeErase() {
  $(ERASE).hidden = true;
  $(ERASE).querySelector('.refusal').hidden = true;
  $('erase-result').hidden = true;
  $('erase-confirm').hidden = true;
  $('erase-confirm-text').textContent = '';
  $('erase-form').hidden = false;
  $('erase-form').reset();
  delete $(ERASE).dataset.customerId;
  markInvalid($('erase-form'), false);
}

$('customer-erase-start').addEventListener('click', () => {
  closeMerge();
  closeErase();
  $('erase-name').textContent = fullName(opened);
  $(ERASE).dataset.customerId = opened.id;
  $(ERASE).hidden = false;
  $(ERASE).scrollIntoView({ block: 'start' });
  $('erase-form').elements.namedItem('reason').focus();
});

$('erase-cancel').addEventListener('click', closeErase);

$('erase-form').addEventListener('submit', (event) => {
  event.preventDefault();
  markInvalid(event.target, false);
  const reason = event.target.elements.namedItem('reason').value.trim();
  const c = opened;
  $('erase-confirm-text').textContent =
    `Erase the personal data of ${fullName(c)} (born ${c.birthDate}${c.email ? `, ${c.email}` : ''}${c.phone ? `, ${c.phone}` : ''})` +
    `${reason ? `, because: “${reason}”` : ''}? Their names, contact, ID numbers and online sign-in go for good; their sales and compliance history stay. This cannot be undone.`;
  $('erase-confirm').hidden = false;
  $('erase-confirm-yes').focus();
});

$('erase-confirm-no').addEventListener('click', () => ($('erase-confirm').hidden = true));

$('erase-confirm-yes').addEventListener('click', () =>
  actInPanel(ERASE, async () => {
    $('erase-confirm').hidden = true;
    const customerId = $(ERASE).dataset.customerId;
    // As typed: the server says what a reason needs.
    const body = { reason: $('erase-form').elements.namedItem('reason').value };
    const same = erasing && erasing.customerId === customerId && erasing.body.reason === body.reason;
    if (!same) erasing = { customerId, body, key: crypto.randomUUID() };
    let answer;
    try {
      answer = await api('POST', `/v1/customers/${customerId}/anonymize`, body, { 'idempotency-key': erasing.key });
    } catch (error) {
      if (error.code === 'VALIDATION_FAILED' && refusedFields(error.details).includes('reason')) {
        markInvalid($('erase-form'), true);
        error.message = `Reason: ${error.message}`;
      }
      throw error;
    }
    erasing = null;
    // What was erased is not left on the page, not even in the question asked before.
    $('erase-confirm-text').textContent = '';
    $('erase-name').textContent = fullName(answer.customer);
    $('erase-form').reset();
    $('erase-form').hidden = true;
    showResult(ERASE, answer.anonymized ? erasedInWords(answer.erased) : 'This record’s personal data had been erased already: nothing more was done.');
    await Promise.all([
      loadPanel(CUSTOMER, async () => {
        const customer = await showCustomer(customerId);
        await loadPanel(ORDERS, () => showOrders(customer));
      }),
      loadPanel(SEARCH, search),
    ]);
  }),
);

/** The answer's `erased` summary in words; what there was none of is left out. */
export function erasedInWords(erased) {
  const parts = [
    'the name, birth day, e-mail, phone, ID number, promotion groups and consents on the record',
    erased.idVerifications && `the ID numbers of ${counted(erased.idVerifications, 'ID check')}`,
    erased.queueEntries && `the names and notes of ${counted(erased.queueEntries, 'queue entry', 'queue entries')}`,
    erased.orders && `the contacts of ${counted(erased.orders, 'order')}`,
    erased.carts && `the contacts and addresses of ${counted(erased.carts, 'cart')}`,
    erased.onlineSignIn && 'the online sign-in',
  ].filter(Boolean);
  const ended = erased.caregiverLinksEnded ? ` ${counted(erased.caregiverLinksEnded, 'caregiver link')} ended.` : '';
  return `Erased: ${parts.join(', ')}.${ended} The sales, purchase-limit and compliance history stay on the record.`;
}

function refusedFields(details) {
  const paths = Array.isArray(details) ? details.map((d) => d.path) : details?.path ? [details.path] : [];
  return paths.filter((p) => Array.isArray(p) && p[0] === 'body').map((p) => p[1]);
}

function markReason(invalid) {
  markInvalid($('merge-form'), invalid);
}

/** Marks (or clears) a form's reason as the field the server refused. */
function markInvalid(form, invalid) {
  const input = form.elements.namedItem('reason');
  if (invalid) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } else input.removeAttribute('aria-invalid');
}

const counted = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The answer's `moved` summary in words; what did not move is left out. */
export function movedInWords(moved) {
  const parts = [
    moved.orders && counted(moved.orders, 'order'),
    moved.carts && counted(moved.carts, 'cart'),
    moved.purchaseUsageLines && `${counted(moved.purchaseUsageLines, 'purchase line')} counted against the limits`,
    moved.complianceEvents && counted(moved.complianceEvents, 'compliance log entry', 'compliance log entries'),
    moved.idVerifications && counted(moved.idVerifications, 'ID check'),
    moved.queueEntries && counted(moved.queueEntries, 'queue entry', 'queue entries'),
    moved.promotionRedemptions && counted(moved.promotionRedemptions, 'promotion redemption'),
    moved.promotionUsage && `the use counts of ${counted(moved.promotionUsage, 'promotion')}`,
    moved.caregiverLinks && counted(moved.caregiverLinks, 'caregiver link'),
    moved.loyaltyEntries && counted(moved.loyaltyEntries, 'points ledger entry', 'points ledger entries'),
    moved.loyaltyPoints && counted(moved.loyaltyPoints, 'point'),
    moved.storeCreditCents && `${money(moved.storeCreditCents)} of store credit`,
    moved.medicalRecord && 'the medical card',
    moved.shopperAccount && 'the online sign-in',
  ].filter(Boolean);
  const moves = parts.length > 0 ? `Moved to this record: ${parts.join(', ')}.` : 'The duplicate held nothing else: it is only marked merged.';
  const revoked = moved.caregiverLinksRevoked ? ` ${counted(moved.caregiverLinksRevoked, 'caregiver link')} this record already had ended on the duplicate.` : '';
  return moves + revoked;
}

// Verdant's driver app: sign in, pick a store, load ready delivery orders onto a vehicle, leave,
// mark each stop delivered or not, and come back. Plain browser JavaScript over the HTTP API (the
// session cookie the sign-in sets); every decision — vehicle rules, ID at the door, refunds — is
// the server's.

import { $, api, apiText, attemptFor, buttonFor, element, money, oneAtATime, wireStaffSession } from '../shared/ui.js';

const attempt = attemptFor(() => showSignIn());
const plainButton = buttonFor(attempt);


/** The app's buttons: each runs its action through `attempt`, once at a time. */
function button(label, onClick, props) {
  const made = plainButton(label, () => oneAtATime(made, onClick), props);
  return made;
}

// `signatures`: each stop's signature confirmed on the pad, by order id, until its hand-over goes
// through; kept here so a redraw of the run (after a refusal) does not lose it.
const state = { me: null, storeId: null, runId: null, signatures: new Map() };

/** How many of the store's runs back at the store the list offers, newest first. */
const RETURNED_RUNS_SHOWN = 5;

function show(section) {
  for (const id of ['sign-in', 'runs', 'run']) $(id).hidden = id !== section;
}

// ---- sign-in ----------------------------------------------------------------------------------

function showSignIn() {
  state.me = null;
  $('who').textContent = '';
  $('sign-out').hidden = true;
  show('sign-in');
}

wireStaffSession({ attempt, onSignedIn: () => start(), onSignedOut: showSignIn });

// ---- runs of a store --------------------------------------------------------------------------

async function start() {
  state.me = await api('GET', '/v1/auth/me');
  $('who').textContent = state.me.role ?? '';
  $('sign-out').hidden = false;
  const { stores } = await api('GET', '/v1/stores');
  const mine = state.me.storeIds.length > 0 ? stores.filter((s) => state.me.storeIds.includes(s.id)) : stores;
  $('store').replaceChildren(...mine.map((s) => element('option', { value: s.id, textContent: s.name })));
  state.stores = mine;
  state.storeId = mine[0]?.id ?? null;
  await showRuns();
}

$('store').addEventListener('change', (event) =>
  attempt(async () => {
    state.storeId = event.target.value;
    await showRuns();
  }),
);

async function showRuns() {
  state.runId = null;
  const store = state.stores?.find((s) => s.id === state.storeId);
  state.jurisdiction = store?.jurisdiction ?? null;
  state.timeZone = store?.timezone ?? null;
  show('runs');
  if (!state.storeId) return;
  const [loading, out, returned, vehicles] = await Promise.all([
    api('GET', `/v1/delivery-runs?storeId=${state.storeId}&status=loading`),
    api('GET', `/v1/delivery-runs?storeId=${state.storeId}&status=out`),
    api('GET', `/v1/delivery-runs?storeId=${state.storeId}&status=returned`),
    api('GET', `/v1/stores/${state.storeId}/delivery-vehicles`),
  ]);
  const runs = [...out.items, ...loading.items];
  // The latest runs back at the store stay at hand: their stops and the receipts signed on them.
  const back = returned.items.slice(0, RETURNED_RUNS_SHOWN);
  $('run-list').replaceChildren(
    ...(runs.length === 0 ? [element('li', { className: 'muted', textContent: 'No run is loading or out.' })] : []),
    ...[...runs, ...back].map((r) => element('li', {}, button(`${r.vehicle.name} · ${r.status} · ${r.stops} stop${r.stops === 1 ? '' : 's'}${r.driverId === state.me?.id ? ' · yours' : ''}`, () => showRun(r.id)))),
  );
  const busy = new Set(runs.map((r) => r.vehicle.id));
  const free = vehicles.items.filter((v) => v.active && !busy.has(v.id));
  $('vehicle').replaceChildren(...free.map((v) => element('option', { value: v.id, textContent: v.name })));
  $('new-run').hidden = free.length === 0;
}

$('new-run').addEventListener('submit', (event) => {
  event.preventDefault();
  oneAtATime(event.target, () =>
    attempt(async () => {
      const run = await api('POST', '/v1/delivery-runs', { storeId: state.storeId, vehicleId: $('vehicle').value });
      await showRun(run.id);
    }),
  );
});

$('back').addEventListener('click', () => attempt(showRuns));

// ---- one run: the manifest --------------------------------------------------------------------

async function showRun(runId) {
  state.runId = runId;
  const run = await api('GET', `/v1/delivery-runs/${runId}`);
  render(run);
  show('run');
  if (run.status === 'loading') {
    const [{ orders }, loading, out] = await Promise.all([
      api('GET', `/v1/stores/${run.storeId}/pick-queue`),
      api('GET', `/v1/delivery-runs?storeId=${run.storeId}&status=loading`),
      api('GET', `/v1/delivery-runs?storeId=${run.storeId}&status=out`),
    ]);
    const onBoard = new Set(run.stops.map((s) => s.orderId));
    // A ready order still on another vehicle (being loaded there, or out though the store took it
    // back) comes off that vehicle before it can be loaded here.
    const elsewhere = new Map([...loading.items, ...out.items].filter((r) => r.id !== run.id).flatMap((r) => r.onBoard.map((orderId) => [orderId, r.vehicle.name])));
    const ready = orders.filter((o) => o.channel === 'delivery' && o.status === 'ready' && !onBoard.has(o.id));
    $('ready').replaceChildren(
      ...(ready.length === 0
        ? [element('li', { className: 'muted', textContent: 'No delivery order is ready.' })]
        : ready.map((o) => {
            const deliverAt = o.fulfillment?.deliverAt;
            const vehicle = elsewhere.get(o.id);
            const text = `Order ${o.number} · ${money(o.totalCents)}${deliverAt ? ` · for ${storeClock(deliverAt)}` : ''}${vehicle ? ` · on ${vehicle}` : ''} `;
            return element('li', { className: 'ready-order' }, text, ...(vehicle ? [] : [button('Load', () => load(o.id))]));
          })),
    );
  }
}

async function load(orderId) {
  await changeRun(state.runId, () => api('POST', `/v1/delivery-runs/${state.runId}/stops`, { orderId }));
  await showRun(state.runId);
}

/**
 * Sends a change to the run. Refused as a conflict, or with no answer (the network failed, maybe
 * after the server made the change), the run is read again so the screen shows what the server
 * holds: someone else (a dispatcher) may have changed the run, or the change went through and
 * pressing again would be refused. Other refusals (an ID under age, a vehicle rule) leave the
 * screen, and what was typed, as it is.
 */
async function changeRun(runId, change) {
  try {
    return await change();
  } catch (error) {
    if (error.status === 409 || error.status === undefined) await showRun(runId).catch(() => undefined);
    throw error;
  }
}

/** A run is its driver's: others see it, and only staff who dispatch deliveries act on it. */
const mayActOn = (run) => run.driverId === state.me?.id || (state.me?.permissions ?? []).includes('delivery:dispatch');

function render(run) {
  const mine = mayActOn(run);
  $('run-title').textContent = `${run.vehicle.name} — ${run.status}${mine ? '' : ' · another driver’s run (read only)'}`;
  const load = run.load;
  $('run-load').textContent = `${run.status === 'loading' ? 'On board' : 'Left with'} ${money(load.valueCents)}, paid ahead ${money(load.prepaidValueCents)}` + (load.rules.length ? ` · rules: ${load.rules.join(', ')}` : '');
  $('violations').replaceChildren(...load.violations.map((v) => element('li', { className: 'violation', textContent: v.message })));
  $('stops').replaceChildren(...run.stops.map((stop) => renderStop(run, stop)));
  $('loading-actions').hidden = run.status !== 'loading' || !mine;
  $('out-actions').hidden = run.status !== 'out' || !mine;
  $('depart').disabled = run.stops.length === 0;
  renderStopLog(run.stopLog);
  renderDriverOut(run);
  showInventory(run).catch(() => undefined);
  // Back at the store is not held back by a stop still shown loaded: the store may have taken its
  // order back through the order itself, which the stop does not show, and the server closes such
  // a stop on return (a stop truly still out is its 409 STOPS_OPEN, shown).
}

/**
 * The driver is out on another run: this one may be loaded, but the server refuses its departure
 * (DRIVER_OUT) until the other is back, so the screen says so before Depart is pressed.
 */
function renderDriverOut(run) {
  const out = run.driverOut && run.status === 'loading';
  $('driver-out').hidden = !out;
  $('driver-out').textContent = out ? 'The driver is out on another run: this vehicle leaves once that one is back at the store.' : '';
}

/**
 * What the vehicle carries now, from the run's delivery inventory ledger as the server recorded it
 * after the last stop: each package with its type, brand, label, weight and value; goods not handed
 * over ride back to the store and say so. Read after every change the run shows.
 */
async function showInventory(run) {
  if (run.status === 'loading' || run.status === 'cancelled') {
    $('inventory-box').hidden = true;
    return;
  }
  const { remaining } = await api('GET', `/v1/delivery-runs/${run.id}/inventory-ledger`);
  if (state.runId !== run.id) return; // another run was opened meanwhile
  $('inventory-box').hidden = false;
  $('inventory').replaceChildren(
    ...(remaining.length === 0
      ? [element('li', { className: 'muted', textContent: 'Nothing: the vehicle is empty.' })]
      : remaining.map((i) => {
          const weight = i.weightMg === null ? '' : ` · ${(i.weightMg / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} g`;
          const what = `${i.quantity} × ${i.title} · ${i.brand ?? 'no brand'} · ${i.category} · ${i.packageLabel}${weight} · ${money(i.retailValueCents)} · order ${i.orderNumber}`;
          return element('li', { className: `inventory-item ${i.status}`, textContent: i.status === 'returning' ? `${what} (riding back to the store)` : what });
        })),
  );
}

/** A no-show's refund as the server holds it: owed (with the processor's reason while it retries) or made. */
function refundText(refund) {
  if (refund.status === 'refunded') return 'Refunded to the customer.';
  return refund.lastError ? `Refund owed, retrying: ${refund.lastError}` : 'Refund owed: being made.';
}

/** Every stop the vehicle made, as the server logged it: the order stops and the stops on the way. */
function renderStopLog(log) {
  $('stop-log-box').hidden = log.length === 0;
  $('stop-log').replaceChildren(
    ...log.map((entry) => {
      const what = entry.kind === 'order' ? `Order ${entry.orderNumber} ${entry.outcome}` : `Stop: ${entry.reason}`;
      const why = entry.kind === 'order' ? entry.reason : entry.note;
      return element('li', { className: `log ${entry.kind}`, textContent: `${storeClock(entry.at)} · ${what}${why ? ` (${why})` : ''}` });
    }),
  );
}

/**
 * What the state has heard of this stop, as the driver may be asked to show it: in states where a
 * delivery is filed as a sales delivery, its state id is the trip's manifest for this customer.
 */
function stateFilingText(filing) {
  if (!filing) return null;
  const what = filing.kind === 'sales_delivery' ? 'State delivery manifest' : 'State sale record';
  if (filing.externalId) return `${what} ${filing.externalId}${filing.status === 'sent' ? '' : ` (${filing.status})`}`;
  if (filing.status === 'failed') return `${what}: not filed yet — ${filing.reason ?? 'the store is told'}`;
  return `${what}: ${filing.status === 'queued' || filing.status === 'sending' ? 'being filed' : filing.status}`;
}

/** An instant on the store's clock, not the phone's: a customer asks for a time at the store's place. */
function storeClock(iso) {
  const at = new Date(iso);
  const zone = state.timeZone ? { timeZone: state.timeZone } : {};
  return `${at.toLocaleTimeString('en-US', { ...zone, hour: 'numeric', minute: '2-digit' })} on ${at.toLocaleDateString('en-US', { ...zone, weekday: 'short', month: 'short', day: 'numeric' })}`;
}

/** What the driver takes at the door: the cash part the server names (a card may have paid the rest). */
function paymentText(stop) {
  if (stop.collectCents > 0) return `collect ${money(stop.collectCents)} in cash`;
  return stop.prepaid ? 'paid' : 'collect payment';
}

function renderStop(run, stop) {
  const to = stop.deliverTo ?? {};
  const a = to.address ?? {};
  const address = [a.line1, a.line2, a.city, [a.region, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const item = element('li', { className: `stop ${stop.status}`, dataset: { orderId: stop.orderId } });
  item.append(
    element('strong', { textContent: `Order ${stop.orderNumber}` }),
    ` · ${money(stop.totalCents)} · ${paymentText(stop)} · ${stop.status}`,
    element('div', { textContent: [to.name, to.phone, address].filter(Boolean).join(' · ') }),
    ...(to.deliverAt ? [element('div', { className: 'deliver-at', textContent: `Deliver at ${storeClock(to.deliverAt)}` })] : []),
    element('div', { className: 'muted', textContent: stop.items.map((i) => `${i.quantity} × ${i.title} (${i.packageLabels.join(', ')})`).join('; ') }),
  );
  if (stop.reason) item.append(element('div', { className: 'muted', textContent: `Reason: ${stop.reason}` }));
  if (stop.refund) item.append(element('div', { className: `refund ${stop.refund.status}`, textContent: refundText(stop.refund) }));
  // The store took the order back (or cancelled it) while the stop was on board: it is not the
  // driver's to end any more, and the return closes it.
  const takenBack = stop.status === 'loaded' && run.status === 'out' && stop.orderStatus !== 'out_for_delivery';
  if (takenBack) item.append(element('div', { className: 'taken-back', textContent: `Taken back by the store (the order is ${stop.orderStatus.replaceAll('_', ' ')}): nothing to hand over.` }));
  const filing = stateFilingText(stop.stateFiling);
  if (filing) item.append(element('div', { className: `filing ${stop.stateFiling.status}`, textContent: filing }));
  // Whoever reads the run (its driver, a dispatcher, another driver) can show what was signed for.
  if (stop.status === 'delivered') item.append(handedOverReceipt(stop));
  if (!mayActOn(run)) return item;
  if (run.status === 'loading') {
    item.append(button('Unload', async () => {
      await changeRun(run.id, () => api('DELETE', `/v1/delivery-runs/${run.id}/stops/${stop.orderId}`));
      await showRun(run.id);
    }));
  }
  if (run.status === 'out' && stop.status === 'loaded' && !takenBack) {
    item.append(
      receiptToSign(stop),
      button('Delivered (ID on file)', () => endStop(run, stop, 'delivered', {})),
      doorIdForm(run, stop),
      // A no-show ends the order (stock back, refund); brought back, it stays sold for a later run.
      button('Not delivered', async () => {
        const reason = window.prompt('Why could it not be handed over? (the order ends as a no-show and is refunded)');
        if (!reason) return;
        await endStop(run, stop, 'undelivered', { reason });
      }),
      button('Bring back for later', async () => {
        const reason = window.prompt('Why is it coming back? (the order waits at the store for another run)');
        if (!reason) return;
        await endStop(run, stop, 'undelivered', { reason, redeliver: true });
      }),
    );
  }
  return item;
}

/**
 * Ends a stop and draws the run the server answers (read again when refused as a conflict or
 * unanswered). A hand-over carries the signature confirmed on the stop's pad; whether one is
 * needed is the server's to say (SIGNATURE_REQUIRED where the store's state asks for it).
 */
async function endStop(run, stop, outcome, body) {
  const signature = outcome === 'delivered' ? state.signatures.get(stop.orderId) : undefined;
  const sent = signature ? { ...body, signature } : body;
  const answer = await changeRun(run.id, () => api('POST', `/v1/delivery-runs/${run.id}/stops/${stop.orderId}/${outcome}`, sent));
  if (outcome === 'delivered') state.signatures.delete(stop.orderId);
  render(answer);
}

/**
 * The delivery request receipt as the server prints it (items and weights, total, the customer's
 * first name and number, the order's time), shown in a sandboxed frame, and a pad the customer
 * signs on with a finger, over their printed name. Confirmed, the signature goes with the hand-over.
 */
function receiptToSign(stop) {
  const frame = receiptFrame(`Delivery request receipt, order ${stop.orderNumber}`);
  const canvas = element('canvas', { className: 'signature-pad', width: 600, height: 200 });
  const pad = signaturePad(canvas);
  const name = element('input', { name: 'printedName', autocomplete: 'off', maxLength: 100, placeholder: 'as the customer prints it' });
  const held = state.signatures.get(stop.orderId);
  const signed = element('p', { className: 'signed', textContent: held ? `Signed by ${held.printedName}: sent with the hand-over.` : '' });
  signed.hidden = !held;
  const clear = plainButton('Clear', async () => {
    pad.clear();
    state.signatures.delete(stop.orderId);
    signed.hidden = true;
  });
  const confirm = plainButton('Confirm signature', async () => {
    if (!pad.drawn()) throw new Error('The customer signs on the pad first.');
    if (!name.value.trim()) throw new Error('Type the name the customer prints under the signature.');
    const signature = { printedName: name.value.trim(), image: canvas.toDataURL('image/png') };
    state.signatures.set(stop.orderId, signature);
    signed.textContent = `Signed by ${signature.printedName}: sent with the hand-over.`;
    signed.hidden = false;
  });
  const box = element(
    'details',
    { className: 'sign' },
    element('summary', { textContent: 'Receipt and signature' }),
    frame,
    element('div', { className: 'muted', textContent: 'Customer signs here:' }),
    canvas,
    element('label', {}, 'Printed name ', name),
    clear,
    confirm,
    signed,
  );
  // Read when opened: what is printed is what the server holds at the door, not at departure.
  showReceiptWhenOpened(box, frame, stop);
  return box;
}

/**
 * The receipt of a stop handed over, as the server prints it once the order completed: the sale
 * with who signed at the door and when (and the signature drawn), to show the customer again or
 * for the stop log.
 */
function handedOverReceipt(stop) {
  const frame = receiptFrame(`Receipt of order ${stop.orderNumber} as handed over`);
  const box = element('details', { className: 'sign' }, element('summary', { textContent: 'Receipt as handed over' }), frame);
  showReceiptWhenOpened(box, frame, stop);
  return box;
}

/** A frame for the server's receipt HTML: shown, never run. */
function receiptFrame(title) {
  const frame = element('iframe', { className: 'receipt', title });
  frame.setAttribute('sandbox', '');
  return frame;
}

/** Reads the stop's receipt each time the box opens, so it is what the server holds then. */
function showReceiptWhenOpened(box, frame, stop) {
  box.addEventListener('toggle', () => {
    if (box.open) attempt(async () => (frame.srcdoc = await apiText(`/v1/orders/${stop.orderId}/receipt?format=html`)));
  });
}

/** Strokes drawn with a finger, a pen or a mouse (pointer events), in the canvas's own pixels. */
function signaturePad(canvas) {
  const ink = canvas.getContext('2d');
  ink.lineWidth = 3;
  ink.lineCap = 'round';
  ink.lineJoin = 'round';
  ink.strokeStyle = '#000';
  let last = null;
  let drawn = false;
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    return [((event.clientX - box.left) * canvas.width) / box.width, ((event.clientY - box.top) * canvas.height) / box.height];
  };
  canvas.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    last = at(event);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!last) return;
    const next = at(event);
    ink.beginPath();
    ink.moveTo(...last);
    ink.lineTo(...next);
    ink.stroke();
    last = next;
    drawn = true;
  });
  for (const end of ['pointerup', 'pointercancel']) canvas.addEventListener(end, () => (last = null));
  return {
    drawn: () => drawn,
    clear() {
      ink.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
    },
  };
}

/**
 * The ID checked at the door, typed from the document, sent with the hand-over: the server records
 * it for the customer and refuses as at the counter (under age, expired), leaving the order out.
 */
function doorIdForm(run, stop) {
  const field = (label, input) => element('label', {}, `${label} `, input);
  const type = element('select', { name: 'documentType' }, ...[
    ['driver_license', 'Driver licence'],
    ['id_card', 'ID card'],
    ['passport', 'Passport'],
    ['military_id', 'Military ID'],
    ['tribal_id', 'Tribal ID'],
    ['other', 'Other'],
  ].map(([value, textContent]) => element('option', { value, textContent })));
  const issuer = element('input', { name: 'issuingJurisdiction', required: true, placeholder: 'US-CA', value: state.jurisdiction ?? '' });
  const birth = element('input', { name: 'birthDate', type: 'date', required: true });
  const expires = element('input', { name: 'expiresOn', type: 'date', required: true });
  const number = element('input', { name: 'idNumber', placeholder: 'optional' });
  const form = element(
    'form',
    { className: 'door-id' },
    field('Document', type),
    field('Issued by', issuer),
    field('Born', birth),
    field('Expires', expires),
    field('Number', number),
    element('button', { type: 'submit', textContent: 'Delivered (ID checked here)' }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    oneAtATime(form, () =>
      attempt(async () => {
        const idCheck = { documentType: type.value, issuingJurisdiction: issuer.value.trim().toUpperCase(), birthDate: birth.value, expiresOn: expires.value, ...(number.value.trim() ? { idNumber: number.value.trim() } : {}) };
        await endStop(run, stop, 'delivered', { idCheck });
      }),
    );
  });
  return element('details', {}, element('summary', { textContent: 'Check ID at the door' }), form);
}

$('depart').addEventListener('click', () =>
  oneAtATime($('depart'), () =>
    attempt(async () => {
      render(await changeRun(state.runId, () => api('POST', `/v1/delivery-runs/${state.runId}/depart`, {})));
    }),
  ),
);

// A stop on the way (fuel, rest…) goes in the run's stop log at the server's time.
$('vehicle-stop').addEventListener('submit', (event) => {
  event.preventDefault();
  oneAtATime(event.target, () =>
    attempt(async () => {
      const note = $('vehicle-stop-note').value.trim();
      const body = { reason: $('vehicle-stop-reason').value, ...(note ? { note } : {}) };
      render(await changeRun(state.runId, () => api('POST', `/v1/delivery-runs/${state.runId}/vehicle-stops`, body)));
      $('vehicle-stop-note').value = '';
    }),
  );
});

$('return').addEventListener('click', () =>
  oneAtATime($('return'), () =>
    attempt(async () => {
      await changeRun(state.runId, () => api('POST', `/v1/delivery-runs/${state.runId}/return`));
      await showRuns();
    }),
  ),
);

// Signed in already (the session cookie)? Go straight to the runs.
attempt(start);

// What every Verdant browser app needs to talk to the API and build its page. Imported as an ES
// module from /app/shared/ui.js; no build step.

export const $ = (id) => document.getElementById(id);

/**
 * Calls the API; an error answer is thrown with the server's message, code and HTTP status.
 * `headers` adds request headers (an Idempotency-Key that makes a retried write safe).
 */
export async function api(method, path, body, headers = {}) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw refusal(response, data);
  return data;
}

/** The server's refusal as an Error with its message, stable code, HTTP status and details. */
function refusal(response, data) {
  const error = new Error(data?.error?.message ?? `HTTP ${response.status}`);
  error.code = data?.error?.code;
  error.status = response.status;
  // Where the refusal is (`[{ path, message }]` for a validation failure, `{ path }` for some others).
  error.details = data?.error?.details;
  return error;
}

/** A GET whose answer is a document (a receipt's HTML), not JSON; refusals are thrown as by `api`. */
export async function apiText(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok) throw refusal(response, await response.json().catch(() => null));
  return response.text();
}

/** An error as the server said it: its message, and its stable code when it has one. */
export const describeError = (error) => `${error.message}${error.code ? ` (${error.code})` : ''}`;

/** Integer cents as dollars, a minus sign for refunds and discounts. */
export const money = (cents) => `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

/** An element with properties (`dataset` merged, not replaced) and children. */
export function element(tag, { dataset, ...props } = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  Object.assign(node.dataset, dataset);
  for (const child of children) node.append(child);
  return node;
}

/** Shows what the server refused in the page's #error, or clears it. */
export function showError(error) {
  $('error').textContent = error ? describeError(error) : '';
  $('error').hidden = !error;
}

/** A staff app's `attempt`: runs an action, showing what the server refused; a signed-out answer calls `onSignedOut`. */
export const attemptFor = (onSignedOut) => async (action) => {
  showError(null);
  try {
    await action();
  } catch (error) {
    if (error.code === 'UNAUTHENTICATED') return onSignedOut();
    showError(error);
  }
};

/** Makes the app's buttons: each runs its action through `attempt`, which shows what the server refused. */
/** Controls whose action is out: the server has not answered it yet. */
const busy = new WeakSet();

/**
 * Runs a control's action unless its last one is still out. A double click or tap, or Enter
 * pressed twice, would otherwise send a write twice before the first answer (two adjustments, two
 * returns of one sale, a second hand-over refused over the one that went through). `disabled`:
 * controls greyed out meanwhile, so the person sees the action is under way.
 */
export async function oneAtATime(control, action, disabled = []) {
  if (busy.has(control)) return;
  busy.add(control);
  for (const button of disabled) button.disabled = true;
  try {
    await action();
  } finally {
    busy.delete(control);
    for (const button of disabled) button.disabled = false;
  }
}

export const buttonFor = (attempt) => (label, onClick, props = {}) => element('button', { type: 'button', textContent: label, onclick: () => attempt(onClick), ...props });

/**
 * The staff apps' sign-in form (#sign-in-form) and sign-out button (#sign-out): the session cookie
 * is set and cleared by the server; `onSignedIn` gets the staff member who signed in.
 */
export function wireStaffSession({ attempt, onSignedIn, onSignedOut }) {
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    attempt(async () => {
      const { staff } = await api('POST', '/v1/auth/login', { email: form.get('email'), password: form.get('password') });
      event.target.reset();
      await onSignedIn(staff);
    });
  });
  $('sign-out').addEventListener('click', () =>
    attempt(async () => {
      await api('POST', '/v1/auth/logout');
      onSignedOut();
    }),
  );
}

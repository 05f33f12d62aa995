// What a subscription may ask for, and where it may send. Kept apart so the rules are easy to find.

/** `*`, an exact type (`orders.order.placed`), or a prefix ending in `.*` (`inventory.*`, `inventory.stock.*`). */
const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function isEventPattern(pattern: string): boolean {
  return pattern.length <= 200 && EVENT_PATTERN.test(pattern);
}

/** What `webhook_subscription.url` holds (a CHECK on the table). */
const STORED_URL_LENGTH = { min: 8, max: 2000 };

/**
 * The URL as it is stored and requested (WHATWG-normalized: `http:db` is `http://db/`), or the
 * reason it cannot receive webhooks.
 */
export function parseWebhookUrl(value: string): { url: string; problem: null } | { url: null; problem: string } {
  const refuse = (problem: string) => ({ url: null, problem });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('must be http:// or https://');
  if (url.username || url.password) return refuse('must not contain credentials; authenticate with the signature');
  if (url.hash) return refuse('must not contain a #fragment');
  if (!url.hostname) return refuse('has no host');
  // Normalizing can lengthen a URL (percent-encoding, punycode) past what is stored.
  if (url.href.length < STORED_URL_LENGTH.min || url.href.length > STORED_URL_LENGTH.max) {
    return refuse(`must be ${STORED_URL_LENGTH.min} to ${STORED_URL_LENGTH.max} characters once normalized (${url.href.length})`);
  }
  return { url: url.href, problem: null };
}

/** Returns a reason the URL cannot receive webhooks, or null if it can. */
export function webhookUrlProblem(value: string): string | null {
  return parseWebhookUrl(value).problem;
}

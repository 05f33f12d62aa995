// What a subscription may ask for, and where it may send. Kept apart so the rules are easy to find.

/** `*`, an exact type (`orders.order.placed`), or a prefix ending in `.*` (`inventory.*`, `inventory.stock.*`). */
const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function isEventPattern(pattern: string): boolean {
  return pattern.length <= 200 && EVENT_PATTERN.test(pattern);
}

/** Returns a reason the URL cannot receive webhooks, or null if it can. */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be http:// or https://';
  if (url.username || url.password) return 'must not contain credentials; authenticate with the signature';
  if (url.hash) return 'must not contain a #fragment';
  if (!url.hostname) return 'has no host';
  return null;
}

// PostgreSQL stores neither a NUL character nor half of a UTF-16 surrogate pair (in text, or
// in JSON). No client means to send them, so a request carrying one is refused before any
// handler runs: 400 VALIDATION_FAILED naming the field, instead of a database error later.

const SUSPECT = /[\u0000\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type FieldPath = (string | number)[];

/** The path of the first string (value or key) in `value` that PostgreSQL cannot store, or null. */
export function unstorableTextAt(value: unknown, path: FieldPath = [], depth = 0): FieldPath | null {
  if (typeof value === 'string') return isStorable(value) ? null : path;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableTextAt(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isStorable(key)) return [...path, key];
    const found = unstorableTextAt(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

function isStorable(text: string): boolean {
  // The common case costs one regular-expression test.
  if (!SUSPECT.test(text)) return true;
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

import fc from 'fast-check';

// Random values shaped by the OpenAPI document's JSON Schemas: mostly what the schema allows, with
// ids drawn from rows that exist, and now and then a field broken in one of the ways clients break
// them (null, wrong type, out of range, a NUL byte, a huge string). Used to throw nearly valid
// requests at every route.

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
}

export interface ArbitraryContext {
  components: Record<string, JsonSchema>;
  /** Ids of existing rows that suit a field of this name (may be empty). */
  idsFor(fieldName: string): string[];
  /** Existing values for a string field of this name (package labels…), or none. */
  valuesFor(fieldName: string): string[];
  /** false: only values the schema allows (no broken fields, no missing or unknown keys). */
  breakFields?: boolean;
}

/** The ways a client breaks one field. */
export const brokenValue = fc.constantFrom<unknown>(
  null,
  '',
  ' ',
  'x',
  'a\u0000b',
  '\ud800',
  'x'.repeat(5_000),
  -1,
  0,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  Number.MAX_SAFE_INTEGER,
  1e300,
  true,
  [],
  {},
  '00000000-0000-0000-0000-000000000000',
  '0190f1f1-0000-7000-8000-000000000000',
  '9999-12-31T23:59:59Z',
  '0001-01-01',
  '2026-02-30',
);

const words = fc.constantFrom('a', 'Blue Dream', 'ÖÇ', '😀', "O'Brien; drop table x", '%', '<b>', '   ');

export function schemaArbitrary(schema: JsonSchema, context: ArbitraryContext, fieldName = '', depth = 0): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema, context, fieldName, depth);
  if (context.breakFields === false) return valid;
  // A broken field now and then, at any depth; the body as a whole stays nearly valid.
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: brokenValue });
}

function validArbitrary(schema: JsonSchema, context: ArbitraryContext, fieldName: string, depth: number): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = context.components[name];
    return target ? validArbitrary(target, context, fieldName, depth) : fc.anything();
  }
  if (depth > 6) return fc.constant(null);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => validArbitrary(v, context, fieldName, depth + 1)));
  if (schema.allOf?.length) return validArbitrary(schema.allOf[0], context, fieldName, depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = schema.nullable || types.includes('null');
  const concrete = types.filter((t) => t !== 'null');
  const arbitraries = (concrete.length ? concrete : ['any']).map((type) => typed(type, schema, context, fieldName, depth));
  if (nullable) arbitraries.push(fc.constant(null));
  return arbitraries.length === 1 ? arbitraries[0] : fc.oneof(...arbitraries);
}

function typed(type: string, schema: JsonSchema, context: ArbitraryContext, fieldName: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'object':
      return objectArbitrary(schema, context, depth);
    case 'array': {
      const items = schema.items ? schemaArbitrary(schema.items, context, singular(fieldName), depth + 1) : fc.anything();
      const minLength = schema.minItems ?? 0;
      return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'string':
      return stringArbitrary(schema, context, fieldName);
    case 'integer':
    case 'number':
      return numberArbitrary(schema, type === 'integer');
    case 'boolean':
      return fc.boolean();
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

function objectArbitrary(schema: JsonSchema, context: ArbitraryContext, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record = fc.record(
    Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, schemaArbitrary(property, context, name, depth + 1)])),
    { requiredKeys: [...required].filter((k) => k in properties) },
  );
  if (context.breakFields === false) return record;
  // Sometimes a required field goes missing, or an unknown one appears.
  return fc.oneof(
    { weight: 10, arbitrary: record },
    { weight: 1, arbitrary: record.map((value) => ({ ...(value as object), unknownField: 1 })) },
    {
      weight: 1,
      arbitrary: fc.tuple(record, fc.nat()).map(([value, n]) => {
        const keys = Object.keys(value as object);
        if (!keys.length) return value;
        const copy = { ...(value as Record<string, unknown>) };
        delete copy[keys[n % keys.length]];
        return copy;
      }),
    },
  );
}

function stringArbitrary(schema: JsonSchema, context: ArbitraryContext, fieldName: string): fc.Arbitrary<unknown> {
  const existing = schema.format === 'uuid' ? context.idsFor(fieldName) : context.valuesFor(fieldName);
  let fresh: fc.Arbitrary<string>;
  if (schema.format === 'uuid') fresh = fc.uuid({ version: 7 });
  else if (schema.format === 'date-time') fresh = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  else if (schema.format === 'date') fresh = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  else if (schema.format === 'email') fresh = fc.emailAddress();
  else if (schema.pattern) fresh = patternArbitrary(schema.pattern, schema);
  else {
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.min(schema.maxLength ?? 40, Math.max(minLength, 40));
    fresh = fc.oneof(
      fc.string({ minLength, maxLength }),
      fc.string({ unit: 'grapheme', minLength, maxLength }),
      words.filter((w) => w.length >= minLength && w.length <= (schema.maxLength ?? Infinity)),
    );
  }
  return existing.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...existing) }, { weight: 1, arbitrary: fresh }) : fresh;
}

function patternArbitrary(pattern: string, schema: JsonSchema): fc.Arbitrary<string> {
  try {
    const regex = new RegExp(pattern);
    const matching = fc.stringMatching(regex);
    const { minLength = 0, maxLength = Infinity } = schema;
    return matching.filter((s) => s.length >= minLength && s.length <= maxLength && regex.test(s));
  } catch {
    return fc.string();
  }
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  if (integer) {
    const min = Math.max(schema.minimum ?? (exclusiveMin !== undefined ? Math.floor(exclusiveMin) + 1 : -1_000_000), Number.MIN_SAFE_INTEGER);
    const max = Math.min(schema.maximum ?? (exclusiveMax !== undefined ? Math.ceil(exclusiveMax) - 1 : 1_000_000), Number.MAX_SAFE_INTEGER);
    // Where the schema sets no bound, the database column still has one: try just past int4.
    const unbounded = [...(schema.maximum === undefined ? [2 ** 31, Number.MAX_SAFE_INTEGER] : []), ...(schema.minimum === undefined ? [-(2 ** 31) - 1] : [])];
    const edges = [min, max, 0, 1].filter((n) => n >= min && n <= max).concat(unbounded);
    return fc.oneof(fc.integer({ min, max }), fc.constantFrom(...edges));
  }
  const min = schema.minimum ?? exclusiveMin ?? -1e6;
  const max = schema.maximum ?? exclusiveMax ?? 1e6;
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: exclusiveMin !== undefined, maxExcluded: exclusiveMax !== undefined })
    .map((n) => (Object.is(n, -0) ? 0 : n));
}

/** What one field is replaced with in the one-field-at-a-time sweep. */
export function breakagesOf(value: unknown): unknown[] {
  if (typeof value === 'string') return ['a\u0000b', 'x\ud800', 'x'.repeat(5_000), '', 7];
  if (typeof value === 'number') return [2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -1, 1.5, '1'];
  if (typeof value === 'boolean') return ['true', null];
  if (Array.isArray(value)) return [[], {}, [null]];
  if (value && typeof value === 'object') return [[], {}, null];
  return [];
}

/** Every path into `value` (objects and arrays), the value's own path first. */
export function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const children = Array.isArray(value)
    ? value.flatMap((item, i) => pathsOf(item, [...path, i]))
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))
      : [];
  return [path, ...children];
}

/** A copy of `root` with the value at `path` replaced. */
export function withValueAt(root: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[head] = withValueAt(copy[head], rest, replacement);
  return copy;
}

export function valueAt(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)?.[key], root);
}

function singular(name: string): string {
  return name.endsWith('Ids') ? name.slice(0, -1) : name.endsWith('s') ? name.slice(0, -1) : name;
}

/** One operation of the OpenAPI document, with its parameters' and body's schemas. */
export interface Operation {
  method: string;
  path: string;
  parameters: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** The operations of the server's OpenAPI document (but those `skip` names) and its component schemas. */
export async function openApiOperations(
  server: { request(options: { method: string; url: string }): Promise<{ json(): unknown }> },
  skip: (path: string) => boolean,
): Promise<{ operations: Operation[]; components: Record<string, JsonSchema> }> {
  const document = (await server.request({ method: 'GET', url: '/openapi.json' })).json() as OpenApiDocument;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    if (skip(path)) continue;
    for (const [method, operation] of Object.entries(methods)) {
      if (method === 'parameters') continue;
      operations.push({ method: method.toUpperCase(), path, parameters: operation.parameters ?? [], body: operation.requestBody?.content?.['application/json']?.schema });
    }
  }
  return { operations, components: document.components?.schemas ?? {} };
}

import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../platform/errors';
import { systemContext, type RequestContext } from '../../platform/context';
import { inTransaction, type Db, type TransactionRunner, type UnitOfWork } from '../../platform/unit-of-work';
import { INFUSED_BY_DEFAULT, otherThc, slugify, type Category, type OtherThcMgPerServing, type PriceTier, type SkuContentColumns } from './catalog.model';
import { priceInputSchema } from './catalog.schemas';
import { assertSkuUnitChangeAllowed, cannabisContentProblem, CatalogEvents, currencyOf, labFactsProblem, lockCatalogNames, structureBoundsProblem } from './catalog.service';
import {
  MAX_LENGTH,
  MAX_MILLIGRAMS,
  MAX_PACK_COUNT,
  mapHeaders,
  parseAttributes,
  parseBoolean,
  parseCategory,
  parseCurrency,
  inCompoundOrder,
  parseInstant,
  parseMilligrams,
  parseOtherThc,
  parsePackCount,
  parsePercent,
  parsePriceCents,
  parseStrainType,
  parseTiers,
  parseUnit,
  parseWeightMg,
  splitList,
  type ImportField,
} from './import-row';
import { assertStartAhead, recordStorePricesSetNow, schedulePrices, setOrganizationPrice } from './price-schedule.service';
import { queueManyForReview } from './review.service';
import { guessStructure, type SkuStructure, type StructureGuess } from './structure-guess';

// `verdant import products FILE.csv`: a POS export in, the catalog upserted by SKU code.
//
// 1. Every row is read and checked first. A row with any problem is written to the errors file
//    (with its line number) and nothing of it reaches the database.
// 2. Accepted rows are grouped into products (by title slug) and written in chunks, one
//    transaction each, a product never split across chunks. Each chunk compares with what is
//    stored and writes only what changed, with set-based statements (jsonb_to_recordset), so a
//    re-import of the same file writes nothing.
// 3. Gaps (category, size, cannabis content) are filled from the register name by the shorthand
//    normalizer; a low-confidence guess puts the new SKU in the review queue. A guess never
//    overwrites what is stored: the stored value may be a person's correction.
// 4. A file states only its columns. A stored SKU or product keeps every fact the file has no
//    column for (a POS export that knows nothing of compliance flags must not clear them); an
//    empty cell in a column the file has clears what may be cleared (docs/catalog.md).

export interface ImportOptions {
  organizationId: string;
  file: string;
  /** Where rejected rows are written; default `<file>.errors.csv`. */
  errorsFile?: string;
  reviewThreshold?: number;
  /** Accepted rows per transaction (default 2000). */
  chunkSize?: number;
  context?: RequestContext;
  /** Awaited: the import goes on once it has returned (or its promise has settled). */
  onProgress?: (progress: { phase: 'check' | 'write'; done: number; total: number }) => unknown;
}

export interface ImportError {
  line: number;
  code: string;
  field: string;
  error: string;
  message: string;
}

export interface ImportSummary {
  rows: number;
  accepted: number;
  rejected: number;
  products: { created: number; updated: number; unchanged: number };
  skus: { created: number; updated: number; unchanged: number };
  /** changed: prices in force now (a store's own, or organization-wide); scheduled: prices set ahead. */
  prices: { changed: number; unchanged: number; scheduled: number };
  brandsCreated: number;
  queuedForReview: number;
  ignoredColumns: string[];
  errorsFile: string | null;
  errors: ImportError[];
  durationMs: number;
}

export class ImportFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`The file cannot be imported:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ImportFileError';
  }
}

interface AcceptedRow {
  line: number;
  code: string;
  /** The columns the file has. What a stored SKU or product has that none of them states, it keeps. */
  given: ReadonlySet<ImportField>;
  productSlug: string;
  title: string;
  brand: string | null;
  explicit: Partial<Record<'category' | 'strainType' | 'brand' | 'title', boolean>>;
  /** For a SKU already stored whose title the file does not give: stay with the stored product. */
  existingProductId?: string;
  category: Category;
  strainType: string | null;
  /** Product facts from this row's cells: null (or no effects) when the cell is empty or absent. */
  strainName: string | null;
  description: string | null;
  effects: string[];
  /** The SKU as a new one would be written: the row's cells, gaps filled by the guess, else the defaults. */
  sku: {
    registerName: string | null;
    sizeLabel: string;
    unit: 'each' | 'weight';
    netWeightMg: number | null;
    packCount: number | null;
    thcMg: number | null;
    thcMgPerServing: number | null;
    otherThcMgPerServing: OtherThcMgPerServing | null;
    thcPercent: number | null;
    thcaPercent: number | null;
    cbdMg: number | null;
    cbdPercent: number | null;
    barcode: string | null;
    medicalOnly: boolean;
    dohCompliant: boolean;
    restrictedJurisdictions: string[];
    attributes: string[];
  };
  guess: StructureGuess | null;
  /**
   * The row's prices: at a store, or organization-wide (storeId null), with their quantity tiers
   * when the file has the scope's tiers column (null: it has none; a stored price keeps its own).
   */
  prices: RowPrice[];
  /** The organization-wide price's currency (organization_price_currency), or null: the stores' one currency. */
  organizationCurrency: string | null;
  /** When the row's prices start (price_effective_from); null: now. */
  effectiveFrom: string | null;
}

type RowPrice = { storeId: string | null; priceCents: number; tiers: PriceTier[] | null };

/** A price column and, when the file has one, its tiers column (by header, as errors name them). */
type PriceColumn = { index: number; storeId: string | null; header: string; tiers: { index: number; header: string } | null };

/** The columns the import writes; other THC per serving as an object (jsonb), in the compounds' order. */
type SkuColumns = Omit<SkuContentColumns, 'code'> & { other_thc_mg_per_serving: OtherThcMgPerServing | null };

type SkuRecord = SkuColumns & {
  code: string;
  id: string;
  product_id: string;
};

/** A stored SKU as the check reads it: its columns and its product's category and title. */
type StoredSku = SkuRecord & { product_category: string; product_title: string };

/** The structure columns a guess may fill: SKU column, structure key, and the file column that states it. */
const STRUCTURE_COLUMNS = [
  ['size_label', 'sizeLabel', 'size'],
  ['net_weight_mg', 'netWeightMg', 'netWeight'],
  ['pack_count', 'packCount', 'packCount'],
  ['thc_mg', 'thcMg', 'thcMg'],
  ['thc_mg_per_serving', 'thcMgPerServing', 'thcMgPerServing'],
  ['thc_percent', 'thcPercent', 'thcPercent'],
  ['cbd_mg', 'cbdMg', 'cbdMg'],
] as const satisfies readonly (readonly [keyof SkuColumns, keyof SkuStructure, ImportField])[];

export async function importProducts(runner: TransactionRunner, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { organizationId } = options;
  const db = runner.database.db;
  const context = options.context ?? systemContext(organizationId);
  const chunkSize = options.chunkSize ?? 2000;

  const text = readFileSync(options.file, 'utf8');
  const records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  if (records.length === 0) throw new ImportFileError(['The file is empty.']);
  const lines = firstLines(records);
  const headers = records[0].record;
  const map = mapHeaders(headers);
  const stores = await db.selectFrom('store').select(['id', 'license_number', 'jurisdiction']).where('organization_id', '=', organizationId).execute();
  const storeByLicense = new Map(stores.map((s) => [s.license_number.toLowerCase(), s.id]));
  const priceColumns: PriceColumn[] = [];
  for (const [index, license] of map.prices) {
    const storeId = storeByLicense.get(license.toLowerCase());
    if (!storeId) map.problems.push(`Column "${headers[index]}": no store of this organization has license ${license}.`);
    else priceColumns.push({ index, storeId, header: headers[index], tiers: null });
  }
  // A store's tiers column goes with its price column: tiers are part of a price.
  for (const [index, license] of map.tiers) {
    const storeId = storeByLicense.get(license.toLowerCase());
    const column = priceColumns.find((c) => c.storeId === storeId);
    if (!storeId) map.problems.push(`Column "${headers[index]}": no store of this organization has license ${license}.`);
    else if (!column) map.problems.push(`Column "${headers[index]}" gives the quantity tiers of a price the file has no column for: add price_${license}.`);
    else if (column.tiers) map.problems.push(`Columns "${column.tiers.header}" and "${headers[index]}" both give the tiers of price column "${column.header}".`);
    else column.tiers = { index, header: headers[index] };
  }
  const given: ReadonlySet<ImportField> = new Set(map.fields.values());
  for (const field of ['organizationPriceTiers', 'organizationPriceCurrency'] as const) {
    if (given.has(field) && !given.has('organizationPrice')) {
      map.problems.push(`Column "${headers[[...map.fields].find(([, f]) => f === field)![0]]}" belongs to the organization-wide price, and the file has no price_* column.`);
    }
  }
  // An organization-wide price is in the stores' currency; a chain over USD and CAD states one,
  // as PUT /v1/catalog/skus/:id/organization-price states it: the file needs the currency column.
  const currencies = [...new Set(stores.map((s) => currencyOf(s.jurisdiction)))].sort();
  if (given.has('organizationPrice') && !given.has('organizationPriceCurrency') && currencies.length > 1) {
    map.problems.push(
      `The organization's stores price in ${currencies.join(' and ')}: add an organization_price_currency column stating the currency of each organization-wide price.`,
    );
  }
  if (map.problems.length > 0) throw new ImportFileError(map.problems);

  const brandRows = await db.selectFrom('brand').select(['id', 'name', 'aliases']).where('organization_id', '=', organizationId).execute();
  const brandEntries = brandRows.map((b) => ({ name: b.name, aliases: b.aliases }));
  // What is stored for the file's codes: a row is checked as it will be written, stored facts
  // included (the write checks again under the lock, against what is stored then).
  const codeIndex = [...map.fields].find(([, field]) => field === 'code')![0];
  const fileCodes = [...new Set(records.slice(1).map((r) => (r.record[codeIndex] ?? '').trim()).filter(Boolean))];
  const storedSkus = await loadSkus(db, organizationId, fileCodes);
  const otherCase = await storedCodesInOtherCase(db, organizationId, fileCodes);

  // ---- 1. check every row ----
  const errors: ImportError[] = [];
  const accepted: AcceptedRow[] = [];
  const total = records.length - 1;
  const linesByCode = new Map<string, number[]>();
  for (let r = 1; r < records.length; r++) {
    const { record } = records[r];
    const line = lines[r];
    // Every column the file has, empty cells included: an empty cell clears, a missing column keeps.
    const cells = new Map<ImportField, string>();
    for (const [index, field] of map.fields) cells.set(field, (record[index] ?? '').trim());
    const code = cells.get('code') ?? '';
    const stored = storedSkus.get(code);
    const rowErrors: ImportError[] = [];
    const fail = (field: string, error: string, message: string) => rowErrors.push({ line, code, field, error, message });
    const caseTwin = codeInOtherCase(otherCase, stored, code);
    if (caseTwin) fail(caseTwin.field, caseTwin.error, caseTwin.message);
    const row = checkRow(cells, record, stored, map.netWeightUnit, priceColumns, currencies, brandEntries, options.reviewThreshold, fail);
    if (row && rowErrors.length === 0) {
      // The content rule holds for the SKU as it will be stored: the file's cells over the stored facts.
      const columns = skuColumns({ ...row, given }, stored, row.category);
      const problem = contentProblem(row.category, columns);
      if (problem) fail(problem.field, problem.code, problem.message);
      else {
        const unitInUse = await unitChangeRefused(db, organizationId, stored, code, columns.unit);
        if (unitInUse) fail(unitInUse.field, unitInUse.error, unitInUse.message);
      }
    }
    if (code) linesByCode.set(code.toUpperCase(), [...(linesByCode.get(code.toUpperCase()) ?? []), line]);
    if (rowErrors.length > 0 || !row) errors.push(...rowErrors);
    else accepted.push({ ...row, given, line });
    if (r % 500 === 0 || r === total) await options.onProgress?.({ phase: 'check', done: r, total });
  }
  // A code that appears twice: we cannot know which row is right, so neither is written.
  const duplicated = new Set([...linesByCode].filter(([, lines]) => lines.length > 1).map(([code]) => code));
  let rows = accepted;
  if (duplicated.size > 0) {
    rows = [];
    for (const row of accepted) {
      if (!duplicated.has(row.code.toUpperCase())) rows.push(row);
      else {
        const others = linesByCode.get(row.code.toUpperCase())!.filter((l) => l !== row.line);
        errors.push({
          line: row.line,
          code: row.code,
          field: 'code',
          error: 'DUPLICATE_SKU_CODE',
          message: `SKU code ${row.code} also appears on line ${others.join(', ')}.`,
        });
      }
    }
  }
  // One product, one category: a row whose explicit category contradicts its product's is refused.
  const productHead = new Map<string, AcceptedRow>();
  const consistent: AcceptedRow[] = [];
  for (const row of rows) {
    const head = productHead.get(row.productSlug);
    if (!head) {
      productHead.set(row.productSlug, row);
      consistent.push(row);
    } else if (row.explicit.category && head.category !== row.category) {
      errors.push({
        line: row.line,
        code: row.code,
        field: 'category',
        error: 'CATEGORY_CONFLICT',
        message: `Product "${row.title}" is ${head.category} on line ${head.line}, ${row.category} here.`,
      });
    } else {
      consistent.push({ ...row, category: head.category });
    }
  }

  const summary: ImportSummary = {
    rows: total,
    accepted: consistent.length,
    rejected: 0,
    products: { created: 0, updated: 0, unchanged: 0 },
    skus: { created: 0, updated: 0, unchanged: 0 },
    prices: { changed: 0, unchanged: 0, scheduled: 0 },
    brandsCreated: 0,
    queuedForReview: 0,
    ignoredColumns: map.ignored,
    errorsFile: null,
    errors,
    durationMs: 0,
  };
  /** Counts the refused rows and writes the errors file: every row that is not in the catalog. */
  const finish = () => {
    errors.sort((a, b) => a.line - b.line);
    summary.rejected = new Set(errors.map((e) => e.line)).size;
    if (errors.length > 0) {
      const path = options.errorsFile ?? `${options.file}.errors.csv`;
      const rows = errors.map((e) => ({ line: e.line, code: cell(e.code), field: cell(e.field), error: e.error, message: cell(e.message) }));
      writeFileSync(path, stringify(rows, { header: true, columns: ['line', 'code', 'field', 'error', 'message'] }));
      summary.errorsFile = path;
    }
  };

  // ---- 2. brands, products, SKUs, prices, in chunks that never split a product ----
  const brandIds = new Map<string, { id: string; name: string }>();
  for (const b of brandRows) {
    brandIds.set(b.name.toLowerCase(), { id: b.id, name: b.name });
    for (const alias of b.aliases) if (!brandIds.has(alias.toLowerCase())) brandIds.set(alias.toLowerCase(), { id: b.id, name: b.name });
  }
  const groups = new Map<string, AcceptedRow[]>();
  for (const row of consistent) groups.set(row.productSlug, [...(groups.get(row.productSlug) ?? []), row]);
  const pending = [...groups.values()];
  let next = 0;
  let chunkStart = 0;
  let written = 0;
  try {
    while (next < pending.length) {
      chunkStart = next;
      const chunk: AcceptedRow[][] = [];
      for (let rowsInChunk = 0; next < pending.length && rowsInChunk < chunkSize; next++) {
        chunk.push(pending[next]);
        rowsInChunk += pending[next].length;
      }
      const refused = await inTransaction(runner, context, (uow) => writeChunk(uow, organizationId, chunk, brandIds, summary, options.file));
      errors.push(...refused);
      summary.accepted -= refused.length;
      written += chunk.reduce((n, g) => n + g.length, 0);
      await options.onProgress?.({ phase: 'write', done: written, total: consistent.length });
    }
  } catch (error) {
    // The failed chunk was rolled back and the ones before it are in: the errors file lists every
    // row that is not, so nothing is left out silently.
    const reason = error instanceof Error ? error.message : String(error);
    for (const row of pending.slice(chunkStart).flat()) {
      errors.push({ line: row.line, code: row.code, field: 'code', error: 'NOT_IMPORTED', message: `Not written: the import stopped (${reason}).` });
      summary.accepted--;
    }
    finish();
    throw error;
  }
  if (consistent.length === 0) await options.onProgress?.({ phase: 'write', done: 0, total: 0 });
  finish();
  summary.durationMs = Date.now() - started;
  return summary;
}

/**
 * Spreadsheets run cells that start with = + - @ as formulas (as the compliance CSV); the errors
 * file repeats the file's own cells (a SKU code, a price column's header), and is opened in one.
 */
const cell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/**
 * The line (header = 1) on which each record starts. csv-parse counts lines as it reads, and
 * inside a quoted cell it counts "\r\n" as two: its count at a record's end, less the line
 * breaks in the record's cells, less the "\r\n"s it counted twice in the cells so far.
 */
function firstLines(records: { record: string[]; info: { lines: number } }[]): number[] {
  let countedTwice = 0;
  return records.map(({ record, info }) => {
    let breaks = 0;
    let crlf = 0;
    for (const cell of record) {
      breaks += cell.match(/[\r\n]/g)?.length ?? 0;
      crlf += cell.match(/\r\n/g)?.length ?? 0;
    }
    const line = info.lines - breaks - countedTwice;
    countedTwice += crlf;
    return line;
  });
}

type RowRefusal = Pick<ImportError, 'field' | 'error' | 'message'>;

/**
 * The register finds a code whatever its letter case: a new SKU may not take a stored one's in
 * another case (`otherCase` from storedCodesInOtherCase). Checked when the rows are read and again
 * at the write, under the catalog lock, as the API checks it (assertCodesFree).
 */
function codeInOtherCase(otherCase: ReadonlyMap<string, string>, stored: StoredSku | undefined, code: string): RowRefusal | null {
  const takenAs = stored ? undefined : otherCase.get(code.toUpperCase());
  if (!takenAs) return null;
  return { field: 'code', error: 'SKU_CODE_TAKEN', message: `SKU code ${code} is SKU ${takenAs} in another letter case; use ${takenAs} to update it.` };
}

/**
 * Stock already counted in a SKU's old unit would be read in the new one: the change is refused
 * (SKU_UNIT_IN_USE) as PATCH refuses it. Checked when the rows are read and again at the write,
 * with the SKU's product locked, as PATCH checks it.
 */
async function unitChangeRefused(db: Db, organizationId: string, stored: StoredSku | undefined, code: string, unit: string): Promise<RowRefusal | null> {
  if (!stored || unit === stored.unit) return null;
  try {
    await assertSkuUnitChangeAllowed(db, { organizationId, skuId: stored.id, code, to: unit as 'each' | 'weight' }, ['unit']);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { field: 'unit', error: error.code, message: error.message };
  }
}

/** A start that has passed is refused as the API refuses it (PRICE_START_PASSED): past prices are a record. */
function startPassed(effectiveFrom: string | null): RowRefusal | null {
  if (effectiveFrom === null) return null;
  try {
    assertStartAhead(effectiveFrom, ['priceEffectiveFrom']);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { field: 'priceEffectiveFrom', error: error.code, message: error.message };
  }
}

/** Stored codes that are one of these in another letter case (by the upper-case code). */
async function storedCodesInOtherCase(db: Db, organizationId: string, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const { rows } = await sql<{ code: string }>`
    select code from sku
     where organization_id = ${organizationId}::uuid
       and upper(code) = any(array(select upper(c) from unnest(${codes}::text[]) c))
       and code <> all(${codes}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.code.toUpperCase(), r.code]));
}

async function loadSkus(db: Db, organizationId: string, codes: string[]): Promise<Map<string, StoredSku>> {
  const stored = new Map<string, StoredSku>();
  if (codes.length === 0) return stored;
  const rows = await db
    .selectFrom('sku')
    .innerJoin('product', 'product.id', 'sku.product_id')
    .select([
      'sku.id',
      'sku.product_id',
      'sku.code',
      'sku.register_name',
      'sku.barcode',
      'sku.size_label',
      'sku.unit',
      'sku.net_weight_mg',
      'sku.pack_count',
      'sku.thc_mg',
      'sku.thc_mg_per_serving',
      'sku.other_thc_mg_per_serving',
      'sku.thc_percent',
      'sku.thca_percent',
      'sku.cbd_mg',
      'sku.cbd_percent',
      'sku.infused',
      'sku.doh_compliant',
      'sku.medical_only',
      'sku.adult_use_allowed',
      'sku.restricted_jurisdictions',
      'sku.attributes',
      'sku.review_status',
      'product.category as product_category',
      'product.title as product_title',
    ])
    .where('sku.organization_id', '=', organizationId)
    .where('sku.code', '=', sql<string>`any(${codes}::text[])`)
    .execute();
  for (const s of rows) {
    stored.set(s.code, {
      ...s,
      thc_mg: num(s.thc_mg),
      thc_mg_per_serving: num(s.thc_mg_per_serving),
      other_thc_mg_per_serving: inCompoundOrder(otherThc(s.other_thc_mg_per_serving)),
      thc_percent: num(s.thc_percent),
      thca_percent: num(s.thca_percent),
      cbd_mg: num(s.cbd_mg),
      cbd_percent: num(s.cbd_percent),
    });
  }
  return stored;
}

/**
 * The columns a row writes for its SKU. A new SKU: what the row says, gaps filled by the guess,
 * else the defaults. A stored SKU: what the file's columns say (an empty cell clears); a column
 * the file does not have, or a gap the guess filled, keeps the stored value (it may be a person's
 * correction).
 */
function skuColumns(row: Omit<AcceptedRow, 'line'>, stored: SkuColumns | undefined, category: Category): SkuColumns {
  const stated = (field: ImportField) => !stored || row.given.has(field);
  const filled = new Set<string>(row.guess?.filledFields ?? []);
  const structure = {} as Pick<SkuColumns, (typeof STRUCTURE_COLUMNS)[number][0]>;
  for (const [column, key, field] of STRUCTURE_COLUMNS) {
    const value = row.sku[key];
    (structure as Record<string, unknown>)[column] = stored && (!row.given.has(field) || filled.has(key)) ? stored[column] : value;
  }
  const medicalOnly = stated('medicalOnly') ? row.sku.medicalOnly : stored!.medical_only;
  return {
    register_name: stated('registerName') ? row.sku.registerName : stored!.register_name,
    barcode: stated('barcode') ? row.sku.barcode : stored!.barcode,
    unit: stated('unit') ? row.sku.unit : stored!.unit,
    ...structure,
    other_thc_mg_per_serving: stated('otherThcMgPerServing') ? row.sku.otherThcMgPerServing : stored!.other_thc_mg_per_serving,
    thca_percent: stated('thcaPercent') ? row.sku.thcaPercent : stored!.thca_percent,
    cbd_percent: stated('cbdPercent') ? row.sku.cbdPercent : stored!.cbd_percent,
    infused: stored?.infused ?? (INFUSED_BY_DEFAULT.has(category) || Boolean(row.guess?.result.qualifiers.includes('infused'))),
    // An empty cell clears the certification: a product is DOH-compliant only where someone says so.
    doh_compliant: stated('dohCompliant') ? row.sku.dohCompliant : stored!.doh_compliant,
    medical_only: medicalOnly,
    // A file says who may buy only through medical_only: "no" opens a medical-only SKU to adult
    // use, and leaves a SKU that was not medical-only as it was.
    adult_use_allowed: medicalOnly ? false : !stored || stored.medical_only ? true : stored.adult_use_allowed,
    restricted_jurisdictions: stated('restrictedJurisdictions') ? row.sku.restrictedJurisdictions : stored!.restricted_jurisdictions,
    attributes: stated('attributes') ? row.sku.attributes : stored!.attributes,
    review_status: stored?.review_status ?? (row.guess?.needsReview ? 'needs_review' : 'confirmed'),
  };
}

const contentProblem = (category: Category, sku: SkuColumns) =>
  cannabisContentProblem(category, {
    unit: sku.unit,
    netWeightMg: sku.net_weight_mg,
    thcMg: sku.thc_mg,
    medicalOnly: sku.medical_only,
    adultUseAllowed: sku.adult_use_allowed,
  }) ?? labFactsProblem({ thcMg: sku.thc_mg, thcMgPerServing: sku.thc_mg_per_serving, thcPercent: sku.thc_percent, thcaPercent: sku.thca_percent, cbdPercent: sku.cbd_percent });

/** The file column and error code under which a structure value past the API's bounds is refused. */
const BOUNDS_ERROR: Record<keyof SkuStructure, [ImportField, string]> = {
  category: ['category', 'UNKNOWN_CATEGORY'],
  strainType: ['strainType', 'UNKNOWN_STRAIN_TYPE'],
  brand: ['brand', 'INVALID_BRAND'],
  sizeLabel: ['size', 'INVALID_SIZE'],
  netWeightMg: ['netWeight', 'INVALID_NET_WEIGHT'],
  packCount: ['packCount', 'INVALID_PACK_COUNT'],
  thcMg: ['thcMg', 'INVALID_THC'],
  thcMgPerServing: ['thcMgPerServing', 'INVALID_THC'],
  thcPercent: ['thcPercent', 'INVALID_THC'],
  cbdMg: ['cbdMg', 'INVALID_CBD'],
};

function checkRow(
  cells: Map<ImportField, string>,
  record: string[],
  stored: StoredSku | undefined,
  netWeightUnit: 'g' | 'mg',
  priceColumns: PriceColumn[],
  /** The currencies the organization's stores price in. */
  currencies: readonly string[],
  brands: { name: string; aliases: string[] }[],
  reviewThreshold: number | undefined,
  fail: (field: string, error: string, message: string) => void,
): Omit<AcceptedRow, 'line' | 'given'> | null {
  /** A cell's text, or null when it is empty or the file has no such column. */
  const text = (field: ImportField) => cells.get(field) || null;
  const code = text('code');
  if (!code) fail('code', 'MISSING_SKU_CODE', 'The SKU code is empty.');
  else if (code.length > 100) fail('code', 'INVALID_SKU_CODE', 'The SKU code is longer than 100 characters.');
  const registerName = text('registerName');
  if (registerName && registerName.length > MAX_LENGTH.registerName) {
    fail('registerName', 'INVALID_REGISTER_NAME', `The register name is longer than ${MAX_LENGTH.registerName} characters.`);
  }

  const categoryText = text('category');
  const category = categoryText ? parseCategory(categoryText) : null;
  if (categoryText && !category) fail('category', 'UNKNOWN_CATEGORY', `Unknown category "${categoryText}".`);
  const strainText = text('strainType');
  const strainType = strainText ? parseStrainType(strainText) : null;
  if (strainText && !strainType) fail('strainType', 'UNKNOWN_STRAIN_TYPE', `Unknown strain type "${strainText}" (indica, sativa, hybrid or cbd).`);
  const unitText = text('unit');
  const unit = unitText ? parseUnit(unitText) : 'each';
  if (unitText && !unit) fail('unit', 'UNKNOWN_UNIT', `Unknown unit "${unitText}" (each or weight).`);

  const malformed = new Set<ImportField>();
  const number = <T>(field: ImportField, parser: (v: string) => T | null, error: string, what: string): T | null => {
    const value = text(field);
    if (value === null) return null;
    const parsed = parser(value);
    if (parsed === null) {
      malformed.add(field);
      fail(field, error, `"${value}" is not ${what}.`);
    }
    return parsed;
  };
  const mg = `an amount of milligrams up to ${MAX_MILLIGRAMS.toLocaleString('en-US')}`;
  const netWeightMg = number('netWeight', (v) => parseWeightMg(v, netWeightUnit), 'INVALID_NET_WEIGHT', 'a weight such as 3.5g or 3500mg, at most 10 kg');
  const thcMg = number('thcMg', parseMilligrams, 'INVALID_THC', mg);
  const thcMgPerServing = number('thcMgPerServing', parseMilligrams, 'INVALID_THC', mg);
  const thcPercent = number('thcPercent', parsePercent, 'INVALID_THC', 'a percentage between 0 and 100');
  const thcaPercent = number('thcaPercent', parsePercent, 'INVALID_THC', 'a percentage between 0 and 100');
  const cbdMg = number('cbdMg', parseMilligrams, 'INVALID_CBD', mg);
  const cbdPercent = number('cbdPercent', parsePercent, 'INVALID_CBD', 'a percentage between 0 and 100');
  const otherThcText = text('otherThcMgPerServing');
  const otherThcCell = otherThcText === null ? null : parseOtherThc(otherThcText);
  if (otherThcCell && 'error' in otherThcCell) {
    malformed.add('otherThcMgPerServing');
    fail('otherThcMgPerServing', otherThcCell.error, otherThcCell.message);
  }
  const packCount = number('packCount', parsePackCount, 'INVALID_PACK_COUNT', `a whole number from 1 to ${MAX_PACK_COUNT.toLocaleString('en-US')}`);
  const medicalOnly = number('medicalOnly', parseBoolean, 'INVALID_FLAG', 'yes or no') ?? false;
  const dohCompliant = number('dohCompliant', parseBoolean, 'INVALID_FLAG', 'yes or no') ?? false;
  const restricted = splitList(cells.get('restrictedJurisdictions') ?? '').map((j) => j.toUpperCase());
  for (const j of restricted) if (!/^[A-Z]{2}-[A-Z]{2}$/.test(j)) fail('restrictedJurisdictions', 'INVALID_JURISDICTION', `"${j}" is not a code such as US-CA.`);
  if (restricted.length > 100) fail('restrictedJurisdictions', 'INVALID_JURISDICTION', 'More than 100 jurisdictions.');
  const attributesCell = parseAttributes(cells.get('attributes') ?? '');
  if ('unknown' in attributesCell)
    fail('attributes', 'UNKNOWN_ATTRIBUTE', `"${attributesCell.unknown}" is not an attribute (perishable or contains_alcohol, separated by |).`);
  const barcode = text('barcode');
  if (barcode && !/^[0-9A-Za-z-]{4,64}$/.test(barcode)) fail('barcode', 'INVALID_BARCODE', `"${barcode}" is not a barcode.`);
  const effects = splitList((cells.get('effects') ?? '').toLowerCase());
  if (effects.some((e) => !/^[a-z][a-z -]{0,39}$/.test(e)) || effects.length > 30) {
    fail('effects', 'INVALID_EFFECT', 'Effects are up to 30 words such as relaxed; separate them with ;.');
  }
  const strainName = text('strainName');
  if (strainName && strainName.length > MAX_LENGTH.strainName) fail('strainName', 'INVALID_STRAIN_NAME', `The strain name is longer than ${MAX_LENGTH.strainName} characters.`);
  const description = text('description');
  if (description && description.length > MAX_LENGTH.description) {
    fail('description', 'INVALID_DESCRIPTION', `The description is longer than ${MAX_LENGTH.description.toLocaleString('en-US')} characters.`);
  }

  const prices: RowPrice[] = [];
  const organizationPrice: PriceColumn = { index: -1, storeId: null, header: 'organizationPrice', tiers: null };
  for (const column of [...priceColumns, organizationPrice]) {
    const organizationWide = column.storeId === null;
    const value = (organizationWide ? cells.get('organizationPrice') ?? '' : record[column.index] ?? '').trim();
    // The scope's tiers cell: null when the file has no tiers column for it.
    const tiersHeader = organizationWide ? 'organizationPriceTiers' : column.tiers?.header;
    const tiersText = organizationWide ? cells.get('organizationPriceTiers') ?? null : column.tiers ? (record[column.tiers.index] ?? '').trim() : null;
    if (!value) {
      if (tiersText) fail(tiersHeader!, 'TIERS_WITHOUT_PRICE', `Quantity tiers "${tiersText}" are for a price, and this row has none in "${column.header}".`);
      continue;
    }
    const parsed = parsePriceCents(value);
    if ('error' in parsed) {
      fail(column.header, parsed.error, parsed.error === 'NEGATIVE_PRICE' ? `Price "${value}" is negative.` : `"${value}" is not a price of at most $1,000,000.00.`);
      continue;
    }
    // An empty tiers cell states that the price has none (a stored price's tiers are cleared).
    let tiers: PriceTier[] | null = null;
    if (tiersText !== null) {
      const cell = parseTiers(tiersText);
      if ('error' in cell) {
        fail(tiersHeader!, cell.error, cell.message);
        continue;
      }
      const problem = tiersProblem(parsed.cents, cell.tiers);
      if (problem) {
        fail(tiersHeader!, 'INVALID_TIERS', problem);
        continue;
      }
      tiers = cell.tiers;
    }
    prices.push({ storeId: column.storeId, priceCents: parsed.cents, tiers });
  }
  // The organization-wide price's currency, as the API's `currency` states it: one of the stores'.
  const currencyText = text('organizationPriceCurrency');
  let organizationCurrency: string | null = null;
  if (currencyText !== null) {
    organizationCurrency = parseCurrency(currencyText);
    if (organizationCurrency === null) fail('organizationPriceCurrency', 'INVALID_CURRENCY', `"${currencyText}" is not a currency code such as USD.`);
    else if (currencies.length > 0 && !currencies.includes(organizationCurrency)) {
      fail('organizationPriceCurrency', 'CURRENCY_MISMATCH', `The organization's stores price in ${currencies.join(', ')}, not ${organizationCurrency}.`);
    }
  } else if (currencies.length > 1 && prices.some((p) => p.storeId === null)) {
    fail('organizationPriceCurrency', 'CURRENCY_REQUIRED', `The organization's stores price in ${currencies.join(' and ')}: state the currency of this organization-wide price.`);
  }
  // The row's prices start then (a store's and the organization's alike), as the API's effectiveFrom.
  const startText = text('priceEffectiveFrom');
  const effectiveFrom = startText === null ? null : parseInstant(startText);
  if (startText !== null && effectiveFrom === null) {
    fail('priceEffectiveFrom', 'INVALID_EFFECTIVE_FROM', `"${startText}" is not an instant with its offset, such as 2031-03-07T00:00:00-08:00.`);
  } else if (effectiveFrom !== null) {
    const passed = startPassed(effectiveFrom);
    if (passed) fail(passed.field, passed.error, passed.message);
  }

  // Fill the gaps from the register name.
  const known: Partial<SkuStructure> = {
    category,
    strainType,
    brand: text('brand'),
    sizeLabel: text('size'),
    netWeightMg,
    packCount,
    thcMg,
    thcMgPerServing,
    thcPercent,
    cbdMg,
  };
  let structure = known as SkuStructure;
  let guess: StructureGuess | null = null;
  const needsContent = !category || (!known.sizeLabel && netWeightMg === null && thcMg === null) || !known.brand || !strainType;
  const guessText = registerName ?? (known.sizeLabel && text('title') ? `${text('title')} ${known.sizeLabel}` : null);
  if (guessText && needsContent) {
    guess = guessStructure(guessText, known, { brands, reviewThreshold });
    structure = guess.structure;
    if (guess.filledFields.length === 0) guess = null;
  }
  // Past the API's bounds: what the file says, and what the guess read for a new SKU (a stored
  // SKU keeps its own value where the guess fills a gap, so the guess is not written).
  const bounded: Partial<SkuStructure> = { ...structure };
  if (stored) for (const key of guess?.filledFields ?? []) bounded[key] = null;
  const outOfBounds = structureBoundsProblem(bounded);
  if (outOfBounds) {
    const [field, error] = BOUNDS_ERROR[outOfBounds.field];
    const read = guess?.filledFields.includes(outOfBounds.field) ? `Read from the register name: ` : '';
    if (!malformed.has(field)) fail(field, error, `${read}${outOfBounds.message}`);
    return null;
  }
  // A stored SKU keeps its product's category unless the file states another.
  const rowCategory = category ?? (stored ? (stored.product_category as Category) : structure.category);
  if (!rowCategory) {
    if (!categoryText) fail('category', 'MISSING_CATEGORY', 'No category, and none could be read from the register name.');
    return null;
  }
  let title = text('title');
  if (!title && guess) {
    const name = guess.result.name.trim();
    title = name ? [structure.brand, name].filter(Boolean).join(' ') : null;
  }
  title ??= stored?.product_title ?? null;
  if (!title) {
    fail('title', 'MISSING_TITLE', 'No product title, and none could be read from the register name.');
    return null;
  }
  if (title.length > MAX_LENGTH.title) fail('title', 'INVALID_TITLE', `The product title is longer than ${MAX_LENGTH.title} characters.`);
  if (!code || !unit || malformed.size > 0) return null;
  const brand = structure.brand;
  const withBrand = brand && !title.toLowerCase().includes(brand.toLowerCase()) ? `${brand} ${title}` : title;
  // A stored SKU whose title the file does not give stays with its product: a title read from the
  // register name may differ between runs (the brand list grows), and a re-import must not move SKUs.
  const existingProductId = stored && !text('title') ? stored.product_id : undefined;
  return {
    code,
    productSlug: existingProductId ? `id:${existingProductId}` : slugify(withBrand),
    ...(existingProductId && { existingProductId }),
    title,
    brand,
    explicit: { category: category !== null, strainType: strainType !== null, brand: known.brand !== null, title: text('title') !== null },
    category: rowCategory,
    strainType: structure.strainType,
    strainName,
    description,
    effects,
    sku: {
      registerName,
      sizeLabel: structure.sizeLabel ?? '',
      unit,
      netWeightMg: structure.netWeightMg,
      packCount: structure.packCount,
      thcMg: structure.thcMg,
      thcMgPerServing: structure.thcMgPerServing,
      otherThcMgPerServing: otherThcCell && 'value' in otherThcCell ? otherThcCell.value : null,
      thcPercent: structure.thcPercent,
      thcaPercent,
      cbdMg: structure.cbdMg,
      cbdPercent,
      barcode,
      medicalOnly,
      dohCompliant,
      restrictedJurisdictions: restricted,
      attributes: 'attributes' in attributesCell ? attributesCell.attributes : [],
    },
    guess,
    prices,
    organizationCurrency,
    effectiveFrom,
  };
}

/**
 * What the API refuses in a price's tiers (priceInputSchema: at most 20, quantities 2 to 10,000 in
 * rising order, no tier dearer per unit than fewer units), in words naming the tier; null when none.
 */
function tiersProblem(priceCents: number, tiers: PriceTier[]): string | null {
  const checked = priceInputSchema.safeParse({ priceCents, tiers });
  if (checked.success) return null;
  const issue = checked.error.issues[0];
  const [, index, key] = issue.path;
  const tier = typeof index === 'number' ? tiers[index] : undefined;
  if (!tier) return `The tiers: ${issue.message}.`;
  return `Tier ${tier.minQuantity}=${(tier.unitPriceCents / 100).toFixed(2)} (${String(key)}): ${issue.message}.`;
}

type ProductRecord = {
  id: string;
  brand_id: string | null;
  brand_name: string | null;
  title: string;
  slug: string;
  description: string;
  category: string;
  strain_type: string | null;
  strain_name: string | null;
  effects: string[];
};

const num = (v: string | number | null) => (v === null ? null : Number(v));
/** The record writes nothing new: each of its columns equals the stored one. */
const same = (record: object, stored: object) =>
  Object.entries(record).every(([key, value]) => JSON.stringify(value) === JSON.stringify((stored as Record<string, unknown>)[key]));

/**
 * Brand names the chunk's products carry, as ids: those stored (read again here, under the lock,
 * since another import or a person may have added some since this import began), the others
 * created.
 */
async function resolveBrands(uow: UnitOfWork, organizationId: string, names: string[], brandIds: Map<string, { id: string; name: string }>, file: string) {
  const wanted = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()].filter((n) => !brandIds.has(n.toLowerCase()));
  if (wanted.length === 0) return 0;
  const stored = await uow.trx.selectFrom('brand').select(['id', 'name', 'slug', 'aliases']).where('organization_id', '=', organizationId).execute();
  for (const b of stored) {
    brandIds.set(b.name.toLowerCase(), { id: b.id, name: b.name });
    for (const alias of b.aliases) if (!brandIds.has(alias.toLowerCase())) brandIds.set(alias.toLowerCase(), { id: b.id, name: b.name });
  }
  const takenSlugs = new Set(stored.map((b) => b.slug));
  const created: { id: string; organization_id: string; name: string; slug: string; aliases: string[] }[] = [];
  for (const name of wanted) {
    if (brandIds.has(name.toLowerCase())) continue;
    let slug = slugify(name);
    for (let n = 2; takenSlugs.has(slug); n++) slug = `${slugify(name)}-${n}`;
    takenSlugs.add(slug);
    created.push({ id: uuidv7(), organization_id: organizationId, name, slug, aliases: [] });
  }
  if (created.length === 0) return 0;
  // Under the lock nobody else inserts brands; should a writer ever not take it, the ids are read
  // back by name rather than assumed.
  await uow.trx
    .insertInto('brand')
    .values(created)
    .onConflict((oc) => oc.doNothing())
    .execute();
  const ids = await uow.trx
    .selectFrom('brand')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .where(sql<boolean>`lower(name) = any(${created.map((b) => b.name.toLowerCase())}::text[])`)
    .execute();
  for (const b of ids) brandIds.set(b.name.toLowerCase(), { id: b.id, name: b.name });
  const inserted = created.filter((c) => ids.some((b) => b.id === c.id));
  if (inserted.length > 0) {
    await uow.audit({ action: 'catalog.brand.imported', entityType: 'brand', entityId: null, after: { file, brands: inserted.map((b) => b.name) } });
  }
  return inserted.length;
}

/** The chunk's rows that can no longer be written, by line: their code or their unit change, as the catalog stands now. */
async function refusalsAtWrite(trx: Db, organizationId: string, rows: AcceptedRow[], existingSkus: ReadonlyMap<string, StoredSku>): Promise<Map<number, RowRefusal>> {
  const refusals = new Map<number, RowRefusal>();
  const otherCase = await storedCodesInOtherCase(trx, organizationId, rows.map((r) => r.code));
  for (const row of rows) {
    const stored = existingSkus.get(row.code);
    const refusal =
      codeInOtherCase(otherCase, stored, row.code) ??
      startPassed(row.effectiveFrom) ??
      (await unitChangeRefused(trx, organizationId, stored, row.code, skuColumns(row, stored, row.category).unit));
    if (refusal) refusals.set(row.line, refusal);
  }
  return refusals;
}

/** Writes one chunk; answers the rows it refused (nothing of them written). */
async function writeChunk(
  uow: UnitOfWork,
  organizationId: string,
  groups: AcceptedRow[][],
  brandIds: Map<string, { id: string; name: string }>,
  summary: ImportSummary,
  file: string,
): Promise<ImportError[]> {
  const trx = uow.trx;
  // Imports of one organization take turns, and take turns with the API's writes of codes, slugs,
  // brand names and product status, so none races another on them.
  await lockCatalogNames(trx, organizationId);
  const slugs = groups.filter((g) => !g[0].existingProductId).map((g) => g[0].productSlug);
  const codes = groups.flat().map((r) => r.code);
  const keptIds = groups.filter((g) => g[0].existingProductId).map((g) => g[0].existingProductId!);

  // A person's change to a product or SKU (PATCH, a review decision) locks the product and commits
  // whole. The chunk writes back the stored values of every column its file does not state, so it
  // locks the products it will read (in id order, as no other writer holds several) before reading
  // them and their SKUs: a change that committed before is read, one that comes after waits, and
  // the chunk never writes the old values over it.
  await trx
    .selectFrom('product')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        eb('slug', '=', sql<string>`any(${slugs}::text[])`),
        eb('id', '=', sql<string>`any(${keptIds}::uuid[])`),
        eb('id', 'in', eb.selectFrom('sku').select('sku.product_id').where('sku.organization_id', '=', organizationId).where('sku.code', '=', sql<string>`any(${codes}::text[])`)),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .execute();

  type StoredProduct = ProductRecord & { status: string };
  const productColumns = ['id', 'brand_id', 'brand_name', 'title', 'slug', 'description', 'category', 'strain_type', 'strain_name', 'effects', 'status'] as const;
  const existingProducts = new Map<string, StoredProduct>();
  for (const p of await trx
    .selectFrom('product')
    .select(productColumns)
    .where('organization_id', '=', organizationId)
    .where('slug', '=', sql<string>`any(${slugs}::text[])`)
    .execute()) {
    existingProducts.set(p.slug, p);
  }
  const existingById = new Map<string, StoredProduct>();
  if (keptIds.length > 0) {
    for (const p of await trx
      .selectFrom('product')
      .select(productColumns)
      .where('id', '=', sql<string>`any(${keptIds}::uuid[])`)
      .execute()) {
      existingById.set(p.id, p);
    }
  }
  const existingSkus = await loadSkus(trx, organizationId, codes);
  // What was checked when the rows were read is checked again as the catalog stands now: a SKU
  // added in another letter case, or stock received in a SKU's old unit, since then.
  const refusedAtWrite = await refusalsAtWrite(trx, organizationId, groups.flat(), existingSkus);
  const existingSkuIds = [...existingSkus.values()].map((s) => s.id);
  // Each store price row, and the started entry set ahead in force over it, if one is (by the rule
  // checkout charges, sku_price_in_force): the row written again puts the row back in force, so the
  // same cents are a change of the price charged there.
  const existingPrices = new Map<string, { priceCents: number; tiers: unknown; entryPriceCents: number | null }>();
  if (existingSkuIds.length > 0) {
    for (const p of await trx
      .selectFrom('sku_price as pr')
      .select(['pr.sku_id', 'pr.store_id', 'pr.price_cents', 'pr.tiers'])
      .select(sql<number | null>`(select f.price_cents from sku_price_in_force(pr.store_id, pr.sku_id) f where f.own_entry_id is not null)`.as('entry_price_cents'))
      .where('pr.sku_id', '=', sql<string>`any(${existingSkuIds}::uuid[])`)
      .execute()) {
      existingPrices.set(`${p.sku_id}|${p.store_id}`, { priceCents: p.price_cents, tiers: p.tiers, entryPriceCents: p.entry_price_cents });
    }
  }
  // Prices are in each store's currency (its jurisdiction's), as a price set through the API is; an
  // organization-wide one in the stores' one currency (the file was refused if they have several).
  const stores = await trx.selectFrom('store').select(['id', 'jurisdiction']).where('organization_id', '=', organizationId).execute();
  const currencies: Record<string, string> = Object.fromEntries(stores.map((store) => [store.id, currencyOf(store.jurisdiction)]));
  const organizationCurrency = [...new Set(Object.values(currencies))][0] ?? 'USD';
  // The schedule's entries a row may repeat: those not started (a price set ahead, by scope and
  // start) and the organization-wide price in force now, in each currency (at the stores of that
  // currency). Unchanged, they are not written again.
  type Entry = { price_cents: number; currency: string; tiers: unknown };
  const scheduled = new Map<string, Entry>();
  const organizationInForce = new Map<string, Entry>();
  if (existingSkuIds.length > 0 && groups.some((group) => group.some((row) => row.effectiveFrom !== null || row.prices.some((p) => p.storeId === null)))) {
    const { rows } = await sql<{ sku_id: string; store_id: string | null; effective_from: Date; price_cents: number; currency: string; tiers: unknown; started: boolean }>`
      select sku_id, store_id, effective_from, price_cents, currency, tiers, effective_from <= now() as started
        from sku_price_schedule
       where sku_id = any(${existingSkuIds}::uuid[]) and ended_at is null
       order by effective_from`.execute(trx);
    for (const entry of rows) {
      if (!entry.started) scheduled.set(`${entry.sku_id}|${entry.store_id}|${new Date(entry.effective_from).getTime()}`, entry);
      else if (entry.store_id === null) organizationInForce.set(`${entry.sku_id}|${entry.currency}`, entry);
    }
  }

  const existingOf = (group: AcceptedRow[]) =>
    group[0].existingProductId ? existingById.get(group[0].existingProductId) : existingProducts.get(group[0].productSlug);
  // Guessed product facts never replace stored ones.
  const categoryOf = (group: AcceptedRow[], existing: StoredProduct | undefined) =>
    (existing && !group[0].explicit.category ? existing.category : group[0].category) as Category;
  // The category is the product's: a file that changes it answers for every SKU of the product,
  // those it does not name included, as PATCH /v1/catalog/products/:id does. Otherwise a SKU the
  // file leaves out would become, say, an edible whose THC nobody stated, and no limit could count it.
  const recategorized = groups.flatMap((group) => {
    const existing = existingOf(group);
    return existing && categoryOf(group, existing) !== existing.category ? [existing.id] : [];
  });
  const skusOfRecategorized = recategorized.length
    ? await trx
        .selectFrom('sku')
        .select(['product_id', 'code', 'unit', 'net_weight_mg', 'thc_mg', 'medical_only', 'adult_use_allowed'])
        .where('product_id', '=', sql<string>`any(${recategorized}::uuid[])`)
        .orderBy('code')
        .execute()
    : [];

  // Refuse what cannot be written as the catalog stands now.
  const refused: ImportError[] = [];
  const planned: { rows: AcceptedRow[]; existing: StoredProduct | undefined; category: Category }[] = [];
  for (const group of groups) {
    const existing = existingOf(group);
    const category = categoryOf(group, existing);
    if (existing && category !== existing.category) {
      const inFile = new Set(group.map((row) => row.code));
      const lacking = skusOfRecategorized
        .filter((sku) => sku.product_id === existing.id && !inFile.has(sku.code))
        .map((sku) => ({
          code: sku.code,
          problem: cannabisContentProblem(category, {
            unit: sku.unit,
            netWeightMg: sku.net_weight_mg,
            thcMg: num(sku.thc_mg),
            medicalOnly: sku.medical_only,
            adultUseAllowed: sku.adult_use_allowed,
          }),
        }))
        .find((sku) => sku.problem);
      if (lacking?.problem) {
        for (const row of group) {
          refused.push({
            line: row.line,
            code: row.code,
            field: 'category',
            error: lacking.problem.code,
            message: `${lacking.problem.message} SKU ${lacking.code} of product "${existing.title}" does not, so the product stays ${existing.category}.`,
          });
        }
        continue;
      }
    }
    const rows = group.filter((row) => {
      const again = refusedAtWrite.get(row.line);
      if (again) {
        refused.push({ line: row.line, code: row.code, ...again });
        return false;
      }
      const stored = existingSkus.get(row.code);
      // An archived product is off sale: a SKU added to it could never be bought. Archiving is a
      // person's decision, so the import does not undo it; they unarchive the product first.
      if (existing?.status === 'archived' && stored?.product_id !== existing.id) {
        refused.push({
          line: row.line,
          code: row.code,
          field: 'title',
          error: 'PRODUCT_ARCHIVED',
          message: `Product "${existing.title}" is archived: make it active again (PATCH /v1/catalog/products/${existing.id}) before adding SKUs to it.`,
        });
        return false;
      }
      const problem = contentProblem(category, skuColumns(row, stored, category));
      if (problem) refused.push({ line: row.line, code: row.code, field: problem.field, error: problem.code, message: problem.message });
      return !problem;
    });
    if (rows.length > 0) planned.push({ rows, existing, category });
  }

  const brandNames = planned.filter((p) => !p.existing || p.rows[0].explicit.brand).flatMap((p) => (p.rows[0].brand ? [p.rows[0].brand] : []));
  summary.brandsCreated += await resolveBrands(uow, organizationId, brandNames, brandIds, file);

  const productInserts: ProductRecord[] = [];
  const productUpdates: ProductRecord[] = [];
  const skuInserts: SkuRecord[] = [];
  const skuUpdates: SkuRecord[] = [];
  /** Store prices set now; tiers null: the file has no tiers column for the store (a stored price keeps its own). */
  const priceUpserts: { sku_id: string; store_id: string; price_cents: number; tiers: PriceTier[] | null; previous: number | null; product_id: string }[] = [];
  /** Prices for the price schedule service: organization-wide ones (now or ahead) and stores' set ahead. */
  const schedule: {
    sku: { id: string; productId: string };
    storeId: string | null;
    priceCents: number;
    tiers: PriceTier[];
    currency: string | null;
    effectiveFrom: string | null;
  }[] = [];
  const reviews: { skuId: string; registerName: string; guess: StructureGuess; source: 'import' }[] = [];

  for (const { rows, existing, category } of planned) {
    const head = rows[0];
    const brand = head.brand ? brandIds.get(head.brand.toLowerCase()) ?? null : null;
    const keep = <T>(explicit: boolean | undefined, value: T, stored: T | undefined) => (existing && !explicit ? (stored as T) : value);
    /** A product fact the file has a column for: the first row of the product that gives it, else cleared. */
    const stated = <T>(field: ImportField, value: (row: AcceptedRow) => T | null, cleared: T, stored: T | undefined): T => {
      if (existing && !head.given.has(field)) return stored as T;
      for (const row of rows) {
        const v = value(row);
        if (v !== null) return v;
      }
      return cleared;
    };
    const guessedTitle = Boolean(existing && head.existingProductId);
    const product: ProductRecord = {
      id: existing?.id ?? uuidv7(),
      brand_id: keep(head.explicit.brand, brand?.id ?? null, existing?.brand_id),
      brand_name: keep(head.explicit.brand, brand?.name ?? null, existing?.brand_name),
      title: guessedTitle ? existing!.title : head.title,
      slug: guessedTitle ? existing!.slug : head.productSlug,
      description: stated('description', (r) => r.description, '', existing?.description),
      category,
      strain_type: keep(head.explicit.strainType, head.strainType, existing?.strain_type),
      strain_name: stated('strainName', (r) => r.strainName, null, existing?.strain_name),
      effects: stated('effects', (r) => (r.effects.length > 0 ? r.effects : null), [], existing?.effects),
    };
    if (!existing) productInserts.push(product);
    else if (!same(product, existing)) productUpdates.push(product);
    else summary.products.unchanged++;

    for (const row of rows) {
      const stored = existingSkus.get(row.code);
      const sku: SkuRecord = { id: stored?.id ?? uuidv7(), product_id: product.id, code: row.code, ...skuColumns(row, stored, category) };
      if (!stored) {
        skuInserts.push(sku);
        if (sku.review_status === 'needs_review' && row.guess) {
          reviews.push({ skuId: sku.id, registerName: row.sku.registerName ?? row.title, guess: row.guess, source: 'import' });
        }
      } else if (!same(sku, stored)) {
        skuUpdates.push(sku);
      } else summary.skus.unchanged++;
      for (const price of row.prices) {
        if (price.storeId === null || row.effectiveFrom !== null) {
          const currency = price.storeId === null ? (row.organizationCurrency ?? organizationCurrency) : currencies[price.storeId];
          const same =
            row.effectiveFrom === null
              ? organizationInForce.get(`${sku.id}|${currency}`)
              : scheduled.get(`${sku.id}|${price.storeId}|${new Date(row.effectiveFrom).getTime()}`);
          // An entry is a whole price: without a tiers column it has none, so the same price with tiers is a change.
          const tiers = price.tiers ?? [];
          if (same && same.price_cents === price.priceCents && same.currency === currency && JSON.stringify(same.tiers ?? []) === JSON.stringify(tiers)) {
            summary.prices.unchanged++;
          } else {
            schedule.push({
              sku: { id: sku.id, productId: product.id },
              storeId: price.storeId,
              priceCents: price.priceCents,
              tiers,
              currency: price.storeId === null ? row.organizationCurrency : currency,
              effectiveFrom: row.effectiveFrom,
            });
          }
          continue;
        }
        const previous = existingPrices.get(`${sku.id}|${price.storeId}`) ?? null;
        const tiersSame = price.tiers === null || JSON.stringify(previous?.tiers ?? []) === JSON.stringify(price.tiers);
        if (previous?.priceCents === price.priceCents && tiersSame && previous.entryPriceCents === null) summary.prices.unchanged++;
        else {
          priceUpserts.push({
            sku_id: sku.id,
            store_id: price.storeId,
            price_cents: price.priceCents,
            tiers: price.tiers,
            previous: previous ? (previous.entryPriceCents ?? previous.priceCents) : null,
            product_id: product.id,
          });
        }
      }
    }
  }

  const productValues = sql`v.id, ${organizationId}::uuid, v.brand_id, v.brand_name, v.title, v.slug, v.description, v.category, v.strain_type, v.strain_name, v.effects`;
  const productRecordset = (records: ProductRecord[]) =>
    sql`jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id uuid, brand_id uuid, brand_name text, title text, slug text, description text, category text, strain_type text, strain_name text, effects text[])`;
  if (productInserts.length > 0) {
    await sql`insert into product (id, organization_id, brand_id, brand_name, title, slug, description, category, strain_type, strain_name, effects)
      select ${productValues} from ${productRecordset(productInserts)}`.execute(trx);
  }
  if (productUpdates.length > 0) {
    await sql`update product p set brand_id = v.brand_id, brand_name = v.brand_name, title = v.title, description = v.description,
        category = v.category, strain_type = v.strain_type, strain_name = v.strain_name, effects = v.effects, updated_at = now()
      from ${productRecordset(productUpdates)} where p.id = v.id`.execute(trx);
  }
  const skuRecordset = (records: SkuRecord[]) =>
    sql`jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id uuid, product_id uuid, code text, register_name text, barcode text,
      size_label text, unit text, net_weight_mg integer, pack_count integer, thc_mg numeric, thc_mg_per_serving numeric, other_thc_mg_per_serving jsonb, thc_percent numeric,
      thca_percent numeric, cbd_mg numeric, cbd_percent numeric, infused boolean, doh_compliant boolean, medical_only boolean, adult_use_allowed boolean, restricted_jurisdictions text[],
      attributes text[], review_status text)`;
  if (skuInserts.length > 0) {
    await sql`insert into sku (id, organization_id, product_id, code, register_name, barcode, size_label, unit, net_weight_mg, pack_count,
        thc_mg, thc_mg_per_serving, other_thc_mg_per_serving, thc_percent, thca_percent, cbd_mg, cbd_percent, infused, doh_compliant, medical_only, adult_use_allowed,
        restricted_jurisdictions, attributes, review_status)
      select v.id, ${organizationId}::uuid, v.product_id, v.code, v.register_name, v.barcode, v.size_label, v.unit, v.net_weight_mg, v.pack_count,
        v.thc_mg, v.thc_mg_per_serving, v.other_thc_mg_per_serving, v.thc_percent, v.thca_percent, v.cbd_mg, v.cbd_percent, v.infused, v.doh_compliant, v.medical_only, v.adult_use_allowed,
        v.restricted_jurisdictions, v.attributes, v.review_status
      from ${skuRecordset(skuInserts)}`.execute(trx);
  }
  if (skuUpdates.length > 0) {
    await sql`update sku s set product_id = v.product_id, register_name = v.register_name, barcode = v.barcode, size_label = v.size_label,
        unit = v.unit, net_weight_mg = v.net_weight_mg, pack_count = v.pack_count, thc_mg = v.thc_mg, thc_mg_per_serving = v.thc_mg_per_serving,
        other_thc_mg_per_serving = v.other_thc_mg_per_serving,
        thc_percent = v.thc_percent, thca_percent = v.thca_percent, cbd_mg = v.cbd_mg, cbd_percent = v.cbd_percent, infused = v.infused,
        doh_compliant = v.doh_compliant, medical_only = v.medical_only,
        adult_use_allowed = v.adult_use_allowed, restricted_jurisdictions = v.restricted_jurisdictions, attributes = v.attributes, updated_at = now()
      from ${skuRecordset(skuUpdates)} where s.id = v.id`.execute(trx);
  }
  // In each store's currency (its jurisdiction's), as a price set through the API is. A file with
  // a store's tiers column states its tiers (an empty cell: none); without one, a stored price
  // keeps its tiers, as every column a file does not have keeps its value.
  const withTiers = priceUpserts.filter((p) => p.tiers !== null);
  const withoutTiers = priceUpserts.filter((p) => p.tiers === null);
  if (withoutTiers.length > 0) {
    await sql`insert into sku_price (organization_id, store_id, sku_id, price_cents, currency)
      select ${organizationId}::uuid, v.store_id, v.sku_id, v.price_cents, ${JSON.stringify(currencies)}::jsonb ->> v.store_id::text
      from jsonb_to_recordset(${JSON.stringify(withoutTiers)}::jsonb) as v(store_id uuid, sku_id uuid, price_cents integer)
      on conflict (store_id, sku_id) do update set price_cents = excluded.price_cents, currency = excluded.currency, updated_at = now()`.execute(trx);
  }
  if (withTiers.length > 0) {
    await sql`insert into sku_price (organization_id, store_id, sku_id, price_cents, currency, tiers)
      select ${organizationId}::uuid, v.store_id, v.sku_id, v.price_cents, ${JSON.stringify(currencies)}::jsonb ->> v.store_id::text, v.tiers
      from jsonb_to_recordset(${JSON.stringify(withTiers)}::jsonb) as v(store_id uuid, sku_id uuid, price_cents integer, tiers jsonb)
      on conflict (store_id, sku_id) do update set price_cents = excluded.price_cents, currency = excluded.currency, tiers = excluded.tiers, updated_at = now()`.execute(trx);
  }
  // Each store price written is an entry of the price history too, as one set through the API.
  await recordStorePricesSetNow(
    uow,
    priceUpserts.map((p) => ({ storeId: p.store_id, skuId: p.sku_id })),
  );
  // Through the price schedule service, as the API sets them: each entry audited, an
  // organization-wide price in force now announced (catalog.price.changed); one set ahead waits.
  for (const price of schedule) {
    if (price.storeId === null) {
      await setOrganizationPrice(uow, organizationId, price.sku.id, {
        priceCents: price.priceCents,
        tiers: price.tiers,
        ...(price.currency !== null && { currency: price.currency }),
        ...(price.effectiveFrom !== null && { effectiveFrom: price.effectiveFrom }),
      });
    } else {
      await schedulePrices(uow, organizationId, price.sku, [
        { storeId: price.storeId, priceCents: price.priceCents, currency: currencies[price.storeId], tiers: price.tiers, effectiveFrom: price.effectiveFrom! },
      ]);
    }
  }
  const queued = await queueManyForReview(trx, organizationId, reviews);

  summary.products.created += productInserts.length;
  summary.products.updated += productUpdates.length;
  summary.skus.created += skuInserts.length;
  summary.skus.updated += skuUpdates.length;
  const scheduledAhead = schedule.filter((p) => p.effectiveFrom !== null).length;
  summary.prices.changed += priceUpserts.length + schedule.length - scheduledAhead;
  summary.prices.scheduled += scheduledAhead;
  summary.queuedForReview += queued;

  const changed = productInserts.length + productUpdates.length + skuInserts.length + skuUpdates.length + priceUpserts.length + schedule.length;
  if (changed === 0) return refused;
  // One audit row and one event per chunk rather than one per SKU: an import of 12,000 SKUs is
  // one business act, and subscribers (storefront caches, webhooks) want to hear it once.
  const lines = planned.flatMap((p) => p.rows.map((r) => r.line));
  await uow.audit({
    action: 'catalog.products.imported',
    entityType: 'catalog_import',
    entityId: null,
    after: {
      file,
      lines: [Math.min(...lines), Math.max(...lines)],
      productsCreated: productInserts.map((p) => p.slug),
      productsUpdated: productUpdates.map((p) => p.slug),
      skusCreated: skuInserts.map((s) => s.code),
      skusUpdated: skuUpdates.map((s) => s.code),
      pricesChanged: priceUpserts.length + schedule.length - scheduledAhead,
      pricesScheduled: scheduledAhead,
    },
  });
  await uow.emit({
    type: CatalogEvents.productsImported,
    aggregateType: 'catalog_import',
    aggregateId: uuidv7(),
    payload: {
      createdProductIds: productInserts.map((p) => p.id),
      updatedProductIds: productUpdates.map((p) => p.id),
      createdSkus: skuInserts.length,
      updatedSkus: skuUpdates.length,
    },
  });
  const byStore = new Map<string, typeof priceUpserts>();
  for (const p of priceUpserts) byStore.set(p.store_id, [...(byStore.get(p.store_id) ?? []), p]);
  await uow.emitMany(
    [...byStore].map(([storeId, changes]) => ({
      type: CatalogEvents.priceChanged,
      aggregateType: 'store',
      aggregateId: storeId,
      storeId,
      payload: {
        storeId,
        changes: changes.map((c) => ({ skuId: c.sku_id, productId: c.product_id, priceCents: c.price_cents, previousPriceCents: c.previous })),
      },
    })),
  );
  return refused;
}

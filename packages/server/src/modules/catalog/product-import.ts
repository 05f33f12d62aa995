import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { systemContext, type RequestContext } from '../../platform/context';
import { inTransaction, type TransactionRunner, type UnitOfWork } from '../../platform/unit-of-work';
import { INFUSED_BY_DEFAULT, slugify, type Category, type SkuContentColumns } from './catalog.model';
import { cannabisContentProblem, CatalogEvents } from './catalog.service';
import {
  mapHeaders,
  parseAttributes,
  parseBoolean,
  parseCategory,
  parseMilligrams,
  parsePercent,
  parsePriceCents,
  parseStrainType,
  parseUnit,
  parseWeightMg,
  splitList,
  type ImportField,
} from './import-row';
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

export interface ImportOptions {
  organizationId: string;
  file: string;
  /** Where rejected rows are written; default `<file>.errors.csv`. */
  errorsFile?: string;
  reviewThreshold?: number;
  /** Accepted rows per transaction (default 2000). */
  chunkSize?: number;
  context?: RequestContext;
  onProgress?: (progress: { phase: 'check' | 'write'; done: number; total: number }) => void;
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
  prices: { changed: number; unchanged: number };
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
  registerName: string | null;
  productSlug: string;
  title: string;
  brand: string | null;
  explicit: Partial<Record<'category' | 'strainType' | 'brand' | 'title', boolean>>;
  /** For a SKU already stored whose title had to be guessed: stay with the stored product. */
  existingProductId?: string;
  category: Category;
  strainType: string | null;
  strainName: string | null;
  description: string | null;
  effects: string[] | null;
  sku: {
    sizeLabel: string;
    unit: 'each' | 'weight';
    netWeightMg: number | null;
    packCount: number | null;
    thcMg: number | null;
    thcMgPerServing: number | null;
    thcPercent: number | null;
    cbdMg: number | null;
    cbdPercent: number | null;
    barcode: string | null;
    medicalOnly: boolean;
    restrictedJurisdictions: string[];
    /** Null when the file has no attributes column: a stored SKU keeps its own. */
    attributes: string[] | null;
  };
  guess: StructureGuess | null;
  prices: { storeId: string; priceCents: number }[];
}

const SKU_STRUCTURE_KEYS = ['sizeLabel', 'netWeightMg', 'packCount', 'thcMg', 'thcMgPerServing', 'thcPercent', 'cbdMg'] as const;

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
  const headers = records[0].record;
  const map = mapHeaders(headers);
  const stores = await db.selectFrom('store').select(['id', 'license_number']).where('organization_id', '=', organizationId).execute();
  const storeByLicense = new Map(stores.map((s) => [s.license_number.toLowerCase(), s.id]));
  const priceColumns: { index: number; storeId: string; header: string }[] = [];
  for (const [index, license] of map.prices) {
    const storeId = storeByLicense.get(license.toLowerCase());
    if (!storeId) map.problems.push(`Column "${headers[index]}": no store of this organization has license ${license}.`);
    else priceColumns.push({ index, storeId, header: headers[index] });
  }
  if (map.problems.length > 0) throw new ImportFileError(map.problems);

  const brandRows = await db.selectFrom('brand').select(['id', 'name', 'aliases']).where('organization_id', '=', organizationId).execute();
  const brandEntries = brandRows.map((b) => ({ name: b.name, aliases: b.aliases }));

  // ---- 1. check every row ----
  const errors: ImportError[] = [];
  const accepted: AcceptedRow[] = [];
  const total = records.length - 1;
  const linesByCode = new Map<string, number[]>();
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r];
    const line = info.lines - record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const cells = new Map<ImportField, string>();
    for (const [index, field] of map.fields) {
      const value = (record[index] ?? '').trim();
      // An empty attributes cell clears them; a file without the column leaves stored ones alone.
      if (value !== '' || field === 'attributes') cells.set(field, value);
    }
    const code = cells.get('code') ?? '';
    const rowErrors: ImportError[] = [];
    const fail = (field: string, error: string, message: string) => rowErrors.push({ line, code, field, error, message });
    const row = checkRow(cells, record, map.netWeightUnit, priceColumns, brandEntries, options.reviewThreshold, fail);
    if (code) linesByCode.set(code, [...(linesByCode.get(code) ?? []), line]);
    if (rowErrors.length > 0 || !row) errors.push(...rowErrors);
    else accepted.push({ ...row, line });
    if (r % 500 === 0 || r === total) options.onProgress?.({ phase: 'check', done: r, total });
  }
  // A code that appears twice: we cannot know which row is right, so neither is written.
  const duplicated = new Set([...linesByCode].filter(([, lines]) => lines.length > 1).map(([code]) => code));
  let rows = accepted;
  if (duplicated.size > 0) {
    rows = [];
    for (const row of accepted) {
      if (!duplicated.has(row.code)) rows.push(row);
      else {
        const others = linesByCode.get(row.code)!.filter((l) => l !== row.line);
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
  // A stored SKU whose title is only guessed keeps its product: the guess may differ between runs
  // (the brand list grows), and a re-import must not move SKUs around.
  const guessedTitles = rows.filter((r) => !r.explicit.title).map((r) => r.code);
  if (guessedTitles.length > 0) {
    const stored = await db
      .selectFrom('sku')
      .select(['code', 'product_id'])
      .where('organization_id', '=', organizationId)
      .where('code', '=', sql<string>`any(${guessedTitles}::text[])`)
      .execute();
    const byCode = new Map(stored.map((s) => [s.code, s.product_id]));
    rows = rows.map((r) => (!r.explicit.title && byCode.has(r.code) ? { ...r, existingProductId: byCode.get(r.code), productSlug: `id:${byCode.get(r.code)}` } : r));
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
  errors.sort((a, b) => a.line - b.line);

  const summary: ImportSummary = {
    rows: total,
    accepted: consistent.length,
    rejected: new Set(errors.map((e) => e.line)).size,
    products: { created: 0, updated: 0, unchanged: 0 },
    skus: { created: 0, updated: 0, unchanged: 0 },
    prices: { changed: 0, unchanged: 0 },
    brandsCreated: 0,
    queuedForReview: 0,
    ignoredColumns: map.ignored,
    errorsFile: null,
    errors,
    durationMs: 0,
  };
  if (errors.length > 0) {
    const path = options.errorsFile ?? `${options.file}.errors.csv`;
    writeFileSync(
      path,
      stringify(errors, { header: true, columns: ['line', 'code', 'field', 'error', 'message'] }),
    );
    summary.errorsFile = path;
  }

  // ---- 2. brands ----
  const brandIds = new Map<string, { id: string; name: string }>();
  for (const b of brandRows) {
    brandIds.set(b.name.toLowerCase(), { id: b.id, name: b.name });
    for (const alias of b.aliases) if (!brandIds.has(alias.toLowerCase())) brandIds.set(alias.toLowerCase(), { id: b.id, name: b.name });
  }
  const newBrands = new Map<string, { id: string; name: string; slug: string }>();
  const takenSlugs = new Set((await db.selectFrom('brand').select('slug').where('organization_id', '=', organizationId).execute()).map((b) => b.slug));
  for (const row of consistent) {
    if (!row.brand || brandIds.has(row.brand.toLowerCase())) continue;
    let slug = slugify(row.brand);
    for (let n = 2; takenSlugs.has(slug); n++) slug = `${slugify(row.brand)}-${n}`;
    takenSlugs.add(slug);
    const brand = { id: uuidv7(), name: row.brand, slug };
    newBrands.set(row.brand.toLowerCase(), brand);
    brandIds.set(row.brand.toLowerCase(), brand);
  }
  if (newBrands.size > 0) {
    await inTransaction(runner, context, async (uow) => {
      await uow.trx
        .insertInto('brand')
        .values([...newBrands.values()].map((b) => ({ id: b.id, organization_id: organizationId, name: b.name, slug: b.slug, aliases: [] })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      await uow.audit({
        action: 'catalog.brand.imported',
        entityType: 'brand',
        entityId: null,
        after: { file: options.file, brands: [...newBrands.values()].map((b) => b.name) },
      });
    });
    summary.brandsCreated = newBrands.size;
  }

  // ---- 3. products, SKUs, prices, in chunks that never split a product ----
  const byProduct = new Map<string, AcceptedRow[]>();
  for (const row of consistent) byProduct.set(row.productSlug, [...(byProduct.get(row.productSlug) ?? []), row]);
  let chunk: AcceptedRow[][] = [];
  let chunkRows = 0;
  let written = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const groups = chunk;
    chunk = [];
    chunkRows = 0;
    await inTransaction(runner, context, (uow) => writeChunk(uow, organizationId, groups, brandIds, summary, options.file));
    written += groups.reduce((n, g) => n + g.length, 0);
    options.onProgress?.({ phase: 'write', done: written, total: consistent.length });
  };
  for (const group of byProduct.values()) {
    chunk.push(group);
    chunkRows += group.length;
    if (chunkRows >= chunkSize) await flush();
  }
  await flush();
  if (consistent.length === 0) options.onProgress?.({ phase: 'write', done: 0, total: 0 });
  summary.durationMs = Date.now() - started;
  return summary;
}

function checkRow(
  cells: Map<ImportField, string>,
  record: string[],
  netWeightUnit: 'g' | 'mg',
  priceColumns: { index: number; storeId: string; header: string }[],
  brands: { name: string; aliases: string[] }[],
  reviewThreshold: number | undefined,
  fail: (field: string, error: string, message: string) => void,
): Omit<AcceptedRow, 'line'> | null {
  const code = cells.get('code');
  if (!code) fail('code', 'MISSING_SKU_CODE', 'The SKU code is empty.');
  else if (code.length > 100) fail('code', 'INVALID_SKU_CODE', 'The SKU code is longer than 100 characters.');
  const registerName = cells.get('registerName') ?? null;

  const categoryText = cells.get('category');
  const category = categoryText ? parseCategory(categoryText) : null;
  if (categoryText && !category) fail('category', 'UNKNOWN_CATEGORY', `Unknown category "${categoryText}".`);
  const strainText = cells.get('strainType');
  const strainType = strainText ? parseStrainType(strainText) : null;
  if (strainText && !strainType) fail('strainType', 'UNKNOWN_STRAIN_TYPE', `Unknown strain type "${strainText}" (indica, sativa, hybrid or cbd).`);
  const unitText = cells.get('unit');
  const unit = unitText ? parseUnit(unitText) : 'each';
  if (unitText && !unit) fail('unit', 'UNKNOWN_UNIT', `Unknown unit "${unitText}" (each or weight).`);

  const number = <T>(field: ImportField, parser: (v: string) => T | null, error: string, what: string): T | null => {
    const value = cells.get(field);
    if (value === undefined) return null;
    const parsed = parser(value);
    if (parsed === null) fail(field, error, `"${value}" is not ${what}.`);
    return parsed;
  };
  const netWeightMg = number('netWeight', (v) => parseWeightMg(v, netWeightUnit), 'INVALID_NET_WEIGHT', 'a weight such as 3.5g or 3500mg');
  const thcMg = number('thcMg', parseMilligrams, 'INVALID_THC', 'an amount of milligrams');
  const thcMgPerServing = number('thcMgPerServing', parseMilligrams, 'INVALID_THC', 'an amount of milligrams');
  const thcPercent = number('thcPercent', parsePercent, 'INVALID_THC', 'a percentage between 0 and 100');
  const cbdMg = number('cbdMg', parseMilligrams, 'INVALID_CBD', 'an amount of milligrams');
  const cbdPercent = number('cbdPercent', parsePercent, 'INVALID_CBD', 'a percentage between 0 and 100');
  const packCount = number('packCount', (v) => (/^\d{1,5}$/.test(v) && Number(v) >= 1 ? Number(v) : null), 'INVALID_PACK_COUNT', 'a whole number');
  const medicalOnly = number('medicalOnly', parseBoolean, 'INVALID_FLAG', 'yes or no') ?? false;
  const restricted = cells.has('restrictedJurisdictions') ? splitList(cells.get('restrictedJurisdictions')!).map((j) => j.toUpperCase()) : [];
  for (const j of restricted) if (!/^[A-Z]{2}-[A-Z]{2}$/.test(j)) fail('restrictedJurisdictions', 'INVALID_JURISDICTION', `"${j}" is not a code such as US-CA.`);
  const attributesCell = cells.has('attributes') ? parseAttributes(cells.get('attributes')!) : null;
  if (attributesCell && 'unknown' in attributesCell)
    fail('attributes', 'UNKNOWN_ATTRIBUTE', `"${attributesCell.unknown}" is not an attribute (perishable or contains_alcohol, separated by |).`);
  const barcode = cells.get('barcode') ?? null;
  if (barcode && !/^[0-9A-Za-z-]{4,64}$/.test(barcode)) fail('barcode', 'INVALID_BARCODE', `"${barcode}" is not a barcode.`);
  const effects = cells.has('effects') ? splitList(cells.get('effects')!.toLowerCase()) : null;
  if (effects?.some((e) => !/^[a-z][a-z -]{0,39}$/.test(e))) fail('effects', 'INVALID_EFFECT', 'Effects are words such as relaxed; separate them with ;.');

  const prices: { storeId: string; priceCents: number }[] = [];
  for (const column of priceColumns) {
    const value = (record[column.index] ?? '').trim();
    if (!value) continue;
    const parsed = parsePriceCents(value);
    if ('error' in parsed) {
      fail(column.header, parsed.error, parsed.error === 'NEGATIVE_PRICE' ? `Price "${value}" is negative.` : `"${value}" is not a price.`);
    } else prices.push({ storeId: column.storeId, priceCents: parsed.cents });
  }

  // Fill the gaps from the register name.
  const known: Partial<SkuStructure> = {
    category,
    strainType,
    brand: cells.get('brand') ?? null,
    sizeLabel: cells.get('size') ?? null,
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
  const guessText = registerName ?? (known.sizeLabel && cells.get('title') ? `${cells.get('title')} ${known.sizeLabel}` : null);
  if (guessText && needsContent) {
    guess = guessStructure(guessText, known, { brands, reviewThreshold });
    structure = guess.structure;
    if (guess.filledFields.length === 0) guess = null;
  }
  if (!structure.category) {
    if (!categoryText) fail('category', 'MISSING_CATEGORY', 'No category, and none could be read from the register name.');
    return null;
  }
  let title = cells.get('title') ?? null;
  if (!title && guess) {
    const name = guess.result.name.trim();
    title = name ? [structure.brand, name].filter(Boolean).join(' ') : null;
  }
  if (!title) {
    fail('title', 'MISSING_TITLE', 'No product title, and none could be read from the register name.');
    return null;
  }
  if (title.length > 300) fail('title', 'INVALID_TITLE', 'The product title is longer than 300 characters.');
  const problem = cannabisContentProblem(structure.category, {
    unit: unit ?? 'each',
    netWeightMg: structure.netWeightMg,
    thcMg: structure.thcMg,
    medicalOnly: false,
    adultUseAllowed: false,
  });
  if (problem) fail(problem.field, problem.code, problem.message);
  if (!code || !unit) return null;
  const brand = structure.brand;
  const withBrand = brand && !title.toLowerCase().includes(brand.toLowerCase()) ? `${brand} ${title}` : title;
  return {
    code,
    registerName,
    productSlug: slugify(withBrand),
    title,
    brand,
    explicit: { category: category !== null, strainType: strainType !== null, brand: known.brand !== null, title: cells.has('title') },
    category: structure.category,
    strainType: structure.strainType,
    strainName: cells.get('strainName') ?? null,
    description: cells.get('description') ?? null,
    effects,
    sku: {
      sizeLabel: structure.sizeLabel ?? '',
      unit,
      netWeightMg: structure.netWeightMg,
      packCount: structure.packCount,
      thcMg: structure.thcMg,
      thcMgPerServing: structure.thcMgPerServing,
      thcPercent: structure.thcPercent,
      cbdMg: structure.cbdMg,
      cbdPercent,
      barcode,
      medicalOnly,
      restrictedJurisdictions: restricted,
      attributes: attributesCell && 'attributes' in attributesCell ? attributesCell.attributes : null,
    },
    guess,
    prices,
  };
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

type SkuRecord = SkuContentColumns & {
  id: string;
  product_id: string;
};

const num = (v: string | number | null) => (v === null ? null : Number(v));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function writeChunk(
  uow: UnitOfWork,
  organizationId: string,
  groups: AcceptedRow[][],
  brandIds: Map<string, { id: string; name: string }>,
  summary: ImportSummary,
  file: string,
) {
  const trx = uow.trx;
  // Imports of one organization take turns, so two never race on the same codes and slugs.
  await sql`select pg_advisory_xact_lock(727002, hashtext(${organizationId}))`.execute(trx);
  const rows = groups.flat();
  const slugs = groups.filter((g) => !g[0].existingProductId).map((g) => g[0].productSlug);
  const codes = rows.map((r) => r.code);

  const existingProducts = new Map<string, ProductRecord>();
  for (const p of await trx
    .selectFrom('product')
    .select(['id', 'brand_id', 'brand_name', 'title', 'slug', 'description', 'category', 'strain_type', 'strain_name', 'effects'])
    .where('organization_id', '=', organizationId)
    .where('slug', '=', sql<string>`any(${slugs}::text[])`)
    .execute()) {
    existingProducts.set(p.slug, p);
  }
  const keptIds = groups.filter((g) => g[0].existingProductId).map((g) => g[0].existingProductId!);
  const existingById = new Map<string, ProductRecord>();
  if (keptIds.length > 0) {
    for (const p of await trx
      .selectFrom('product')
      .select(['id', 'brand_id', 'brand_name', 'title', 'slug', 'description', 'category', 'strain_type', 'strain_name', 'effects'])
      .where('id', '=', sql<string>`any(${keptIds}::uuid[])`)
      .execute()) {
      existingById.set(p.id, p);
    }
  }
  const existingSkus = new Map<string, SkuRecord>();
  for (const s of await trx
    .selectFrom('sku')
    .select([
      'id',
      'product_id',
      'code',
      'register_name',
      'barcode',
      'size_label',
      'unit',
      'net_weight_mg',
      'pack_count',
      'thc_mg',
      'thc_mg_per_serving',
      'thc_percent',
      'cbd_mg',
      'cbd_percent',
      'infused',
      'medical_only',
      'adult_use_allowed',
      'restricted_jurisdictions',
      'attributes',
      'review_status',
    ])
    .where('organization_id', '=', organizationId)
    .where('code', '=', sql<string>`any(${codes}::text[])`)
    .execute()) {
    existingSkus.set(s.code, {
      ...s,
      thc_mg: num(s.thc_mg),
      thc_mg_per_serving: num(s.thc_mg_per_serving),
      thc_percent: num(s.thc_percent),
      cbd_mg: num(s.cbd_mg),
      cbd_percent: num(s.cbd_percent),
    });
  }
  const existingSkuIds = [...existingSkus.values()].map((s) => s.id);
  const existingPrices = new Map<string, number>();
  if (existingSkuIds.length > 0) {
    for (const p of await trx
      .selectFrom('sku_price')
      .select(['sku_id', 'store_id', 'price_cents'])
      .where('sku_id', '=', sql<string>`any(${existingSkuIds}::uuid[])`)
      .execute()) {
      existingPrices.set(`${p.sku_id}|${p.store_id}`, p.price_cents);
    }
  }

  const productInserts: ProductRecord[] = [];
  const productUpdates: ProductRecord[] = [];
  const skuInserts: SkuRecord[] = [];
  const skuUpdates: SkuRecord[] = [];
  const priceUpserts: { sku_id: string; store_id: string; price_cents: number; previous: number | null; product_id: string }[] = [];
  const reviews: { skuId: string; registerName: string; guess: StructureGuess; source: 'import' }[] = [];

  for (const group of groups) {
    const head = group[0];
    const existing = head.existingProductId ? existingById.get(head.existingProductId) : existingProducts.get(head.productSlug);
    const brand = head.brand ? brandIds.get(head.brand.toLowerCase()) ?? null : null;
    // Guessed product facts never replace stored ones.
    const keep = <T>(explicit: boolean | undefined, value: T, stored: T | undefined) => (existing && !explicit ? (stored as T) : value);
    const guessedTitle = Boolean(existing && head.existingProductId);
    const product: ProductRecord = {
      id: existing?.id ?? uuidv7(),
      brand_id: keep(head.explicit.brand, brand?.id ?? null, existing?.brand_id),
      brand_name: keep(head.explicit.brand, brand?.name ?? null, existing?.brand_name),
      title: guessedTitle ? existing!.title : head.title,
      slug: guessedTitle ? existing!.slug : head.productSlug,
      description: head.description ?? existing?.description ?? '',
      category: keep(head.explicit.category, head.category, existing?.category),
      strain_type: keep(head.explicit.strainType, head.strainType, existing?.strain_type),
      strain_name: head.strainName ?? existing?.strain_name ?? null,
      effects: head.effects ?? existing?.effects ?? [],
    };
    if (!existing) productInserts.push(product);
    else if (!same(product, { ...existing, id: existing.id })) productUpdates.push(product);
    else summary.products.unchanged++;

    for (const row of group) {
      const stored = existingSkus.get(row.code);
      const filled = new Set<string>(row.guess?.filledFields ?? []);
      const pick = <K extends keyof SkuRecord>(key: K, guessKey: string | null, value: SkuRecord[K]): SkuRecord[K] =>
        stored && guessKey && filled.has(guessKey) ? stored[key] : value;
      const category = product.category as Category;
      const sku: SkuRecord = {
        id: stored?.id ?? uuidv7(),
        product_id: product.id,
        code: row.code,
        register_name: row.registerName,
        barcode: row.sku.barcode,
        size_label: pick('size_label', 'sizeLabel', row.sku.sizeLabel),
        unit: row.sku.unit,
        net_weight_mg: pick('net_weight_mg', 'netWeightMg', row.sku.netWeightMg),
        pack_count: pick('pack_count', 'packCount', row.sku.packCount),
        thc_mg: pick('thc_mg', 'thcMg', row.sku.thcMg),
        thc_mg_per_serving: pick('thc_mg_per_serving', 'thcMgPerServing', row.sku.thcMgPerServing),
        thc_percent: pick('thc_percent', 'thcPercent', row.sku.thcPercent),
        cbd_mg: pick('cbd_mg', 'cbdMg', row.sku.cbdMg),
        cbd_percent: row.sku.cbdPercent,
        infused: stored?.infused ?? (INFUSED_BY_DEFAULT.has(category) || Boolean(row.guess?.result.qualifiers.includes('infused'))),
        medical_only: row.sku.medicalOnly,
        adult_use_allowed: !row.sku.medicalOnly,
        restricted_jurisdictions: row.sku.restrictedJurisdictions,
        attributes: row.sku.attributes ?? stored?.attributes ?? [],
        review_status: stored?.review_status ?? (row.guess?.needsReview ? 'needs_review' : 'confirmed'),
      };
      if (!stored) {
        skuInserts.push(sku);
        if (sku.review_status === 'needs_review' && row.guess) {
          reviews.push({ skuId: sku.id, registerName: row.registerName ?? row.title, guess: row.guess, source: 'import' });
        }
      } else if (!same(sku, stored)) {
        skuUpdates.push(sku);
      }
      else summary.skus.unchanged++;
      for (const price of row.prices) {
        const previous = existingPrices.get(`${sku.id}|${price.storeId}`) ?? null;
        if (previous === price.priceCents) summary.prices.unchanged++;
        else priceUpserts.push({ sku_id: sku.id, store_id: price.storeId, price_cents: price.priceCents, previous, product_id: product.id });
      }
    }
  }

  const productColumns = sql`v.id, ${organizationId}::uuid, v.brand_id, v.brand_name, v.title, v.slug, v.description, v.category, v.strain_type, v.strain_name, v.effects`;
  const productRecordset = (records: ProductRecord[]) =>
    sql`jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id uuid, brand_id uuid, brand_name text, title text, slug text, description text, category text, strain_type text, strain_name text, effects text[])`;
  if (productInserts.length > 0) {
    await sql`insert into product (id, organization_id, brand_id, brand_name, title, slug, description, category, strain_type, strain_name, effects)
      select ${productColumns} from ${productRecordset(productInserts)}`.execute(trx);
  }
  if (productUpdates.length > 0) {
    await sql`update product p set brand_id = v.brand_id, brand_name = v.brand_name, title = v.title, description = v.description,
        category = v.category, strain_type = v.strain_type, strain_name = v.strain_name, effects = v.effects, updated_at = now()
      from ${productRecordset(productUpdates)} where p.id = v.id`.execute(trx);
  }
  const skuRecordset = (records: SkuRecord[]) =>
    sql`jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id uuid, product_id uuid, code text, register_name text, barcode text,
      size_label text, unit text, net_weight_mg integer, pack_count integer, thc_mg numeric, thc_mg_per_serving numeric, thc_percent numeric,
      cbd_mg numeric, cbd_percent numeric, infused boolean, medical_only boolean, adult_use_allowed boolean, restricted_jurisdictions text[],
      attributes text[], review_status text)`;
  if (skuInserts.length > 0) {
    await sql`insert into sku (id, organization_id, product_id, code, register_name, barcode, size_label, unit, net_weight_mg, pack_count,
        thc_mg, thc_mg_per_serving, thc_percent, cbd_mg, cbd_percent, infused, medical_only, adult_use_allowed, restricted_jurisdictions, attributes,
        review_status)
      select v.id, ${organizationId}::uuid, v.product_id, v.code, v.register_name, v.barcode, v.size_label, v.unit, v.net_weight_mg, v.pack_count,
        v.thc_mg, v.thc_mg_per_serving, v.thc_percent, v.cbd_mg, v.cbd_percent, v.infused, v.medical_only, v.adult_use_allowed,
        v.restricted_jurisdictions, v.attributes, v.review_status
      from ${skuRecordset(skuInserts)}`.execute(trx);
  }
  if (skuUpdates.length > 0) {
    await sql`update sku s set product_id = v.product_id, register_name = v.register_name, barcode = v.barcode, size_label = v.size_label,
        unit = v.unit, net_weight_mg = v.net_weight_mg, pack_count = v.pack_count, thc_mg = v.thc_mg, thc_mg_per_serving = v.thc_mg_per_serving,
        thc_percent = v.thc_percent, cbd_mg = v.cbd_mg, cbd_percent = v.cbd_percent, infused = v.infused, medical_only = v.medical_only,
        adult_use_allowed = v.adult_use_allowed, restricted_jurisdictions = v.restricted_jurisdictions, attributes = v.attributes, updated_at = now()
      from ${skuRecordset(skuUpdates)} where s.id = v.id`.execute(trx);
  }
  if (priceUpserts.length > 0) {
    await sql`insert into sku_price (organization_id, store_id, sku_id, price_cents)
      select ${organizationId}::uuid, v.store_id, v.sku_id, v.price_cents
      from jsonb_to_recordset(${JSON.stringify(priceUpserts)}::jsonb) as v(store_id uuid, sku_id uuid, price_cents integer)
      on conflict (store_id, sku_id) do update set price_cents = excluded.price_cents, updated_at = now()`.execute(trx);
  }
  const queued = await queueManyForReview(trx, organizationId, reviews);

  summary.products.created += productInserts.length;
  summary.products.updated += productUpdates.length;
  summary.skus.created += skuInserts.length;
  summary.skus.updated += skuUpdates.length;
  summary.prices.changed += priceUpserts.length;
  summary.queuedForReview += queued;

  const changed = productInserts.length + productUpdates.length + skuInserts.length + skuUpdates.length + priceUpserts.length;
  if (changed === 0) return;
  // One audit row and one event per chunk rather than one per SKU: an import of 12,000 SKUs is
  // one business act, and subscribers (storefront caches, webhooks) want to hear it once.
  const lines = rows.map((r) => r.line);
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
      pricesChanged: priceUpserts.length,
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
}

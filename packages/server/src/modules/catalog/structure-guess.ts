import type { Category } from './catalog.model';
import { normalizeShorthand, type BrandEntry, type ShorthandResult, type StrainType } from './shorthand';

/** The structural facts of a SKU (and its product) that purchase limits and search depend on. */
export interface SkuStructure {
  category: Category | null;
  strainType: StrainType | null;
  brand: string | null;
  sizeLabel: string | null;
  netWeightMg: number | null;
  packCount: number | null;
  thcMg: number | null;
  thcMgPerServing: number | null;
  thcPercent: number | null;
  cbdMg: number | null;
}

export interface StructureGuess {
  /** `known` with its gaps filled from the register name. */
  structure: SkuStructure;
  /** Which fields came from the normalizer rather than from a person or the POS export. */
  filledFields: (keyof SkuStructure)[];
  result: ShorthandResult;
  /** A guessed field is below the review threshold: a person has to confirm it. */
  needsReview: boolean;
}

export const DEFAULT_REVIEW_THRESHOLD = 0.7;

/**
 * Fills what the caller does not know from the register name. Explicit values always win: the
 * normalizer only fills gaps, and only a gap it filled can send the SKU to review.
 */
export function guessStructure(
  registerName: string,
  known: Partial<SkuStructure>,
  options: { brands?: BrandEntry[]; reviewThreshold?: number } = {},
): StructureGuess {
  const result = normalizeShorthand(registerName, {
    brands: options.brands,
    reviewThreshold: options.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD,
  });
  const size = result.size;
  const guessed: SkuStructure = {
    category: result.category,
    strainType: result.strainType,
    brand: result.brand,
    sizeLabel: size?.sizeLabel || null,
    netWeightMg: size?.netWeightMg ?? null,
    packCount: size?.packCount ?? null,
    thcMg: size?.thcMg ?? null,
    thcMgPerServing: size?.unitThcMg ?? null,
    thcPercent: result.thcPercent,
    cbdMg: size?.cbdMg ?? null,
  };
  // Size facts belong together: if the caller gave any of them, the guess must not mix in others
  // read for what may be a different category.
  const sizeKeys: (keyof SkuStructure)[] = ['sizeLabel', 'netWeightMg', 'packCount', 'thcMg', 'thcMgPerServing', 'cbdMg'];
  const callerGaveSize = sizeKeys.some((key) => known[key] !== undefined && known[key] !== null);
  const categoryDiffers = known.category != null && result.category !== null && known.category !== result.category;

  const structure = { ...guessed } as SkuStructure;
  const filledFields: (keyof SkuStructure)[] = [];
  for (const key of Object.keys(guessed) as (keyof SkuStructure)[]) {
    const given = known[key];
    if (given !== undefined && given !== null) {
      (structure as unknown as Record<string, unknown>)[key] = given;
      continue;
    }
    const value = guessed[key];
    const blocked = sizeKeys.includes(key) && (callerGaveSize || categoryDiffers);
    if (value === null || value === undefined || blocked) {
      (structure as unknown as Record<string, unknown>)[key] = null;
      continue;
    }
    filledFields.push(key);
  }
  // Brand, strain type and potency % are merchandising facts; category and size drive purchase
  // limits and tax, so only a guessed category or size below the threshold sends a SKU to review.
  const threshold = options.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD;
  let needsReview = false;
  if (filledFields.includes('category')) needsReview = result.needsReview;
  else if (filledFields.some((f) => sizeKeys.includes(f))) {
    needsReview = result.fieldConfidence.size < threshold || result.reviewReasons.includes('size_category_mismatch');
  }
  return { structure, filledFields, result, needsReview };
}

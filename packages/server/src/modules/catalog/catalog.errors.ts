import { AppError } from '../../platform/errors';

// Stable codes the catalog answers with. Field problems carry the same details shape as schema
// validation: [{ path, message }], so a form can put the message next to the field.
export const CatalogErrorCode = {
  SKU_CODE_TAKEN: 'SKU_CODE_TAKEN',
  DUPLICATE_SKU_CODE: 'DUPLICATE_SKU_CODE',
  SLUG_TAKEN: 'SLUG_TAKEN',
  BRAND_NAME_TAKEN: 'BRAND_NAME_TAKEN',
  BRAND_IN_USE: 'BRAND_IN_USE',
  UNKNOWN_BRAND: 'UNKNOWN_BRAND',
  UNKNOWN_STORE: 'UNKNOWN_STORE',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  CANNABIS_CONTENT_REQUIRED: 'CANNABIS_CONTENT_REQUIRED',
  INVALID_COMPLIANCE_FLAGS: 'INVALID_COMPLIANCE_FLAGS',
  REVIEW_ALREADY_DECIDED: 'REVIEW_ALREADY_DECIDED',
  PRICE_START_PASSED: 'PRICE_START_PASSED',
  PRICE_ALREADY_STARTED: 'PRICE_ALREADY_STARTED',
} as const;

export function fieldError(status: number, code: string, message: string, path: (string | number)[]): AppError {
  return new AppError(status, code, message, [{ path, message }]);
}

import type { PlatformTables } from './tables';
import type { CatalogTables } from '../modules/catalog/catalog.tables';

/**
 * Kysely's view of the whole database: every module's tables. A module that adds tables
 * declares them in its own `<module>.tables.ts` and is listed here.
 */
export interface DB extends PlatformTables, CatalogTables {}

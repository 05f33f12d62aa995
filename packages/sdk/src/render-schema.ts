// Turns Verdant's OpenAPI document into the TypeScript types the client is typed with. Used by
// `npm run sdk:generate` (scripts/generate.ts) and by the test that keeps src/schema.ts in step
// with the server.
import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = `// Generated from Verdant's OpenAPI document by \`npm run sdk:generate\`. Do not edit by hand.\n\n`;

/**
 * The types of `document`, with its paths and component schemas in name order: the server lists
 * components in the order its modules happened to load, which must not change the file.
 */
export async function renderSchema(document: { paths?: object; components?: { schemas?: object } }): Promise<string> {
  const sorted = <T extends object>(o: T | undefined) => (o ? (Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T) : o);
  const ordered = {
    ...document,
    paths: sorted(document.paths),
    ...(document.components && { components: { ...document.components, schemas: sorted(document.components.schemas) } }),
  };
  const ast = await openapiTS(ordered as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}

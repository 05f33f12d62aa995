// Titles, kinds and dedupe keys of alert rules are small templates: `{{payload.skuId}}` is
// replaced by that value of the event (or of a check's finding). A missing value renders as ''.

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

export function renderTemplate(template: string, context: Record<string, unknown>, maxLength = 300): string {
  return template
    .replace(PLACEHOLDER, (_, path: string) => {
      let value: unknown = context;
      for (const part of path.split('.')) {
        value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
      }
      if (value === undefined || value === null) return '';
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    })
    .slice(0, maxLength);
}

/** Everything between `{{` and `}}` must be a dotted name; anything else is a typo worth refusing. */
export function templateProblem(template: string): string | null {
  const stripped = template.replace(PLACEHOLDER, '');
  if (stripped.includes('{{') || stripped.includes('}}')) return 'placeholders look like {{payload.name}}';
  return null;
}

/** One measured number set. Benchmarks print each as a JSON line, then all as a table. */
export interface Measure {
  bench: string;
  database?: string;
  concurrency?: number;
  [key: string]: unknown;
}

export function emit(measure: Measure): void {
  console.log(JSON.stringify(measure));
}

export function printTable(title: string, measures: Measure[]): void {
  if (measures.length === 0) return;
  const columns = [...new Set(measures.flatMap((m) => Object.keys(m)))];
  const cell = (value: unknown) =>
    value === undefined ? '' : typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : String(value);
  const widths = columns.map((c) => Math.max(c.length, ...measures.map((m) => cell(m[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const m of measures) console.log(line(columns.map((c) => cell(m[c]))));
  console.log('');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

// `npm run bench` runs every benchmark in this folder, one after another; pass names to pick
// some: `npm run bench -- platform-overhead inventory-reserve`. Extra flags after `--` go to each.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const flagsAt = args.indexOf('--');
const names = (flagsAt >= 0 ? args.slice(0, flagsAt) : args).filter((a) => !a.startsWith('-'));
const flags = flagsAt >= 0 ? args.slice(flagsAt + 1) : args.filter((a) => a.startsWith('-'));
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = names.length ? all.filter((f) => names.some((n) => f.startsWith(n))) : all;
let failed = 0;
for (const file of chosen) {
  console.log(`\n### ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`, ...flags], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

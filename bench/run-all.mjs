// `npm run bench`: builds for production, packages, then runs every bench/*.bench.mjs in turn.
// Each prints `name: value unit (anchor: value, ratio x)` lines.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
process.chdir(root);
execFileSync('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
const only = process.argv.slice(2);
let failed = 0;
for (const file of readdirSync('bench')
  .filter((f) => f.endsWith('.bench.mjs') || f.endsWith('.bench.ts'))
  .sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  process.stdout.write(`# ${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);

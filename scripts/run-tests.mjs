// Runs the whole test job: typecheck, lint, then vitest with a JSON report.
// Ends with the plain line `N passed, N failed` computed from vitest's own report,
// and exits non-zero when any step or test fails.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, existsSync } from 'node:fs';

const report = '.test-report.json';
const extra = process.argv.slice(2);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

let failedSteps = 0;
if (extra.length === 0) {
  for (const [name, args] of [
    ['typecheck', ['exec', 'tsc', '-p', '.', '--pretty']],
    ['lint', ['exec', 'eslint', '--max-warnings=0', '.']],
  ]) {
    console.log(`\n== ${name} ==`);
    if (run('pnpm', args) !== 0) {
      console.log(`${name} failed`);
      failedSteps++;
    }
  }
}

console.log('\n== tests ==');
rmSync(report, { force: true });
const status = run('pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  `--reporter=json`,
  `--outputFile.json=${report}`,
  ...extra,
]);

let passed = 0;
let failed;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed =
    (r.numFailedTests ?? 0) +
    (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0)
      .length;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} else {
  failed = 1;
}
failed += failedSteps;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);

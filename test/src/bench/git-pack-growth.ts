// `node --expose-gc test/src/bench/git-pack-growth.ts [--max-packs 50] [--commits 600]`: a
// program, not a test. Follows one repository over smart HTTP (git http-backend) through many
// commits, one fetch each, as a hub does under churn, and prints every 200 commits the packs in
// the cache, the JS heap after a full GC and the median time of the last 100 refresh + resolve
// + read-the-changed-directory steps. `--max-packs 100000` shows the cache without compaction
// (docs/decisions/git.md, "Keeping the pack count bounded").
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startGitServer, tempDir } from '../fixtures/index.ts';
import { GitSources } from '../../../principal/src/sources/index.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    'max-packs': { type: 'string', default: '50' },
    commits: { type: 'string', default: '600' },
  },
});
const maxPacks = Number(values['max-packs']);
const commits = Number(values.commits);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heapMiB = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1048576;
};

const server = await startGitServer({ scope: 'file' });
const files: Record<string, string> = {};
for (let i = 0; i < 200; i++) files[`g${i % 10}/cm-${i}.yaml`] = `i: ${i}\n${'x'.repeat(800)}\n`;
const repo = await server.createRepo('churn', files);
const dataDir = await tempDir({ prefix: 'outpost-pack-growth-', scope: 'file' });
const git = new GitSources({ dataDir, maxPacks });
await git.resolve(repo.url, 'main');
const packDir = join(dataDir, 'repos', readdirSync(join(dataDir, 'repos'))[0]!, 'objects', 'pack');
const start = heapMiB();
const t0 = performance.now();
const steps: number[] = [];
for (let n = 1; n <= commits; n++) {
  const group = `g${n % 10}/`;
  await repo.commit({ [`${group}cm-${n % 200}.yaml`]: `i: ${n}\n${'y'.repeat(800)}\n` });
  const t = performance.now();
  await git.refresh(repo.url);
  const tree = await git.resolve(repo.url, 'main');
  for (const f of await tree.listFiles()) if (f.startsWith(group)) await tree.readFile(f);
  steps.push(performance.now() - t);
  if (n % 200 === 0 || n === commits) {
    const packs = readdirSync(packDir).filter((x) => x.endsWith('.idx')).length;
    process.stdout.write(
      `max-packs ${maxPacks}, ${n} commits: ${packs} packs, heap ${heapMiB().toFixed(1)} MiB ` +
        `(${start.toFixed(1)} at the start), refresh+read median of the last 100 ` +
        `${median(steps.slice(-100)).toFixed(1)} ms, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  }
}
// Outside vitest the fixtures' cleanups do not run: remove the temp dirs here.
rmSync(dataDir, { recursive: true, force: true });
rmSync(server.root, { recursive: true, force: true });
process.exit(0);

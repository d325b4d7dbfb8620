// Benchmark (a program, not a test): fetch of a new commit plus reading every file of a
// 2,000-file repository served over smart HTTP by the git fixture, with the principal's
// Git sources (isomorphic-git) versus the git CLI (`git fetch` + `git ls-tree -r` +
// `git cat-file --batch`), in the same run. Prints medians and the ratio.
//
//   node test/src/bench/git-bench.ts [--files 2000] [--reps 5] [--changed 20]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GitServer, gitText, isolatedGitEnv, runGit, type FileMap } from '../fixtures/index.ts';
// principal/src/index.ts does not export the sources module yet (owned by the lead).
import { GitSources } from '../../../principal/src/sources/index.ts';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '2000' },
    reps: { type: 'string', default: '5' },
    changed: { type: 'string', default: '20' },
  },
});
const FILES = Number(values.files);
const REPS = Math.max(3, Number(values.reps));
const CHANGED = Number(values.changed);

function manifest(i: number, rev: number): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: app-${i}`,
    `  labels: { app: app-${Math.floor(i / 10)}, revision: "${rev}" }`,
    'data:',
    ...Array.from(
      { length: 12 },
      (_, k) => `  key${k}: "value-${i}-${k}-${(i * 7919 + k * 104729 + rev) % 1000003}"`,
    ),
    '',
  ].join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Reads every blob of `commit` with one `git cat-file --batch` process; returns total bytes. */
function catFileBatch(gitDir: string, oids: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [`--git-dir=${gitDir}`, 'cat-file', '--batch'], { env: isolatedGitEnv() });
    let pending = Buffer.alloc(0);
    let remaining = oids.length;
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const nl = pending.indexOf(10);
        if (nl < 0) return;
        const size = Number(pending.subarray(0, nl).toString().split(' ')[2]);
        if (pending.length < nl + 1 + size + 1) return;
        bytes += size;
        pending = pending.subarray(nl + 1 + size + 1);
        remaining--;
      }
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 && remaining === 0
        ? resolve(bytes)
        : reject(new Error(`cat-file exit ${code}, ${remaining} left`)),
    );
    child.stdin.end(oids.join('\n') + '\n');
  });
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'outpost-git-bench-'));
  const server = await GitServer.start({ root: join(work, 'served') });
  try {
    const files: FileMap = {};
    for (let i = 0; i < FILES; i++)
      files[`apps/team-${i % 20}/app-${Math.floor(i / 20) % 10}/cm-${i}.yaml`] = manifest(i, 0);
    const repo = await server.createRepo('bench', files);
    const paths = Object.keys(files);
    console.log(`repository: ${FILES} files, ${CHANGED} changed per commit, ${REPS} repetitions`);

    const sources = new GitSources({ dataDir: join(work, 'data') });
    const cliDir = join(work, 'cli.git');
    await runGit(['init', '--quiet', '--bare', cliDir]);
    const refspecs = ['+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'];
    // initial clones for all three, outside the measurement
    const first = await sources.resolve(repo.url, 'main');
    for (const path of await first.listFiles()) await first.readFile(path); // the hub read this commit already
    await new GitSources({ dataDir: join(work, 'data-cold') }).resolve(repo.url, 'main');
    await runGit(['fetch', '--quiet', repo.url, ...refspecs], { gitDir: cliDir });

    const warm: number[] = [];
    const cold: number[] = [];
    const cli: number[] = [];
    /** fetch + resolve + read every file; returns the bytes read. */
    const readAll = async (git: GitSources, sha: string): Promise<number> => {
      await git.refresh(repo.url);
      const tree = await git.resolve(repo.url, 'main');
      if (tree.commit !== sha) throw new Error('isomorphic-git did not see the new commit');
      let bytes = 0;
      for (const path of await tree.listFiles()) bytes += (await tree.readFile(path))!.length;
      return bytes;
    };
    for (let rep = 1; rep <= REPS; rep++) {
      const change: FileMap = {};
      for (let k = 0; k < CHANGED; k++) {
        const i = (rep * 131 + k * 97) % FILES;
        change[paths[i]!] = manifest(i, rep);
      }
      const sha = await repo.commit(change, { message: `rep ${rep}` });

      // (a1) the hub's steady state: the same GitSources, in-memory caches warm from the previous commit
      let t = performance.now();
      const warmBytes = await readAll(sources, sha);
      warm.push(performance.now() - t);

      // (a2) a fresh process: on-disk cache up to date but one commit behind, in-memory caches empty
      const fresh = new GitSources({ dataDir: join(work, 'data-cold') });
      t = performance.now();
      const coldBytes = await readAll(fresh, sha);
      cold.push(performance.now() - t);

      // (b) the git CLI
      t = performance.now();
      await runGit(['fetch', '--quiet', repo.url, ...refspecs], { gitDir: cliDir });
      const listing = await gitText(['ls-tree', '-r', 'refs/remotes/origin/main'], { gitDir: cliDir });
      const oids = listing.split('\n').map((line) => line.split(/\s+/)[2]!);
      const cliBytes = await catFileBatch(cliDir, oids);
      cli.push(performance.now() - t);

      if (warmBytes !== cliBytes || coldBytes !== cliBytes || oids.length !== FILES) {
        throw new Error('the readers disagree');
      }
      console.log(
        `rep ${rep}: isomorphic-git warm ${warm.at(-1)!.toFixed(0)} ms, cold ${cold.at(-1)!.toFixed(0)} ms; ` +
          `git CLI ${cli.at(-1)!.toFixed(0)} ms`,
      );
    }
    const w = median(warm);
    const c = median(cold);
    const b = median(cli);
    console.log(`median git CLI (fetch + ls-tree -r + cat-file --batch): ${b.toFixed(0)} ms`);
    console.log(
      `median isomorphic-git, warm caches (fetch + read ${FILES} files): ${w.toFixed(0)} ms, ratio ${(w / b).toFixed(2)}x`,
    );
    console.log(
      `median isomorphic-git, cold caches (fetch + read ${FILES} files): ${c.toFixed(0)} ms, ratio ${(c / b).toFixed(2)}x`,
    );
    console.log('target: within 2x of the git CLI');
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();

// Summarises V8 CPU profiles (`--cpu-prof` output, as `pnpm bench --cpu-prof` keeps them):
// self time by function and by source file or package, heaviest first.
//
//   node test/src/bench/profile-summary.ts FILE.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { markdownTable } from './table.ts';

/** The parts of a `.cpuprofile` the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) by function and by file/package, heaviest first. */
export function summarizeProfile(p: CpuProfile): {
  byFunction: [string, number][];
  byFile: [string, number][];
} {
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const n of p.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (!ms) continue;
    const file = fileLabel(n.callFrame.url);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { byFunction: sorted(byFunction), byFile: sorted(byFile) };
}

/** `node_modules/.pnpm/x@1/node_modules/x/lib/y.js` → `x/lib/y.js`; project files relative. */
export function fileLabel(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const src = /\/(shared|principal|agent|test)\/src\/(.*)$/.exec(url);
  return src ? `${src[1]}/src/${src[2]}` : url.replace(/^file:\/\//, '');
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' } },
  });
  const top = Number(values.top);
  for (const file of positionals) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const s = summarizeProfile(p);
    const total = s.byFile.reduce((a, [, ms]) => a + ms, 0);
    const row = ([k, ms]: [string, number]) => [k, ms.toFixed(0), ((ms / total) * 100).toFixed(1)];
    process.stdout.write(`\n# ${file}: ${(total / 1000).toFixed(1)} s sampled\n\n`);
    process.stdout.write(`${markdownTable(['file', 'self ms', '%'], s.byFile.slice(0, top).map(row))}\n\n`);
    process.stdout.write(
      `${markdownTable(['function', 'self ms', '%'], s.byFunction.slice(0, top).map(row))}\n`,
    );
  }
}

if (import.meta.main) main();

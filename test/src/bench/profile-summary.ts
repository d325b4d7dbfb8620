// Summarises V8 CPU profiles (`--cpu-prof` output, as `pnpm bench --cpu-prof` keeps them):
// self time by function, by source file or package, by nearest project caller and by concern
// (agent link/state/apply…, API double HTTP/SSA/watch…, GC), heaviest first; over the whole
// profile or one time window, e.g. one fan-out's burst of CPU.
//
//   node test/src/bench/profile-summary.ts FILE.cpuprofile [--top 25]
//        [--periods]               list the busy periods (bursts of CPU) with their times
//        [--period N]              summarise the Nth busy period only (1 = first; --period=-1 = last)
//        [--from S] [--to S]       summarise seconds S..S since the profile's start
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  busyPeriods,
  callerFiles,
  concernOf,
  fileLabel,
  timedSamples,
  type BusyPeriod,
  type CpuProfile,
} from './profile-attribution.ts';
import { markdownTable } from './table.ts';

export { fileLabel, type CpuProfile };

/** A time window in ms since the profile's start (either end open when undefined). */
export interface ProfileWindow {
  fromMs?: number;
  toMs?: number;
}

/** Self time (ms) by function, file, nearest project caller and concern, heaviest first. */
export interface ProfileSummary {
  byFunction: [string, number][];
  byFile: [string, number][];
  byCaller: [string, number][];
  byConcern: [string, number][];
  /** Sampled time in the window, idle excluded. */
  cpuMs: number;
  /** Sampled idle time in the window. */
  idleMs: number;
}

/** Sums the samples of `p` (in `window`, when given) by function, file, caller and concern. */
export function summarizeProfile(p: CpuProfile, window: ProfileWindow = {}): ProfileSummary {
  const self = new Map<number, number>();
  for (const s of timedSamples(p)) {
    if (window.fromMs !== undefined && s.atMs < window.fromMs) continue;
    if (window.toMs !== undefined && s.atMs >= window.toMs) continue;
    self.set(s.node, (self.get(s.node) ?? 0) + s.ms);
  }
  const callers = callerFiles(p);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byCaller = new Map<string, number>();
  const byConcern = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, ms: number) => m.set(k, (m.get(k) ?? 0) + ms);
  let cpuMs = 0;
  let idleMs = 0;
  for (const n of p.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (!ms) continue;
    const file = fileLabel(n.callFrame.url);
    add(byFunction, `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`, ms);
    add(byFile, file, ms);
    if (n.callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    cpuMs += ms;
    const caller = callers.get(n.id) ?? file;
    add(byCaller, caller, ms);
    add(byConcern, concernOf(caller), ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    byFunction: sorted(byFunction),
    byFile: sorted(byFile),
    byCaller: sorted(byCaller),
    byConcern: sorted(byConcern),
    cpuMs,
    idleMs,
  };
}

function periodsTable(periods: readonly BusyPeriod[]): string {
  return markdownTable(
    ['#', 'from s', 'to s', 'CPU ms'],
    periods.map((b, i) => [
      String(i + 1),
      (b.fromMs / 1000).toFixed(1),
      (b.toMs / 1000).toFixed(1),
      b.cpuMs.toFixed(0),
    ]),
  );
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      periods: { type: 'boolean', default: false },
      period: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
  const top = Number(values.top);
  const out = (s: string) => process.stdout.write(s);
  for (const file of positionals) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const periods = busyPeriods(p);
    if (values.periods) {
      out(`\n# ${file}: busy periods\n\n${periodsTable(periods)}\n`);
      continue;
    }
    const window: ProfileWindow = {};
    if (values.period !== undefined) {
      const i = Number(values.period);
      const b = periods[i < 0 ? periods.length + i : i - 1];
      if (!b) throw new Error(`${file}: no busy period ${values.period} (it has ${periods.length})`);
      window.fromMs = b.fromMs;
      window.toMs = b.toMs;
    }
    if (values.from !== undefined) window.fromMs = Number(values.from) * 1000;
    if (values.to !== undefined) window.toMs = Number(values.to) * 1000;
    const s = summarizeProfile(p, window);
    const span =
      window.fromMs !== undefined || window.toMs !== undefined
        ? ` in ${((window.fromMs ?? 0) / 1000).toFixed(1)}–${window.toMs !== undefined ? (window.toMs / 1000).toFixed(1) : 'end'} s`
        : '';
    const row = ([k, ms]: [string, number]) => [k, ms.toFixed(0), ((ms / s.cpuMs) * 100).toFixed(1)];
    out(
      `\n# ${file}${span}: ${(s.cpuMs / 1000).toFixed(2)} s CPU, ${(s.idleMs / 1000).toFixed(2)} s idle\n\n`,
    );
    out(`${markdownTable(['concern', 'ms', '% CPU'], s.byConcern.slice(0, top).map(row))}\n\n`);
    out(`${markdownTable(['nearest project caller', 'ms', '% CPU'], s.byCaller.slice(0, top).map(row))}\n\n`);
    out(`${markdownTable(['file', 'self ms', '% CPU'], s.byFile.slice(0, top).map(row))}\n\n`);
    out(`${markdownTable(['function', 'self ms', '% CPU'], s.byFunction.slice(0, top).map(row))}\n`);
  }
}

if (import.meta.main) main();

/**
 * Reading a V8 CPU profile (`--cpu-prof` output) by time and by caller: when each sample
 * was taken, which busy periods the process had (a fan-out shows as one burst of CPU in a
 * worker), and which project file or concern each sample's time belongs to — the nearest
 * Outpost source frame on its stack, so that `JSON.stringify` called by the API double counts
 * for the double and a gRPC callback with no project caller counts for gRPC. Pure.
 */

/** A call frame as V8 writes it. */
export interface ProfileFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/** The parts of a `.cpuprofile` the summaries read. */
export interface CpuProfile {
  nodes: { id: number; callFrame: ProfileFrame; children?: number[] }[];
  samples: number[];
  /** Microseconds since the previous sample (the first: since `startTime`). */
  timeDeltas: number[];
}

/** One sample: its node and when it was taken (ms since the profile's start) and for how long. */
export interface TimedSample {
  node: number;
  atMs: number;
  ms: number;
}

/** Every sample with its time since the profile's start. */
export function timedSamples(p: CpuProfile): TimedSample[] {
  const out: TimedSample[] = [];
  let t = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    t += ms;
    out.push({ node: p.samples[i]!, atMs: t, ms });
  }
  return out;
}

/** V8's pseudo frames that are not JavaScript work. */
const IDLE = '(idle)';

/** A stretch of time in which the process was on the CPU most of the time. */
export interface BusyPeriod {
  fromMs: number;
  toMs: number;
  /** Sampled non-idle time in the period. */
  cpuMs: number;
}

/**
 * Busy periods: the timeline cut into `binMs` bins; consecutive bins at least `minBusy`
 * (0–1) non-idle merge into one period; periods under `minCpuMs` of CPU are dropped.
 */
export function busyPeriods(
  p: CpuProfile,
  opts: { binMs?: number; minBusy?: number; minCpuMs?: number } = {},
): BusyPeriod[] {
  const binMs = opts.binMs ?? 100;
  const minBusy = opts.minBusy ?? 0.3;
  const minCpuMs = opts.minCpuMs ?? 200;
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === IDLE).map((n) => n.id));
  const bins: number[] = [];
  for (const s of timedSamples(p)) {
    if (idle.has(s.node)) continue;
    const b = Math.floor(s.atMs / binMs);
    bins[b] = (bins[b] ?? 0) + s.ms;
  }
  const out: BusyPeriod[] = [];
  let cur: BusyPeriod | undefined;
  for (let b = 0; b <= bins.length; b++) {
    const ms = bins[b] ?? 0;
    if (ms >= minBusy * binMs) {
      cur ??= { fromMs: b * binMs, toMs: b * binMs, cpuMs: 0 };
      cur.toMs = (b + 1) * binMs;
      cur.cpuMs += ms;
    } else if (cur) {
      if (cur.cpuMs >= minCpuMs) out.push(cur);
      cur = undefined;
    }
  }
  return out;
}

/** `node_modules/.pnpm/x@1/node_modules/x/lib/y.js` → `x/lib/y.js`; project files relative. */
export function fileLabel(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const src = /\/(shared|principal|agent|test)\/src\/(.*)$/.exec(url);
  return src ? `${src[1]}/src/${src[2]}` : url.replace(/^file:\/\//, '');
}

const PROJECT = /^(shared|principal|agent|test)\/src\//;

/**
 * For each node, the file its time counts for: the nearest project source file on the stack
 * (the node's own or a caller's); without one, the node's own file (a package or `node:`
 * module), or the pseudo frame's name (`(garbage collector)`, `(program)`, `(idle)`).
 */
export function callerFiles(p: CpuProfile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<number, string>();
  const resolve = (id: number): string | undefined => {
    const known = out.get(id);
    if (known !== undefined) return known.startsWith('!') ? undefined : known;
    const n = byId.get(id);
    if (!n) return undefined;
    const own = fileLabel(n.callFrame.url);
    let found: string | undefined = PROJECT.test(own) ? own : undefined;
    if (found === undefined) {
      const up = parent.get(id);
      found = up === undefined ? undefined : resolve(up);
    }
    // `!` marks "no project caller" in the memo without losing the node's own label.
    out.set(id, found ?? `!${own}`);
    return found;
  };
  for (const n of p.nodes) resolve(n.id);
  for (const n of p.nodes) {
    const v = out.get(n.id)!;
    if (!v.startsWith('!')) continue;
    const name = n.callFrame.functionName;
    out.set(n.id, !n.callFrame.url && name.startsWith('(') ? name : v.slice(1));
  }
  return out;
}

/** Rules from a caller file to a concern, first match wins. */
const CONCERNS: [RegExp, string][] = [
  [/^\(garbage collector\)$/, 'GC'],
  [/^\(program\)$/, 'V8/native (program)'],
  [/^agent\/src\/link\//, 'agent: link (stream, assignment decode, blobs, status outbox)'],
  [/^agent\/src\/state\//, 'agent: state persist'],
  [/^agent\/src\/reconcile\//, 'agent: reconcile'],
  [/^agent\/src\/apply\//, 'agent: apply'],
  [/^agent\/src\/drift\//, 'agent: drift watches'],
  [/^agent\/src\/kube\//, 'agent: kube client'],
  [/^agent\/src\//, 'agent: other'],
  [/^shared\/src\//, 'shared (digests, canonical JSON, logger)'],
  [/^test\/src\/kube-double\/server\/watch-stream/, 'double: watch fan-out'],
  [/^test\/src\/kube-double\/server\//, 'double: HTTP handler + routing'],
  [
    /^test\/src\/kube-double\/core\/(server-side-apply|field-set|managed-fields)/,
    'double: SSA + managedFields',
  ],
  [/^test\/src\/kube-double\/core\//, 'double: store + verbs'],
  [/^test\/src\/kube-double\//, 'double: other'],
  [/^test\/src\/bench\//, 'bench harness'],
  [/^(@grpc|protobufjs|@protobufjs)\//, 'gRPC library (no project caller)'],
  [/^node:(internal\/)?(http2|tls|_tls)/, 'HTTP/2 + TLS (no project caller)'],
  [/^(@kubernetes|undici|node-fetch|form-data|isomorphic)/, 'kube client library (no project caller)'],
  [/^node:(internal\/)?(_http|http|net|stream|streams)/, 'node HTTP/net/streams (no project caller)'],
  [/^yaml\//, 'YAML (no project caller)'],
];

/** The concern a caller file (as {@link callerFiles} labels it) counts for. */
export function concernOf(file: string): string {
  for (const [re, name] of CONCERNS) if (re.test(file)) return name;
  return `other: ${file.replace(/\/[^/]*$/, '/…')}`;
}

/**
 * `pnpm bench` flags: parsed and validated into {@link BenchOptions}. Pure.
 */
import { parseArgs } from 'node:util';

export const SCENARIOS = ['fanout', 'cold', 'restart', 'churn', 'idle'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export const PARTS = ['git', 'appsets', 'fleet'] as const;
export type PartName = (typeof PARTS)[number];

export interface BenchOptions {
  agents: number;
  scenarios: ScenarioName[];
  repeat: number;
  out: string;
  parts: PartName[];
  agentsPerWorker: number;
  groups: number;
  churnSeconds: number;
  idleSeconds: number;
  /**
   * Agents campaign for a Lease (the DaemonSet mode). Off by default: every renewal is two
   * requests to the simulated API servers every 3 s per agent, which on two shared cores
   * costs more CPU than the hub and does not involve it.
   */
  leaderElection: boolean;
  /** Hub `--cpu-prof` into `<workDir>/profiles`. */
  cpuProf: boolean;
  /** Write a hub heap snapshot after the idle scenario. */
  heapSnapshot: boolean;
  /** Keep the work directory (logs, profiles) after the run. */
  keep: boolean;
  /**
   * Where the simulated agents keep their state: `memory` (a tmpfs, /dev/shm) or `disk` (the
   * work directory). A real fleet's agents each fsync their own node's disk, in parallel; a
   * thousand simulated agents on one shared disk queue 4,000 fsyncs per fan-out behind each
   * other (and behind every other tenant of the disk). The hub's data stays on disk.
   */
  agentState: 'memory' | 'disk';
  /** Extra Node flags for the hub process only (`--hub-node-flag`, repeatable). */
  hubNodeFlags: string[];
  /** Extra environment for the hub process only (`--hub-env KEY=VALUE`, repeatable), e.g. `LD_PRELOAD`. */
  hubEnv: Record<string, string>;
  /**
   * Niceness of the fleet's agent worker processes (`--worker-nice 0..19`, default 0: the same
   * priority as the hub). A real fleet's agents run on their own nodes and take no CPU from the
   * hub; a positive value lets the simulated ones use only what the hub leaves (see
   * docs/decisions/benchmark.md). The solo agent keeps normal priority.
   */
  workerNice: number;
}

export const USAGE = `pnpm bench [--agents N] [--scenarios fanout,cold,restart,churn,idle] [--repeat 3]
           [--out FILE.json] [--only git|appsets|fleet] [--agents-per-worker 250] [--groups 10]
           [--churn-seconds 60] [--idle-seconds 10] [--leader-election] [--cpu-prof]
           [--heap-snapshot] [--keep] [--agent-state memory|disk]
           [--hub-node-flag=--optimize-for-size ...] [--hub-env KEY=VALUE ...] [--worker-nice 10]`;

function list<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const i of items)
    if (!allowed.includes(i as T)) throw new Error(`${flag}: unknown "${i}" (one of ${allowed.join(', ')})`);
  if (items.length === 0) throw new Error(`${flag}: empty list`);
  return items as T[];
}

function int(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

/** Parses argv. @throws Error naming the bad flag. */
export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      agents: { type: 'string', default: '100' },
      scenarios: { type: 'string', default: SCENARIOS.join(',') },
      repeat: { type: 'string', default: '3' },
      out: { type: 'string', default: 'bench/results/latest.json' },
      only: { type: 'string', default: PARTS.join(',') },
      'agents-per-worker': { type: 'string', default: '250' },
      groups: { type: 'string', default: '10' },
      'churn-seconds': { type: 'string', default: '60' },
      'idle-seconds': { type: 'string', default: '10' },
      'leader-election': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'heap-snapshot': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'agent-state': { type: 'string', default: 'memory' },
      'hub-node-flag': { type: 'string', multiple: true, default: [] },
      'hub-env': { type: 'string', multiple: true, default: [] },
      'worker-nice': { type: 'string', default: '0' },
    },
    strict: true,
  });
  const repeat = int('--repeat', values.repeat, 1);
  if (repeat < 3) throw new Error('--repeat must be at least 3: every figure is a median of ≥ 3 repetitions');
  return {
    agents: int('--agents', values.agents, 1),
    scenarios: list('--scenarios', values.scenarios, SCENARIOS),
    repeat,
    out: values.out,
    parts: list('--only', values.only, PARTS),
    agentsPerWorker: int('--agents-per-worker', values['agents-per-worker'], 1),
    groups: int('--groups', values.groups, 1),
    churnSeconds: int('--churn-seconds', values['churn-seconds'], 1),
    idleSeconds: int('--idle-seconds', values['idle-seconds'], 1),
    leaderElection: values['leader-election'],
    cpuProf: values['cpu-prof'],
    heapSnapshot: values['heap-snapshot'],
    keep: values.keep,
    agentState: list('--agent-state', values['agent-state'], ['memory', 'disk'] as const)[0]!,
    hubNodeFlags: values['hub-node-flag'].map((f) => {
      if (!f.startsWith('--'))
        throw new Error(`--hub-node-flag: expected a Node flag such as --optimize-for-size, got "${f}"`);
      return f;
    }),
    workerNice: niceness(values['worker-nice']),
    hubEnv: Object.fromEntries(
      values['hub-env'].map((pair) => {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new Error(`--hub-env: expected KEY=VALUE, got "${pair}"`);
        return [pair.slice(0, eq), pair.slice(eq + 1)];
      }),
    ),
  };
}

function niceness(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 19) throw new Error(`--worker-nice: expected 0 to 19, got "${v}"`);
  return n;
}

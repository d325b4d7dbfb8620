// `node test/src/bench/agent-footprint.ts [objects] [--repeat N] [--source | --bundle=FILE]
// [--node-flags="..."] [--node-env="NAME=value ..."]`: a program, not a test. Runs the real hub (`outpost principal`), one
// agent process (the bundled `outpost-agent`, built first; `--bundle`: a bundle built earlier,
// to compare builds; `--source`: `outpost agent` from the TypeScript sources) against a
// simulated cluster and a git repository with N ConfigMaps in one app (default 500), then
// reports:
//  - the agent's RSS after it applied all objects, and steady (idle 30 s after a change),
//    split into private (anonymous) and file-backed memory;
//  - the bytes that crossed the wire (counted by a TCP proxy between agent and hub) for a
//    commit that changes one object, against that object's canonical JSON size.
// The agent runs with the DaemonSet's Node flags and environment (agent/src/cli/agent-program.ts)
// unless `--node-flags` / `--node-env` say otherwise (`--node-env=` for none).
// `--repeat N` (default 1) runs it N times, each with a fresh hub, cluster and agent, and
// prints the median of every figure after the runs.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { canonicalJson } from '@outpost/shared';
import { parse } from 'yaml';
import {
  AGENT_BUNDLE,
  ByteCountingProxy,
  Fleet,
  bulkAppset,
  configMapYaml,
  waitFor,
  waitForAppliedAfter,
} from '../fleet-runner/index.ts';
import { AGENT_NODE_ENV, AGENT_NODE_FLAGS, buildAgentBundle } from './agent-process.ts';
import { procMemory } from './proc-stats.ts';
import { median } from './stats.ts';

const args = parseArgs({
  allowPositionals: true,
  options: {
    source: { type: 'boolean', default: false },
    bundle: { type: 'string' },
    'node-flags': { type: 'string' },
    'node-env': { type: 'string' },
    repeat: { type: 'string', default: '1' },
  },
});
const N = Number(args.positionals[0] ?? 500);
const repeat = Number(args.values.repeat);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error(`--repeat: a whole number ≥ 1, not ${args.values.repeat}`);
const fromSource = args.values.source;
const program = fromSource ? undefined : (args.values.bundle ?? AGENT_BUNDLE);
// The flags the DaemonSet runs the agent with, unless told otherwise (`--node-flags=` for none).
const nodeFlags = (args.values['node-flags'] ?? AGENT_NODE_FLAGS.join(' ')).split(/\s+/).filter(Boolean);
const nodeEnv: Record<string, string> =
  args.values['node-env'] === undefined
    ? { ...AGENT_NODE_ENV }
    : Object.fromEntries(
        args.values['node-env']
          .split(/\s+/)
          .filter(Boolean)
          .map((kv) => {
            const at = kv.indexOf('=');
            if (at <= 0) throw new Error(`--node-env: NAME=value pairs, not ${kv}`);
            return [kv.slice(0, at), kv.slice(at + 1)];
          }),
      );
const say = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => (bytes / 1048576).toFixed(1);

const payload = (i: number, version: string) => ({ index: String(i), version, note: 'x'.repeat(200) });

/** The figures of one run. */
interface Run {
  syncMs: number;
  initialDown: number;
  initialUp: number;
  /** RSS when the agent first answered /status, and after applying every object. */
  firstRss: number;
  syncedRss: number;
  /** Idle 30 s after the one-object change. */
  steadyRss: number;
  steadyAnon: number;
  steadyFile: number;
  objectBytes: number;
  blobsFetched: number;
  blobBytes: number;
  down: number;
  up: number;
}

/**
 * Runs `start` with `env` added to this process's environment, which the fleet runner hands to
 * the agent process it spawns; restored afterwards, so the hub of the next run does not get it.
 */
async function withEnv<T>(env: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await start();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function runOnce(): Promise<Run> {
  const files: Record<string, string> = {};
  for (let i = 0; i < N; i++) files[`bulk/cm-${i}.yaml`] = configMapYaml(`cm-${i}`, payload(i, '1'));
  const started = Date.now();
  const fleet = await Fleet.start({ clusters: ['bench-1'], files, appsets: bulkAppset });
  const proxy = await ByteCountingProxy.start(fleet.hub.address);
  const agent = await withEnv(nodeEnv, () =>
    fleet.startAgentProcess(
      fleet.agentSpec('bench-1', {
        hub: proxy.address,
        nodeFlags,
        ...(program ? { program: [program] } : {}),
      }),
    ),
  );
  try {
    await waitFor('agent up', () => agent.status(), { timeoutMs: 120_000, intervalMs: 20 });
    const first = await procMemory(agent.pid!);
    const synced = await waitFor(
      `${N} objects applied`,
      async () => {
        const s = await agent.status();
        const app = s.apps.find((a) => a.name === 'bulk-bench-1');
        return app?.sync === 'Synced' && app.resources.length === N ? s : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 250 },
    );
    const syncMs = Date.now() - started;
    await waitFor(
      'status acknowledged',
      async () => (await agent.status()).link?.unacknowledgedStatus === 0,
      { timeoutMs: 60_000 },
    );
    const afterSync = await procMemory(agent.pid!);
    const initial = proxy.bytes();

    const before = proxy.bytes();
    const changed = configMapYaml('cm-7', payload(7, '2'));
    await fleet.commit({ 'bulk/cm-7.yaml': changed }, 'change one object');
    const spoke = fleet.cluster('bench-1').cluster;
    await waitFor(
      'change applied',
      () =>
        (spoke.getObject('v1', 'ConfigMap', 'default', 'cm-7')?.data as Record<string, string>)?.version ===
        '2',
      { timeoutMs: 120_000 },
    );
    const after = await waitForAppliedAfter(agent, synced.appliedGeneration, { timeoutMs: 60_000 });
    await sleep(30_000);
    const steady = await procMemory(agent.pid!);
    const wire = proxy.bytes();
    return {
      syncMs,
      initialDown: initial.down,
      initialUp: initial.up,
      firstRss: first.rssBytes,
      syncedRss: afterSync.rssBytes,
      steadyRss: steady.rssBytes,
      steadyAnon: steady.anonBytes,
      steadyFile: steady.fileBytes,
      objectBytes: Buffer.byteLength(canonicalJson(parse(changed))),
      blobsFetched: (after.link?.blobsReceived ?? 0) - (synced.link?.blobsReceived ?? 0),
      blobBytes: (after.link?.blobBytesReceived ?? 0) - (synced.link?.blobBytesReceived ?? 0),
      down: wire.down - before.down,
      up: wire.up - before.up,
    };
  } finally {
    await agent.stop();
    await proxy.close();
    await fleet.close();
    await fleet.git.close();
  }
}

function report(r: Run, heading: string): void {
  say(heading);
  say(
    `  initial sync: ${Math.round(r.syncMs)} ms from hub start, ${Math.round(r.initialDown)} bytes hub->agent, ${Math.round(r.initialUp)} bytes agent->hub`,
  );
  say(
    `  agent RSS after applying ${N} objects: ${mib(r.syncedRss)} MiB (${mib(r.firstRss)} MiB when it first answered /status); steady 30 s after a change: ${mib(r.steadyRss)} MiB = ${mib(r.steadyAnon)} MiB private (anonymous) + ${mib(r.steadyFile)} MiB file-backed (shared)`,
  );
  say(`  one-object change: object ${r.objectBytes} bytes (canonical JSON)`);
  say(`    blobs fetched: ${r.blobsFetched}, blob bytes ${Math.round(r.blobBytes)}`);
  say(
    `    wire hub->agent: ${Math.round(r.down)} bytes (${(r.down / r.objectBytes).toFixed(2)}x the object), agent->hub: ${Math.round(r.up)} bytes`,
  );
  say(
    '    (wire bytes include TLS records, HTTP/2 frames, the assignment message listing every object ref, and status reports)',
  );
}

async function main(): Promise<void> {
  if (!fromSource && args.values.bundle === undefined) buildAgentBundle();
  const env = Object.entries(nodeEnv).map(([k, v]) => `${k}=${v}`);
  const what = `${N} ConfigMaps in one app (simulated cluster; hub and agent are real processes; agent ${[...env, program ?? 'from sources', ...nodeFlags].join(' ')})`;
  const runs: Run[] = [];
  for (let i = 1; i <= repeat; i++) {
    const run = await runOnce();
    runs.push(run);
    if (repeat > 1) {
      say(
        `run ${i}/${repeat}: steady ${mib(run.steadyRss)} MiB = ${mib(run.steadyAnon)} private + ${mib(run.steadyFile)} file-backed; after sync ${mib(run.syncedRss)} MiB; sync ${run.syncMs} ms`,
      );
    }
  }
  const keys = Object.keys(runs[0]!) as (keyof Run)[];
  const medians = Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as unknown as Run;
  report(medians, `agent footprint, ${what}${repeat > 1 ? `; medians of ${repeat} runs` : ''}`);
}

await main();

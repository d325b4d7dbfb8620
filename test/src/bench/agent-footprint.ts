// `node test/src/bench/agent-footprint.ts [objects] [--source] [--node-flags="..."]`: a
// program, not a test. Runs the real hub (`outpost principal`), one agent process (the bundled
// `outpost-agent`, built first; `--source`: `outpost agent` from the TypeScript sources)
// against a simulated cluster and a git repository with N ConfigMaps in one app (default
// 500), then reports:
//  - the agent's RSS after it applied all objects, and steady (idle 30 s after a change);
//  - the bytes that crossed the wire (counted by a TCP proxy between agent and hub) for a
//    commit that changes one object, against that object's canonical JSON size.
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
} from '../fleet-runner/index.ts';
import { AGENT_NODE_FLAGS, buildAgentBundle } from './agent-process.ts';
import { procMemory } from './proc-stats.ts';

const args = parseArgs({
  allowPositionals: true,
  options: { source: { type: 'boolean', default: false }, 'node-flags': { type: 'string' } },
});
const N = Number(args.positionals[0] ?? 500);
const fromSource = args.values.source;
// The flags the DaemonSet runs the agent with, unless told otherwise (`--node-flags=` for none).
const nodeFlags = (args.values['node-flags'] ?? AGENT_NODE_FLAGS.join(' ')).split(/\s+/).filter(Boolean);
const say = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => (bytes / 1048576).toFixed(1);

const payload = (i: number, version: string) => ({ index: String(i), version, note: 'x'.repeat(200) });

async function rssKiB(pid: number): Promise<number> {
  return (await procMemory(pid)).rssBytes / 1024;
}

async function main(): Promise<void> {
  if (!fromSource) buildAgentBundle();
  const files: Record<string, string> = {};
  for (let i = 0; i < N; i++) files[`bulk/cm-${i}.yaml`] = configMapYaml(`cm-${i}`, payload(i, '1'));
  const started = Date.now();
  const fleet = await Fleet.start({ clusters: ['bench-1'], files, appsets: bulkAppset });
  const proxy = await ByteCountingProxy.start(fleet.hub.address);
  const agent = await fleet.startAgentProcess(
    fleet.agentSpec('bench-1', {
      hub: proxy.address,
      nodeFlags,
      ...(fromSource ? {} : { program: [AGENT_BUNDLE] }),
    }),
  );
  try {
    await waitFor('agent up', () => agent.status(), { timeoutMs: 120_000, intervalMs: 20 });
    const baseline = await rssKiB(agent.pid!);
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
    const rss = await rssKiB(agent.pid!);
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
      {
        timeoutMs: 120_000,
      },
    );
    const after = await waitFor(
      'generation applied and status acknowledged',
      async () => {
        const s = await agent.status();
        return s.appliedGeneration > synced.appliedGeneration && s.link?.unacknowledgedStatus === 0
          ? s
          : undefined;
      },
      { timeoutMs: 60_000 },
    );
    await sleep(30_000);
    const steady = await procMemory(agent.pid!);
    const wire = proxy.bytes();
    const objectBytes = Buffer.byteLength(canonicalJson(parse(changed)));
    const down = wire.down - before.down;
    const up = wire.up - before.up;
    say(
      `agent footprint, ${N} ConfigMaps in one app (simulated cluster; hub and agent are real processes; agent ${fromSource ? 'from sources' : 'bundle'}${nodeFlags.length ? ` ${nodeFlags.join(' ')}` : ''})`,
    );
    say(
      `  initial sync: ${syncMs} ms from hub start, ${initial.down} bytes hub->agent, ${initial.up} bytes agent->hub`,
    );
    say(
      `  agent RSS after applying ${N} objects: ${(rss / 1024).toFixed(1)} MiB (${(baseline / 1024).toFixed(1)} MiB when it first answered /status); steady 30 s after a change: ${mib(steady.rssBytes)} MiB = ${mib(steady.anonBytes)} MiB private (anonymous) + ${mib(steady.fileBytes)} MiB file-backed (shared)`,
    );
    say(`  one-object change: object ${objectBytes} bytes (canonical JSON)`);
    say(
      `    blobs fetched: ${(after.link?.blobsReceived ?? 0) - (synced.link?.blobsReceived ?? 0)}, blob bytes ${(after.link?.blobBytesReceived ?? 0) - (synced.link?.blobBytesReceived ?? 0)}`,
    );
    say(
      `    wire hub->agent: ${down} bytes (${(down / objectBytes).toFixed(2)}x the object), agent->hub: ${up} bytes`,
    );
    say(
      '    (wire bytes include TLS records, HTTP/2 frames, the assignment message listing every object ref, and status reports)',
    );
  } finally {
    await agent.stop();
    await proxy.close();
    await fleet.close();
    await fleet.git.close();
  }
}

await main();

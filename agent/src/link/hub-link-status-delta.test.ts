import { describe, expect, it } from 'vitest';
import { Capabilities, applyStatusDelta } from '@outpost/shared';
import type { AppStatus, ResourceStatus } from '@outpost/shared';
import type { LinkHost } from './link-host.ts';
import { scriptedWelcome, startScriptedHub, startScriptedLink, until } from './scripted-hub.ts';

/** App `a` with 100 resources, the one at index `degraded` Degraded. */
function appStatus(degraded: number): AppStatus {
  const resources: ResourceStatus[] = Array.from({ length: 100 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'ns',
    name: `cm-${i}`,
    sync: 'Synced',
    health: i === degraded ? 'Degraded' : 'Healthy',
    message: '',
  }));
  return {
    name: 'a',
    generation: 1,
    sync: 'Synced',
    health: degraded >= 0 ? 'Degraded' : 'Healthy',
    message: '',
    lastError: '',
    resources,
    drift: [],
    observedUnixMs: 1000 + degraded,
  };
}

type Reply = 'ack' | 'whole-needed' | 'end-stream';

/**
 * A scripted hub that keeps app statuses as the real status book does (merging deltas)
 * and answers each report as `reply(n)` says for the n-th report overall.
 */
async function statusHub(reply: (n: number) => Reply) {
  const reports: { stream: number; status: AppStatus }[] = [];
  const held = new Map<string, AppStatus>();
  const hub = await startScriptedHub((m, stream) => {
    if (m.kind === 'hello') stream.send(scriptedWelcome([Capabilities.statusDelta]));
    if (m.kind !== 'status') return;
    const wholeNeeded: string[] = [];
    const what = reply(reports.length + 1);
    for (const s of m.status.apps) {
      reports.push({ stream: stream.number, status: s });
      const merged = what === 'whole-needed' ? undefined : applyStatusDelta(held.get(s.name), s);
      if (merged) held.set(s.name, merged);
      else wholeNeeded.push(s.name);
    }
    if (what === 'end-stream') stream.end();
    else stream.send({ kind: 'statusAck', statusAck: { seq: m.status.seq, wholeNeeded } });
  });
  return { ...hub, reports, held };
}

const idleHost: LinkHost = {
  generations: () => ({ held: 0, applied: 0 }),
  holds: () => false,
  accept: async () => undefined,
  clusterFacts: () => ({ kubernetesVersion: '', appliedGeneration: 0, leader: 'x' }),
};

const shape = (r: { stream: number; status: AppStatus }) =>
  `stream ${r.stream}: ${r.status.resourcesDelta ? 'delta' : 'whole'} ${r.status.resources.length}`;

describe('hub link with status deltas (scripted hub over real gRPC)', () => {
  it('hub link – sends an app whole first, then deltas; whole again when the hub asks and after a reconnect', async () => {
    const replies: Reply[] = ['ack', 'whole-needed', 'ack', 'end-stream', 'ack', 'ack'];
    const hub = await statusHub((n) => replies[n - 1] ?? 'ack');
    const link = startScriptedLink(hub.address, idleHost);
    const report = async (degraded: number, count: number) => {
      link.reportStatus(appStatus(degraded));
      await until(
        `report ${count}`,
        () => hub.reports.length === count && link.status().unacknowledgedStatus === 0,
      );
    };
    await report(-1, 1);
    // The hub says it could not merge the delta: the same status goes again, whole.
    link.reportStatus(appStatus(3));
    await until('whole resend', () => hub.reports.length === 3 && link.status().unacknowledgedStatus === 0);
    // The stream ends before the ack: on the next stream the status goes whole.
    link.reportStatus(appStatus(4));
    await until('reconnected', () => hub.reports.length === 5 && link.status().unacknowledgedStatus === 0);
    await report(5, 6);

    const hello = hub.hellos[0];
    expect(hello?.kind === 'hello' && hello.hello.capabilities).toContain('status-delta');
    expect(hub.reports.map(shape)).toEqual([
      'stream 1: whole 100',
      'stream 1: delta 1',
      'stream 1: whole 100',
      'stream 1: delta 2',
      'stream 2: whole 100',
      'stream 2: delta 2',
    ]);
    expect(hub.held.get('a')).toEqual(appStatus(5));
  });
});

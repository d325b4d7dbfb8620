import { describe, expect, it } from 'vitest';
import { Capabilities, deltaAssignment, sha256Digest } from '@outpost/shared';
import type { AgentMessage, Assignment, ObjectRef } from '@outpost/shared';
import { appAssignment, wholeAssignment } from './assignment-builders.ts';
import type { DesiredState } from '../state/desired-state.ts';
import type { LinkHost } from './link-host.ts';
import type { ScriptedStream } from './scripted-hub.ts';
import { scriptedWelcome, startScriptedHub, startScriptedLink, until } from './scripted-hub.ts';

const content = (name: string, v: string) => JSON.stringify({ name, v });

function ref(name: string, v = '1'): ObjectRef {
  const text = content(name, v);
  return {
    digest: sha256Digest(text),
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'ns',
    name,
    size: text.length,
  };
}

const names = Array.from({ length: 10 }, (_, i) => `cm-${i}`);
const whole = (generation: number, changed: Record<string, string>): Assignment =>
  wholeAssignment(generation, [
    appAssignment(
      'a',
      names.map((n) => ref(n, changed[n] ?? '1')),
    ),
  ]);
const g1 = whole(1, {});
const g2 = whole(2, { 'cm-3': '2' });
const g3 = whole(3, { 'cm-3': '2', 'cm-4': '3' });
/** Every blob any generation references: digest → content. */
const blobs = new Map<string, string>();
for (const n of names) for (const v of ['1', '2', '3']) blobs.set(sha256Digest(content(n, v)), content(n, v));

/** A scripted hub that serves every blob asked for; `script` decides the rest. */
function blobServingHub(script: (m: AgentMessage, stream: ScriptedStream) => void) {
  return startScriptedHub((m, stream) => {
    if (m.kind === 'blobRequest')
      stream.send({
        kind: 'blobs',
        blobs: {
          blobs: m.blobRequest.digests.map((d) => ({ digest: d, content: Buffer.from(blobs.get(d)!) })),
          refused: [],
        },
      });
    script(m, stream);
  });
}

const welcome = () => scriptedWelcome([Capabilities.assignmentDelta]);

/** An in-memory agent side: holds what it accepted. */
function memoryHost(): LinkHost & { accepted: DesiredState[] } {
  const held = new Set<string>();
  const accepted: DesiredState[] = [];
  return {
    accepted,
    generations: () => ({ held: accepted.at(-1)?.generation ?? 0, applied: 0 }),
    holds: (d) => held.has(d),
    accept: async (desired, newBlobs) => {
      for (const d of newBlobs.keys()) held.add(d);
      accepted.push(desired);
    },
    clusterFacts: () => ({ kubernetesVersion: '', appliedGeneration: 0, leader: 'x' }),
  };
}

describe('hub link with delta assignments (scripted hub over real gRPC)', () => {
  it('hub link – advertises assignment-delta and adopts a delta as the whole next generation, fetching only the changed blob', async () => {
    const hub = await blobServingHub((m, { send }) => {
      if (m.kind === 'hello') {
        send(welcome());
        send({ kind: 'assignment', assignment: g1 });
      }
      if (m.kind === 'ack' && m.ack.generation === 1 && m.ack.held)
        send({ kind: 'assignment', assignment: deltaAssignment(g1, g2) });
    });
    const host = memoryHost();
    const link = startScriptedLink(hub.address, host);
    await until('generation 2 accepted', () => host.accepted.length === 2);
    const hello = hub.hellos[0];
    expect(hello?.kind === 'hello' && hello.hello.capabilities).toContain('assignment-delta');
    expect(host.accepted[1]).toEqual({ generation: 2, apps: g2.apps });
    expect(link.status()).toMatchObject({ deltasApplied: 1, deltasRefused: 0, blobsReceived: 11 });
  });

  it('hub link – a delta against a generation not held is not adopted; the link reconnects and adopts the whole assignment', async () => {
    const hub = await blobServingHub((m, { number, send }) => {
      if (m.kind !== 'hello') return;
      send(welcome());
      // First stream: generation 1, then a delta whose base (generation 2) the agent never held.
      if (number === 1) {
        send({ kind: 'assignment', assignment: g1 });
        send({ kind: 'assignment', assignment: deltaAssignment(g2, g3) });
      } else send({ kind: 'assignment', assignment: g3 });
    });
    const host = memoryHost();
    const link = startScriptedLink(hub.address, host);
    await until('generation 3 accepted', () => host.accepted.at(-1)?.generation === 3);
    expect(host.accepted.map((d) => d.generation)).not.toContain(2);
    expect(host.accepted.at(-1)).toEqual({ generation: 3, apps: g3.apps });
    expect(hub.hellos).toHaveLength(2);
    expect(link.status()).toMatchObject({ deltasApplied: 0, deltasRefused: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { agentMessageFromWire, agentMessageToWire, hubMessageFromWire, hubMessageToWire } from './codec.ts';
import type { AgentMessage, AppStatus, DriftEvent, HubMessage, ResourceStatus } from './messages.ts';
import { loadWireContract } from './proto.ts';
import { applyStatusDelta, statusDelta } from './status-delta.ts';

function res(name: string, health = 'Healthy', kind = 'ConfigMap'): ResourceStatus {
  return { apiVersion: 'v1', kind, namespace: 'ns', name, sync: 'Synced', health, message: '' };
}

const drift: DriftEvent[] = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'ns',
    name: 'cm-01',
    paths: ['/data/a'],
    deleted: false,
    atUnixMs: 5,
    reverted: true,
  },
];

function status(resources: ResourceStatus[], at = 10, driftEvents: DriftEvent[] = []): AppStatus {
  return {
    name: 'web',
    generation: 3,
    sync: 'Synced',
    health: 'Healthy',
    message: '',
    lastError: '',
    resources,
    drift: driftEvents,
    observedUnixMs: at,
  };
}

const many = Array.from({ length: 50 }, (_, i) => res(`cm-${String(i).padStart(2, '0')}`));

describe('status delta', () => {
  it('status delta – a one-resource change carries one resource and merges back to the whole status', () => {
    const base = status(many, 10, drift);
    const next = status(
      many.map((r) => (r.name === 'cm-07' ? res('cm-07', 'Degraded') : r)),
      20,
      drift,
    );
    const delta = statusDelta(base, next);
    expect(delta.resourcesDelta).toBe(true);
    expect(delta.resources.map((r) => `${r.name}:${r.health}`)).toEqual(['cm-07:Degraded']);
    expect(delta.removedResources).toEqual([]);
    expect(delta.driftUnchanged).toBe(true);
    expect(delta.drift).toEqual([]);
    expect(applyStatusDelta(base, delta)).toEqual(next);
  });

  it('status delta – added and removed resources and new drift apply back to the target', () => {
    const base = status(many, 10, drift);
    const newDrift = [...drift, { ...drift[0]!, name: 'cm-02', atUnixMs: 9 }];
    const next = status(
      [...many.filter((r) => r.name !== 'cm-03'), res('extra', 'Progressing', 'Secret')],
      20,
      newDrift,
    );
    const delta = statusDelta(base, next);
    expect(delta.resources.map((r) => r.name)).toEqual(['extra']);
    expect(delta.removedResources!.map((r) => r.name)).toEqual(['cm-03']);
    expect(delta.driftUnchanged).toBeUndefined();
    expect(delta.drift).toEqual(newDrift);
    expect(applyStatusDelta(base, delta)).toEqual(next);
  });

  it('status delta – without a base, or when most resources changed, the resource list goes whole', () => {
    const next = status(many.map((r) => res(r.name, 'Progressing')));
    expect(statusDelta(undefined, next)).toEqual(next);
    const whole = statusDelta(status(many), next);
    expect(whole.resourcesDelta).toBeUndefined();
    expect(whole.resources).toHaveLength(50);
    expect(applyStatusDelta(undefined, whole)).toEqual(next);
  });

  it('status delta – a delta without a held whole status cannot be applied', () => {
    const delta = statusDelta(
      status(many),
      status(many.map((r, i) => (i === 0 ? res(r.name, 'Missing') : r))),
    );
    expect(applyStatusDelta(undefined, delta)).toBeUndefined();
  });

  it('status delta – the delta fields and the ack survive the real proto round trip, and are small', () => {
    const connect = loadWireContract().hubService.Connect!;
    const encode = (m: AgentMessage): Buffer => connect.requestSerialize(agentMessageToWire(m));
    const base = status(many, 10, drift);
    const next = status([...many.slice(1, 49), res('cm-49', 'Degraded')], 20, drift);
    const msg: AgentMessage = {
      kind: 'status',
      status: { seq: 2, apps: [statusDelta(base, next)], cluster: undefined },
    };
    const bytes = encode(msg);
    const wholeBytes = encode({ kind: 'status', status: { seq: 2, apps: [next], cluster: undefined } });
    expect(bytes.length).toBeLessThan(wholeBytes.length / 10);
    const decoded = agentMessageFromWire(connect.requestDeserialize(bytes) as Record<string, unknown>);
    expect(decoded).toEqual(msg);
    if (decoded.kind !== 'status') throw new Error('not a status');
    expect(applyStatusDelta(base, decoded.status.apps[0]!)).toEqual(next);
    const ack: HubMessage = { kind: 'statusAck', statusAck: { seq: 2, wholeNeeded: ['web'] } };
    const ackWire = connect.responseDeserialize(connect.responseSerialize(hubMessageToWire(ack)));
    expect(hubMessageFromWire(ackWire as Record<string, unknown>)).toEqual(ack);
    const plain = connect.responseDeserialize(
      connect.responseSerialize(hubMessageToWire({ kind: 'statusAck', statusAck: { seq: 3 } })),
    );
    expect(hubMessageFromWire(plain as Record<string, unknown>)).toEqual({
      kind: 'statusAck',
      statusAck: { seq: 3 },
    });
  });
});

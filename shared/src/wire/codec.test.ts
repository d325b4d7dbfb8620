import { describe, expect, it } from 'vitest';
import { agentMessageFromWire, agentMessageToWire, hubMessageFromWire, hubMessageToWire } from './codec.ts';
import type { AgentMessage, HubMessage } from './messages.ts';
import { loadWireContract } from './proto.ts';

const contract = loadWireContract();
const connect = contract.hubService.Connect!;

/** Through real protobuf bytes, as grpc-js would carry them. */
function viaHubBytes(m: HubMessage): HubMessage {
  const buf = connect.responseSerialize(hubMessageToWire(m));
  return hubMessageFromWire(connect.responseDeserialize(buf) as Record<string, unknown>);
}
function viaAgentBytes(m: AgentMessage): AgentMessage {
  const buf = connect.requestSerialize(agentMessageToWire(m));
  return agentMessageFromWire(connect.requestDeserialize(buf) as Record<string, unknown>);
}

describe('wire codec', () => {
  it('wire codec – a Hello survives protobuf encoding with 64-bit generations as numbers', () => {
    const hello: AgentMessage = {
      kind: 'hello',
      hello: {
        cluster: 'edge-1',
        version: { major: 1, minor: 2 },
        capabilities: ['blob-dedup'],
        heldGeneration: 2 ** 40 + 7,
        appliedGeneration: 3,
        agentVersion: '0.1.0',
        kubernetesVersion: 'v1.32.0',
        instanceId: 'pod-a',
      },
    };
    expect(viaAgentBytes(hello)).toEqual(hello);
  });

  it('wire codec – an assignment with apps, policies and object refs round-trips', () => {
    const m: HubMessage = {
      kind: 'assignment',
      assignment: {
        generation: 9,
        chunk: 1,
        chunkCount: 3,
        apps: [
          {
            name: 'web',
            appset: 'guestbook',
            destinationNamespace: 'web',
            revision: 'a'.repeat(40),
            syncPolicy: {
              automated: true,
              prune: true,
              selfHeal: false,
              syncOptions: ['CreateNamespace=true'],
            },
            ignoreDifferences: [
              {
                group: 'apps',
                kind: 'Deployment',
                name: '',
                namespace: '',
                jsonPointers: ['/spec/replicas'],
                jqPathExpressions: [],
                managedFieldsManagers: [],
              },
            ],
            objects: [
              {
                digest: 'sha256:' + 'b'.repeat(64),
                apiVersion: 'v1',
                kind: 'ConfigMap',
                namespace: 'web',
                name: 'c',
                size: 120,
              },
            ],
            error: '',
          },
        ],
      },
    };
    expect(viaHubBytes(m)).toEqual(m);
  });

  it('wire codec – blob bytes and refusals round-trip', () => {
    const content = new TextEncoder().encode('{"a":1}');
    const got = viaHubBytes({
      kind: 'blobs',
      blobs: { blobs: [{ digest: 'sha256:x', content }], refused: ['sha256:y'] },
    });
    expect(got.kind).toBe('blobs');
    if (got.kind !== 'blobs') return;
    expect(new TextDecoder().decode(got.blobs.blobs[0]!.content)).toBe('{"a":1}');
    expect(got.blobs.refused).toEqual(['sha256:y']);
    expect(viaHubBytes({ kind: 'refusal', refusal: { code: 'X', message: 'no', retryable: false } })).toEqual(
      {
        kind: 'refusal',
        refusal: { code: 'X', message: 'no', retryable: false },
      },
    );
  });

  it('wire codec – a status report keeps apps, drift and cluster facts', () => {
    const m: AgentMessage = {
      kind: 'status',
      status: {
        seq: 4,
        apps: [
          {
            name: 'web',
            generation: 9,
            sync: 'OutOfSync',
            health: 'Degraded',
            message: 'm',
            lastError: '',
            resources: [
              {
                apiVersion: 'v1',
                kind: 'Pod',
                namespace: 'n',
                name: 'p',
                sync: 'Synced',
                health: 'Healthy',
                message: '',
              },
            ],
            drift: [
              {
                apiVersion: 'v1',
                kind: 'Pod',
                namespace: 'n',
                name: 'p',
                paths: ['/a'],
                deleted: false,
                atUnixMs: 1700000000000,
                reverted: true,
              },
            ],
            observedUnixMs: 1700000000001,
          },
        ],
        cluster: { kubernetesVersion: 'v1.32', appliedGeneration: 9, leader: 'pod-a' },
      },
    };
    expect(viaAgentBytes(m)).toEqual(m);
  });

  it('wire codec – a message without a known case is a PROTOCOL_MESSAGE_INVALID error', () => {
    expect(() => agentMessageFromWire({})).toThrow(/PROTOCOL_MESSAGE_INVALID|without a known case/);
    expect(() => hubMessageFromWire({ msg: 'future' })).toThrow(/without a known case/);
  });
});

import { Server, ServerCredentials, credentials as grpcCredentials } from '@grpc/grpc-js';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Capabilities,
  PROTOCOL_VERSION,
  agentMessageFromWire,
  compareObjectRefs,
  deltaAssignment,
  hubMessageToWire,
  loadWireContract,
  sha256Digest,
  silentLogger,
} from '@outpost/shared';
import type {
  AgentMessage,
  AppAssignment,
  Assignment,
  HubMessage,
  LoadedMessage,
  ObjectRef,
} from '@outpost/shared';
import type { DesiredState } from '../state/desired-state.ts';
import { HubLink } from './hub-link.ts';
import type { LinkHost } from './link-host.ts';
import { noLinkMetrics } from './link-host.ts';

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

function app(refs: ObjectRef[]): AppAssignment {
  return {
    name: 'a',
    appset: '',
    destinationNamespace: 'ns',
    revision: 'r',
    syncPolicy: { automated: true, prune: true, selfHeal: false, syncOptions: [] },
    ignoreDifferences: [],
    objects: [...refs].sort(compareObjectRefs),
    error: '',
  };
}

const names = Array.from({ length: 10 }, (_, i) => `cm-${i}`);
const whole = (generation: number, changed: Record<string, string>): Assignment => ({
  generation,
  chunk: 0,
  chunkCount: 1,
  apps: [app(names.map((n) => ref(n, changed[n] ?? '1')))],
});
const g1 = whole(1, {});
const g2 = whole(2, { 'cm-3': '2' });
const g3 = whole(3, { 'cm-3': '2', 'cm-4': '3' });
/** Every blob any generation references: digest → content. */
const blobs = new Map<string, string>();
for (const n of names) for (const v of ['1', '2', '3']) blobs.set(sha256Digest(content(n, v)), content(n, v));

/** A scripted hub: `script(stream number, message, send)` decides what to send back. */
async function scriptedHub(
  script: (stream: number, m: AgentMessage, send: (m: HubMessage) => void) => void,
): Promise<{ address: string; hellos: AgentMessage[]; close(): void }> {
  const server = new Server();
  const hellos: AgentMessage[] = [];
  let streams = 0;
  server.addService(loadWireContract().hubService, {
    Connect: (call: ServerDuplexStream<LoadedMessage, LoadedMessage>) => {
      const n = ++streams;
      const send = (m: HubMessage) => call.write(hubMessageToWire(m));
      call.on('data', (raw: LoadedMessage) => {
        const m = agentMessageFromWire(raw);
        if (m.kind === 'hello') hellos.push(m);
        if (m.kind === 'blobRequest')
          send({
            kind: 'blobs',
            blobs: {
              blobs: m.blobRequest.digests.map((d) => ({ digest: d, content: Buffer.from(blobs.get(d)!) })),
              refused: [],
            },
          });
        script(n, m, send);
      });
      call.on('error', () => undefined);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${port}`, hellos, close: () => server.forceShutdown() };
}

function welcome(): HubMessage {
  return {
    kind: 'welcome',
    welcome: {
      version: { ...PROTOCOL_VERSION },
      capabilities: [Capabilities.assignmentDelta],
      hubId: 'scripted',
      pingIntervalMs: 5000,
      statusMinIntervalMs: 10,
      maxMessageBytes: 4 << 20,
    },
  };
}

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

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

function startLink(address: string, host: LinkHost): HubLink {
  const link = new HubLink(
    {
      hub: address,
      cluster: 'c1',
      instanceId: 'i1',
      credentials: { channelCredentials: () => grpcCredentials.createInsecure(), metadata: () => ({}) },
      reconnectInitialMs: 10,
      reconnectMaxMs: 50,
    },
    host,
    noLinkMetrics,
    silentLogger(),
  );
  const abort = new AbortController();
  void link.run(abort.signal).catch(() => undefined);
  stops.push(() => abort.abort());
  return link;
}

describe('hub link with delta assignments (scripted hub over real gRPC)', () => {
  it('hub link – advertises assignment-delta and adopts a delta as the whole next generation, fetching only the changed blob', async () => {
    const hub = await scriptedHub((stream, m, send) => {
      if (m.kind === 'hello') {
        send(welcome());
        send({ kind: 'assignment', assignment: g1 });
      }
      if (m.kind === 'ack' && m.ack.generation === 1 && m.ack.held)
        send({ kind: 'assignment', assignment: deltaAssignment(g1, g2) });
    });
    stops.push(hub.close);
    const host = memoryHost();
    const link = startLink(hub.address, host);
    await until('generation 2 accepted', () => host.accepted.length === 2);
    const hello = hub.hellos[0];
    expect(hello?.kind === 'hello' && hello.hello.capabilities).toContain('assignment-delta');
    expect(host.accepted[1]).toEqual({ generation: 2, apps: g2.apps });
    expect(link.status()).toMatchObject({ deltasApplied: 1, deltasRefused: 0, blobsReceived: 11 });
  });

  it('hub link – a delta against a generation not held is not adopted; the link reconnects and adopts the whole assignment', async () => {
    const hub = await scriptedHub((stream, m, send) => {
      if (m.kind !== 'hello') return;
      send(welcome());
      // First stream: generation 1, then a delta whose base (generation 2) the agent never held.
      if (stream === 1) {
        send({ kind: 'assignment', assignment: g1 });
        send({ kind: 'assignment', assignment: deltaAssignment(g2, g3) });
      } else send({ kind: 'assignment', assignment: g3 });
    });
    stops.push(hub.close);
    const host = memoryHost();
    const link = startLink(hub.address, host);
    await until('generation 3 accepted', () => host.accepted.at(-1)?.generation === 3);
    expect(host.accepted.map((d) => d.generation)).not.toContain(2);
    expect(host.accepted.at(-1)).toEqual({ generation: 3, apps: g3.apps });
    expect(hub.hellos).toHaveLength(2);
    expect(link.status()).toMatchObject({ deltasApplied: 0, deltasRefused: 1 });
  });
});

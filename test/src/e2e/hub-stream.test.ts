/**
 * The hub's Connect stream end to end: a real grpc-js server and client over TLS, the
 * real fleet on a real file store; only the agent is replaced by a scripted client.
 */
import { ALL_CAPABILITIES, Capabilities, applyAssignmentDelta, digestObject } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { onCleanup } from '../fixtures/index.ts';
import { HubTestClient } from './hub-test-client.ts';
import {
  configMap,
  renderedApp as app,
  startTokenHub as startHub,
  tokenHubClusters as clusters,
  tokenHubTokens as tokens,
} from './token-hub.ts';
import type { TokenHub } from './token-hub.ts';

function connect(hub: TokenHub, token: string): HubTestClient {
  const c = new HubTestClient({ address: hub.address, caPem: hub.caPem, token });
  onCleanup(() => c.close());
  return c;
}

describe('hub stream', () => {
  it('hub stream – an authenticated Hello is welcomed and gets the current assignment', async () => {
    const hub = await startHub();
    await hub.fleet.reconcile(clusters, [app('web', 'edge-1', [configMap('a', { k: 'v' })])]);
    const c = connect(hub, tokens['edge-1']);
    c.send(HubTestClient.hello('edge-1'));
    const welcome = await c.next('welcome');
    expect(welcome.welcome.version).toEqual({ major: 1, minor: 0 });
    expect(welcome.welcome.capabilities).toContain('blob-dedup');
    const { assignment } = await c.next('assignment');
    expect(assignment).toMatchObject({ generation: 1, chunk: 0, chunkCount: 1 });
    expect(assignment.apps.map((a) => a.name)).toEqual(['web']);
    expect(assignment.apps[0]!.syncPolicy).toMatchObject({ automated: true, prune: true });
    expect(hub.status.get('edge-1')?.connection?.connected).toBe(true);
  });

  it('hub stream – a major version mismatch is refused as not retryable', async () => {
    const hub = await startHub();
    const c = connect(hub, tokens['edge-1']);
    c.send(HubTestClient.hello('edge-1', { version: { major: 2, minor: 0 } }));
    const { refusal } = await c.next('refusal');
    expect(refusal).toMatchObject({ code: 'PROTOCOL_VERSION_UNSUPPORTED', retryable: false });
    expect(c.received.map((m) => m.kind)).toEqual(['refusal']);
    await c.closedByHub();
  });

  it('hub stream – an agent one minor version ahead is accepted at the hub minor', async () => {
    const hub = await startHub();
    const c = connect(hub, tokens['edge-1']);
    c.send(HubTestClient.hello('edge-1', { version: { major: 1, minor: 1 } }));
    expect((await c.next('welcome')).welcome.version).toEqual({ major: 1, minor: 0 });
  });

  it('hub stream – a wrong token is refused and a Hello naming another cluster is refused', async () => {
    const hub = await startHub();
    const bad = connect(hub, 'not-a-token');
    bad.send(HubTestClient.hello('edge-1'));
    expect(await bad.next()).toMatchObject({ kind: 'refusal', refusal: { code: 'AUTH_FAILED' } });
    const liar = connect(hub, tokens['edge-2']);
    liar.send(HubTestClient.hello('edge-1'));
    const m = await liar.next();
    expect(m).toMatchObject({ kind: 'refusal', refusal: { code: 'CLUSTER_MISMATCH', retryable: false } });
    await liar.closedByHub();
  });

  it('hub stream – blobs of the cluster are served and blobs of another cluster are refused', async () => {
    const hub = await startHub();
    const mine = configMap('mine', { x: '1' });
    const theirs = configMap('theirs', { secret: 'edge-2 only' });
    await hub.fleet.reconcile(clusters, [app('web', 'edge-1', [mine]), app('api', 'edge-2', [theirs])]);
    const c = connect(hub, tokens['edge-1']);
    c.send(HubTestClient.hello('edge-1'));
    const { assignment } = await c.next('assignment');
    const myDigest = assignment.apps[0]!.objects[0]!.digest;
    const theirDigest = digestObject(theirs).digest;
    c.send({
      kind: 'blobRequest',
      blobRequest: { digests: [myDigest, theirDigest, 'sha256:' + '0'.repeat(64)] },
    });
    const { blobs } = await c.next('blobs');
    expect(blobs.blobs.map((b) => b.digest)).toEqual([myDigest]);
    expect(JSON.parse(new TextDecoder().decode(blobs.blobs[0]!.content))).toEqual(mine);
    expect(blobs.refused).toEqual([theirDigest, 'sha256:' + '0'.repeat(64)]);
    const s = hub.server.streams().find((x) => x.cluster === 'edge-1')!;
    expect(s.counters).toMatchObject({ blobsSent: 1, blobsRefused: 2 });
  });

  it('hub stream – a large assignment arrives in chunks that reassemble to every object', async () => {
    const hub = await startHub({ maxObjectsPerChunk: 10 });
    const objects = Array.from({ length: 35 }, (_, i) => configMap(`cm-${i}`, { i: String(i) }));
    await hub.fleet.reconcile(clusters, [app('big', 'edge-1', objects)]);
    const c = connect(hub, tokens['edge-1']);
    c.send(HubTestClient.hello('edge-1'));
    const chunks = [];
    for (let i = 0; i < 4; i++) chunks.push((await c.next('assignment')).assignment);
    expect(chunks.map((x) => `${x.chunk}/${x.chunkCount}`)).toEqual(['0/4', '1/4', '2/4', '3/4']);
    const names = chunks.flatMap((x) => x.apps.flatMap((a) => a.objects.map((o) => o.name)));
    expect(new Set(names).size).toBe(35);
  });

  it('hub stream – a new generation is pushed at once and an unaffected cluster gets nothing', async () => {
    const hub = await startHub();
    await hub.fleet.reconcile(clusters, [
      app('web', 'edge-1', [configMap('a', { v: '1' })]),
      app('api', 'edge-2', [configMap('b', {})]),
    ]);
    const one = connect(hub, tokens['edge-1']);
    const two = connect(hub, tokens['edge-2']);
    one.send(HubTestClient.hello('edge-1'));
    two.send(HubTestClient.hello('edge-2'));
    expect((await one.next('assignment')).assignment.generation).toBe(1);
    expect((await two.next('assignment')).assignment.generation).toBe(1);
    one.send({ kind: 'ack', ack: { generation: 1, held: true, applied: true } });
    await hub.fleet.reconcile(clusters, [
      app('web', 'edge-1', [configMap('a', { v: '2' })]),
      app('api', 'edge-2', [configMap('b', {})]),
    ]);
    const pushed = (await one.next('assignment')).assignment;
    expect(pushed.generation).toBe(2);
    two.send({ kind: 'ping', ping: { nonce: 7, sentUnixMs: Date.now() } });
    expect((await two.next('pong')).pong.nonce).toBe(7);
    expect(two.pending().filter((m) => m.kind === 'assignment')).toEqual([]);
  });

  it('hub stream – an agent that already holds the current generation is sent no assignment', async () => {
    const hub = await startHub();
    await hub.fleet.reconcile(clusters, [app('web', 'edge-1', [configMap('a', {})])]);
    const c = connect(hub, tokens['edge-1']);
    c.send(HubTestClient.hello('edge-1', { heldGeneration: 1, appliedGeneration: 1 }));
    await c.next('welcome');
    c.send({ kind: 'ping', ping: { nonce: 1, sentUnixMs: 0 } });
    await c.next('pong');
    expect(c.received.map((m) => m.kind)).toEqual(['welcome', 'pong']);
  });

  it('hub stream – status reports are acknowledged and recorded per app', async () => {
    const hub = await startHub();
    const c = connect(hub, tokens['edge-2']);
    c.send(HubTestClient.hello('edge-2'));
    await c.next('welcome');
    c.send({
      kind: 'status',
      status: {
        seq: 3,
        apps: [
          {
            name: 'api',
            generation: 1,
            sync: 'Synced',
            health: 'Healthy',
            message: '',
            lastError: '',
            resources: [],
            drift: [],
            observedUnixMs: 5,
          },
        ],
        cluster: { kubernetesVersion: 'v1.32.0', appliedGeneration: 1, leader: 'pod-a' },
      },
    });
    expect((await c.next('statusAck')).statusAck.seq).toBe(3);
    expect(hub.status.get('edge-2')?.apps.api?.health).toBe('Healthy');
  });

  it('hub stream – a second stream of one cluster replaces the first', async () => {
    const hub = await startHub();
    const first = connect(hub, tokens['edge-1']);
    first.send(HubTestClient.hello('edge-1', { instanceId: 'a' }));
    await first.next('welcome');
    const second = connect(hub, tokens['edge-1']);
    second.send(HubTestClient.hello('edge-1', { instanceId: 'b' }));
    await second.next('welcome');
    expect((await first.next('refusal')).refusal).toMatchObject({ code: 'STREAM_REPLACED', retryable: true });
    expect(hub.server.streams().find((s) => s.cluster === 'edge-1')?.instanceId).toBe('b');
  });

  it('hub stream – pings go out at the interval; an agent that answers stays, a silent one is dropped', async () => {
    const hub = await startHub({ pingIntervalMs: 200 });
    const lively = connect(hub, tokens['edge-1']);
    const silent = connect(hub, tokens['edge-2']);
    lively.send(HubTestClient.hello('edge-1'));
    silent.send(HubTestClient.hello('edge-2'));
    await lively.next('welcome');
    expect((await silent.next('welcome')).welcome.pingIntervalMs).toBe(200);
    const answer = async () => {
      for (let i = 0; i < 5; i++) {
        const { ping } = await lively.next('ping');
        lively.send({ kind: 'pong', pong: { nonce: ping.nonce } });
      }
    };
    await Promise.all([
      answer(),
      silent.next('refusal', 3000).then((m) => expect(m.refusal.code).toBe('AGENT_SILENT')),
    ]);
    expect(lively.received.some((m) => m.kind === 'refusal')).toBe(false);
    expect(hub.server.streams().find((s) => s.cluster === 'edge-1')?.connected).toBe(true);
    expect(hub.status.get('edge-2')?.connection?.connected).toBe(false);
  });

  it('hub stream – a delta-capable agent gets a one-object change for less than twice the object size', async () => {
    const hub = await startHub();
    const filler = 'x'.repeat(900);
    const objects = Array.from({ length: 200 }, (_, i) => configMap(`cm-${i}`, { i: String(i), filler }));
    await hub.fleet.reconcile(clusters, [app('big', 'edge-1', objects)]);
    const c = connect(hub, tokens['edge-1']);
    c.send(
      HubTestClient.hello('edge-1', { capabilities: [...ALL_CAPABILITIES, Capabilities.assignmentDelta] }),
    );
    expect((await c.next('welcome')).welcome.capabilities).toContain('assignment-delta');
    const held = (await c.next('assignment')).assignment;
    expect(held.baseGeneration).toBeUndefined();
    c.send({ kind: 'ack', ack: { generation: held.generation, held: true, applied: true } });
    c.send({ kind: 'ping', ping: { nonce: 1, sentUnixMs: 0 } });
    await c.next('pong');

    const changed = configMap('cm-42', { i: 'changed', filler });
    const size = digestObject(changed).canonical.length;
    const before = c.bytesReceived;
    await hub.fleet.reconcile(clusters, [
      app(
        'big',
        'edge-1',
        objects.map((o, i) => (i === 42 ? changed : o)),
      ),
    ]);
    const delta = (await c.next('assignment')).assignment;
    expect(delta.baseGeneration).toBe(held.generation);
    expect(delta.apps[0]!.objects.map((o) => o.name)).toEqual(['cm-42']);
    c.send({ kind: 'blobRequest', blobRequest: { digests: [delta.apps[0]!.objects[0]!.digest] } });
    await c.next('blobs');
    const wire = c.bytesReceived - before;
    expect(wire).toBeLessThan(2 * size);
    const whole = applyAssignmentDelta(held, delta);
    expect(whole.apps[0]!.objects).toEqual(hub.fleet.current('edge-1')!.apps[0]!.objects);
    expect(hub.server.streams().find((s) => s.cluster === 'edge-1')!.counters.deltasSent).toBe(1);
    expect(delta.blobs).toBeUndefined(); // no blob-push capability: the agent asks
  });

  it('hub stream – a blob-push agent gets the changed object with the delta and needs no BlobRequest', async () => {
    const hub = await startHub();
    const objects = Array.from({ length: 20 }, (_, i) => configMap(`cm-${i}`, { i: String(i) }));
    await hub.fleet.reconcile(clusters, [app('web', 'edge-1', objects)]);
    const c = connect(hub, tokens['edge-1']);
    const capabilities = [...ALL_CAPABILITIES, Capabilities.assignmentDelta, Capabilities.blobPush];
    c.send(HubTestClient.hello('edge-1', { capabilities }));
    expect((await c.next('welcome')).welcome.capabilities).toContain('blob-push');
    const held = (await c.next('assignment')).assignment;
    expect(held.blobs).toBeUndefined(); // a whole assignment: the agent asks for what it lacks
    c.send({ kind: 'ack', ack: { generation: held.generation, held: true, applied: true } });
    c.send({ kind: 'ping', ping: { nonce: 1, sentUnixMs: 0 } });
    await c.next('pong');

    const changed = [configMap('cm-3', { i: 'changed' }), configMap('cm-9', { i: 'changed too' })];
    await hub.fleet.reconcile(clusters, [
      app('web', 'edge-1', [
        ...objects.filter((o) => !['cm-3', 'cm-9'].includes(o.metadata.name)),
        ...changed,
      ]),
    ]);
    const delta = (await c.next('assignment')).assignment;
    expect(delta.baseGeneration).toBe(held.generation);
    const expected = changed.map((o) => digestObject(o));
    expect(delta.blobs?.map((b) => b.digest).sort()).toEqual(expected.map((d) => d.digest).sort());
    for (const b of delta.blobs!)
      expect(Buffer.from(b.content).toString('utf8')).toBe(
        expected.find((d) => d.digest === b.digest)!.canonical,
      );
    const counters = hub.server.streams().find((s) => s.cluster === 'edge-1')!.counters;
    expect(counters).toMatchObject({ blobsPushed: 2, blobsSent: 2 });
  });

  it('hub stream – an agent without the delta capability always gets whole assignments', async () => {
    const hub = await startHub();
    await hub.fleet.reconcile(clusters, [
      app('web', 'edge-1', [configMap('a', { v: '1' }), configMap('b', {})]),
    ]);
    const c = connect(hub, tokens['edge-1']);
    c.send(HubTestClient.hello('edge-1'));
    expect((await c.next('welcome')).welcome.capabilities).not.toContain('assignment-delta');
    await c.next('assignment');
    c.send({ kind: 'ack', ack: { generation: 1, held: true, applied: true } });
    c.send({ kind: 'ping', ping: { nonce: 1, sentUnixMs: 0 } });
    await c.next('pong');
    await hub.fleet.reconcile(clusters, [
      app('web', 'edge-1', [configMap('a', { v: '2' }), configMap('b', {})]),
    ]);
    const next = (await c.next('assignment')).assignment;
    expect(next.baseGeneration).toBeUndefined();
    expect(next.apps[0]!.objects).toHaveLength(2);
  });

  it('hub stream – an agent holding a newer generation than the hub knows (lost data dir) gets the hub state above it', async () => {
    const hub = await startHub();
    await hub.fleet.reconcile(clusters, [app('web', 'edge-1', [configMap('a', { v: '1' })])]);
    const c = connect(hub, tokens['edge-1']);
    c.send(HubTestClient.hello('edge-1', { heldGeneration: 7, appliedGeneration: 7 }));
    await c.next('welcome');
    const { assignment } = await c.next('assignment');
    expect(assignment.generation).toBe(8);
    expect(assignment.apps.map((a) => a.name)).toEqual(['web']);
    await hub.fleet.reconcile(clusters, [app('web', 'edge-1', [configMap('a', { v: '2' })])]);
    expect((await c.next('assignment')).assignment.generation).toBe(9);
  });

  it('hub stream – a stream whose first message is not Hello is refused', async () => {
    const hub = await startHub();
    const c = connect(hub, tokens['edge-1']);
    c.send({ kind: 'ping', ping: { nonce: 1, sentUnixMs: 0 } });
    expect((await c.next()).kind).toBe('refusal');
    expect(c.received[0]).toMatchObject({ refusal: { code: 'PROTOCOL_MESSAGE_INVALID' } });
    await c.closedByHub();
  });
});

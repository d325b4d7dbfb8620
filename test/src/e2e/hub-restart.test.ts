/**
 * The hub as a real process (`outpost principal`) restarted with kill -9 on the same data
 * dir: a registered cluster enrolls (real mTLS), fetches its assignment and blobs, the hub
 * is killed and started again, and the agent, reconnecting with the generation it holds,
 * is sent no assignment and no blob again; a later one-object commit costs one blob.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createKeyAndCsr, loadWireContract, type Assignment } from '@outpost/shared';
import { FileStore, createRegistry } from '@outpost/principal';
import { describe, expect, it } from 'vitest';
import { freePort, spawnTracked, startGitServer, stopProcess, tempDir } from '../fixtures/index.ts';
import { HubTestClient } from './hub-test-client.ts';

const MAIN = join(import.meta.dirname, '../../../principal/src/cli/main.ts');

function cm(name: string, value: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: demo\ndata:\n  value: "${value}"\n`;
}

async function startPrincipal(args: string[]): Promise<ChildProcess> {
  const child = spawnTracked(process.execPath, [MAIN, 'principal', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OUTPOST_LOG_LEVEL: 'warn' },
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('agents on port')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`principal exited ${code}: ${err}`)));
  });
  return child;
}

async function enroll(
  address: string,
  caPem: string,
  cluster: string,
  token: string,
): Promise<{ keyPem: string; certPem: string }> {
  const { HubClient } = loadWireContract();
  const client = new HubClient(address, grpc.credentials.createSsl(Buffer.from(caPem)));
  const { keyPem, csrPem } = await createKeyAndCsr(cluster);
  try {
    const res = await new Promise<Record<string, unknown>>((resolve, reject) =>
      (
        client as unknown as {
          Enroll: (r: unknown, cb: (e: Error | null, v: Record<string, unknown>) => void) => void;
        }
      ).Enroll({ cluster, token, csrPem }, (e, v) => (e ? reject(e) : resolve(v))),
    );
    return { keyPem, certPem: String(res.certificatePem) };
  } finally {
    client.close();
  }
}

/** Fetches every digest of the assignment not in `held` and returns how many blobs came. */
async function fetchMissing(agent: HubTestClient, a: Assignment, held: Set<string>): Promise<number> {
  const missing = [...new Set(a.apps.flatMap((x) => x.objects.map((o) => o.digest)))].filter(
    (d) => !held.has(d),
  );
  if (missing.length === 0) return 0;
  agent.send({ kind: 'blobRequest', blobRequest: { digests: missing } });
  let got = 0;
  while (got < missing.length) {
    const { blobs } = await agent.next('blobs');
    expect(blobs.refused).toEqual([]);
    for (const b of blobs.blobs) held.add(b.digest);
    got += blobs.blobs.length;
  }
  return got;
}

describe('hub restart', () => {
  it('hub restart – a hub killed and restarted on its data dir resends no blob the agent holds', async () => {
    const git = await startGitServer();
    const repo = await git.createRepo('apps', {
      'demo/a.yaml': cm('a', 'one'),
      'demo/b.yaml': cm('b', 'two'),
    });
    const dir = await tempDir({ prefix: 'outpost-hub-restart-' });
    const dataDir = join(dir, 'data');
    const desired = join(dir, 'apps.yaml');
    await writeFile(
      desired,
      `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: demo }
spec:
  source: { repoURL: '${repo.url}', targetRevision: main, path: demo }
  destination: { name: edge-1, namespace: demo }
  syncPolicy: { automated: { prune: true } }
`,
    );
    const store = await FileStore.open({ dir: join(dataDir, 'store') });
    const { token } = await createRegistry(store).clusters.register(
      { name: 'edge-1', tokenTtlMs: 3_600_000 },
      'test',
    );
    await store.close();

    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const args = [
      '--data-dir',
      dataDir,
      '--grpc-listen',
      address,
      '--http-listen',
      '127.0.0.1:0',
      '--appset',
      desired,
      '--repo-poll-interval',
      '300ms',
    ];
    let hub = await startPrincipal(args);
    const caPem = await readFile(join(dataDir, 'pki', 'ca.crt'), 'utf8');
    const identity = await enroll(address, caPem, 'edge-1', token);

    const held = new Set<string>();
    const first = new HubTestClient({ address, caPem, ...identity });
    first.send(HubTestClient.hello('edge-1'));
    await first.next('welcome');
    let assignment = (await first.next('assignment', 15_000)).assignment;
    expect(assignment.apps.map((a) => a.name)).toEqual(['demo']);
    expect(await fetchMissing(first, assignment, held)).toBe(2);
    const generation = assignment.generation;
    first.send({ kind: 'ack', ack: { generation, held: true, applied: true } });
    first.send({ kind: 'ping', ping: { nonce: 1, sentUnixMs: 0 } });
    await first.next('pong');
    first.close();

    hub.kill('SIGKILL');
    await stopProcess(hub);
    hub = await startPrincipal(args);

    const second = new HubTestClient({ address, caPem, ...identity });
    second.send(HubTestClient.hello('edge-1', { heldGeneration: generation, appliedGeneration: generation }));
    await second.next('welcome');
    await new Promise((r) => setTimeout(r, 1000));
    second.send({ kind: 'ping', ping: { nonce: 2, sentUnixMs: 0 } });
    await second.next('pong');
    expect(second.received.filter((m) => m.kind === 'assignment' || m.kind === 'blobs')).toEqual([]);
    const quietBytes = second.bytesReceived;
    expect(quietBytes).toBeLessThan(500);

    await repo.commit({ 'demo/b.yaml': cm('b', 'three') });
    assignment = (await second.next('assignment', 15_000)).assignment;
    expect(assignment.generation).toBe(generation + 1);
    expect(await fetchMissing(second, assignment, held)).toBe(1);
    second.close();
    await stopProcess(hub);
  });
});

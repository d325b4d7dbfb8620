/**
 * Registration and identity end to end, as an operator does it: `outpost cluster register`
 * prints a join command; running it enrolls over the real Enroll RPC (CA pinned by
 * fingerprint) and the agent syncs over mTLS; status shows through the API and
 * `outpost status`; spent, expired and unknown tokens and foreign certificates are refused;
 * unregister cuts the agent off within a second and its certificate stops working.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Metadata, credentials } from '@grpc/grpc-js';
import type { Client, ServiceError } from '@grpc/grpc-js';
import {
  createCertificateAuthority,
  createKeyAndCsr,
  loadWireContract,
  signClientCsr,
} from '@outpost/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { stopProcess } from '../fixtures/index.ts';
import type { OpsHub } from './ops-harness.ts';
import { joinArgs, runAgentToExit, simulatedCluster, startAgent, startOpsHub, until } from './ops-harness.ts';

let hub: OpsHub;
beforeAll(async () => {
  hub = await startOpsHub();
}, 120_000);

const contract = loadWireContract();

/** Calls Renew with a client certificate; resolves to the gRPC error details (or 'ok'). */
async function renewWith(keyPem: string, certPem: string, caPem: string): Promise<string> {
  const client = new contract.HubClient(
    hub.grpcAddress,
    credentials.createSsl(Buffer.from(caPem), Buffer.from(keyPem), Buffer.from(certPem)),
  ) as Client & Record<string, (...a: unknown[]) => void>;
  const { csrPem } = await createKeyAndCsr('x');
  return new Promise((resolve) =>
    client.renew!({ csrPem }, new Metadata(), (err: ServiceError | null) => {
      client.close();
      resolve(err ? err.details : 'ok');
    }),
  );
}

describe('ops: register, join, status, refusals, unregister', { timeout: 120_000 }, () => {
  it('register → join with the printed command → mTLS stream → assignment applied → visible in the API and `outpost status`; unregister cuts it off', async () => {
    const reg = await hub.cli([
      'cluster',
      'register',
      'edge-a',
      '--label',
      'tier=edge',
      '--hub',
      hub.grpcAddress,
    ]);
    expect(reg.code, reg.stderr).toBe(0);
    const join1 = joinArgs(reg.stdout);
    expect(join1.slice(0, 2)).toEqual(['agent', '--hub']);
    expect(join1).toContain('--ca-fingerprint');

    const { double, kubeconfig } = await simulatedCluster('edge-a', hub.dir);
    const stateDir = join(hub.dir, 'state-edge-a');
    const agent = await startAgent(join1, [
      '--kubeconfig',
      kubeconfig,
      '--state-dir',
      stateDir,
      '--no-leader-election',
    ]);

    const view = await until('edge-a connected and synced', async () => {
      const r = await hub.cli(['cluster', 'get', 'edge-a', '-o', 'json']);
      const c = JSON.parse(r.stdout) as { connected: boolean; synced: boolean; enrolledAt: string | null };
      return c.connected && c.synced ? c : undefined;
    });
    expect(view.enrolledAt).not.toBeNull();
    const cm = await fetch(`${double.url}/api/v1/namespaces/demo/configmaps/base`, {
      headers: { authorization: 'Bearer kube-double-token' },
    });
    expect(((await cm.json()) as { data: { value: string } }).data.value).toBe('v1');

    const status = await hub.cli(['status']);
    expect(status.stdout).toMatch(
      /^CLUSTER\s+CONNECTED\s+LAST-SEEN\s+GENERATION\s+SYNCED\s+HEALTHY\s+DRIFT$/m,
    );
    // GENERATION is applied/current: the cluster's first generation already carries its app
    // (the hub never publishes an empty one for a cluster its appsets have not seen yet).
    expect(status.stdout).toMatch(/^edge-a\s+yes\s+\S+\s+1\/1\s+1\/1\s+1\/1\s+0$/m);
    const apps = await hub.cli(['app', 'list', '--cluster', 'edge-a', '-o', 'json']);
    expect(JSON.parse(apps.stdout)).toMatchObject([
      { cluster: 'edge-a', name: 'base-edge-a', appset: 'base', sync: 'Synced' },
    ]);

    // The identity the agent made: its key never left the state dir, its certificate names the cluster.
    const keyPem = await readFile(join(stateDir, 'identity', 'tls.key'), 'utf8');
    const certPem = await readFile(join(stateDir, 'identity', 'tls.crt'), 'utf8');
    const caPem = await readFile(join(stateDir, 'identity', 'ca.crt'), 'utf8');
    expect(await renewWith(keyPem, certPem, caPem)).toBe('ok');

    const un = await hub.cli(['cluster', 'unregister', 'edge-a']);
    expect(un.code, un.stderr).toBe(0);
    const started = Date.now();
    await until(
      'the agent to lose its stream',
      async () => {
        const s = (await (await fetch(`${agent.httpUrl}/status`)).json()) as { link?: { state: string } };
        return s.link?.state !== 'connected' ? true : undefined;
      },
      5_000,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    // The certificate no longer authenticates anything: renewed identity or a new stream are refused.
    expect(await renewWith(keyPem, certPem, caPem)).toMatch(/^AUTH_FAILED: cluster edge-a: .*unregistered/);
    await stopProcess(agent.child);
  });

  it('spent, expired and unknown bootstrap tokens are refused with clear errors', async () => {
    const reg = await hub.cli(['cluster', 'register', 'edge-b', '--hub', hub.grpcAddress]);
    const joinB = joinArgs(reg.stdout);
    const { kubeconfig } = await simulatedCluster('edge-b', hub.dir);
    const first = await startAgent(joinB, [
      '--kubeconfig',
      kubeconfig,
      '--state-dir',
      join(hub.dir, 'b1'),
      '--no-leader-election',
    ]);
    await until('edge-b enrolled', async () => {
      const r = await hub.cli(['cluster', 'get', 'edge-b', '-o', 'json']);
      return (JSON.parse(r.stdout) as { enrolledAt: string | null }).enrolledAt ?? undefined;
    });
    await stopProcess(first.child);

    const spent = await runAgentToExit(joinB, [
      '--kubeconfig',
      kubeconfig,
      '--state-dir',
      join(hub.dir, 'b2'),
    ]);
    expect(spent.code).not.toBe(0);
    expect(spent.output).toMatch(/ENROLL_TOKEN_SPENT: cluster edge-b: .*already used/);
    expect(spent.output).toMatch(/rotate-token/);

    const unknown = joinB.map((a, i) => (joinB[i - 1] === '--bootstrap-token' ? 'opb_not-a-real-token' : a));
    const bad = await runAgentToExit(unknown, [
      '--kubeconfig',
      kubeconfig,
      '--state-dir',
      join(hub.dir, 'b3'),
    ]);
    expect(bad.output).toMatch(/ENROLL_TOKEN_INVALID: cluster edge-b/);

    const short = await hub.cli(['cluster', 'register', 'edge-c', '--ttl', '1s', '--hub', hub.grpcAddress]);
    await new Promise((r) => setTimeout(r, 1_200));
    const expired = await runAgentToExit(joinArgs(short.stdout), [
      '--kubeconfig',
      kubeconfig,
      '--state-dir',
      join(hub.dir, 'c1'),
    ]);
    expect(expired.output).toMatch(/ENROLL_TOKEN_EXPIRED: cluster edge-c: the bootstrap token expired at/);
  });

  it('a client certificate from another CA is refused even with a registered name', async () => {
    const rogue = await createCertificateAuthority({ commonName: 'Outpost hub CA' });
    const { keyPem, csrPem } = await createKeyAndCsr('edge-b');
    const forged = await signClientCsr(rogue, csrPem, { commonName: 'edge-b', validityMs: 3600_000 });
    const caPem = await readFile(join(hub.dataDir, 'pki', 'ca.crt'), 'utf8');
    expect(await renewWith(keyPem, forged.certPem, caPem)).toMatch(
      /^AUTH_FAILED: no client certificate issued by this hub's CA/,
    );
  });

  it('a webhook with a bad signature is refused; a signed push refreshes the named repository', async () => {
    const { createHmac } = await import('node:crypto');
    const payload = JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: hub.repoUrl } });
    const post = (secret: string) =>
      fetch(`${hub.httpUrl}/api/v1/webhook/git`, {
        method: 'POST',
        headers: {
          'x-github-event': 'push',
          'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`,
        },
        body: payload,
      });
    const bad = await post('not-the-secret');
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const good = await post(hub.webhookSecret);
    expect(good.status).toBe(202);
    expect(((await good.json()) as { refreshed: string[] }).refreshed).toEqual([hub.repoUrl]);
  });

  it('/metrics counts enrollments, refusals, auth failures and webhooks without per-cluster labels', async () => {
    const text = await (await fetch(`${hub.httpUrl}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    expect(value('outpost_enrollments_total')).toBeGreaterThanOrEqual(2);
    expect(value('outpost_enrollments_refused_total')).toBeGreaterThanOrEqual(3);
    expect(value('outpost_auth_failures_total')).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^outpost_webhooks_total\{provider="github",result="refreshed"\} 1$/m);
    // One tracked repository, ready or in the middle of a poll.
    expect(text).toMatch(/^outpost_git_repositories\{state="(ready|syncing)"\} 1$/m);
    expect(value('outpost_git_syncs_total')).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/edge-[abc]/);
  });
});

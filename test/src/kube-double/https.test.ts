/**
 * The double over HTTPS with its own self-signed CA: client-node and kubectl verify the
 * certificate through the CA embedded in their configuration.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeDouble } from './kube-double.ts';

const run = promisify(execFile);
let double: KubeDouble;
let dir: string;

beforeAll(async () => {
  double = await KubeDouble.start({ tls: true });
  dir = await mkdtemp(join(tmpdir(), 'kube-double-tls-'));
});

afterAll(async () => {
  await double?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kube double – HTTPS', () => {
  it('serves https with a CA that client-node trusts from its KubeConfig', async () => {
    expect(double.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(double.caPem).toContain('BEGIN CERTIFICATE');
    const core = double.kubeConfig().makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain('default');
  });

  it('kubectl verifies the server through the kubeconfig certificate-authority-data', async () => {
    const kubeconfig = await double.writeKubeconfig(join(dir, 'kubeconfig'));
    const { stdout } = await run('/usr/bin/kubectl', [
      '--kubeconfig',
      kubeconfig,
      '--cache-dir',
      join(dir, 'cache'),
      'get',
      'ns',
    ]);
    expect(stdout).toMatch(/default\s+Active/);
  });

  it('a client that does not trust the CA is refused', async () => {
    await expect(fetch(`${double.url}/version`)).rejects.toThrow();
  });
});

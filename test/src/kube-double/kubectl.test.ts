/**
 * The double driven by the real `kubectl` (v1.32): server-side apply from a file, get as a
 * table and as JSON, a watch read line by line, and delete.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeDouble } from './kube-double.ts';

const run = promisify(execFile);
const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl';

let double: KubeDouble;
let dir: string;
let kubeconfig: string;

/** Runs kubectl against the double; rejects with kubectl's stderr on failure. */
async function kubectl(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(
      KUBECTL,
      ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
      {
        timeout: 20_000,
      },
    );
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.join(' ')} failed: ${err.stderr || err.message}`, { cause: e });
  }
}

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-settings
  namespace: default
  labels:
    app: shop
data:
  mode: fast
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

beforeAll(async () => {
  if (!existsSync(KUBECTL)) {
    throw new Error(`kubectl not found at ${KUBECTL}: install it (Debian package kubectl) or set KUBECTL`);
  }
  dir = await mkdtemp(join(tmpdir(), 'kube-double-kubectl-'));
  double = await KubeDouble.start({ workloads: { readyAfterMs: 0 } });
  kubeconfig = await double.writeKubeconfig(join(dir, 'kubeconfig'));
  await writeFile(join(dir, 'manifest.yaml'), MANIFEST);
});

afterAll(async () => {
  await double?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kube double – with the real kubectl', () => {
  it('kubectl apply --server-side -f creates the objects with kubectl as Apply manager', async () => {
    const out = await kubectl('apply', '--server-side', '-f', join(dir, 'manifest.yaml'));
    expect(out).toContain('configmap/app-settings serverside-applied');
    expect(out).toContain('deployment.apps/shop serverside-applied');
    const cm = double.cluster.getObject('v1', 'ConfigMap', 'default', 'app-settings');
    const managed = (cm?.['metadata'] as { managedFields: { manager: string; operation: string }[] })
      .managedFields;
    expect(managed.map((m) => [m.manager, m.operation])).toEqual([['kubectl', 'Apply']]);
    const again = await kubectl('apply', '--server-side', '-f', join(dir, 'manifest.yaml'));
    expect(again).toContain('configmap/app-settings serverside-applied');
  });

  it('kubectl get prints a table, and -o json the stored object', async () => {
    const table = await kubectl('get', 'configmaps');
    expect(table.split('\n')[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
    expect(table).toMatch(/app-settings\s+1\s+\d+s/);
    await double.cluster.settle();
    const deploy = await kubectl('get', 'deployments');
    expect(deploy).toMatch(/shop\s+2\/2\s+2\s+2\s+\d+s/);
    const json = JSON.parse(await kubectl('get', 'deployment', 'shop', '-o', 'json')) as {
      kind: string;
      spec: { replicas: number; template: { spec: { containers: { ports: { protocol: string }[] }[] } } };
    };
    expect(json.kind).toBe('Deployment');
    expect(json.spec.replicas).toBe(2);
    expect(json.spec.template.spec.containers[0]?.ports[0]?.protocol).toBe('TCP');
  });

  it('kubectl get -w prints the list, then a line per change', async () => {
    const child = spawn(
      KUBECTL,
      [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        join(dir, 'cache'),
        'get',
        'configmaps',
        '-w',
        '-l',
        'app=shop',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const waitFor = async (re: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!re.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`kubectl get -w: no ${re} in ${out} ${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await waitFor(/app-settings/);
      double.cluster.putObject({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'watch-me', namespace: 'default', labels: { app: 'shop' } },
        data: { a: '1', b: '2' },
      });
      await waitFor(/watch-me\s+2\s+/);
    } finally {
      child.kill();
    }
    expect(out.split('\n').filter((l) => l.trim() !== '').length).toBeGreaterThanOrEqual(3);
  });

  it('kubectl scale writes spec.replicas through the scale subresource', async () => {
    expect(await kubectl('scale', 'deployment', 'shop', '--replicas=3')).toContain(
      'deployment.apps/shop scaled',
    );
    const deploy = double.cluster.getObject('apps/v1', 'Deployment', 'default', 'shop') as {
      spec: { replicas: number };
    };
    expect(deploy.spec.replicas).toBe(3);
  });

  it('kubectl delete removes the object and waits until it is gone', async () => {
    const out = await kubectl('delete', 'configmap', 'app-settings');
    expect(out).toContain('configmap "app-settings" deleted');
    expect(double.cluster.getObject('v1', 'ConfigMap', 'default', 'app-settings')).toBeUndefined();
    await expect(kubectl('get', 'configmap', 'app-settings')).rejects.toThrow(/NotFound|not found/);
  });
});

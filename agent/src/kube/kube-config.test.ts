import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKubeConfig } from './kube-config.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function kubeconfig(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'outpost-kc-'));
  dirs.push(dir);
  const path = join(dir, 'config');
  await writeFile(
    path,
    `apiVersion: v1
kind: Config
clusters:
  - name: one
    cluster: { server: "https://one.example:6443" }
  - name: two
    cluster: { server: "https://two.example:6443" }
users:
  - name: u
    user: { token: abc }
contexts:
  - name: one
    context: { cluster: one, user: u }
  - name: two
    context: { cluster: two, user: u }
current-context: one
`,
  );
  return path;
}

describe('kube config', () => {
  it('kube config – a kubeconfig file uses its current context unless --context names another', async () => {
    const path = await kubeconfig();
    expect(loadKubeConfig({ kubeconfig: path }, {}).getCurrentCluster()?.server).toBe(
      'https://one.example:6443',
    );
    expect(loadKubeConfig({ kubeconfig: path, context: 'two' }, {}).getCurrentCluster()?.server).toBe(
      'https://two.example:6443',
    );
  });

  it('kube config – an unknown context is an error listing the known ones', async () => {
    const path = await kubeconfig();
    expect(() => loadKubeConfig({ kubeconfig: path, context: 'three' }, {})).toThrow(
      /context "three" not found/,
    );
    try {
      loadKubeConfig({ kubeconfig: path, context: 'three' }, {});
    } catch (err) {
      expect((err as { hint?: string }).hint).toBe('known contexts: one, two');
    }
  });

  it('kube config – without a kubeconfig outside a cluster the agent says what to pass', () => {
    expect(() => loadKubeConfig({}, {})).toThrow(/no kubeconfig given and not running in a cluster/);
  });

  it('kube config – an unreadable kubeconfig names the file', () => {
    expect(() => loadKubeConfig({ kubeconfig: '/nonexistent/kubeconfig' }, {})).toThrow(
      /cannot read kubeconfig \/nonexistent\/kubeconfig/,
    );
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenFileAuth } from './cluster-endpoint.ts';
import { inClusterEndpoint, loadClusterEndpoint } from './kube-config.ts';
import { parseKubeconfig } from './kubeconfig-file.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'outpost-kc-'));
  dirs.push(dir);
  return dir;
}

const TWO_CONTEXTS = `apiVersion: v1
kind: Config
clusters:
  - name: one
    cluster: { server: "https://one.example:6443/" }
  - name: two
    cluster: { server: "https://two.example:6443", insecure-skip-tls-verify: true, tls-server-name: api.two }
users:
  - name: u
    user: { token: abc }
  - name: b
    user: { username: admin, password: s3cret }
contexts:
  - name: one
    context: { cluster: one, user: u, namespace: team-a }
  - name: two
    context: { cluster: two, user: b }
current-context: one
`;

async function kubeconfig(text = TWO_CONTEXTS): Promise<string> {
  const path = join(await tempDir(), 'config');
  await writeFile(path, text);
  return path;
}

describe('kube config', () => {
  it('kube config – a kubeconfig file uses its current context unless --context names another', async () => {
    const path = await kubeconfig();
    const one = loadClusterEndpoint({ kubeconfig: path }, {});
    expect(one.server).toBe('https://one.example:6443');
    expect(one.namespace).toBe('team-a');
    expect(await one.auth.headers()).toEqual({ Authorization: 'Bearer abc' });
    const two = loadClusterEndpoint({ kubeconfig: path, context: 'two' }, {});
    expect(two.server).toBe('https://two.example:6443');
    expect(two.tls).toEqual({ insecureSkipTlsVerify: true, serverName: 'api.two' });
    expect(await two.auth.headers()).toEqual({
      Authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}`,
    });
  });

  it('kube config – an unknown context is an error listing the known ones', async () => {
    const path = await kubeconfig();
    expect(() => loadClusterEndpoint({ kubeconfig: path, context: 'three' }, {})).toThrow(
      /context "three" not found/,
    );
    try {
      loadClusterEndpoint({ kubeconfig: path, context: 'three' }, {});
    } catch (err) {
      expect((err as { hint?: string }).hint).toBe('known contexts: one, two');
    }
  });

  it('kube config – without a kubeconfig outside a cluster the agent says what to pass', () => {
    expect(() => loadClusterEndpoint({}, {})).toThrow(/no kubeconfig given and not running in a cluster/);
  });

  it('kube config – an unreadable kubeconfig names the file', () => {
    expect(() => loadClusterEndpoint({ kubeconfig: '/nonexistent/kubeconfig' }, {})).toThrow(
      /cannot read kubeconfig \/nonexistent\/kubeconfig/,
    );
  });

  it('kube config – broken YAML names the file and the line', () => {
    try {
      parseKubeconfig('apiVersion: v1\nclusters:\n  - name: [unclosed\n', '/etc/kc');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/^kubeconfig \/etc\/kc: /);
      expect((err as { location?: { file: string; line?: number } }).location).toMatchObject({
        file: '/etc/kc',
      });
      expect((err as { location?: { line?: number } }).location?.line).toBeGreaterThanOrEqual(3);
    }
  });

  it('kube config – certificate files resolve against the kubeconfig folder and *-data is base64 PEM', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'ca.pem'), 'CA-PEM');
    await writeFile(join(dir, 'client.key'), 'KEY-PEM');
    const certData = Buffer.from('CERT-PEM').toString('base64');
    const endpoint = parseKubeconfig(
      `clusters: [{ name: c, cluster: { server: "https://c:6443", certificate-authority: ca.pem } }]
users: [{ name: u, user: { client-certificate-data: ${certData}, client-key: client.key } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`,
      join(dir, 'config'),
    );
    expect(endpoint.tls).toEqual({ caPem: 'CA-PEM', certPem: 'CERT-PEM', keyPem: 'KEY-PEM' });
    expect(await endpoint.auth.headers()).toEqual({});
  });

  it('kube config – a missing certificate file is an error naming it', async () => {
    const dir = await tempDir();
    expect(() =>
      parseKubeconfig(
        `clusters: [{ name: c, cluster: { server: "https://c", certificate-authority: nope.pem } }]
contexts: [{ name: x, context: { cluster: c } }]
current-context: x
`,
        join(dir, 'config'),
      ),
    ).toThrow(new RegExp(`cannot read ${join(dir, 'nope.pem')}`));
  });

  it('kube config – a context without a cluster server, or with a proxy-url, is refused', () => {
    expect(() =>
      parseKubeconfig('contexts: [{ name: x, context: { cluster: c } }]\ncurrent-context: x\n', 'kc'),
    ).toThrow(/context "x" names no cluster with a server/);
    expect(() =>
      parseKubeconfig(
        `clusters: [{ name: c, cluster: { server: "https://c", proxy-url: "http://proxy:3128" } }]
contexts: [{ name: x, context: { cluster: c } }]
current-context: x
`,
        'kc',
      ),
    ).toThrow(/proxy-url, which the agent does not support/);
  });

  it('kube config – a tokenFile is read relative to the kubeconfig and again when it is a minute old', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'token'), 'first\n');
    let now = 0;
    const auth = tokenFileAuth(join(dir, 'token'), 60_000, () => now);
    expect(await auth.headers()).toEqual({ Authorization: 'Bearer first' });
    await writeFile(join(dir, 'token'), 'second\n');
    now = 59_000;
    expect(await auth.headers()).toEqual({ Authorization: 'Bearer first' });
    now = 60_000;
    expect(await auth.headers()).toEqual({ Authorization: 'Bearer second' });
    await rm(join(dir, 'token'));
    now = 200_000;
    // A failed re-read keeps the last token.
    expect(await auth.headers()).toEqual({ Authorization: 'Bearer second' });

    const endpoint = parseKubeconfig(
      `clusters: [{ name: c, cluster: { server: "http://c" } }]
users: [{ name: u, user: { tokenFile: t2 } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`,
      join(dir, 'config'),
    );
    await writeFile(join(dir, 't2'), 'relative');
    expect(await endpoint.auth.headers()).toEqual({ Authorization: 'Bearer relative' });
  });

  it('kube config – in-cluster uses the service host and port, the mounted CA, token and namespace', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'ca.crt'), 'SA-CA');
    await writeFile(join(dir, 'token'), 'sa-token');
    await writeFile(join(dir, 'namespace'), 'outpost-system\n');
    const env = { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' };
    const endpoint = loadClusterEndpoint({}, env, dir);
    expect(endpoint.server).toBe('https://[fd00::1]:6443');
    expect(endpoint.tls).toEqual({ caPem: 'SA-CA' });
    expect(endpoint.namespace).toBe('outpost-system');
    expect(endpoint.source).toBe('in-cluster');
    expect(await endpoint.auth.headers()).toEqual({ Authorization: 'Bearer sa-token' });
  });

  it('kube config – in-cluster without a mounted service account says how to mount it', async () => {
    const dir = await tempDir();
    expect(() => inClusterEndpoint({ KUBERNETES_SERVICE_HOST: '10.96.0.1' }, dir)).toThrow(
      /in-cluster config: cannot read .*ca\.crt/,
    );
  });

  it('kube config – an exec credential plugin is run through client-node, loaded only then', async () => {
    const dir = await tempDir();
    const plugin = join(dir, 'plugin.mjs');
    await writeFile(
      plugin,
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-plugin' } }));`,
    );
    const file = join(dir, 'config');
    await writeFile(
      file,
      `clusters: [{ name: c, cluster: { server: "https://c:6443" } }]
users: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(plugin)}], interactiveMode: Never } } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`,
    );
    const endpoint = loadClusterEndpoint({ kubeconfig: file }, {});
    expect(await endpoint.auth.headers()).toEqual({ Authorization: 'Bearer from-plugin' });
  });
});

import { describe, expect, it } from 'vitest';
import { isOutpostError, sha256Digest, type OutpostError } from '@outpost/shared';
import type { Application, ApplicationSource } from '../appsets/application.ts';
import { FakeGitTree } from './fake-git-tree.ts';
import { createRenderer } from './index.ts';

function app(source: Partial<ApplicationSource>, namespace = 'team-a', name = 'web'): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      source: { repoURL: 'https://git.example/repo.git', targetRevision: 'HEAD', ...source },
      destination: { name: 'edge-1', namespace },
    },
  };
}

async function failure(p: Promise<unknown>): Promise<OutpostError> {
  try {
    await p;
  } catch (e) {
    if (isOutpostError(e)) return e;
    throw e;
  }
  throw new Error('expected an OutpostError');
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
`;
const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules: []
`;

const tree = () =>
  new FakeGitTree({
    'apps/web/README.md': '# not a manifest',
    'apps/web/deploy.yaml': deployment,
    'apps/web/rbac.yaml': `---\n${role}---\n`,
    'apps/web/nested/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nested\n',
    'apps/broken/bad.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nmetadata:\n  name: nokind\n',
    'apps/dup/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n',
    'apps/dup/b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n',
    'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
    'charts/web/values.yaml': 'x: 1\n',
  });

describe('renderer – plain directories', () => {
  it('renders the app path’s manifests, ignoring non-manifest files, with digests of the canonical JSON', async () => {
    const renderer = createRenderer();
    const result = await renderer.renderApplication(app({ path: 'apps/web' }), tree());
    expect(result.sourceType).toBe('Directory');
    expect(
      result.objects.map((o) => `${o.key.kind}/${o.key.name}@${o.source.file}:${o.source.line}`),
    ).toEqual(['Deployment/web@apps/web/deploy.yaml:1', 'ClusterRole/reader@apps/web/rbac.yaml:2']);
    const [dep] = result.objects;
    expect(dep?.digest).toBe(sha256Digest(dep?.canonical ?? ''));
    expect(dep?.canonical).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"team-a"},"spec":{"replicas":2}}',
    );
    await renderer.close();
  });
  it('sets the destination namespace on namespaced objects only', async () => {
    const result = await createRenderer().renderApplication(app({ path: 'apps/web' }), tree());
    expect(result.objects.map((o) => [o.key.kind, o.key.namespace])).toEqual([
      ['Deployment', 'team-a'],
      ['ClusterRole', ''],
    ]);
  });
  it('directory.recurse reads subdirectories', async () => {
    const result = await createRenderer().renderApplication(
      app({ path: 'apps/web', directory: { recurse: true } }),
      tree(),
    );
    expect(result.objects.map((o) => o.key.name)).toEqual(['web', 'nested', 'reader']);
  });
  it('a manifest without kind fails with the app, file and line', async () => {
    const e = await failure(createRenderer().renderApplication(app({ path: 'apps/broken' }), tree()));
    expect(e.code).toBe('RENDER_MANIFEST_INVALID');
    expect(e.location).toMatchObject({ app: 'web', file: 'apps/broken/bad.yaml', line: 6 });
  });
  it('an object defined twice fails naming both places', async () => {
    const e = await failure(createRenderer().renderApplication(app({ path: 'apps/dup' }), tree()));
    expect(e.message).toBe('ConfigMap team-a/same is defined twice (first at apps/dup/a.yaml:1)');
    expect(e.location.file).toBe('apps/dup/b.yaml');
  });
  it('a path that does not exist is GIT_PATH_NOT_FOUND', async () => {
    const e = await failure(createRenderer().renderApplication(app({ path: 'apps/nope' }), tree()));
    expect(e.code).toBe('GIT_PATH_NOT_FOUND');
  });
  it('a path leaving the repository is refused', async () => {
    const e = await failure(createRenderer().renderApplication(app({ path: '../etc' }), tree()));
    expect(e.code).toBe('GIT_PATH_NOT_FOUND');
  });
  it('a Helm chart path fails clearly as not supported yet', async () => {
    const e = await failure(createRenderer().renderApplication(app({ path: 'charts/web' }), tree()));
    expect(e.code).toBe('RENDER_UNSUPPORTED');
    expect(e.message).toContain('Helm sources come in a later release');
  });
  it('a chart from a Helm repository fails clearly too', async () => {
    const e = await failure(
      createRenderer().renderApplication(app({ chart: 'nginx', path: undefined }), tree()),
    );
    expect(e.code).toBe('RENDER_UNSUPPORTED');
  });
  it('rendered objects are frozen so that cached results cannot be corrupted', async () => {
    const result = await createRenderer().renderApplication(app({ path: 'apps/web' }), tree());
    expect(() => {
      (result.objects[0]?.object.metadata as Record<string, unknown>).name = 'x';
    }).toThrow(TypeError);
  });
});

describe('renderer – cache', () => {
  it('a second render of the same source at the same commit reads nothing', async () => {
    const renderer = createRenderer();
    const t = tree();
    const first = await renderer.renderApplication(app({ path: 'apps/web' }), t);
    const reads = t.reads;
    const second = await renderer.renderApplication(
      app({ path: 'apps/web' }, 'team-a', 'web-other-cluster'),
      t,
    );
    expect(t.reads).toBe(reads);
    expect(second).toBe(first);
    expect(renderer.stats()).toMatchObject({ renders: 1, cacheHits: 1 });
  });
  it('a thousand concurrent requests for one app start one render', async () => {
    const renderer = createRenderer();
    const t = tree();
    const all = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        renderer.renderApplication(app({ path: 'apps/web' }, 'team-a', `web-${i}`), t),
      ),
    );
    expect(new Set(all).size).toBe(1);
    expect(renderer.stats().renders).toBe(1);
  });
  it('another destination namespace reuses the parsed source but gets its own digests', async () => {
    const renderer = createRenderer();
    const t = tree();
    const a = await renderer.renderApplication(app({ path: 'apps/web' }, 'team-a'), t);
    const b = await renderer.renderApplication(app({ path: 'apps/web' }, 'team-b'), t);
    expect(renderer.stats().renders).toBe(1);
    expect(b.objects[0]?.key.namespace).toBe('team-b');
    expect(b.objects[0]?.digest).not.toBe(a.objects[0]?.digest);
    expect(b.objects[1]?.digest).toBe(a.objects[1]?.digest);
  });
  it('other source options render again, the same files at another commit do not', async () => {
    const renderer = createRenderer();
    const files = { 'apps/web/deploy.yaml': deployment };
    await renderer.renderApplication(app({ path: 'apps/web' }), new FakeGitTree(files, 'r', 'a'.repeat(40)));
    await renderer.renderApplication(app({ path: 'apps/web' }), new FakeGitTree(files, 'r', 'b'.repeat(40)));
    expect(renderer.stats().renders).toBe(1);
    await renderer.renderApplication(
      app({ path: 'apps/web', directory: { recurse: true } }),
      new FakeGitTree(files, 'r', 'b'.repeat(40)),
    );
    expect(renderer.stats().renders).toBe(2);
  });
  it('a failed render is not cached', async () => {
    const renderer = createRenderer();
    const t = tree();
    await failure(renderer.renderApplication(app({ path: 'apps/broken' }), t));
    await failure(renderer.renderApplication(app({ path: 'apps/broken' }), t));
    expect(renderer.stats().renders).toBe(2);
  });
});

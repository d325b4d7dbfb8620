import { mkdtemp, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOutpostError, type OutpostError } from '@outpost/shared';
import type { Application, ApplicationSource } from '../appsets/application.ts';
import { FakeGitTree } from './fake-git-tree.ts';
import { createRenderer, type Renderer } from './index.ts';

// End-to-end with the real kustomize (or kubectl kustomize) binary on a materialised tree.

const files = {
  'base/kustomization.yaml': 'resources:\n- deployment.yaml\n- service.yaml\ncommonLabels:\n  app: web\n',
  'base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {}
  template:
    metadata:
      labels: {}
    spec:
      containers:
      - name: web
        image: nginx:1.25
`,
  'base/service.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n',
  'overlays/prod/kustomization.yaml':
    'resources:\n- ../../base\n- ns.yaml\npatches:\n- path: replicas.yaml\n',
  'overlays/prod/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n',
  'overlays/prod/replicas.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
  'overlays/broken/kustomization.yaml': 'resources:\n- missing.yaml\n',
  'overlays/remote/kustomization.yaml':
    'resources:\n- ../../base\n- https://github.com/org/repo//config?ref=v1\n',
  'plain/kustomization.yaml': 'resources:\n- cm.yaml\n',
  'plain/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
};

function app(source: Partial<ApplicationSource>): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web-prod' },
    spec: {
      source: { repoURL: 'https://git.example/repo.git', ...source },
      destination: { name: 'edge-1', namespace: 'apps' },
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

let workDir: string;
let renderer: Renderer;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'outpost-kustomize-test-'));
  renderer = createRenderer({ workDir });
});

afterAll(async () => {
  await renderer.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('renderer – Kustomize with the real binary', () => {
  it('an overlay over ../base renders the base patched, with the destination namespace on namespaced objects', async () => {
    const result = await renderer.renderApplication(app({ path: 'overlays/prod' }), new FakeGitTree(files));
    expect(result.sourceType).toBe('Kustomize');
    const byKind = Object.fromEntries(result.objects.map((o) => [o.key.kind, o]));
    expect(Object.keys(byKind).sort()).toEqual(['Deployment', 'Namespace', 'Service']);
    expect((byKind.Deployment?.object.spec as { replicas: number }).replicas).toBe(3);
    expect(byKind.Deployment?.key.namespace).toBe('apps');
    expect(byKind.Namespace?.key.namespace).toBe('');
    expect(byKind.Service?.source.file).toBe('overlays/prod/kustomization.yaml');
    expect((byKind.Deployment?.object.metadata as { labels: Record<string, string> }).labels).toEqual({
      app: 'web',
    });
  });

  it('Application kustomize options apply as Argo CD applies them, without touching the shared copy', async () => {
    const tree = new FakeGitTree(files);
    const options = {
      namePrefix: 'eu-',
      nameSuffix: '-v2',
      images: ['nginx=registry.local/nginx:1.27'],
      commonLabels: { env: 'prod' },
      commonAnnotations: { owner: 'ops' },
    };
    const result = await renderer.renderApplication(app({ path: 'overlays/prod', kustomize: options }), tree);
    const dep = result.objects.find((o) => o.key.kind === 'Deployment');
    expect(dep?.key.name).toBe('eu-web-v2');
    const spec = dep?.object.spec as { template: { spec: { containers: { image: string }[] } } };
    expect(spec.template.spec.containers[0]?.image).toBe('registry.local/nginx:1.27');
    expect((dep?.object.metadata as { labels: Record<string, string> }).labels).toEqual({
      app: 'web',
      env: 'prod',
    });
    expect((dep?.object.metadata as { annotations: Record<string, string> }).annotations).toEqual({
      owner: 'ops',
    });
    const plain = await renderer.renderApplication(app({ path: 'overlays/prod' }), tree);
    expect(plain.objects.find((o) => o.key.kind === 'Deployment')?.key.name).toBe('web');
  });

  it('options on a kustomization at the repository root work on a private copy', async () => {
    const rootFiles = {
      'kustomization.yaml': 'resources:\n- plain/cm.yaml\n',
      'plain/cm.yaml': files['plain/cm.yaml'],
    };
    const result = await renderer.renderApplication(
      app({ path: '', kustomize: { namePrefix: 'x-' } }),
      new FakeGitTree(rootFiles, 'root-repo'),
    );
    expect(result.objects.map((o) => o.key.name)).toEqual(['x-settings']);
  });

  it('a kustomize failure is RENDER_KUSTOMIZE_FAILED with the kustomization and no temporary paths', async () => {
    const e = await failure(
      renderer.renderApplication(app({ path: 'overlays/broken' }), new FakeGitTree(files)),
    );
    expect(e.code).toBe('RENDER_KUSTOMIZE_FAILED');
    expect(e.location).toMatchObject({ file: 'overlays/broken/kustomization.yaml', app: 'web-prod' });
    expect(e.message).toContain('missing.yaml');
    expect(e.message).not.toContain(workDir);
  });

  it('a remote base fails at once with a clear error, before kustomize runs', async () => {
    const e = await failure(
      renderer.renderApplication(app({ path: 'overlays/remote' }), new FakeGitTree(files)),
    );
    expect(e.code).toBe('RENDER_UNSUPPORTED');
    expect(e.message).toContain('https://github.com/org/repo//config?ref=v1');
    expect(e.location.file).toBe('overlays/remote/kustomization.yaml');
  });

  it('one commit is materialised once for all its apps, and close removes it', async () => {
    const own = createRenderer({ workDir });
    const tree = new FakeGitTree(files, 'https://git.example/other.git', 'c'.repeat(40));
    await own.renderApplication(app({ path: 'overlays/prod' }), tree);
    const reads = tree.reads;
    await own.renderApplication(app({ path: 'plain' }), tree);
    expect(tree.reads - reads).toBe(1); // plain/kustomization.yaml, checked for remote bases
    const before = await readdir(workDir);
    await own.close();
    expect((await readdir(workDir)).length).toBe(before.length - 1);
  });

  it('a change in ../base renders the overlay again; a commit with the same files does not', async () => {
    const own = createRenderer({ workDir });
    const at = (f: Record<string, string>, commit: string) =>
      new FakeGitTree(f, 'https://git.example/keyed.git', commit.repeat(40));
    const image = (r: { objects: readonly { key: { kind: string }; object: unknown }[] }) =>
      (
        r.objects.find((o) => o.key.kind === 'Deployment')?.object as {
          spec: { template: { spec: { containers: { image: string }[] } } };
        }
      ).spec.template.spec.containers[0]?.image;
    const first = await own.renderApplication(app({ path: 'overlays/prod' }), at(files, 'a'));
    expect(image(first)).toBe('nginx:1.25');
    const changed = {
      ...files,
      'base/deployment.yaml': files['base/deployment.yaml'].replace('nginx:1.25', 'nginx:1.27'),
    };
    const second = await own.renderApplication(app({ path: 'overlays/prod' }), at(changed, 'b'));
    expect(image(second)).toBe('nginx:1.27');
    expect(own.stats().renders).toBe(2);
    const third = await own.renderApplication(app({ path: 'overlays/prod' }), at(changed, 'c'));
    expect(third.commit).toBe('c'.repeat(40));
    expect(own.stats().renders).toBe(2);
    await own.close();
  });

  it('without kustomize or kubectl on the path the error says what to install', async () => {
    const bare = createRenderer({ workDir, searchPath: join(workDir, 'no-such-bin') });
    const e = await failure(bare.renderApplication(app({ path: 'plain' }), new FakeGitTree(files)));
    expect(e.code).toBe('RENDER_TOOL_MISSING');
    expect(e.hint).toContain('install kustomize');
    await bare.close();
  });
});

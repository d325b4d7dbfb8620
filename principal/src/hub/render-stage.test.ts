import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import type { Application } from '../appsets/application.ts';
import { createRenderer } from '../render/renderer.ts';
import type { GitSource, GitTree } from '../sources/git-tree.ts';
import { FakeGitTree } from '../render/fake-git-tree.ts';
import { RenderStage } from './render-stage.ts';

const REPO = 'https://git.example/apps.git';

/** A git source whose single repository can be moved to new files and commits. */
function movingRepo(): { source: GitSource; move(files: Record<string, string>, commit: string): void } {
  let tree: GitTree = new FakeGitTree({}, REPO, '1'.repeat(40));
  return {
    source: {
      resolve: async (url) => (url === REPO ? tree : Promise.reject(new Error(`no repository ${url}`))),
    },
    move: (files, commit) => {
      tree = new FakeGitTree(files, REPO, commit.repeat(40));
    },
  };
}

function app(name: string, path: string, repoURL = REPO): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      source: { repoURL, path, targetRevision: 'main' },
      destination: { name: 'edge-1', namespace: 'web' },
    },
  };
}

const cm = (name: string, v: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  v: "${v}"\n`;

describe('render stage', () => {
  it('render stage – objects carry digest, identity and the destination namespace', async () => {
    const repo = movingRepo();
    repo.move({ 'web/a.yaml': cm('a', '1') }, '2');
    const stage = new RenderStage({
      gitSource: repo.source,
      renderer: createRenderer(),
      logger: silentLogger(),
    });
    const [r] = await stage.render([{ app: app('web', 'web'), appset: '' }]);
    expect(r!.error).toBe('');
    expect(r!.revision).toBe('2'.repeat(40));
    expect(r!.objects.map((o) => [o.apiVersion, o.kind, o.namespace, o.name])).toEqual([
      ['v1', 'ConfigMap', 'web', 'a'],
    ]);
    expect(r!.objects[0]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('render stage – an app that breaks keeps its last good objects with the error; a never-good app has none', async () => {
    const repo = movingRepo();
    repo.move({ 'web/a.yaml': cm('a', '1') }, '2');
    const stage = new RenderStage({
      gitSource: repo.source,
      renderer: createRenderer(),
      logger: silentLogger(),
    });
    const [good] = await stage.render([{ app: app('web', 'web'), appset: 'set' }]);
    repo.move({ 'web/a.yaml': 'kind: [unclosed' }, '3');
    const [broken, ghost] = await stage.render([
      { app: app('web', 'web'), appset: 'set' },
      { app: app('ghost', 'x', 'https://git.example/none.git'), appset: '' },
    ]);
    expect(broken!.error).toMatch(/web\/a.yaml/);
    expect(broken!.objects).toEqual(good!.objects);
    expect(broken!.revision).toBe(good!.revision);
    expect(ghost!.objects).toEqual([]);
    expect(ghost!.error).toMatch(/no repository/);
    expect(Object.keys(stage.failures()).sort()).toEqual(['/ghost@edge-1', 'set/web@edge-1']);
  });

  it('render stage – a pass resolves a repository and revision once for all the apps that read it, and they share one object list', async () => {
    const repo = movingRepo();
    repo.move({ 'web/a.yaml': cm('a', '1'), 'db/b.yaml': cm('b', '1') }, '2');
    const resolved: string[] = [];
    const counting: GitSource = {
      resolve: (url, revision) => {
        resolved.push(`${url}@${revision}`);
        return repo.source.resolve(url, revision);
      },
    };
    const stage = new RenderStage({
      gitSource: counting,
      renderer: createRenderer(),
      logger: silentLogger(),
    });
    const apps = Array.from({ length: 50 }, (_, i) => ({ app: app(`web-${i}`, 'web'), appset: 'set' }));
    const out = await stage.render([...apps, { app: app('db', 'db'), appset: 'set' }]);
    expect(resolved).toEqual([`${REPO}@main`]);
    expect(out.every((r) => r.error === '')).toBe(true);
    expect(new Set(out.slice(0, 50).map((r) => r.objects)).size).toBe(1);
    expect(out[50]!.objects.map((o) => o.name)).toEqual(['b']);
    repo.move({ 'web/a.yaml': cm('a', '2'), 'db/b.yaml': cm('b', '1') }, '3');
    const next = await stage.render(apps);
    expect(resolved).toEqual([`${REPO}@main`, `${REPO}@main`]);
    expect(next[0]!.revision).toBe('3'.repeat(40));
    expect(next[0]!.objects[0]!.digest).not.toBe(out[0]!.objects[0]!.digest);
  });
});

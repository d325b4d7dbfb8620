import { describe, expect, it } from 'vitest';
import type { Application, ApplicationSource } from '../appsets/application.ts';
import type { GitTree } from '../sources/git-tree.ts';
import { FakeGitTree } from './fake-git-tree.ts';
import { createRenderer } from './index.ts';

function app(source: Partial<ApplicationSource>, name = 'web', namespace = 'team-a'): Application {
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

const cm = (name: string, value = '1') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  v: "${value}"\n`;
const at = (files: Record<string, string>, commit: string) =>
  new FakeGitTree(files, 'https://git.example/repo.git', commit.repeat(40));

/** A GitTree that cannot name tree ids (a port implementation without `treeId`). */
function withoutTreeIds(tree: FakeGitTree): GitTree {
  return {
    repoURL: tree.repoURL,
    commit: tree.commit,
    listFiles: () => tree.listFiles(),
    readFile: (p) => tree.readFile(p),
  };
}

describe('renderer – keyed by the content it reads', () => {
  it('renders an app once across two commits that differ only outside its path, reporting each commit', async () => {
    const renderer = createRenderer();
    const one = { 'apps/web/cm.yaml': cm('web'), 'apps/db/cm.yaml': cm('db'), 'README.md': 'x' };
    const first = await renderer.renderApplication(app({ path: 'apps/web' }), at(one, 'a'));
    const second = await renderer.renderApplication(
      app({ path: 'apps/web' }),
      at({ ...one, 'apps/db/cm.yaml': cm('db', '2'), 'README.md': 'y' }, 'b'),
    );
    expect(renderer.stats().renders).toBe(1);
    expect(first.commit).toBe('a'.repeat(40));
    expect(second.commit).toBe('b'.repeat(40));
    expect(second.objects).toBe(first.objects);
  });

  it('renders again when a file inside the path changes, is added or is removed', async () => {
    const renderer = createRenderer();
    const base = { 'apps/web/cm.yaml': cm('web') };
    const render = (files: Record<string, string>, commit: string) =>
      renderer.renderApplication(app({ path: 'apps/web' }), at(files, commit));
    await render(base, 'a');
    const changed = await render({ 'apps/web/cm.yaml': cm('web', '2') }, 'b');
    expect(changed.objects[0]?.object.data).toEqual({ v: '2' });
    const added = await render({ ...base, 'apps/web/extra.yaml': cm('extra') }, 'c');
    expect(added.objects.map((o) => o.key.name)).toEqual(['web', 'extra']);
    const removed = await render(base, 'd');
    expect(removed.objects.map((o) => o.key.name)).toEqual(['web']);
    expect(renderer.stats().renders).toBe(3); // 'd' has the same files as 'a'
  });

  it('a commit touching one app of several re-renders only that app', async () => {
    const renderer = createRenderer();
    const names = ['a', 'b', 'c', 'd', 'e'];
    const files: Record<string, string> = {};
    for (const n of names) files[`apps/${n}/cm.yaml`] = cm(n);
    const renderAll = (tree: GitTree) =>
      Promise.all(names.map((n) => renderer.renderApplication(app({ path: `apps/${n}` }, n), tree)));
    await renderAll(at(files, '1'));
    expect(renderer.stats().renders).toBe(5);
    await renderAll(at({ ...files, 'apps/c/cm.yaml': cm('c', '2') }, '2'));
    await renderAll(at({ ...files, 'apps/c/cm.yaml': cm('c', '2'), 'docs/x.md': 'x' }, '3'));
    expect(renderer.stats().renders).toBe(6);
  });

  it('a directory that recurses sees changes in its subdirectories, and other options keep their own entries', async () => {
    const renderer = createRenderer();
    const files = { 'apps/web/cm.yaml': cm('web'), 'apps/web/sub/cm.yaml': cm('sub') };
    const recurse = app({ path: 'apps/web', directory: { recurse: true } });
    await renderer.renderApplication(recurse, at(files, 'a'));
    const next = await renderer.renderApplication(
      recurse,
      at({ ...files, 'apps/web/sub/cm.yaml': cm('sub', '2') }, 'b'),
    );
    expect(next.objects.find((o) => o.key.name === 'sub')?.object.data).toEqual({ v: '2' });
    await renderer.renderApplication(app({ path: 'apps/web', directory: { exclude: 'x*' } }), at(files, 'b'));
    expect(renderer.stats().renders).toBe(3);
  });

  it('falls back to the commit when the tree cannot name tree ids', async () => {
    const renderer = createRenderer();
    const files = { 'apps/web/cm.yaml': cm('web') };
    await renderer.renderApplication(app({ path: 'apps/web' }), withoutTreeIds(at(files, 'a')));
    await renderer.renderApplication(app({ path: 'apps/web' }), withoutTreeIds(at(files, 'b')));
    await renderer.renderApplication(app({ path: 'apps/web' }), withoutTreeIds(at(files, 'b')));
    expect(renderer.stats().renders).toBe(2);
  });

  it('a missing path still fails with GIT_PATH_NOT_FOUND naming the commit asked for', async () => {
    const renderer = createRenderer();
    const error = await renderer
      .renderApplication(app({ path: 'apps/nope' }), at({ 'apps/web/cm.yaml': cm('web') }, 'c'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GIT_PATH_NOT_FOUND' });
    expect((error as Error).message).toContain('c'.repeat(40));
  });

  it('the same path in another repository is not shared', async () => {
    const renderer = createRenderer();
    const files = { 'apps/web/cm.yaml': cm('web') };
    await renderer.renderApplication(
      app({ path: 'apps/web' }),
      new FakeGitTree(files, 'https://a.example/r.git'),
    );
    const other = await renderer.renderApplication(
      app({ path: 'apps/web' }),
      new FakeGitTree(files, 'https://b.example/r.git'),
    );
    expect(other.repoURL).toBe('https://b.example/r.git');
    expect(renderer.stats().renders).toBe(2);
  });
});

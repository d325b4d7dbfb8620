import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import type { GitTree } from '../sources/git-tree.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { GitAppSets } from './appset-git.ts';
import type { TrackedGitSource } from './appset-git.ts';
import { createRegistry } from './registry.ts';

const appset = (name: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: ${name} }
spec:
  generators: [ { list: { elements: [ { cluster: a } ] } } ]
  template:
    metadata: { name: '${name}-{{cluster}}' }
    spec:
      project: default
      source: { repoURL: 'https://git.example.org/apps.git', targetRevision: HEAD, path: x }
      destination: { name: '{{cluster}}', namespace: x }
`;

/** A hand-written Git source over a map of files; `down` makes every read fail. */
class FakeGit implements TrackedGitSource {
  files: Record<string, string> = {};
  commit = 'a'.repeat(40);
  down = false;
  tracked: string[] = [];
  async resolve(repoURL: string): Promise<GitTree> {
    if (this.down) throw new Error('connection refused');
    const files = { ...this.files };
    return {
      repoURL,
      commit: this.commit,
      listFiles: async () => Object.keys(files).sort(),
      readFile: async (p) => (p in files ? new TextEncoder().encode(files[p]) : undefined),
    };
  }
  track(url: string): void {
    this.tracked.push(url);
  }
  onChange(): () => void {
    return () => {};
  }
}

const URL = 'https://git.example.org/hub-config.git';

describe('ApplicationSets from a Git directory', () => {
  it('reads the YAML and JSON files directly under the path, and tracks the repository', async () => {
    const git = new FakeGit();
    git.files = {
      'appsets/web.yaml': appset('web'),
      'appsets/db.yml': appset('db'),
      'appsets/nested/other.yaml': appset('nested'),
      'appsets/README.md': '# not an appset',
      'elsewhere/x.yaml': appset('x'),
    };
    const source = new GitAppSets(
      { git, store: new MemoryStore(), logger: silentLogger() },
      URL,
      '/appsets/',
    );
    const names = (await source.list()).map((a) => a.appset.metadata.name).sort();
    expect(names).toEqual(['db', 'web']);
    expect(git.tracked).toEqual([URL]);
  });

  it('when the repository is unreachable, the last good read stands in, also after a restart', async () => {
    const git = new FakeGit();
    git.files = { 'appsets/web.yaml': appset('web') };
    const store = new MemoryStore();
    await new GitAppSets({ git, store, logger: silentLogger() }, URL, 'appsets').list();
    git.down = true;
    const restarted = new GitAppSets({ git, store, logger: silentLogger() }, URL, 'appsets');
    expect((await restarted.list()).map((a) => a.appset.metadata.name)).toEqual(['web']);
    const fresh = new GitAppSets({ git, store: new MemoryStore(), logger: silentLogger() }, URL, 'appsets');
    await expect(fresh.list()).rejects.toThrow(/connection refused/);
  });

  it('the store lists Git ApplicationSets after stored ones and refuses to apply over them', async () => {
    const git = new FakeGit();
    git.files = { 'appsets/web.yaml': appset('web') };
    const store = new MemoryStore();
    const registry = createRegistry(store);
    registry.appsets.useGit(new GitAppSets({ git, store, logger: silentLogger() }, URL, 'appsets'));
    const { parseApplicationSets } = await import('../appsets/parse-application-set.ts');
    await registry.appsets.apply(parseApplicationSets(appset('db'))[0], 'admin');
    expect(
      (await registry.appsets.list()).map((a) => [a.appset.metadata.name, a.appliedBy.split(':')[0]]),
    ).toEqual([
      ['db', 'admin'],
      ['web', 'git'],
    ]);
    await expect(
      registry.appsets.apply(parseApplicationSets(appset('web'))[0], 'admin'),
    ).rejects.toMatchObject({
      code: 'APPSET_INVALID',
      hint: expect.stringContaining('commit'),
    });
    await expect(registry.appsets.delete('web', 'admin')).rejects.toThrow(/managed in Git/);
  });
});

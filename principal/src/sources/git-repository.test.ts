import { describe, expect, test } from 'vitest';
import { silentLogger } from '@outpost/shared';
import { diffRefs, GitRepository, type RefChange } from './git-repository.ts';
import { TreeCaches } from './iso-git-tree.ts';
import type { RepoBackend } from './repo-backend.ts';
import type { RefSnapshot } from './revision.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const snap = (refs: Record<string, string>): RefSnapshot => ({
  head: 'refs/heads/main',
  refs: new Map(Object.entries(refs)),
});

/** A backend whose syncs wait until the test releases them, returning scripted snapshots. */
class ScriptedBackend implements RepoBackend {
  readonly gitdir = '/nonexistent';
  readonly fs = {} as RepoBackend['fs'];
  syncs = 0;
  private readonly pending: { resolve: (s: RefSnapshot) => void; reject: (e: Error) => void }[] = [];

  sync(): Promise<RefSnapshot> {
    this.syncs++;
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  release(snapshot: RefSnapshot): void {
    this.pending.shift()!.resolve(snapshot);
  }

  fail(error: Error): void {
    this.pending.shift()!.reject(error);
  }
}

const flush = () => new Promise((r) => setImmediate(r));

function repository(backend: RepoBackend, changes: RefChange[][] = []) {
  return new GitRepository('https://u:secret@h/r.git', backend, new TreeCaches(), silentLogger(), (c) =>
    changes.push([...c]),
  );
}

describe('git repository syncs', () => {
  test('refreshes during a sync share one trailing sync, which sees what the first could not', async () => {
    const backend = new ScriptedBackend();
    const changes: RefChange[][] = [];
    const repo = repository(backend, changes);
    const first = repo.refresh();
    const second = [repo.refresh(), repo.refresh(), repo.refresh()];
    expect(backend.syncs).toBe(1);
    backend.release(snap({ 'refs/heads/main': A }));
    await first;
    await flush();
    expect(backend.syncs).toBe(2);
    backend.release(snap({ 'refs/heads/main': B }));
    const results = await Promise.all(second);
    expect(results.every((r) => r.refs.get('refs/heads/main') === B)).toBe(true);
    expect(backend.syncs).toBe(2);
    expect(changes).toEqual([[{ ref: 'refs/heads/main', from: A, to: B }]]);
  });

  test('a failed sync is reported in status (credentials redacted) and the next refresh tries again', async () => {
    const backend = new ScriptedBackend();
    const repo = repository(backend);
    const failed = repo.refresh();
    backend.fail(new Error('HTTP 503'));
    await expect(failed).rejects.toThrow('HTTP 503');
    expect(repo.status()).toMatchObject({ state: 'failed', lastError: 'HTTP 503', url: 'https://u@h/r.git' });
    const retry = repo.refresh();
    backend.release(snap({ 'refs/heads/main': A }));
    await retry;
    expect(repo.status()).toMatchObject({ state: 'ready', syncs: 1, head: A, lastError: undefined });
  });

  test('the first sync establishes a baseline and announces nothing', async () => {
    const backend = new ScriptedBackend();
    const changes: RefChange[][] = [];
    const repo = repository(backend, changes);
    const p = repo.refresh();
    backend.release(snap({ 'refs/heads/main': A }));
    await p;
    expect(changes).toEqual([]);
  });

  test('ref differences list moved, new and deleted refs by name', () => {
    expect(
      diffRefs(
        snap({ 'refs/heads/main': A, 'refs/heads/old': A, 'refs/tags/v1': A }),
        snap({ 'refs/heads/main': B, 'refs/heads/new': B, 'refs/tags/v1': A }),
      ),
    ).toEqual([
      { ref: 'refs/heads/main', from: A, to: B },
      { ref: 'refs/heads/new', from: undefined, to: B },
      { ref: 'refs/heads/old', from: A, to: undefined },
    ]);
  });
});

import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { OutpostError } from '@outpost/shared';
import { createGitRepo, runGit, startGitServer, tempDir } from '../fixtures/index.ts';
// principal/src/index.ts does not export the sources module yet (owned by the lead).
import { GitSources, type RepoChangeEvent } from '../../../principal/src/sources/index.ts';

const text = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');

async function sources(
  options: Partial<ConstructorParameters<typeof GitSources>[0]> = {},
): Promise<GitSources> {
  const s = new GitSources({ dataDir: await tempDir({ prefix: 'outpost-data-' }), ...options });
  return s;
}

describe('git sources over smart HTTP', () => {
  test('a branch, a tag, an annotated tag, a full and a short SHA and HEAD resolve to their commits', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('apps', { 'apps/a/cm.yaml': 'a: 1\n', 'README.md': '# apps\n' });
    const first = await repo.revParse('main');
    await repo.tag('v1');
    await repo.tag('v1-annotated', { message: 'release 1' });
    const second = await repo.commit({ 'apps/a/cm.yaml': 'a: 2\n', 'apps/b/cm.yaml': 'b: 1\n' });
    const feature = await repo.commit({ 'f.txt': 'f' }, { branch: 'feature', from: first });
    const git = await sources();

    expect((await git.resolve(repo.url, 'main')).commit).toBe(second);
    expect((await git.resolve(repo.url, 'HEAD')).commit).toBe(second);
    expect((await git.resolve(repo.url, '')).commit).toBe(second);
    expect((await git.resolve(repo.url, 'v1')).commit).toBe(first);
    expect((await git.resolve(repo.url, 'v1-annotated')).commit).toBe(first);
    expect((await git.resolve(repo.url, 'feature')).commit).toBe(feature);
    expect((await git.resolve(repo.url, first)).commit).toBe(first);
    expect((await git.resolve(repo.url, first.slice(0, 8))).commit).toBe(first);

    const tree = await git.resolve(repo.url, 'main');
    expect(tree.repoURL).toBe(repo.url);
    expect(await tree.listFiles()).toEqual(['README.md', 'apps/a/cm.yaml', 'apps/b/cm.yaml']);
    expect(text(await tree.readFile('apps/a/cm.yaml'))).toBe('a: 2\n');
    expect(text(await tree.readFile('./apps/b/cm.yaml'))).toBe('b: 1\n');
    expect(await tree.readFile('apps/missing.yaml')).toBeUndefined();
    expect(await tree.readFile('apps')).toBeUndefined();
    const old = await git.resolve(repo.url, 'v1');
    expect(text(await old.readFile('apps/a/cm.yaml'))).toBe('a: 1\n');
    expect(await old.listFiles()).toEqual(['README.md', 'apps/a/cm.yaml']);
  });

  test('an unknown revision is GIT_REVISION_NOT_FOUND naming the repository and revision', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('r', { 'a.txt': 'a' });
    const git = await sources();
    const error = await git.resolve(repo.url, 'no-such-branch').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutpostError);
    expect(error).toMatchObject({ code: 'GIT_REVISION_NOT_FOUND' });
    expect((error as Error).message).toContain('"no-such-branch"');
    expect((error as Error).message).toContain(repo.url);
    await expect(git.resolve(repo.url, 'f'.repeat(40))).rejects.toMatchObject({
      code: 'GIT_REVISION_NOT_FOUND',
    });
  });

  test('a missing repository is GIT_FETCH_FAILED with HTTP 404 and a hint', async () => {
    const server = await startGitServer();
    const git = await sources();
    const error = (await git
      .resolve(server.repoUrl('ghost'), 'main')
      .catch((e: unknown) => e)) as OutpostError;
    expect(error.code).toBe('GIT_FETCH_FAILED');
    expect(error.message).toContain(server.repoUrl('ghost'));
    expect(error.message).toContain('404');
    expect(error.hint).toMatch(/does not exist/);
  });

  test('a new commit is seen after refresh, announced as a change, and fetched incrementally', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('r', { 'a.txt': 'one' });
    const git = await sources();
    const before = await git.resolve(repo.url, 'main');
    const next = await repo.commit({ 'a.txt': 'two' });
    expect((await git.resolve(repo.url, 'main')).commit).toBe(before.commit);

    const events: RepoChangeEvent[] = [];
    git.onChange((e) => events.push(e));
    await git.refresh(repo.url);
    const after = await git.resolve(repo.url, 'main');
    expect(after.commit).toBe(next);
    expect(text(await after.readFile('a.txt'))).toBe('two');
    expect(events).toEqual([
      { repoURL: repo.url, changes: [{ ref: 'refs/heads/main', from: before.commit, to: next }] },
    ]);
    await git.refresh(repo.url);
    expect(events).toHaveLength(1);
    expect(server.fetchCount('r')).toBe(3);
  });

  test('a repository followed through many commits keeps few packs, and every commit still reads', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('busy', { 'a.txt': 'v0', 'b/c.txt': 'c' });
    const dataDir = await tempDir({ prefix: 'outpost-data-' });
    const git = await sources({ dataDir, maxPacks: 3 });
    const first = (await git.resolve(repo.url, 'main')).commit;
    const [cache] = readdirSync(join(dataDir, 'repos'));
    const packs = () =>
      readdirSync(join(dataDir, 'repos', cache!, 'objects', 'pack')).filter((n) => n.endsWith('.idx'));
    const counts: number[] = [];
    const shas: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const sha = await repo.commit({ 'a.txt': `v${i}`, [`d/${i}.txt`]: `file ${i}` });
      shas.push(sha);
      await git.refresh(repo.url);
      const tree = await git.resolve(repo.url, 'main');
      expect(tree.commit).toBe(sha);
      expect(text(await tree.readFile('a.txt'))).toBe(`v${i}`);
      expect(text(await tree.readFile(`d/${i}.txt`))).toBe(`file ${i}`);
      counts.push(packs().length);
    }
    // every fetch adds a pack; past three they are merged back into one
    expect(Math.max(...counts)).toBeLessThanOrEqual(3);
    expect(counts).toContain(1);
    const old = await git.resolve(repo.url, first);
    expect(text(await old.readFile('a.txt'))).toBe('v0');
    expect(await old.listFiles()).toEqual(['a.txt', 'b/c.txt']);
    const fifth = await git.resolve(repo.url, shas[4]!);
    expect(text(await fifth.readFile('a.txt'))).toBe('v5');
    expect(text(await fifth.readFile('d/5.txt'))).toBe('file 5');
  });

  test('a revision newer than the last sync triggers one more fetch', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('r', { 'a.txt': 'one' });
    const git = await sources();
    await git.resolve(repo.url, 'main');
    const sha = await repo.commit({ 'b.txt': 'b' }, { branch: 'later', from: 'main' });
    expect((await git.resolve(repo.url, 'later')).commit).toBe(sha);
    expect(server.fetchCount('r')).toBe(2);
  });

  test('concurrent resolves of a cold repository cause exactly one fetch', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('busy', { 'a.txt': 'a' });
    await repo.tag('v1');
    const git = await sources();
    const trees = await Promise.all(
      Array.from({ length: 12 }, (_, i) => git.resolve(repo.url, i % 2 ? 'main' : 'v1')),
    );
    expect(new Set(trees.map((t) => t.commit)).size).toBe(1);
    expect(server.fetchCount('busy')).toBe(1);
  });

  test('refreshes requested during a fetch are served by one more fetch, not one each', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('r', { 'a.txt': 'a' });
    const git = await sources();
    await git.resolve(repo.url, 'main');
    await Promise.all([
      git.refresh(repo.url),
      git.refresh(repo.url),
      git.refresh(repo.url),
      git.refresh(repo.url),
    ]);
    expect(server.fetchCount('r')).toBe(3);
  });

  test('polling picks up a new commit and the change iterator reports it; stop() ends polling', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('polled', { 'a.txt': 'a' });
    const git = await sources({ pollIntervalMs: 200 });
    const first = (await git.resolve(repo.url, 'main')).commit;
    const controller = new AbortController();
    git.start(controller.signal);
    const changes = git.changes(controller.signal);
    const next = await repo.commit({ 'a.txt': 'b' });
    const event = await changes.next();
    expect(event.value).toEqual({
      repoURL: repo.url,
      changes: [{ ref: 'refs/heads/main', from: first, to: next }],
    });
    expect(git.status().state).toBe('running');
    controller.abort();
    await git.stop();
    const fetches = server.fetchCount('polled');
    await new Promise((r) => setTimeout(r, 500));
    expect(server.fetchCount('polled')).toBe(fetches);
    expect(git.status().state).toBe('stopped');
  });

  test('basic auth credentials by longest URL prefix are sent; wrong ones fail without leaking the secret', async () => {
    const server = await startGitServer({ basicAuth: { username: 'hub', password: 'pa55word' } });
    const repo = await server.createRepo('private', { 'x.yaml': 'x: 1\n' });
    const good = await sources({
      credentials: [
        { prefix: `${server.url}/`, username: 'hub', password: 'wrong-pass' },
        { prefix: `${server.url}/private`, username: 'hub', password: 'pa55word' },
      ],
    });
    expect(text(await (await good.resolve(repo.url, 'main')).readFile('x.yaml'))).toBe('x: 1\n');

    const bad = await sources({
      credentials: [{ prefix: server.url, username: 'hub', password: 'wrong-pass' }],
    });
    const error = (await bad.resolve(repo.url, 'main').catch((e: unknown) => e)) as OutpostError;
    expect(error.code).toBe('GIT_FETCH_FAILED');
    expect(error.message).toContain('401');
    expect(`${error.message} ${error.hint} ${JSON.stringify(bad.status())}`).not.toContain('wrong-pass');
    expect(error.hint).toContain('basic auth as hub');
  });

  test('credentials inside the repoURL work and are redacted from errors', async () => {
    const server = await startGitServer({ basicAuth: { username: 'hub', password: 'pa55word' } });
    await server.createRepo('private', { 'x.yaml': 'x: 1\n' });
    const url = server.repoUrl('private').replace('http://', 'http://hub:pa55word@');
    const git = await sources();
    expect((await git.resolve(url, 'main')).commit).toMatch(/^[0-9a-f]{40}$/);
    const error = (await git.resolve(url, 'missing').catch((e: unknown) => e)) as OutpostError;
    expect(error.message).not.toContain('pa55word');
  });

  test('a bearer token is sent to a server that requires one', async () => {
    const server = await startGitServer({ bearerToken: 'tok-xyz' });
    const repo = await server.createRepo('r', { 'a.txt': 'a' });
    const git = await sources({ credentials: [{ prefix: server.url, bearerToken: 'tok-xyz' }] });
    expect((await git.resolve(repo.url, 'main')).commit).toBe(await repo.revParse('main'));
  });

  test('a rewrite points a public URL at the mirror; the tree keeps the original repoURL', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('mirror/apps', { 'a.txt': 'mirrored' });
    const publicUrl = 'https://github.com/acme/apps.git';
    const git = await sources({ rewrites: [`https://github.com/acme/=${server.url}/mirror/`] });
    const tree = await git.resolve(publicUrl, 'main');
    expect(tree.repoURL).toBe(publicUrl);
    expect(tree.commit).toBe(await repo.revParse('main'));
    expect(text(await tree.readFile('a.txt'))).toBe('mirrored');
  });

  test('the on-disk cache survives a restart: the next sync fetches only what changed', async () => {
    const server = await startGitServer();
    const files = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`f/${i}.txt`, `${randomBytes(512).toString('hex')}\n`]),
    );
    const repo = await server.createRepo('r', files);
    const dataDir = await tempDir();
    await new GitSources({ dataDir }).resolve(repo.url, 'main');
    await repo.commit({ 'f/0.txt': 'changed\n' });
    const restarted = new GitSources({ dataDir });
    const tree = await restarted.resolve(repo.url, 'main');
    expect(text(await tree.readFile('f/0.txt'))).toBe('changed\n');
    expect(await tree.listFiles()).toHaveLength(200);
    const [cold, warm] = server.fetches('r');
    expect(server.fetchCount('r')).toBe(2);
    // the cached commits were sent as "haves": the second pack holds one commit, two trees and one blob
    expect(warm!.responseBytes).toBeLessThan(cold!.responseBytes / 10);
  });
});

describe('git sources offline (local paths and file:// URLs)', () => {
  test('a bare repository by path and by file:// URL resolves and reads without any server', async () => {
    const repo = await createGitRepo(`${await tempDir()}/offline.git`, {
      'k/v.yaml': 'v: 1\n',
      'k/w.yaml': 'w\n',
    });
    const git = await sources();
    const byPath = await git.resolve(repo.path, 'main');
    const byUrl = await git.resolve(repo.fileUrl, 'HEAD');
    expect(byPath.commit).toBe(byUrl.commit);
    expect(byUrl.repoURL).toBe(repo.fileUrl);
    expect(text(await byPath.readFile('k/w.yaml'))).toBe('w\n');
    expect(
      text(await (await sources()).resolve(repo.path, byPath.commit).then((t) => t.readFile('k/v.yaml'))),
    ).toBe('v: 1\n');
    const next = await repo.commit({ 'k/v.yaml': 'v: 2\n' });
    const events: RepoChangeEvent[] = [];
    git.onChange((e) => events.push(e));
    await git.refresh(repo.path);
    const updated = await git.resolve(repo.path, 'main');
    expect(updated.commit).toBe(next);
    expect(text(await updated.readFile('k/v.yaml'))).toBe('v: 2\n');
    // after git gc rewrote the packs, the old commit still reads
    await runGit(['gc', '--quiet', '--prune=now'], { gitDir: repo.path });
    expect(text(await byPath.readFile('k/w.yaml'))).toBe('w\n');
    expect(
      text(await (await sources()).resolve(repo.path, byPath.commit).then((t) => t.readFile('k/v.yaml'))),
    ).toBe('v: 1\n');
    expect(events.map((e) => e.repoURL).sort()).toEqual([repo.path, repo.fileUrl].sort());
  });

  test('a path that is not a repository is GIT_FETCH_FAILED naming the path', async () => {
    const dir = await tempDir();
    const git = await sources();
    await expect(git.resolve(dir, 'main')).rejects.toMatchObject({
      code: 'GIT_FETCH_FAILED',
      message: `${dir} is not a git repository`,
    });
    await expect(git.resolve('git@github.com:o/r.git', 'main')).rejects.toMatchObject({
      code: 'GIT_FETCH_FAILED',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { memoryGitSource } from '../memory-ports.ts';
import { resolveApplicationSet } from '../resolve-application-set.ts';
import { exampleAppSet } from '../test-fixtures.ts';
import { listDirectories } from './git-directories.ts';

const REPO = 'https://git.example/fleet.git';
const files = {
  'README.md': '',
  'apps/a/k.yaml': '',
  'apps/a/c/k.yaml': '',
  'apps/a-b/k.yaml': '',
  'apps/.hidden/k.yaml': '',
  'apps/.hidden/inner/k.yaml': '',
  'apps/skip/k.yaml': '',
  'apps/x_y/k.yaml': '',
};

async function gitDirs(git: Record<string, unknown>) {
  const r = await resolveApplicationSet(exampleAppSet({ generators: [{ git: { repoURL: REPO, ...git } }] }), {
    gitSource: memoryGitSource({ [REPO]: files }),
  });
  return r;
}

describe('git directories generator (flat mode)', () => {
  it('§3.3 git dirs – listing is a lexical depth-first walk that skips hidden directories and the root', () => {
    expect(listDirectories(Object.keys(files))).toEqual([
      'apps',
      'apps/a',
      'apps/a/c',
      'apps/a-b',
      'apps/skip',
      'apps/x_y',
    ]);
  });

  it('§3.3 git dirs – path.Match * does not cross /, and exclude wins whatever the order', async () => {
    const r = await gitDirs({ directories: [{ path: 'apps/skip', exclude: true }, { path: 'apps/*' }] });
    expect(r.paramSets.map((p) => p.params.path)).toEqual(['apps/a', 'apps/a-b', 'apps/x_y']);
  });

  it('§2 / §3.3 git dirs – flat params are path, basename, basenameNormalized and path[N]', async () => {
    const r = await gitDirs({ directories: [{ path: 'apps/x_y' }] });
    expect(r.paramSets[0]?.params).toEqual({
      path: 'apps/x_y',
      'path.basename': 'x_y',
      'path.basenameNormalized': 'x-y',
      'path[0]': 'apps',
      'path[1]': 'x_y',
    });
  });

  it('§2 / §3.3 git dirs – pathParamPrefix prefixes every path key, and values are rendered', async () => {
    const r = await gitDirs({
      directories: [{ path: 'apps/a' }],
      pathParamPrefix: 'src',
      values: { dir: '{{src.path.basename}}' },
    });
    expect(r.paramSets[0]?.params).toEqual({
      'src.path': 'apps/a',
      'src.path.basename': 'a',
      'src.path.basenameNormalized': 'a',
      'src.path[0]': 'apps',
      'src.path[1]': 'a',
      'values.dir': 'a',
    });
  });

  it('§3.3 git dirs – a leading / never matches, a malformed pattern is a non-match, classes work', async () => {
    expect((await gitDirs({ directories: [{ path: '/apps/*' }] })).paramSets).toEqual([]);
    expect((await gitDirs({ directories: [{ path: 'apps/[' }] })).paramSets).toEqual([]);
    const cls = await gitDirs({ directories: [{ path: 'apps/[^as]*' }] });
    expect(cls.paramSets.map((p) => p.params.path)).toEqual(['apps/x_y']);
  });

  it('§3.3 / §9 git dirs – neither directories nor files is the empty generator error', async () => {
    const r = await gitDirs({ directories: [], files: [] });
    expect(r.errors[0]?.message).toMatch(/ApplicationSet is empty/);
  });

  it('§9 git – a repository failure is reported with the repo and generator path, and recorded as read', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [{ git: { repoURL: 'https://git.example/missing.git', directories: [{ path: '*' }] } }],
      }),
      { gitSource: memoryGitSource({}) },
    );
    expect(r.errors[0]?.code).toBe('APPSET_GENERATOR_FAILED');
    expect(r.errors[0]?.message).toMatch(
      /error getting directories from repo: https:\/\/git.example\/missing.git/,
    );
    expect(r.reposRead).toEqual(['https://git.example/missing.git']);
  });
});

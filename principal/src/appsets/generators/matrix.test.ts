import { describe, expect, it } from 'vitest';
import { memoryGitSource, staticInventory } from '../memory-ports.ts';
import { resolveApplicationSet } from '../resolve-application-set.ts';
import { exampleAppSet } from '../test-fixtures.ts';

const REPO = 'https://git.example/fleet.git';
const git = memoryGitSource({
  [REPO]: { 'apps/web/k.yaml': '', 'apps/db/k.yaml': '', 'envs/prod/env.json': '{"tier":"gold"}' },
});
const clusters = staticInventory([
  { name: 'east', server: 'https://east', labels: { env: 'prod' } },
  { name: 'west', server: 'https://west', labels: { env: 'dev' } },
]);

async function matrix(children: unknown[], extra: Record<string, unknown> = {}) {
  return resolveApplicationSet(
    exampleAppSet({ generators: [{ matrix: { generators: children } }], ...extra }),
    {
      gitSource: git,
      clusters,
    },
  );
}

describe('matrix generator (flat mode)', () => {
  it('§3.5 matrix – combines every set of the first child with every set of the second, a-major', async () => {
    const r = await matrix([
      { list: { elements: [{ a: '1' }, { a: '2' }] } },
      { list: { elements: [{ b: 'x' }, { b: 'y' }] } },
    ]);
    expect(r.paramSets.map((p) => p.params)).toEqual([
      { a: '1', b: 'x' },
      { a: '1', b: 'y' },
      { a: '2', b: 'x' },
      { a: '2', b: 'y' },
    ]);
  });

  it('§3.5 / §6 matrix – the second child is interpolated with each set of the first (clusters × git)', async () => {
    const r = await matrix([
      { clusters: { selector: { matchLabels: { env: 'prod' } } } },
      {
        git: {
          repoURL: REPO,
          directories: [{ path: 'apps/*' }],
          values: { target: '{{name}}-{{path.basename}}' },
        },
      },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.paramSets.map((p) => p.params['values.target'])).toEqual(['east-db', 'east-web']);
  });

  it('§6 matrix – interpolation renders the second child spec, here a list element, from the first', async () => {
    const r = await matrix([
      { list: { elements: [{ env: 'prod' }] } },
      { list: { elements: [{ ns: 'ns-{{env}}' }] } },
    ]);
    expect(r.paramSets[0]?.params).toEqual({ env: 'prod', ns: 'ns-prod' });
  });

  it('§3.5 / §11.5 matrix – in flat mode a key with two different values is an error, equal values are fine', async () => {
    const same = await matrix([
      { list: { elements: [{ k: 'v' }] } },
      { list: { elements: [{ k: 'v', z: '1' }] } },
    ]);
    expect(same.paramSets[0]?.params).toEqual({ k: 'v', z: '1' });
    const clash = await matrix([
      { git: { repoURL: REPO, directories: [{ path: 'apps/*' }] } },
      { git: { repoURL: REPO, directories: [{ path: 'envs/*' }] } },
    ]);
    expect(clash.errors[0]?.code).toBe('APPSET_MATRIX_KEY_CONFLICT');
    expect(clash.errors[0]?.message).toMatch(
      /found duplicate key path with different value, a: apps\/db ,b: envs\/prod/,
    );
  });

  it('§3.5 matrix – pathParamPrefix lets two git generators combine in flat mode', async () => {
    const r = await matrix([
      { git: { repoURL: REPO, directories: [{ path: 'apps/*' }] } },
      { git: { repoURL: REPO, files: [{ path: 'envs/*/env.json' }], pathParamPrefix: 'env' } },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.paramSets[0]?.params).toMatchObject({ path: 'apps/db', 'env.path': 'envs/prod', tier: 'gold' });
  });

  it('§3.5 / §9 matrix – three children is an error naming the matrix', async () => {
    const r = await matrix([
      { list: { elements: [] } },
      { list: { elements: [] } },
      { list: { elements: [] } },
    ]);
    expect(r.errors[0]?.code).toBe('APPSET_MATRIX_INVALID');
    expect(r.errors[0]?.message).toMatch(/found more than two generators, Matrix support only two/);
    expect(r.errors[0]?.location.generator).toBe('spec.generators[0].matrix');
  });

  it('§3.5 / §9 matrix – one child is an error', async () => {
    const r = await matrix([{ list: { elements: [] } }]);
    expect(r.errors[0]?.message).toMatch(/found less than two generators/);
  });

  it('§3.5 / §9 matrix – a child naming two kinds, and an empty child, are errors pointing at the child', async () => {
    const two = await matrix([
      { list: { elements: [{ a: '1' }] }, clusters: {} },
      { list: { elements: [{ b: '1' }] } },
    ]);
    expect(two.errors[0]?.message).toMatch(/found more than one generator in matrix.Generators/);
    expect(two.errors[0]?.location.generator).toBe('spec.generators[0].matrix.generators[0]');
    const empty = await matrix([{ list: { elements: [{ a: '1' }] } }, {}]);
    expect(empty.errors[0]?.message).toMatch(/child generator generated no parameters/);
  });

  it('§3.5 / §9 matrix – a third nesting level decodes to an empty child and fails', async () => {
    const r = await matrix([
      { list: { elements: [{ a: '1' }] } },
      {
        matrix: {
          generators: [
            { list: { elements: [{ b: '1' }] } },
            {
              matrix: {
                generators: [{ list: { elements: [{ c: '1' }] } }, { list: { elements: [{ d: '1' }] } }],
              },
            },
          ],
        },
      },
    ]);
    expect(r.errors[0]?.message).toMatch(/child generator generated no parameters/);
    expect(r.errors[0]?.location.generator).toBe(
      'spec.generators[0].matrix.generators[1].matrix.generators[1]',
    );
  });

  it('§3.5 matrix – one nesting level works (matrix inside matrix)', async () => {
    const r = await matrix([
      { list: { elements: [{ a: '1' }] } },
      {
        matrix: {
          generators: [
            { list: { elements: [{ b: '1' }, { b: '2' }] } },
            { list: { elements: [{ c: '{{b}}!' }] } },
          ],
        },
      },
    ]);
    expect(r.paramSets.map((p) => p.params)).toEqual([
      { a: '1', b: '1', c: '1!' },
      { a: '1', b: '2', c: '2!' },
    ]);
  });

  it('§3.5 matrix – an empty first child yields nothing and never runs the second', async () => {
    const r = await matrix([
      { list: { elements: [] } },
      { git: { repoURL: 'https://nowhere', directories: [{ path: '*' }] } },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.paramSets).toEqual([]);
    expect(r.reposRead).toEqual([]);
  });

  it('§3.5 matrix – child post-selectors apply, child templates are ignored', async () => {
    const r = await matrix(
      [
        {
          list: { elements: [{ a: '1' }, { a: '2' }], template: { metadata: { name: 'ignored' } } },
          selector: { matchLabels: { a: '2' } },
        },
        { list: { elements: [{ b: 'x' }] } },
      ],
      {
        template: {
          metadata: { name: 'app-{{a}}-{{b}}' },
          spec: { project: 'p', destination: { server: 'https://east' } },
        },
      },
    );
    expect(r.applications.map((a) => a.metadata.name)).toEqual(['app-2-x']);
  });

  it('§6 matrix – in flat mode unknown tags in the second child stay for the child to resolve', async () => {
    const r = await matrix([
      { list: { elements: [{ a: '1' }] } },
      { clusters: { selector: { matchLabels: { env: 'prod' } }, values: { x: '{{a}}/{{name}}' } } },
    ]);
    expect(r.paramSets[0]?.params['values.x']).toBe('1/east');
  });

  it('§9 matrix – an unclosed {{ in the second child fails interpolation', async () => {
    const r = await matrix([
      { list: { elements: [{ a: '1' }] } },
      { list: { elements: [{ b: '{{a}}-{{b' }] } },
    ]);
    expect(r.errors[0]?.message).toMatch(/failed to replace parameters in generator/);
  });

  it('§1.1 / §6 matrix – the second child post-selector is compiled before interpolation, so {{…}} in it stays literal', async () => {
    const r = await matrix([
      { list: { elements: [{ a: 'x' }] } },
      { list: { elements: [{ b: 'x' }, { b: '{{a}}' }] }, selector: { matchLabels: { b: '{{a}}' } } },
    ]);
    // the element '{{a}}' was interpolated to 'x' before filtering, the selector was not: nothing matches
    expect(r.errors).toEqual([]);
    expect(r.paramSets).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { resolveApplicationSet } from '../resolve-application-set.ts';
import { exampleAppSet } from '../test-fixtures.ts';

async function merge(spec: Record<string, unknown>, goTemplate = false) {
  return resolveApplicationSet(exampleAppSet({ goTemplate, generators: [{ merge: spec }] }));
}

describe('merge generator (flat mode)', () => {
  it('§3.6 merge – later children override base sets with the same key; sets only in later children are dropped', async () => {
    const r = await merge({
      mergeKeys: ['name'],
      generators: [
        {
          list: {
            elements: [
              { name: 'a', size: 's' },
              { name: 'b', size: 's' },
            ],
          },
        },
        {
          list: {
            elements: [
              { name: 'b', size: 'l', extra: 'y' },
              { name: 'c', size: 'xl' },
            ],
          },
        },
      ],
    });
    expect(r.paramSets.map((p) => p.params)).toEqual([
      { name: 'a', size: 's' },
      { name: 'b', size: 'l', extra: 'y' },
    ]);
  });

  it('§3.6 merge – the last child wins when several override the same set', async () => {
    const r = await merge({
      mergeKeys: ['name'],
      generators: [
        { list: { elements: [{ name: 'a', v: '0' }] } },
        { list: { elements: [{ name: 'a', v: '1' }] } },
        { list: { elements: [{ name: 'a', v: '2' }] } },
      ],
    });
    expect(r.paramSets[0]?.params).toEqual({ name: 'a', v: '2' });
  });

  it('§3.6 merge – sets missing a merge key match each other (null equals null)', async () => {
    const r = await merge({
      mergeKeys: ['missing'],
      generators: [{ list: { elements: [{ name: 'a' }] } }, { list: { elements: [{ other: 'x' }] } }],
    });
    expect(r.paramSets[0]?.params).toEqual({ name: 'a', other: 'x' });
  });

  it('§3.6 / §9 merge – duplicate keys within one child are an APPSET_MERGE_DUPLICATE_KEY error', async () => {
    const r = await merge({
      mergeKeys: ['name'],
      generators: [
        { list: { elements: [{ name: 'a' }] } },
        { list: { elements: [{ name: 'b' }, { name: 'b' }] } },
      ],
    });
    expect(r.errors[0]?.code).toBe('APPSET_MERGE_DUPLICATE_KEY');
    expect(r.errors[0]?.message).toContain('Duplicate key was {"name":"b"}');
    expect(r.errors[0]?.location.generator).toBe('spec.generators[0].merge.generators[1]');
  });

  it('§3.6 / §9 merge – fewer than two children and no merge keys are errors', async () => {
    const one = await merge({ mergeKeys: ['a'], generators: [{ list: { elements: [] } }] });
    expect(one.errors[0]?.message).toMatch(/found less than two generators, Merge requires two or more/);
    const none = await merge({ generators: [{ list: { elements: [] } }, { list: { elements: [] } }] });
    expect(none.errors[0]?.message).toMatch(/no merge keys were specified/);
  });

  it('§3.6 merge – children get no interpolation from each other and child selectors apply', async () => {
    const r = await merge({
      mergeKeys: ['name'],
      generators: [
        { list: { elements: [{ name: 'a' }, { name: 'b' }] }, selector: { matchLabels: { name: 'b' } } },
        { list: { elements: [{ name: 'b', ref: '{{name}}' }] } },
      ],
    });
    expect(r.paramSets.map((p) => p.params)).toEqual([{ name: 'b', ref: '{{name}}' }]);
  });
});

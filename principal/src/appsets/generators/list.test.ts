import { describe, expect, it } from 'vitest';
import { resolveApplicationSet } from '../resolve-application-set.ts';
import { exampleAppSet } from '../test-fixtures.ts';

const names = (r: { applications: { metadata: { name: string } }[] }) =>
  r.applications.map((a) => a.metadata.name);

describe('list generator', () => {
  it('§3.1 list – one param set per element, in element order, then elementsYaml', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [
          {
            list: {
              elements: [
                { name: 'b', server: 's1' },
                { name: 'a', server: 's2' },
              ],
              elementsYaml: '- name: c\n  server: s3\n',
            },
          },
        ],
      }),
    );
    expect(r.errors).toEqual([]);
    expect(r.paramSets.map((p) => p.params)).toEqual([
      { name: 'b', server: 's1' },
      { name: 'a', server: 's2' },
      { name: 'c', server: 's3' },
    ]);
    expect(names(r)).toEqual(['a', 'b', 'c']);
  });

  it('§3.1 list – flat mode turns element values into values.<k> keys', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({ generators: [{ list: { elements: [{ name: 'x', values: { size: 'big' } }] } }] }),
    );
    expect(r.paramSets[0]?.params).toEqual({ name: 'x', 'values.size': 'big' });
  });

  it('§2 / §9 list – flat mode rejects a non-string element value, naming the element', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({ generators: [{ list: { elements: [{ name: 'x', replicas: 3 }] } }] }),
    );
    expect(r.applications).toEqual([]);
    expect(r.errors[0]?.code).toBe('APPSET_GENERATOR_INVALID');
    expect(r.errors[0]?.describe()).toContain(
      'applicationset demo, spec.generators[0].list.elements[0].replicas',
    );
  });

  it('§9 list – flat mode rejects values that are not an object of strings', async () => {
    const bad = await resolveApplicationSet(
      exampleAppSet({ generators: [{ list: { elements: [{ values: 'x' }] } }] }),
    );
    expect(bad.errors[0]?.message).toMatch(/error parsing values map/);
    const badInner = await resolveApplicationSet(
      exampleAppSet({ generators: [{ list: { elements: [{ values: { a: 1 } }] } }] }),
    );
    expect(badInner.errors[0]?.message).toMatch(/error parsing value as string/);
  });

  it('§3.1 list – elementsYaml values are neither flattened nor stringified in flat mode', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [{ list: { elementsYaml: '- name: c\n  replicas: 3\n  nested: {a: b}\n' } }],
      }),
    );
    expect(r.paramSets[0]?.params).toEqual({ name: 'c', replicas: 3, nested: { a: 'b' } });
  });

  it('§3.1 / §7.1 / §11.3 list – an empty element yields an empty set, whose template is not rendered', async () => {
    const r = await resolveApplicationSet(exampleAppSet({ generators: [{ list: { elements: [{}] } }] }));
    expect(r.errors).toEqual([]);
    const app = r.applications[0];
    expect(app?.metadata.name).toBe('{{name}}');
    expect(app?.metadata.finalizers).toBeUndefined();
    expect(app?.spec.destination.server).toBe('{{server}}');
  });

  it('§3.1 list – elementsYaml that is not a list of objects is an error', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({ generators: [{ list: { elementsYaml: 'a: b' } }] }),
    );
    expect(r.errors[0]?.message).toMatch(/ElementsYaml/);
  });
});

import { describe, expect, it } from 'vitest';
import { applyMetadataPatch, parseMetadataArgs } from './cluster-record.ts';

describe('cluster metadata arguments', () => {
  it('k=v sets, k- removes, and the result is sorted', () => {
    const patch = parseMetadataArgs(['tier=edge', 'example.com/zone=z1', 'old-'], 'label', true);
    expect(patch).toEqual({ tier: 'edge', 'example.com/zone': 'z1', old: null });
    expect(applyMetadataPatch({ old: 'x', a: 'b' }, patch)).toEqual({
      a: 'b',
      'example.com/zone': 'z1',
      tier: 'edge',
    });
  });

  it('a removal is refused where only assignments are allowed, naming the argument', () => {
    expect(() => parseMetadataArgs(['old-'], 'label')).toThrow(/"old-" is not a label assignment/);
  });

  it('a label value Kubernetes would reject is refused; annotation values are free text', () => {
    expect(() => parseMetadataArgs(['team=a b'], 'label')).toThrow(/not a valid value for label team/);
    expect(parseMetadataArgs(['note=a b, c'], 'annotation')).toEqual({ note: 'a b, c' });
    expect(() => parseMetadataArgs(['bad key=x'], 'annotation')).toThrow(/not a valid annotation key/);
  });
});

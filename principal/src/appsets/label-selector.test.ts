import { describe, expect, it } from 'vitest';
import { compileLabelSelector } from './label-selector.ts';

const strict = { validateValues: true };
const loose = { validateValues: false };

describe('label selectors', () => {
  it('§4.1 selectors – matchLabels and matchExpressions are ANDed', () => {
    const s = compileLabelSelector(
      {
        matchLabels: { env: 'prod' },
        matchExpressions: [{ key: 'region', operator: 'In', values: ['eu', 'us'] }],
      },
      strict,
    );
    expect(s.matches({ env: 'prod', region: 'eu' })).toBe(true);
    expect(s.matches({ env: 'prod', region: 'ap' })).toBe(false);
    expect(s.matches({ env: 'dev', region: 'eu' })).toBe(false);
  });

  it('§4.1 selectors – NotIn matches when the key is absent; Exists and DoesNotExist test presence', () => {
    const notIn = compileLabelSelector(
      { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] },
      strict,
    );
    expect(notIn.matches({})).toBe(true);
    expect(notIn.matches({ tier: 'x' })).toBe(false);
    const exists = compileLabelSelector({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }, strict);
    expect(exists.matches({ gpu: '' })).toBe(true);
    expect(exists.matches({})).toBe(false);
    const absent = compileLabelSelector(
      { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] },
      strict,
    );
    expect(absent.matches({})).toBe(true);
  });

  it('§4.2 selectors – {} matches everything', () => {
    expect(compileLabelSelector({}, loose).matches({ a: 'b' })).toBe(true);
  });

  it('§4.1 / §9 selectors – a cluster selector rejects a URL label value', () => {
    expect(() => compileLabelSelector({ matchLabels: { server: 'https://x.example' } }, strict)).toThrow(
      /error parsing label selector.*Invalid value/,
    );
  });

  it('§4.2 / §11.8 selectors – a post-selector accepts URL values and long values but validates keys', () => {
    const s = compileLabelSelector(
      { matchLabels: { server: 'https://x.example', long: 'v'.repeat(80) } },
      loose,
    );
    expect(s.matches({ server: 'https://x.example', long: 'v'.repeat(80) })).toBe(true);
    expect(() => compileLabelSelector({ matchLabels: { 'path[0]': 'a' } }, loose)).toThrow(
      /key: Invalid value/,
    );
    expect(() =>
      compileLabelSelector(
        { matchLabels: { 'metadata.labels.argocd.argoproj.io/secret-type': 'cluster' } },
        loose,
      ),
    ).not.toThrow();
  });

  it('§9 selectors – In with no values, Exists with values and unknown operators are errors', () => {
    expect(() =>
      compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, loose),
    ).toThrow(/values set can't be empty/);
    expect(() =>
      compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, loose),
    ).toThrow(/must be empty/);
    expect(() =>
      compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, loose),
    ).toThrow(/"Gt" is not a valid label selector operator/);
  });
});

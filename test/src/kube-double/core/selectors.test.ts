import { describe, expect, it } from 'vitest';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };

  it('equality and inequality – a!=b also matches objects without the label', () => {
    expect(parseLabelSelector('app=web,tier==front').matches(labels)).toBe(true);
    expect(parseLabelSelector('tier!=back').matches({ app: 'web' })).toBe(true);
    expect(parseLabelSelector('app!=web').matches(labels)).toBe(false);
  });

  it('set-based – in, notin, exists and does-not-exist', () => {
    expect(parseLabelSelector('app in (web, db)').matches(labels)).toBe(true);
    expect(parseLabelSelector('app notin (web)').matches(labels)).toBe(false);
    expect(parseLabelSelector('tier notin (back)').matches({})).toBe(true);
    expect(parseLabelSelector('tier').matches(labels)).toBe(true);
    expect(parseLabelSelector('!tier').matches(labels)).toBe(false);
    expect(parseLabelSelector('app in (web,db),!release').matches(labels)).toBe(true);
  });

  it('an empty selector matches everything; a malformed one throws', () => {
    expect(parseLabelSelector('').matches({})).toBe(true);
    expect(() => parseLabelSelector('app in web')).toThrow(SelectorError);
  });
});

describe('field selectors', () => {
  it('metadata.name and metadata.namespace select by equality', () => {
    const s = parseFieldSelector('metadata.name=a,metadata.namespace!=kube-system');
    expect(s.matches({ 'metadata.name': 'a', 'metadata.namespace': 'default' })).toBe(true);
    expect(s.matches({ 'metadata.name': 'a', 'metadata.namespace': 'kube-system' })).toBe(false);
  });

  it('any other field is refused with the real server message', () => {
    expect(() => parseFieldSelector('data.mode=fast')).toThrow(
      '"data.mode" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { paginate, parseListQuery, parseSelector } from './list-query.ts';

describe('list queries', () => {
  it('a Kubernetes selector string supports =, !=, in, notin, exists and !exists', () => {
    const s = parseSelector('region in (eu, ap),tier!=core,gpu,!legacy,env=prod');
    expect(s.matches({ region: 'eu', tier: 'edge', gpu: 'yes', env: 'prod' })).toBe(true);
    expect(s.matches({ region: 'us', tier: 'edge', gpu: 'yes', env: 'prod' })).toBe(false);
    expect(s.matches({ region: 'eu', tier: 'core', gpu: 'yes', env: 'prod' })).toBe(false);
    expect(s.matches({ region: 'eu', tier: 'edge', env: 'prod' })).toBe(false);
    expect(s.matches({ region: 'eu', gpu: '1', env: 'prod', legacy: 'x' })).toBe(false);
  });

  it('pages carry a continue token until the last page', () => {
    const items = Array.from({ length: 5 }, (_, i) => i);
    const first = paginate(items, parseListQuery(new URLSearchParams('limit=2')));
    expect(first).toMatchObject({ items: [0, 1], total: 5 });
    const second = paginate(items, parseListQuery(new URLSearchParams(`limit=2&continue=${first.continue}`)));
    expect(second.items).toEqual([2, 3]);
    const last = paginate(items, parseListQuery(new URLSearchParams(`limit=2&continue=${second.continue}`)));
    expect(last).toEqual({ items: [4], total: 5 });
  });

  it('bad parameters are refused naming the parameter', () => {
    expect(() => parseListQuery(new URLSearchParams('limit=0'))).toThrow(/limit must be an integer/);
    expect(() => parseListQuery(new URLSearchParams('selector=a in b'))).toThrow(/selector part "a in b"/);
  });
});

import { describe, expect, it } from 'vitest';
import { formatGoFloat, goSprintV } from './go-format.ts';
import { flattenToStrings, goStringSlice } from './flatten.ts';

describe('Go %v formatting', () => {
  it('§2 stringification – integers below 1e6 print plainly and 1234567 prints as 1.234567e+06', () => {
    expect(formatGoFloat(123)).toBe('123');
    expect(formatGoFloat(123456)).toBe('123456');
    expect(formatGoFloat(1234567)).toBe('1.234567e+06');
    expect(formatGoFloat(1000000)).toBe('1e+06');
  });

  it('§2 stringification – fractions use the shortest form and switch to exponent below 1e-4', () => {
    expect(formatGoFloat(1.5)).toBe('1.5');
    expect(formatGoFloat(0.0001)).toBe('0.0001');
    expect(formatGoFloat(0.00001)).toBe('1e-05');
    expect(formatGoFloat(-2.25)).toBe('-2.25');
    expect(formatGoFloat(1e21)).toBe('1e+21');
    expect(formatGoFloat(1.5e300)).toBe('1.5e+300');
  });

  it('§2 stringification – booleans, null, maps and slices print the Go way', () => {
    expect(goSprintV(true)).toBe('true');
    expect(goSprintV(null)).toBe('<nil>');
    expect(goSprintV({ b: 2, a: 'x' })).toBe('map[a:x b:2]');
    expect(goSprintV(['a', 1])).toBe('[a 1]');
  });
});

describe('flattening', () => {
  it('§2 / §11.4 flattening – nested keys join with dots, arrays are indexed, empty objects and arrays vanish', () => {
    expect(flattenToStrings({ a: { b: { c: 1 } }, l: ['x', { y: null }], e: {}, z: [] })).toEqual({
      'a.b.c': '1',
      'l.0': 'x',
      'l.1.y': '<nil>',
    });
  });

  it('§4.2 flattening – a Go []string (path segments) stays one leaf', () => {
    expect(flattenToStrings({ path: { segments: goStringSlice(['a', 'b']) } })).toEqual({
      'path.segments': '[a b]',
    });
  });
});

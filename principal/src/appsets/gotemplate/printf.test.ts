import { describe, expect, it } from 'vitest';
import { formatFloat } from './float-format.ts';
import { formatValue, sprint } from './printf.ts';
import { sprintf } from './sprintf.ts';
import { GoInt, fromJs } from './values.ts';

const int = (n: number): GoInt => new GoInt('int', BigInt(n));

describe('go fmt printing', () => {
  it('float64 prints in the shortest %g form with exponents from 1e6 up and below 1e-4', () => {
    expect([5, 2.5, 123456, 1e6, 1234567, 0.0001, 0.00001].map((x) => formatValue(x))).toEqual([
      '5',
      '2.5',
      '123456',
      '1e+06',
      '1.234567e+06',
      '0.0001',
      '1e-05',
    ]);
  });

  it('fixed precision rounds the exact binary value half to even', () => {
    expect(formatFloat(2.5, 'f', 0)).toBe('2');
    expect(formatFloat(0.125, 'f', 2)).toBe('0.12');
    expect(formatFloat(2.675, 'f', 2)).toBe('2.67');
  });

  it('maps print with sorted keys and lists without quotes', () => {
    expect(formatValue(fromJs({ b: [1, 'x'], a: null }))).toBe('map[a:<nil> b:[1 x]]');
  });

  it('verbs that do not fit the operand print Go bad-verb markers', () => {
    expect(sprintf('%d|%s|%t', [2.5, int(1), 'x'])).toBe('%!d(float64=2.5)|%!s(int=1)|%!t(string=x)');
  });

  it('missing and extra operands are reported inline', () => {
    expect(sprintf('%s %s', ['a'])).toBe('a %!s(MISSING)');
    expect(sprintf('%s', ['a', int(2)])).toBe('a%!(EXTRA int=2)');
  });

  it('width, precision, flags and star arguments apply like Go', () => {
    expect(sprintf('[%5.2f][%-4d][%04x][%+d][%*s]', [3.14159, int(7), int(255), int(3), int(3), 'a'])).toBe(
      '[ 3.14][7   ][00ff][+3][  a]',
    );
  });

  it('%q, %x, %c and %U cover strings and runes', () => {
    expect(sprintf('%q %x %c %U %#q', ['a"b', 'hi', int(65), int(0x1f600), 'x'])).toBe(
      '"a\\"b" 6869 A U+1F600 `x`',
    );
  });

  it('Sprint adds spaces only between operands that are not strings', () => {
    expect(sprint(['a', 'b', int(1), int(2), 'c'])).toBe('ab1 2c');
  });
});

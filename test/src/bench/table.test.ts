import { describe, expect, it } from 'vitest';
import { figuresTable, formatValue, markdownTable } from './table.ts';

describe('bench tables', () => {
  it('formatValue – integers get thousands separators, fractions few decimals, NaN is n/a', () => {
    expect(formatValue(12345)).toBe('12,345');
    expect(formatValue(1.23456)).toBe('1.23');
    expect(formatValue(0.012345)).toBe('0.012');
    expect(formatValue(123.6)).toBe('124');
    expect(formatValue(Number.NaN)).toBe('n/a');
  });

  it('markdownTable – pads every column to its widest cell', () => {
    expect(markdownTable(['a', 'bb'], [['ccc', 'd']])).toBe(
      ['| a   | bb |', '|-----|----|', '| ccc | d  |'].join('\n'),
    );
  });

  it('markdownTable – a row with the wrong number of cells is refused', () => {
    expect(() => markdownTable(['a', 'b'], [['only one']])).toThrow(/1 cells, the header 2/);
  });

  it('figuresTable – a missed target reads NO and a figure without target reads a dash', () => {
    const out = figuresTable([
      {
        scenario: 'fan-out',
        figure: 'p99',
        value: 2500,
        unit: 'ms',
        target: '< 2000 ms',
        met: false,
        reps: 3,
      },
      { scenario: 'idle', figure: 'agent RSS', value: 40.5, unit: 'MiB', target: '', reps: 3 },
    ]);
    const lines = out.split('\n');
    expect(lines[2]).toMatch(/\| fan-out +\| p99 +\| 2,500 ms +\| < 2000 ms \| NO +\| 3 +\|/);
    expect(lines[3]).toMatch(/\| idle +\| agent RSS +\| 40.5 MiB +\| — +\| — +\| 3 +\|/);
  });
});

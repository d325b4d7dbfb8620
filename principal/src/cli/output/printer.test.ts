import { describe, expect, it } from 'vitest';
import { age, formatResult, formatTable } from './printer.ts';

describe('output printer', () => {
  it('a table pads every column but the last with two spaces between them', () => {
    expect(
      formatTable({
        columns: ['NAME', 'CONNECTED'],
        rows: [
          ['edge-berlin', 'yes'],
          ['x', 'no'],
        ],
      }),
    ).toBe('NAME         CONNECTED\nedge-berlin  yes\nx            no\n');
  });

  it('json prints the data, yaml prints documents as a stream when given', () => {
    const result = { data: { a: 1 }, documents: [{ kind: 'A' }, { kind: 'B' }], text: 'human' };
    expect(formatResult(result, 'json')).toBe('{\n  "a": 1\n}\n');
    expect(formatResult(result, 'yaml')).toBe('kind: A\n---\nkind: B\n');
    expect(formatResult(result, 'table')).toBe('human\n');
  });

  it('ages read as seconds, minutes, hours, days', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(age('2026-01-01T23:59:30Z', now)).toBe('30s');
    expect(age('2026-01-01T23:50:00Z', now)).toBe('10m');
    expect(age('2026-01-01T18:00:00Z', now)).toBe('6h');
    expect(age('2025-12-20T00:00:00Z', now)).toBe('13d');
    expect(age(null, now)).toBe('-');
  });
});

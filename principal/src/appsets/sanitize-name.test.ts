import { describe, expect, it } from 'vitest';
import { sanitizeName } from './sanitize-name.ts';

describe('sanitizeName', () => {
  it('§7.5 SanitizeName – replaces invalid characters without collapsing runs and trims - and .', () => {
    expect(sanitizeName('production_01/west')).toBe('production-01-west');
    expect(sanitizeName('-.--CLUSTER/name  -./.-')).toBe('cluster-name');
    expect(sanitizeName('app_3')).toBe('app-3');
    expect(sanitizeName('file_name.yaml')).toBe('file-name.yaml');
    expect(sanitizeName('.')).toBe('');
    expect(sanitizeName('a__b')).toBe('a--b');
  });

  it('§7.5 SanitizeName – truncates to 253 characters before trimming', () => {
    expect(sanitizeName(`${'a'.repeat(252)}-b`)).toBe('a'.repeat(252));
    expect(sanitizeName('x'.repeat(300))).toHaveLength(253);
  });
});

import { OutpostError, ErrorCodes } from './errors.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a Go-style duration such as `3m`, `1h30m`, `500ms`, `90s` into milliseconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (text.length === 0 || matched !== text.length) {
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, `invalid ${what} "${text}"`, {
      hint: 'use a duration such as 30s, 3m, 1h30m',
    });
  }
  return Math.round(total);
}

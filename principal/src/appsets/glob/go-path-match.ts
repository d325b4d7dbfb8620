import { escapeRegex, readClass } from './char-class.ts';

/**
 * Go's `path.Match`: `*` matches any run of non-`/` characters, `?` one non-`/`
 * character, `[...]` a class (`[^...]` negates, `a-z` ranges, `\` escapes), `\c` a literal
 * `c`. The pattern must match the whole path. Returns undefined for a malformed pattern
 * (Argo CD treats that as a non-match).
 */
export function compileGoPathMatch(pattern: string): RegExp | undefined {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      re += escapeRegex(next);
      i++;
    } else if (c === '[') {
      const cls = readClass(pattern, i, { negations: ['^'], closingBracketFirstIsLiteral: false });
      if (!cls) return undefined;
      re += cls.regex;
      i = cls.end;
    } else re += escapeRegex(c);
  }
  return new RegExp(`^${re}$`, 'su');
}

/** `path.Match(pattern, name)`, a malformed pattern being a non-match. */
export function goPathMatch(pattern: string, name: string): boolean {
  return compileGoPathMatch(pattern)?.test(name) ?? false;
}

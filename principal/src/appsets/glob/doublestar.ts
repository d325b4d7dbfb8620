import { escapeRegex, readClass } from './char-class.ts';

/**
 * A matcher for bmatcuk/doublestar patterns — Argo CD's opt-in git-file globbing
 * (`--enable-new-git-file-globbing`, Outpost's `--git-file-globbing doublestar`):
 * `*` and `?` stay within one path segment, a `**` segment matches zero or more
 * directories (`**\/x` matches a root-level `x`), `[...]` classes (`!`/`^` negation),
 * `{a,b}` alternatives and `\` escapes. Returns undefined for a malformed pattern.
 */
export function compileDoublestar(pattern: string): RegExp | undefined {
  let re = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const segmentStart = i === 0 || pattern[i - 1] === '/';
        const after = pattern[i + 2];
        if (segmentStart && after === undefined) {
          re += '.*';
          i += 1;
          continue;
        }
        if (segmentStart && after === '/') {
          re += '(?:[^/]*/)*';
          i += 2;
          continue;
        }
        while (pattern[i + 1] === '*') i++;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      re += escapeRegex(next);
      i++;
    } else if (c === '[') {
      const cls = readClass(pattern, i, { negations: ['!', '^'], closingBracketFirstIsLiteral: false });
      if (!cls) return undefined;
      re += `(?!/)${cls.regex}`;
      i = cls.end;
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += escapeRegex(c);
  }
  if (braces !== 0) return undefined;
  return new RegExp(`^${re}$`, 'su');
}

/**
 * Glob matching with the semantics of Argo CD's `directory.include` / `directory.exclude`
 * (gobwas/glob compiled without separators): `*` and `**` match any run of characters,
 * slashes included; `?` matches one character; `[abc]`, `[a-z]` and `[!abc]` match one
 * character of (or not of) a class; `{a,b}` matches any of its comma-separated
 * alternatives, which may themselves be patterns; `\` escapes the next character. The
 * whole path must match.
 */

/** A compiled pattern. */
export interface Glob {
  readonly pattern: string;
  matches(path: string): boolean;
}

/** Thrown for a malformed pattern (unclosed `[` or `{`); the caller adds where it came from. */
export class GlobSyntaxError extends Error {
  constructor(pattern: string, problem: string) {
    super(`invalid glob ${JSON.stringify(pattern)}: ${problem}`);
    this.name = 'GlobSyntaxError';
  }
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** Translates from `start`; stops at an unmatched `,` or `}` when inside braces. */
function translate(p: string, start: number, depth: number): { source: string; end: number } {
  let out = '';
  let i = start;
  while (i < p.length) {
    const ch = p[i] as string;
    if (depth > 0 && (ch === ',' || ch === '}')) return { source: out, end: i };
    if (ch === '\\') {
      if (i + 1 >= p.length) throw new GlobSyntaxError(p, 'trailing backslash');
      out += escapeRegExp(p[i + 1] as string);
      i += 2;
    } else if (ch === '*') {
      while (p[i] === '*') i++;
      out += '[\\s\\S]*';
    } else if (ch === '?') {
      out += '[\\s\\S]';
      i++;
    } else if (ch === '[') {
      const close = p.indexOf(']', i + 2);
      if (close < 0) throw new GlobSyntaxError(p, `unclosed "[" at ${i}`);
      let body = p.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      const cls = [...body].map((c) => (c === '-' ? '-' : escapeRegExp(c))).join('');
      out += negate ? `[^${cls}]` : `[${cls}]`;
      i = close + 1;
    } else if (ch === '{') {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = translate(p, j, depth + 1);
        alternatives.push(part.source);
        if (part.end >= p.length) throw new GlobSyntaxError(p, `unclosed "{" at ${i}`);
        j = part.end + 1;
        if (p[part.end] === '}') break;
      }
      out += `(?:${alternatives.join('|')})`;
      i = j;
    } else {
      out += escapeRegExp(ch);
      i++;
    }
  }
  if (depth > 0) return { source: out, end: p.length };
  return { source: out, end: i };
}

/** Compiles a pattern; throws {@link GlobSyntaxError} when it is malformed. */
export function compileGlob(pattern: string): Glob {
  const { source } = translate(pattern, 0, 0);
  const re = new RegExp(`^${source}$`);
  return { pattern, matches: (path: string) => re.test(path) };
}

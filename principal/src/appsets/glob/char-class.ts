/** Escapes a literal for use in a RegExp (outside a class; `u` flag). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Escapes a literal for use inside a RegExp class (`u` flag). */
function escapeClassChar(ch: string): string {
  return /[\\\][^-]/.test(ch) ? `\\${ch}` : ch;
}

export interface ClassSyntax {
  /** Characters that negate the class right after `[` (`^` for Go, `!` and `^` for git/doublestar). */
  negations: readonly string[];
  /** Git and doublestar read a `]` right after `[` (or `[!`) as a literal; Go rejects it. */
  closingBracketFirstIsLiteral: boolean;
  /** Git wildmatch supports `[:alpha:]` and friends inside a class. */
  posixClasses?: boolean;
}

const POSIX: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
};

/**
 * Reads a bracket class starting at `pattern[start] === '['` and returns the equivalent
 * RegExp class and the index of the closing `]`, or undefined when malformed.
 */
export function readClass(
  pattern: string,
  start: number,
  syntax: ClassSyntax,
): { regex: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (syntax.negations.includes(pattern[i] ?? '')) {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (;;) {
    let c = pattern[i];
    if (c === undefined) return undefined;
    if (c === ']' && !(first && syntax.closingBracketFirstIsLiteral)) {
      if (first) return undefined;
      break;
    }
    first = false;
    if (syntax.posixClasses && c === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      const name = close < 0 ? undefined : pattern.slice(i + 2, close);
      const set = name === undefined ? undefined : POSIX[name];
      if (set === undefined) return undefined;
      body += set;
      i = close + 2;
      continue;
    }
    if (c === '\\') {
      i++;
      c = pattern[i];
      if (c === undefined) return undefined;
    } else if (c === '-' && !syntax.closingBracketFirstIsLiteral) {
      return undefined;
    }
    const lo = c;
    i++;
    if (pattern[i] === '-' && pattern[i + 1] !== undefined && pattern[i + 1] !== ']') {
      i++;
      let hi = pattern[i] as string;
      if (hi === '\\') {
        i++;
        hi = pattern[i] ?? '';
        if (hi === '') return undefined;
      }
      i++;
      if (hi < lo) return undefined;
      body += `${escapeClassChar(lo)}-${escapeClassChar(hi)}`;
      continue;
    }
    body += escapeClassChar(lo);
  }
  return { regex: `[${negate ? '^' : ''}${body}]`, end: i };
}

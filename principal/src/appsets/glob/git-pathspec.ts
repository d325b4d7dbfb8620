import { escapeRegex, readClass } from './char-class.ts';

const WILDCARD = /[*?[\\]/;

/**
 * A matcher for one `git ls-files -- <pattern>` pathspec without `:(glob)` magic — Argo CD's
 * legacy (default) git-file globbing:
 *
 * - a pattern without wildcards matches that exact path or every file under it
 *   (`dir` matches `dir/a/b.yaml`);
 * - otherwise git's wildmatch without `WM_PATHNAME`: `*` and `?` also match `/` (so `**`
 *   acts like `*` and `a/*.yaml` matches `a/x/y.yaml`), `[...]` classes with `!`/`^`
 *   negation and `[:alpha:]` names, `\` escapes.
 *
 * A leading `./` is dropped; a leading `/` names a path outside the repository and
 * matches nothing. Returns a predicate over repo-relative file paths.
 */
export function compileGitPathspec(pattern: string): (file: string) => boolean {
  let spec = pattern;
  while (spec.startsWith('./')) spec = spec.slice(2);
  if (spec.startsWith('/') || spec === '') return () => false;
  if (!WILDCARD.test(spec)) {
    const dir = spec.endsWith('/') ? spec : `${spec}/`;
    return (file) => file === spec || file.startsWith(dir);
  }
  const re = wildmatchRegex(spec);
  if (!re) return () => false;
  return (file) => re.test(file);
}

function wildmatchRegex(pattern: string): RegExp | undefined {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      re += '.*';
      while (pattern[i + 1] === '*') i++;
    } else if (c === '?') re += '.';
    else if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      re += escapeRegex(next);
      i++;
    } else if (c === '[') {
      const cls = readClass(pattern, i, {
        negations: ['!', '^'],
        closingBracketFirstIsLiteral: true,
        posixClasses: true,
      });
      if (!cls) return undefined;
      re += cls.regex;
      i = cls.end;
    } else re += escapeRegex(c);
  }
  return new RegExp(`^${re}$`, 'su');
}

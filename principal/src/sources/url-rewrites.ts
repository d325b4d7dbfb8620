import { ErrorCodes, OutpostError } from '@outpost/shared';

/** One URL rewrite, like git's `url.<to>.insteadOf <from>`: URLs starting with `from` start with `to` instead. */
export interface UrlRewrite {
  readonly from: string;
  readonly to: string;
}

/**
 * Parses `FROM=TO` (the `--repo-rewrite` flag's form). The first `=` separates the two
 * halves; both must be non-empty. Throws `CONFIG_INVALID` naming the bad value.
 */
export function parseUrlRewrite(text: string): UrlRewrite {
  const eq = text.indexOf('=');
  const from = eq < 0 ? '' : text.slice(0, eq).trim();
  const to = eq < 0 ? '' : text.slice(eq + 1).trim();
  if (!from || !to) {
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, `invalid repository rewrite "${text}"`, {
      hint: 'use FROM=TO, e.g. https://github.com/=https://git.mirror.internal/github/',
    });
  }
  return { from, to };
}

/** Validates and normalises rewrites given as `FROM=TO` strings or objects. */
export function compileUrlRewrites(rules: readonly (string | UrlRewrite)[]): readonly UrlRewrite[] {
  return rules.map((rule) =>
    typeof rule === 'string' ? parseUrlRewrite(rule) : parseUrlRewrite(`${rule.from}=${rule.to}`),
  );
}

/**
 * Applies the rule with the longest matching `from` prefix (git's insteadOf rule);
 * returns `url` unchanged when none matches. Only one rule applies: the result is not
 * rewritten again.
 */
export function rewriteUrl(url: string, rules: readonly UrlRewrite[]): string {
  let best: UrlRewrite | undefined;
  for (const rule of rules) {
    if (url.startsWith(rule.from) && (!best || rule.from.length > best.from.length)) best = rule;
  }
  return best ? best.to + url.slice(best.from.length) : url;
}

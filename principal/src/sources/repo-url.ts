/** How a repository is reached. */
export type RepoLocation =
  { readonly kind: 'http'; readonly url: string } | { readonly kind: 'local'; readonly path: string };

/**
 * Classifies a (rewritten) repository URL: `http(s)://` is smart HTTP; `file://` URLs,
 * absolute paths and `./`/`../` relative paths are local repositories (relative to
 * `cwd`). Returns undefined for anything else (ssh, git://, scp-like `host:path`).
 */
export function locateRepo(url: string, cwd: string): RepoLocation | undefined {
  if (/^https?:\/\//i.test(url)) return { kind: 'http', url };
  if (/^file:\/\//i.test(url)) {
    const parsed = new URL(url);
    if (parsed.host && parsed.host !== 'localhost') return undefined;
    return { kind: 'local', path: trimSlashes(decodeURIComponent(parsed.pathname)) };
  }
  if (url.startsWith('/')) return { kind: 'local', path: trimSlashes(url) };
  if (url.startsWith('./') || url.startsWith('../') || url === '.' || url === '..') {
    return { kind: 'local', path: trimSlashes(joinPosix(cwd, url)) };
  }
  return undefined;
}

/**
 * `url` without its password, and with a token-like user name (16+ characters, as
 * GitHub tokens used as user names are) replaced by `***`. Paths and other text pass
 * through unchanged.
 */
export function redactUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/@\s]*)@/i.exec(url);
  if (!m) return url;
  const [user = ''] = (m[2] ?? '').split(':');
  const shown = user.length >= 16 ? '***' : decodeURIComponent(user);
  return `${m[1]}${shown}@${url.slice(m[0].length)}`;
}

/**
 * The key under which a repository is cached and fetched once: the URL without
 * credentials, trailing slashes, or a case difference in scheme and host.
 */
export function repoKey(url: string): string {
  if (!/^https?:\/\//i.test(url)) return trimSlashes(url);
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return trimSlashes(`${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search}`);
}

function trimSlashes(text: string): string {
  return text.length > 1 ? text.replace(/\/+$/, '') : text;
}

function joinPosix(base: string, relative: string): string {
  const parts = base.split('/');
  for (const part of relative.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/') || '/';
}

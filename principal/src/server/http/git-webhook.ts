import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ErrorCodes, OutpostError } from '@outpost/shared';

/** A verified push notification: which forge sent it and the repository URLs it names. */
export interface GitPush {
  provider: 'github' | 'gitlab' | 'gitea';
  /** `push`, or another event (e.g. GitHub's `ping`) that triggers nothing. */
  event: string;
  repoUrls: string[];
  ref?: string;
}

/**
 * Verifies and reads a Git webhook: GitHub (`X-Hub-Signature-256`, HMAC-SHA256 of the body),
 * Gitea/Forgejo (`X-Gitea-Signature`, hex HMAC-SHA256) or GitLab (`X-Gitlab-Token`, the shared
 * secret itself). Comparisons are constant-time.
 * @throws OutpostError WEBHOOK_SIGNATURE_INVALID (no secret configured, missing or wrong
 *   signature), API_REQUEST_INVALID (unknown sender, body not JSON)
 */
export function verifyGitWebhook(
  headers: IncomingHttpHeaders,
  body: Buffer,
  secret: string | undefined,
): GitPush {
  if (!secret) {
    throw invalid(
      'the hub has no webhook secret configured',
      'start the hub with --webhook-secret / OUTPOST_WEBHOOK_SECRET',
    );
  }
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  let provider: GitPush['provider'];
  let event: string;
  if (header('x-gitea-event') !== undefined || header('x-gitea-signature') !== undefined) {
    provider = 'gitea';
    event = header('x-gitea-event') ?? '';
    if (!sameHex(header('x-gitea-signature'), hmac(secret, body)))
      throw invalid('the Gitea signature does not match');
  } else if (header('x-github-event') !== undefined || header('x-hub-signature-256') !== undefined) {
    provider = 'github';
    event = header('x-github-event') ?? '';
    const sig = header('x-hub-signature-256')?.replace(/^sha256=/, '');
    if (!sameHex(sig, hmac(secret, body)))
      throw invalid('the GitHub signature (X-Hub-Signature-256) does not match');
  } else if (header('x-gitlab-event') !== undefined || header('x-gitlab-token') !== undefined) {
    provider = 'gitlab';
    event = header('x-gitlab-event') === 'Push Hook' ? 'push' : (header('x-gitlab-event') ?? '');
    const given = Buffer.from(header('x-gitlab-token') ?? '');
    const want = Buffer.from(secret);
    if (given.length !== want.length || !timingSafeEqual(given, want))
      throw invalid('the GitLab token does not match');
  } else {
    throw new OutpostError(
      ErrorCodes.API_REQUEST_INVALID,
      'not a GitHub, GitLab or Gitea webhook (no event header)',
    );
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new OutpostError(ErrorCodes.API_REQUEST_INVALID, 'the webhook body is not JSON', { cause });
  }
  const repo = (payload.repository ?? {}) as Record<string, unknown>;
  const project = (payload.project ?? {}) as Record<string, unknown>;
  const candidates = [
    repo.clone_url,
    repo.html_url,
    repo.ssh_url,
    repo.git_http_url,
    repo.git_ssh_url,
    project.git_http_url,
    project.git_ssh_url,
    project.web_url,
  ];
  const repoUrls = [...new Set(candidates.filter((u): u is string => typeof u === 'string' && u.length > 0))];
  return { provider, event, repoUrls, ...(typeof payload.ref === 'string' ? { ref: payload.ref } : {}) };
}

/** Canonical form for matching repository URLs: lowercase host, no `.git`, no trailing slash, no credentials. */
export function normalizeRepoUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '').replace(/\.git$/, '')}`;
  } catch {
    return url.replace(/\/+$/, '').replace(/\.git$/, '');
  }
}

function hmac(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function sameHex(given: string | undefined, want: string): boolean {
  if (!given || !/^[0-9a-fA-F]+$/.test(given)) return false;
  const a = Buffer.from(given.toLowerCase(), 'hex');
  const b = Buffer.from(want, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

function invalid(message: string, hint?: string): OutpostError {
  return new OutpostError(ErrorCodes.WEBHOOK_SIGNATURE_INVALID, message, { hint });
}

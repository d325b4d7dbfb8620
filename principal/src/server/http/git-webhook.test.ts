import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normalizeRepoUrl, verifyGitWebhook } from './git-webhook.ts';

const body = Buffer.from(
  JSON.stringify({
    ref: 'refs/heads/main',
    repository: {
      clone_url: 'https://git.example.org/fleet/apps.git',
      html_url: 'https://git.example.org/fleet/apps',
    },
  }),
);
const sig = (secret: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('git webhook verification', () => {
  it('a GitHub push with the right HMAC names its repository', () => {
    const push = verifyGitWebhook(
      { 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sig('s3cret')}` },
      body,
      's3cret',
    );
    expect(push).toEqual({
      provider: 'github',
      event: 'push',
      ref: 'refs/heads/main',
      repoUrls: ['https://git.example.org/fleet/apps.git', 'https://git.example.org/fleet/apps'],
    });
  });

  it('a GitHub push signed with another secret is refused', () => {
    expect(() =>
      verifyGitWebhook(
        { 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sig('other')}` },
        body,
        's3cret',
      ),
    ).toThrow(expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID' }));
  });

  it('Gitea uses a bare hex HMAC, GitLab the token itself', () => {
    expect(
      verifyGitWebhook({ 'x-gitea-event': 'push', 'x-gitea-signature': sig('k') }, body, 'k').provider,
    ).toBe('gitea');
    expect(verifyGitWebhook({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'k' }, body, 'k').event).toBe(
      'push',
    );
    expect(() =>
      verifyGitWebhook({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'x' }, body, 'k'),
    ).toThrow(/GitLab token does not match/);
  });

  it('without a configured secret every webhook is refused with a hint', () => {
    expect(() => verifyGitWebhook({ 'x-github-event': 'push' }, body, undefined)).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('--webhook-secret') }),
    );
  });

  it('repository URLs are compared without .git, trailing slash or credentials', () => {
    expect(normalizeRepoUrl('https://user:pw@Git.Example.org/fleet/apps.git/')).toBe(
      'https://git.example.org/fleet/apps',
    );
  });
});

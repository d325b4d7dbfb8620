import { describe, expect, test } from 'vitest';
import {
  authHeaders,
  compileCredentials,
  credentialFor,
  describeCredential,
  type RepoCredential,
} from './credentials.ts';

const creds: RepoCredential[] = [
  { prefix: 'https://git.example.com/', username: 'bot', password: 'hunter2' },
  { prefix: 'https://git.example.com/team-a/', bearerToken: 'tok-abc' },
];

describe('repository credentials', () => {
  test('the credential with the longest matching prefix is chosen', () => {
    expect(credentialFor('https://git.example.com/team-a/apps.git', creds)).toBe(creds[1]);
    expect(credentialFor('https://git.example.com/team-b/apps.git', creds)).toBe(creds[0]);
    expect(credentialFor('https://elsewhere/apps.git', creds)).toBeUndefined();
  });

  test('basic auth and bearer tokens become pre-emptive Authorization headers', () => {
    expect(authHeaders(creds[0])).toEqual({
      Authorization: `Basic ${Buffer.from('bot:hunter2').toString('base64')}`,
    });
    expect(authHeaders(creds[1])).toEqual({ Authorization: 'Bearer tok-abc' });
    expect(authHeaders(undefined)).toEqual({});
  });

  test('a credential is described by prefix and kind, never by its secret', () => {
    const text = `${describeCredential(creds[0])} ${describeCredential(creds[1])}`;
    expect(text).toContain('https://git.example.com/team-a/');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('tok-abc');
  });

  test('a credential without prefix, with both kinds or with half a basic pair is rejected', () => {
    const bad = [
      { prefix: '', bearerToken: 'x' },
      { prefix: 'https://x/', bearerToken: 'x', username: 'u', password: 'p' },
      { prefix: 'https://x/', username: 'u' },
      { prefix: 'https://x/', bearerToken: '' },
    ] as unknown as RepoCredential[];
    for (const cred of bad) expect(() => compileCredentials([cred])).toThrow(/repository credential #1/);
  });
});

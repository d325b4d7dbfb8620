import { describe, expect, it } from 'vitest';
import { TokenAgentAuthenticator } from './token-authenticator.ts';

describe('token authenticator', () => {
  const auth = new TokenAgentAuthenticator({ 'edge-1': 'secret-one-123456', 'edge-2': 'secret-two-123456' });

  it('token authenticator – a bearer token names its cluster', async () => {
    expect(await auth.authenticate({ metadata: { authorization: 'Bearer secret-two-123456' } })).toEqual({
      cluster: 'edge-2',
    });
  });

  it('token authenticator – a missing or unknown token is AUTH_FAILED and the token is not echoed', async () => {
    await expect(auth.authenticate({ metadata: {} })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    const err = await auth
      .authenticate({ metadata: { authorization: 'Bearer guessed-token-999' } })
      .catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    expect((err as Error).message).not.toContain('guessed-token-999');
  });

  it('token authenticator – replacing a cluster token revokes the old one', async () => {
    const a = new TokenAgentAuthenticator(new Map([['edge-1', 'old-token-123456']]));
    a.set('edge-1', 'new-token-123456');
    await expect(
      a.authenticate({ metadata: { authorization: 'Bearer old-token-123456' } }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(await a.authenticate({ metadata: { authorization: 'bearer new-token-123456' } })).toEqual({
      cluster: 'edge-1',
    });
  });
});

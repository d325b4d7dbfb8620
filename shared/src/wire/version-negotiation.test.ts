import { describe, expect, it } from 'vitest';
import { negotiateVersion } from './version-negotiation.ts';

describe('version negotiation', () => {
  it('version negotiation – equal versions interoperate at that version', () => {
    expect(negotiateVersion({ major: 1, minor: 3 }, { major: 1, minor: 3 })).toEqual({
      ok: true,
      version: { major: 1, minor: 3 },
    });
  });

  it('version negotiation – one minor apart interoperates at the lower minor, either way round', () => {
    expect(negotiateVersion({ major: 1, minor: 0 }, { major: 1, minor: 1 })).toEqual({
      ok: true,
      version: { major: 1, minor: 0 },
    });
    expect(negotiateVersion({ major: 1, minor: 1 }, { major: 1, minor: 0 })).toEqual({
      ok: true,
      version: { major: 1, minor: 0 },
    });
  });

  it('version negotiation – another major is refused and not retryable', () => {
    const r = negotiateVersion({ major: 1, minor: 0 }, { major: 2, minor: 0 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.retryable).toBe(false);
    expect(r.refusal.code).toBe('PROTOCOL_VERSION_UNSUPPORTED');
    expect(r.refusal.message).toContain('2.0');
  });

  it('version negotiation – two minors apart is refused and not retryable', () => {
    const r = negotiateVersion({ major: 1, minor: 0 }, { major: 1, minor: 2 });
    expect(r.ok).toBe(false);
  });
});

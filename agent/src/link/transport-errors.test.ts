import { describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { classifyLinkError } from './transport-errors.ts';

describe('classify link error', () => {
  it('classify link error – network, overload and auth failures reconnect', () => {
    for (const code of [
      status.UNAVAILABLE,
      status.DEADLINE_EXCEEDED,
      status.RESOURCE_EXHAUSTED,
      status.INTERNAL,
      status.CANCELLED,
      status.UNAUTHENTICATED,
    ]) {
      expect(classifyLinkError({ code })).toBe('reconnect');
    }
    expect(classifyLinkError(new Error('socket hang up'))).toBe('reconnect');
  });

  it('classify link error – an unimplemented service or an invalid request gives up', () => {
    expect(classifyLinkError({ code: status.UNIMPLEMENTED })).toBe('give-up');
    expect(classifyLinkError({ code: status.INVALID_ARGUMENT })).toBe('give-up');
  });
});

import { describe, expect, it } from 'vitest';
import { parsePairs } from './conn-memory-variants.ts';

describe('conn-memory options', () => {
  it('key=value pairs become a record, numeric values numbers and the rest strings', () => {
    expect(parsePairs(['grpc.enable_channelz=0', 'ecdhCurve=X25519:prime256v1', 'a=b=c'], '--x')).toEqual({
      'grpc.enable_channelz': 0,
      ecdhCurve: 'X25519:prime256v1',
      a: 'b=c',
    });
  });

  it('a pair without a key or without = is refused, naming the flag and the pair', () => {
    expect(() => parsePairs(['=1'], '--grpc-option')).toThrow('--grpc-option: expected key=value, got "=1"');
    expect(() => parsePairs(['novalue'], '--env')).toThrow('--env: expected key=value, got "novalue"');
  });

  it('an empty value stays an empty string, not zero', () => {
    expect(parsePairs(['LD_PRELOAD='], '--env')).toEqual({ LD_PRELOAD: '' });
  });
});

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory-store.ts';
import { ApiTokens } from './api-tokens.ts';

describe('API tokens', () => {
  it('first start writes the initial admin token to a 0600 file once; later starts leave it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-api-'));
    try {
      const tokens = new ApiTokens(new MemoryStore());
      const first = await tokens.ensureInitialAdmin(dir);
      expect(first?.file).toBe(join(dir, 'initial-admin-token'));
      expect((await stat(first!.file)).mode & 0o777).toBe(0o600);
      expect((await readFile(first!.file, 'utf8')).trim()).toBe(first!.token);
      expect(await tokens.verify(first!.token)).toEqual({ name: 'admin', role: 'admin' });
      expect(await tokens.ensureInitialAdmin(dir)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a read-only token verifies with its role; unknown and malformed tokens do not', async () => {
    const tokens = new ApiTokens(new MemoryStore());
    const ro = await tokens.create('grafana', 'read-only');
    expect(await tokens.verify(ro)).toEqual({ name: 'grafana', role: 'read-only' });
    expect(await tokens.verify(ro.slice(0, -2) + 'xx')).toBeUndefined();
    expect(await tokens.verify('not-a-token')).toBeUndefined();
  });
});

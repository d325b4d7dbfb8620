import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateKustomize } from './kustomize-tool.ts';

// Stand-in binaries (shell scripts) record how they were called: argv and the proxy/git env.
let bin: string;

beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'outpost-kustomize-bin-'));
  const script = (name: string) =>
    `#!/bin/sh\necho "${name} $*|proxy=\${HTTPS_PROXY:-none}|git=\${GIT_ALLOW_PROTOCOL:-any}"\n`;
  await writeFile(join(bin, 'kubectl'), script('kubectl'));
  await chmod(join(bin, 'kubectl'), 0o755);
});

afterAll(async () => {
  await rm(bin, { recursive: true, force: true });
});

describe('kustomize tool', () => {
  it('falls back to kubectl kustomize and runs it without proxies, git limited to local files', async () => {
    process.env.HTTPS_PROXY = 'http://proxy.invalid:3128';
    try {
      const tool = await locateKustomize({ searchPath: bin });
      expect((await tool.build('/some/dir')).trim()).toBe('kubectl kustomize /some/dir|proxy=none|git=file');
    } finally {
      delete process.env.HTTPS_PROXY;
    }
  });
  it('prefers kustomize build when kustomize is on the path', async () => {
    const dir = await mkdtemp(join(bin, 'k-'));
    await writeFile(join(dir, 'kustomize'), '#!/bin/sh\necho "kustomize $*"\n');
    await chmod(join(dir, 'kustomize'), 0o755);
    const tool = await locateKustomize({ searchPath: `${dir}:${bin}` });
    expect((await tool.build('/x')).trim()).toBe('kustomize build /x');
  });
  it('a non-executable file of that name is not taken for the binary', async () => {
    const dir = await mkdtemp(join(bin, 'n-'));
    await writeFile(join(dir, 'kustomize'), 'not executable');
    await expect(locateKustomize({ searchPath: dir })).rejects.toMatchObject({ code: 'RENDER_TOOL_MISSING' });
  });
  it('a build that exceeds its time limit fails with RENDER_KUSTOMIZE_FAILED', async () => {
    const dir = await mkdtemp(join(bin, 's-'));
    await writeFile(join(dir, 'kustomize'), '#!/bin/sh\nexec sleep 5\n');
    await chmod(join(dir, 'kustomize'), 0o755);
    const tool = await locateKustomize({ searchPath: dir, timeoutMs: 200 });
    await expect(tool.build('/x')).rejects.toMatchObject({
      code: 'RENDER_KUSTOMIZE_FAILED',
      message: 'kustomize build timed out after 200 ms',
    });
  });
});

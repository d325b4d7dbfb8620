import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_NODE_FLAGS } from '@outpost/agent';
import { Fleet, configMapYaml, waitFor, waitForAppliedAfter } from '../fleet-runner/index.ts';
import { fleetAppsets } from './fleet-appsets.ts';

const BUILD_SCRIPT = fileURLToPath(new URL('../../../scripts/build-agent.mjs', import.meta.url));

/**
 * The program the DaemonSet runs is the esbuild bundle, not the sources the other suites run:
 * it carries its own build-time choices (the contract's descriptors instead of the .proto
 * text, the agent's own CSR, lean module maps). This suite builds it into a temp dir and runs
 * it with the DaemonSet's Node flags against a real hub, over the real enrollment and stream.
 */
describe('the bundled outpost-agent (principal + agent bundle process + Kubernetes API double + git)', () => {
  let outdir: string;
  let bundle: string;

  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'outpost-agent-bundle-'));
    execFileSync(process.execPath, [BUILD_SCRIPT, '--outdir', outdir], { stdio: 'pipe' });
    bundle = join(outdir, 'outpost-agent.cjs');
  }, 60_000);

  afterAll(async () => {
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  it('the bundled agent enrolls with a bootstrap token, applies its apps, follows a commit and reports them synced and healthy', async () => {
    const fleet = await Fleet.start({
      clusters: ['edge-1'],
      files: {
        'apps/web/cm.yaml': configMapYaml('web', { v: '1' }),
        'apps/web/cm-2.yaml': configMapYaml('web-2', { v: '1' }),
      },
      appsets: fleetAppsets,
    });
    const spoke = fleet.cluster('edge-1').cluster;
    const value = (name: string) =>
      (spoke.getObject('v1', 'ConfigMap', 'default', name)?.data as Record<string, string> | undefined)?.v;
    const agent = await fleet.startAgentProcess(
      fleet.agentSpec('edge-1', { program: [bundle], nodeFlags: [...AGENT_NODE_FLAGS] }),
    );
    await waitFor('both objects applied', () => value('web') === '1' && value('web-2') === '1', {
      timeoutMs: 30_000,
    });
    const first = await waitFor(
      'the app reported synced',
      async () => {
        const s = await agent.status();
        return s.link?.state === 'connected' && s.apps.some((a) => a.sync === 'Synced') ? s : undefined;
      },
      { timeoutMs: 30_000 },
    );

    await fleet.commit({ 'apps/web/cm.yaml': configMapYaml('web', { v: '2' }) });
    await waitFor('the change applied', () => value('web') === '2', { timeoutMs: 30_000 });
    const after = await waitForAppliedAfter(agent, first.appliedGeneration);
    const app = after.apps.find((a) => a.resources.length === 2);
    expect(app).toMatchObject({ sync: 'Synced', health: 'Healthy' });
    expect(value('web-2')).toBe('1');
  }, 120_000);
});

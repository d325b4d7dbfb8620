import { describe, expect, it } from 'vitest';
import { silentLogger } from '@outpost/shared';
import { Command } from 'commander';
import { tokenCredentials } from '../link/credentials.ts';
import { DEFAULT_IDENTITY_SECRET, agentCommand, agentOptions, identitySecretName } from './agent-command.ts';
import type { AgentFlags } from './agent-command.ts';

const base: AgentFlags = {
  hub: 'https://hub.example:8443',
  cluster: 'edge-1',
  stateDir: '/var/lib/outpost',
  namespace: 'outpost-system',
  qps: '20',
  burst: '40',
  leaderElection: true,
};

describe('outpost agent command', () => {
  it('outpost agent – flags become agent options (kubeconfig, context, rate limit, lease)', () => {
    const creds = tokenCredentials({ token: 't' });
    const o = agentOptions(
      {
        ...base,
        kubeconfig: '/k',
        context: 'spoke',
        qps: '5',
        burst: '9',
        leaseDuration: '3000',
        httpListen: '0.0.0.0:8081',
      },
      creds,
      silentLogger(),
    );
    expect(o).toMatchObject({
      hub: 'https://hub.example:8443',
      cluster: 'edge-1',
      kube: { kubeconfig: '/k', context: 'spoke' },
      qps: 5,
      burst: 9,
      leaseDurationMs: 3000,
      httpListen: '0.0.0.0:8081',
      leaderElection: true,
    });
    expect(agentOptions(base, creds, silentLogger()).kube).toEqual({});
  });

  it('outpost agent – a negative --qps is a configuration error naming the flag', () => {
    expect(() =>
      agentOptions({ ...base, qps: '-1' }, tokenCredentials({ token: 't' }), silentLogger()),
    ).toThrow(/--qps must be a non-negative number/);
  });

  it('outpost agent – --full-resync takes a duration or seconds, 0 turns it off, garbage names the flag', () => {
    const creds = tokenCredentials({ token: 't' });
    const resync = (v: string) =>
      agentOptions({ ...base, fullResync: v }, creds, silentLogger()).fullResyncMs;
    expect(resync('3m')).toBe(180_000);
    expect(resync('90')).toBe(90_000);
    expect(resync('0')).toBe(0);
    expect(agentOptions(base, creds, silentLogger()).fullResyncMs).toBeUndefined();
    expect(() => resync('soon')).toThrow(/--full-resync must be a duration/);
  });

  it('outpost agent – every flag can come from an OUTPOST_* variable', () => {
    const program = new Command('outpost');
    agentCommand(program);
    const agent = program.commands.find((c) => c.name() === 'agent')!;
    const envs = agent.options.map((o) => [o.long, (o as unknown as { envVar?: string }).envVar]);
    for (const [flag, env] of envs) expect(env, `${flag}`).toMatch(/^OUTPOST_[A-Z_]+$/);
    expect(Object.fromEntries(envs)).toMatchObject({
      '--hub': 'OUTPOST_HUB',
      '--kubeconfig': 'OUTPOST_KUBECONFIG',
      '--context': 'OUTPOST_CONTEXT',
      '--qps': 'OUTPOST_QPS',
      '--full-resync': 'OUTPOST_FULL_RESYNC',
    });
  });

  it('outpost agent – in-cluster the identity lives in a shared Secret unless --identity-secret none', () => {
    expect(identitySecretName({})).toBe(DEFAULT_IDENTITY_SECRET);
    expect(identitySecretName({ kubeconfig: '/k' })).toBeUndefined();
    expect(identitySecretName({ kubeconfig: '/k', identitySecret: 'ids' })).toBe('ids');
    expect(identitySecretName({ identitySecret: 'none' })).toBeUndefined();
    expect(identitySecretName({ identitySecret: '' })).toBeUndefined();
    const program = new Command('outpost');
    agentCommand(program);
    const agent = program.commands.find((c) => c.name() === 'agent')!;
    const option = agent.options.find((o) => o.long === '--identity-secret');
    expect((option as unknown as { envVar?: string } | undefined)?.envVar).toBe('OUTPOST_IDENTITY_SECRET');
  });
});

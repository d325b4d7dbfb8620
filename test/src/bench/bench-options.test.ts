import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './bench-options.ts';

describe('pnpm bench flags', () => {
  it('defaults run every part and scenario three times at 100 agents', () => {
    const o = parseBenchArgs([]);
    expect(o).toMatchObject({
      agents: 100,
      repeat: 3,
      parts: ['git', 'appsets', 'fleet'],
      leaderElection: false,
      agentState: 'memory',
    });
    expect(o.scenarios).toEqual(['fanout', 'cold', 'restart', 'churn', 'idle']);
  });

  it('reads the agents, scenario list, output file and part', () => {
    const o = parseBenchArgs([
      '--agents',
      '1000',
      '--scenarios',
      'fanout,idle',
      '--out',
      'x.json',
      '--only',
      'fleet',
    ]);
    expect(o).toMatchObject({ agents: 1000, scenarios: ['fanout', 'idle'], out: 'x.json', parts: ['fleet'] });
  });

  it('worker niceness defaults to the hub priority; only 0 to 19 is taken', () => {
    expect(parseBenchArgs([]).workerNice).toBe(0);
    expect(parseBenchArgs(['--worker-nice', '10']).workerNice).toBe(10);
    expect(() => parseBenchArgs(['--worker-nice', '20'])).toThrow(
      /--worker-nice: expected 0 to 19, got "20"/,
    );
    expect(() => parseBenchArgs(['--worker-nice', '-5'])).toThrow(/--worker-nice/);
  });

  it('agent state on disk is a choice; anything but memory or disk is refused', () => {
    expect(parseBenchArgs(['--agent-state', 'disk']).agentState).toBe('disk');
    expect(() => parseBenchArgs(['--agent-state', 'nfs'])).toThrow(/--agent-state: unknown "nfs"/);
  });

  it('Node flags and environment for the hub process alone are repeatable; malformed ones are refused', () => {
    const o = parseBenchArgs([
      '--hub-node-flag=--optimize-for-size',
      '--hub-node-flag=--max-semi-space-size=2',
      '--hub-env',
      'LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
      '--hub-env',
      'MALLOC_CONF=narenas:2,dirty_decay_ms:0',
    ]);
    expect(o.hubNodeFlags).toEqual(['--optimize-for-size', '--max-semi-space-size=2']);
    expect(o.hubEnv).toEqual({
      LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
      MALLOC_CONF: 'narenas:2,dirty_decay_ms:0',
    });
    expect(parseBenchArgs([]).hubEnv).toEqual({});
    expect(() => parseBenchArgs(['--hub-env', 'NOVALUE'])).toThrow(
      /--hub-env: expected KEY=VALUE, got "NOVALUE"/,
    );
    expect(() => parseBenchArgs(['--hub-node-flag', 'optimize'])).toThrow(
      /--hub-node-flag: expected a Node flag/,
    );
  });

  it('an unknown scenario is refused naming it and the choices', () => {
    expect(() => parseBenchArgs(['--scenarios', 'fanout,storm'])).toThrow(
      /--scenarios: unknown "storm" \(one of fanout/,
    );
  });

  it('fewer than three repetitions is refused: figures are medians of at least three', () => {
    expect(() => parseBenchArgs(['--repeat', '2'])).toThrow(/at least 3/);
  });

  it('a non-integer agent count is refused', () => {
    expect(() => parseBenchArgs(['--agents', '1e3x'])).toThrow(/--agents must be an integer/);
  });
});

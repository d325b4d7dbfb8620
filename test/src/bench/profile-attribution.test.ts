import { describe, expect, it } from 'vitest';
import { busyPeriods, callerFiles, concernOf, type CpuProfile } from './profile-attribution.ts';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
const DOUBLE = 'file:///w/test/src/kube-double/server/api-handler.ts';
const GRPC = 'file:///w/node_modules/.pnpm/@grpc+grpc-js@1/node_modules/@grpc/grpc-js/build/src/call.js';

/** root → handler (double) → JSON.stringify (native); root → grpc callback; GC; idle. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4, 5, 6] },
    { id: 2, callFrame: frame('handleApiRequest', DOUBLE), children: [3] },
    { id: 3, callFrame: frame('stringify') },
    { id: 4, callFrame: frame('onReceiveMessage', GRPC) },
    { id: 5, callFrame: frame('(garbage collector)') },
    { id: 6, callFrame: frame('(idle)') },
  ],
  samples: [3, 3, 4, 5, 6, 6, 6, 6, 3, 3],
  timeDeltas: [50_000, 50_000, 50_000, 50_000, 50_000, 50_000, 50_000, 50_000, 50_000, 50_000],
};

describe('CPU profile attribution', () => {
  it('callerFiles – native work counts for the nearest project caller, callbacks without one for their package', () => {
    const c = callerFiles(profile);
    expect(c.get(3)).toBe('test/src/kube-double/server/api-handler.ts');
    expect(c.get(4)).toBe('@grpc/grpc-js/build/src/call.js');
    expect(c.get(5)).toBe('(garbage collector)');
  });

  it('concernOf – sorts caller files into the agent, the API double, libraries and GC', () => {
    expect(concernOf('test/src/kube-double/server/api-handler.ts')).toBe('double: HTTP handler + routing');
    expect(concernOf('test/src/kube-double/core/managed-fields.ts')).toBe('double: SSA + managedFields');
    expect(concernOf('agent/src/state/state-store.ts')).toBe('agent: state persist');
    expect(concernOf('@grpc/grpc-js/build/src/call.js')).toBe('gRPC library (no project caller)');
    expect(concernOf('(garbage collector)')).toBe('GC');
    expect(concernOf('left-pad/index.js')).toBe('other: left-pad/…');
  });

  it('busyPeriods – bursts of CPU separated by idle time are separate periods with their CPU time', () => {
    const periods = busyPeriods(profile, { binMs: 100, minBusy: 0.5, minCpuMs: 50 });
    expect(periods).toEqual([
      { fromMs: 0, toMs: 300, cpuMs: 200 },
      { fromMs: 400, toMs: 600, cpuMs: 100 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { fileLabel, summarizeProfile } from './profile-summary.ts';

describe('CPU profile summary', () => {
  it('adds each sample’s time delta to its node and ranks functions and files by self time', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    const s = summarizeProfile({
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('apply', 'file:///work/main/agent/src/apply/app-syncer.ts') },
        {
          id: 3,
          callFrame: frame('parse', 'file:///x/node_modules/.pnpm/yaml@2/node_modules/yaml/dist/parse.js'),
        },
      ],
      samples: [2, 3, 2, 1],
      timeDeltas: [1000, 3000, 1000, 500],
    });
    expect(s.byFunction).toEqual([
      ['parse yaml/dist/parse.js:10', 3],
      ['apply agent/src/apply/app-syncer.ts:10', 2],
      ['(root) (native):10', 0.5],
    ]);
    expect(s.byFile[0]).toEqual(['yaml/dist/parse.js', 3]);
    expect(s.cpuMs).toBe(5.5);
  });

  it('summarizeProfile – a window keeps only the samples taken in it', () => {
    const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0 });
    const s = summarizeProfile(
      {
        nodes: [
          { id: 1, callFrame: frame('(root)'), children: [2, 3] },
          { id: 2, callFrame: frame('(garbage collector)') },
          { id: 3, callFrame: frame('(idle)') },
        ],
        samples: [2, 3, 2, 2],
        timeDeltas: [1000, 1000, 1000, 1000],
      },
      { fromMs: 1.5, toMs: 3.5 },
    );
    expect(s.byConcern).toEqual([['GC', 1]]);
    expect(s.idleMs).toBe(1);
  });

  it('fileLabel – strips pnpm store paths down to the package', () => {
    expect(
      fileLabel('file:///a/node_modules/.pnpm/@grpc+grpc-js@1/node_modules/@grpc/grpc-js/build/src/x.js'),
    ).toBe('@grpc/grpc-js/build/src/x.js');
    expect(fileLabel('node:internal/streams/readable')).toBe('node:internal/streams/readable');
  });
});

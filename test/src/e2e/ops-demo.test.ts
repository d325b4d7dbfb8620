/**
 * `outpost demo --exit-when-synced`, the README's first command, reaches "all synced": three
 * simulated clusters enrolled through the join flow, the status table printed, exit code 0.
 */
import { describe, expect, it } from 'vitest';
import { outpost } from './ops-harness.ts';

describe('ops: the demo', () => {
  it(
    'outpost demo --exit-when-synced prints the synced fleet table and exits 0',
    { timeout: 180_000 },
    async () => {
      const r = await outpost([
        'demo',
        '--exit-when-synced',
        '--http-listen',
        '127.0.0.1:0',
        '--timeout',
        '150s',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^CLUSTER\s+CONNECTED\s+LAST-SEEN\s+GENERATION\s+SYNCED\s+HEALTHY\s+DRIFT$/m);
      for (const [name, apps] of [
        ['edge-berlin', 3],
        ['edge-tokyo', 3],
        ['edge-lima', 2],
      ] as const) {
        expect(r.stdout).toMatch(
          new RegExp(`^${name}\\s+yes\\s+\\S+\\s+\\d+/\\d+\\s+${apps}/${apps}\\s+${apps}/${apps}\\s+0$`, 'm'),
        );
      }
      expect(r.stdout).toMatch(/3\/3 clusters connected, 3\/3 synced/);
      expect(r.stdout).toMatch(/SIMULATED/);
    },
  );
});

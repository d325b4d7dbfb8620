import { describe, expect, it } from 'vitest';
import { ReconcileTrigger, type ReconcileRequest } from './reconcile-trigger.ts';

describe('reconcile trigger', () => {
  it('reconcile trigger – requests during a pass merge into one following pass', async () => {
    const passes: { all: boolean; repos: string[] }[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const trigger = new ReconcileTrigger(
      async (req: ReconcileRequest) => {
        passes.push({ all: req.all, repos: [...req.repos].sort() });
        if (passes.length === 1) await gate;
      },
      () => undefined,
    );
    const first = trigger.request({ repo: 'a' });
    const second = trigger.request({ repo: 'b' });
    const third = trigger.request({ repo: 'c', all: true });
    release();
    await Promise.all([first, second, third]);
    expect(passes).toEqual([
      { all: false, repos: ['a'] },
      { all: true, repos: ['b', 'c'] },
    ]);
  });

  it('reconcile trigger – a failing pass is reported and the next request still runs', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const trigger = new ReconcileTrigger(
      async () => {
        n++;
        if (n === 1) throw new Error('boom');
      },
      (e) => errors.push(e),
    );
    await trigger.request({ all: true });
    await trigger.request({ all: true });
    expect(n).toBe(2);
    expect(String(errors[0])).toMatch(/boom/);
    await trigger.idle();
  });
});

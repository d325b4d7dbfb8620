import { describe, expect, it } from 'vitest';
import { parseStatCpuSeconds, parseStatusBreakdown, parseStatusMemory, readProcStats } from './proc-stats.ts';

const STAT =
  '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 567 0 0 20 0 11 0 100 1000000 5000 18446744073709551615';

describe('proc stats', () => {
  it('parseStatCpuSeconds – adds utime and stime counted after a command name holding spaces and parentheses', () => {
    expect(parseStatCpuSeconds(STAT)).toBeCloseTo(18.01, 5);
  });

  it('parseStatCpuSeconds – text without a command name is refused', () => {
    expect(() => parseStatCpuSeconds('4242 node S 1')).toThrow(/parentheses/);
  });

  it('parseStatusMemory – reads VmRSS and VmHWM in bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n';
    expect(parseStatusMemory(status)).toEqual({
      rssBytes: 100 * 1024 * 1024,
      peakRssBytes: 200 * 1024 * 1024,
    });
  });

  it('parseStatusBreakdown – splits RSS into private (anonymous) and file-backed bytes', () => {
    const status =
      'VmRSS:\t  121000 kB\nRssAnon:\t   70000 kB\nRssFile:\t   50000 kB\nRssShmem:\t    1000 kB\n';
    expect(parseStatusBreakdown(status)).toEqual({
      rssBytes: 121000 * 1024,
      anonBytes: 70000 * 1024,
      fileBytes: 50000 * 1024,
    });
    expect(() => parseStatusBreakdown('VmRSS:\t1 kB\n')).toThrow(/RssAnon/);
  });

  it('parseStatusMemory – a status without VmRSS names the missing key', () => {
    expect(() => parseStatusMemory('VmHWM:\t1 kB\n')).toThrow(/VmRSS/);
  });

  it('readProcStats – this process has a positive RSS no larger than its peak', () => {
    const s = readProcStats(process.pid);
    expect(s.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(s.peakRssBytes).toBeGreaterThanOrEqual(s.rssBytes);
    expect(s.cpuSeconds).toBeGreaterThan(0);
  });
});

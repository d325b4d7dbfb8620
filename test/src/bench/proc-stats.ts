/**
 * CPU time and memory of a process from Linux `/proc`, the way `ps` and `top` read them:
 * `/proc/<pid>/stat` fields 14 and 15 (utime, stime in clock ticks) and `/proc/<pid>/status`
 * (`VmRSS`, `VmHWM`, the peak RSS). Parsers are pure; {@link readProcStats} does the I/O.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Clock ticks per second (`getconf CLK_TCK`); 100 on every Linux architecture Node runs on. */
export const CLOCK_TICKS_PER_SECOND = 100;

/** One reading of a process. */
export interface ProcStats {
  /** User + system CPU time in seconds since the process started. */
  cpuSeconds: number;
  /** Resident set size now, bytes. */
  rssBytes: number;
  /** Peak resident set size (high-water mark), bytes. */
  peakRssBytes: number;
}

/**
 * CPU seconds from the text of `/proc/<pid>/stat`. The command name (field 2) is in
 * parentheses and may itself hold spaces and parentheses, so fields are counted from the
 * last `)`.
 */
export function parseStatCpuSeconds(stat: string, ticksPerSecond = CLOCK_TICKS_PER_SECOND): number {
  const close = stat.lastIndexOf(')');
  if (close < 0) throw new Error('proc stat: no command name in parentheses');
  const fields = stat
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('proc stat: bad utime/stime');
  return (utime + stime) / ticksPerSecond;
}

/** `VmRSS` and `VmHWM` in bytes from the text of `/proc/<pid>/status`. */
export function parseStatusMemory(status: string): { rssBytes: number; peakRssBytes: number } {
  const kib = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!m) throw new Error(`proc status: no ${key}`);
    return Number(m[1]) * 1024;
  };
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

/** RSS and its parts in bytes: private (`RssAnon`) and file-backed (`RssFile`, e.g. the node binary). */
export interface MemoryBreakdown {
  rssBytes: number;
  anonBytes: number;
  fileBytes: number;
}

/** {@link MemoryBreakdown} from the text of `/proc/<pid>/status`. */
export function parseStatusBreakdown(status: string): MemoryBreakdown {
  const kib = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!m) throw new Error(`proc status: no ${key}`);
    return Number(m[1]) * 1024;
  };
  return { rssBytes: kib('VmRSS'), anonBytes: kib('RssAnon'), fileBytes: kib('RssFile') };
}

/** Reads the memory breakdown of `pid` now. @throws when the process is gone. */
export async function procMemory(pid: number): Promise<MemoryBreakdown> {
  return parseStatusBreakdown(await readFile(`/proc/${pid}/status`, 'utf8'));
}

/** Reads CPU and memory of `pid` now. @throws when the process is gone. */
export function readProcStats(pid: number): ProcStats {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { cpuSeconds: parseStatCpuSeconds(stat), ...parseStatusMemory(status) };
}

/**
 * Samples a process's RSS every `intervalMs` (VmHWM cannot be reset, so a window's peak is
 * sampled) until {@link stop}; returns the window's peak RSS and CPU seconds used.
 */
export class ProcWindow {
  private readonly pid: number;
  private readonly startCpu: number;
  private peak: number;
  private readonly timer: NodeJS.Timeout;

  constructor(pid: number, intervalMs = 100) {
    this.pid = pid;
    const s = readProcStats(pid);
    this.startCpu = s.cpuSeconds;
    this.peak = s.rssBytes;
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): number {
    try {
      const s = readProcStats(this.pid);
      this.peak = Math.max(this.peak, s.rssBytes);
      return s.cpuSeconds;
    } catch {
      return Number.NaN;
    }
  }

  /** Ends the window. */
  stop(): { cpuSeconds: number; peakRssBytes: number } {
    clearInterval(this.timer);
    const cpu = this.sample();
    return { cpuSeconds: cpu - this.startCpu, peakRssBytes: this.peak };
  }
}

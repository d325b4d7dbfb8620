/** The machine a benchmark ran on, as printed above the table and stored in the JSON. */
import { cpus, loadavg, totalmem, release, platform } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started (other work on a shared machine skews figures). */
  loadAverage1m: number;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/** One line: `AMD EPYC, 2 cores, 23.4 GiB, Node v22.23.0, linux 6.1`. */
export function describeMachine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.os}, load average ${m.loadAverage1m}`;
}

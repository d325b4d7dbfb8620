/**
 * The other engineers' benchmark programs (`git-bench.ts`, `appsets-bench.ts`) run as child
 * processes; their "median …: N ms" lines become figures of the combined table.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FigureRow } from './table.ts';

/** A median line of a sub-benchmark's output. */
export interface MedianLine {
  label: string;
  ms: number;
}

/**
 * Finds lines like `median git CLI (fetch + …): 412 ms` or `median: 950 ms for 40000
 * Applications`; the label is the text between `median` and the colon, else what follows
 * the figure.
 */
export function parseMedianLines(output: string): MedianLine[] {
  const out: MedianLine[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s*median\b(.*?):\s*([\d.]+)\s*ms\b(.*)$/.exec(line);
    if (!m) continue;
    const label = (m[1]!.trim() || m[3]!.replace(/^[\s,]+/, '').trim() || 'median').replace(/\s+/g, ' ');
    out.push({ label, ms: Number(m[2]) });
  }
  return out;
}

/** Runs one program (`node FILE ARGS`) and returns its figures; undefined when the file is absent. */
export async function runSubBench(
  scenario: string,
  file: string,
  args: string[],
  log: (line: string) => void,
): Promise<{ figures: FigureRow[]; output: string } | undefined> {
  const path = join(import.meta.dirname, file);
  if (!existsSync(path)) {
    log(`  ${file} is not there; skipped`);
    return undefined;
  }
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      for (const l of d.toString().split('\n').filter(Boolean)) log(`  ${l}`);
    });
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`${file} exited with ${code}:\n${text.slice(-2000)}`)),
    );
  });
  const figures = parseMedianLines(output).map((m) => ({
    scenario,
    figure: m.label,
    value: m.ms,
    unit: 'ms',
    target: '',
    reps: 0,
  }));
  return { figures, output };
}

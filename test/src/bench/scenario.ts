/**
 * What every fleet scenario shares: its context (the fleet, repetitions, a log line writer)
 * and its result (per-repetition figures, reduced to medians in the table).
 */
import type { BenchFleet } from './bench-fleet.ts';
import { median } from './stats.ts';
import type { FigureRow } from './table.ts';

/** Passed to every scenario. */
export interface ScenarioContext {
  fleet: BenchFleet;
  /** Repetitions (≥ 3). */
  repeat: number;
  /** Churn window, seconds. Default 60. */
  churnSeconds: number;
  /** Idle measurement window, seconds. */
  idleSeconds: number;
  log: (line: string) => void;
  /** Hub RSS right after its start, before agents connected (set by the cold start). */
  baseline: { hubRssBytes: number };
}

/** One scenario's output. */
export interface ScenarioResult {
  scenario: string;
  /** Each repetition's figures by key. */
  reps: Record<string, number>[];
  figures: FigureRow[];
  notes: string[];
}

/** A figure's definition: which key of the repetitions, its unit, and an optional target. */
export interface FigureSpec {
  key: string;
  label: string;
  unit: string;
  /** Human-readable target, e.g. `< 2000 ms`. */
  target?: string;
  /** Whether the median meets the target. */
  meets?: (median: number) => boolean;
  /** Report the worst repetition instead of the median (for must-be-zero counts). Default median. */
  reduce?: 'median' | 'max';
}

/** Builds the table rows of a scenario: the median of each figure over the repetitions. */
export function figureRows(
  scenario: string,
  reps: readonly Record<string, number>[],
  specs: readonly FigureSpec[],
): FigureRow[] {
  return specs.map((s) => {
    const xs = reps.map((r) => r[s.key]).filter((v): v is number => typeof v === 'number');
    const value = s.reduce === 'max' ? (xs.length ? Math.max(...xs) : Number.NaN) : median(xs);
    return {
      scenario,
      figure: s.reduce === 'max' ? `${s.label} (worst of reps)` : s.label,
      value,
      unit: s.unit,
      target: s.target ?? '',
      ...(s.meets && Number.isFinite(value) ? { met: s.meets(value) } : {}),
      reps: reps.length,
    };
  });
}

export const MiB = 1024 * 1024;

/** Resolves after `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Markdown tables in the style of Flux's benchmark tables: one row per figure, columns padded
 * so the table reads in a terminal and renders in a README. Pure.
 */

/** One figure of a scenario, with the target it is judged against (if any). */
export interface FigureRow {
  scenario: string;
  figure: string;
  /** The median over repetitions, already in `unit`. */
  value: number;
  unit: string;
  /** e.g. `< 2000 ms`; empty when the issue sets no target. */
  target: string;
  /** Whether the target is met; undefined without a target. */
  met?: boolean;
  /** Repetitions behind the median. */
  reps: number;
}

/** Formats a number for a table: integers plainly, others with up to 3 significant decimals. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A padded Markdown table from a header and rows of cells. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  for (const r of rows) {
    if (r.length !== header.length)
      throw new Error(`markdownTable: a row has ${r.length} cells, the header ${header.length}`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The figures table: Scenario, Figure, Median, Target, Met, Reps. */
export function figuresTable(rows: readonly FigureRow[]): string {
  return markdownTable(
    ['Scenario', 'Figure', 'Median', 'Target', 'Met', 'Reps'],
    rows.map((r) => [
      r.scenario,
      r.figure,
      `${formatValue(r.value)}${r.unit ? ` ${r.unit}` : ''}`,
      r.target || '—',
      r.met === undefined ? '—' : r.met ? 'yes' : 'NO',
      String(r.reps),
    ]),
  );
}

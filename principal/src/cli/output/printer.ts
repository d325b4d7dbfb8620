import { Option } from 'commander';
import { stringify } from 'yaml';

/** The formats every listing supports. */
export type OutputFormat = 'table' | 'json' | 'yaml';

/** A table: upper-case headers and rows of cells. */
export interface Table {
  columns: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
}

/**
 * What a command handler returns: the data (printed as JSON or YAML) and how it reads as a
 * table or as text for `-o table`. Handlers never write to stdout themselves.
 */
export interface CommandResult {
  data: unknown;
  table?: Table;
  /** Human text for `-o table` instead of (or after) the table. */
  text?: string;
  /** YAML only: print these documents (a `---` stream) instead of `data`. */
  documents?: readonly unknown[];
}

/** The `-o, --output` option with its `OUTPOST_OUTPUT` variable. */
export function outputOption(defaultFormat: OutputFormat = 'table'): Option {
  return new Option('-o, --output <format>', 'output format')
    .choices(['table', 'json', 'yaml'])
    .default(defaultFormat)
    .env('OUTPOST_OUTPUT');
}

/** The `-w, --watch` option of listings, with its `OUTPOST_WATCH` variable. */
export function watchOption(): Option {
  return new Option('-w, --watch', 'reprint when the fleet changes').env('OUTPOST_WATCH');
}

/** The `-l, --selector` option of cluster listings, with its `OUTPOST_SELECTOR` variable. */
export function selectorOption(
  description = 'only clusters matching this label selector, e.g. region=eu,tier!=core',
): Option {
  return new Option('-l, --selector <selector>', description).env('OUTPOST_SELECTOR');
}

/** Formats a table with two spaces between columns. */
export function formatTable(table: Table): string {
  const widths = table.columns.map((c, i) =>
    Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(table.columns), ...table.rows.map(line)].join('\n') + '\n';
}

/** Formats a result in the chosen format; always ends with a newline. */
export function formatResult(result: CommandResult, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(result.data, null, 2)}\n`;
  if (format === 'yaml') {
    const docs = result.documents ?? [result.data];
    return docs.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
  }
  const parts = [result.table ? formatTable(result.table) : '', result.text ?? ''].filter(Boolean);
  return parts.length ? parts.join('\n').replace(/\n*$/, '\n') : `${JSON.stringify(result.data, null, 2)}\n`;
}

/** The CLI's output layer: writes a result to stdout. */
export function printResult(result: CommandResult, format: OutputFormat): void {
  process.stdout.write(formatResult(result, format));
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Short, human "age" of an ISO time relative to now (`45s`, `3m`, `2h`, `5d`), or `-`. */
export function age(iso: string | null | undefined, nowMs = Date.now()): string {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

import { stringify } from 'yaml';

/** Output formats of commands that print Kubernetes-style documents. */
export type DocumentFormat = 'json' | 'yaml';

/** What a command hands to the printer: documents for stdout, warnings for stderr. */
export interface DocumentOutput {
  documents: readonly unknown[];
  /** One line each, printed on stderr as `warning: …`. */
  warnings?: readonly string[];
  /** YAML only: a `# …` comment line printed before document i. */
  comments?: readonly (string | undefined)[];
}

/**
 * Formats documents: YAML as a multi-document stream (`---` between documents), JSON as
 * one array, pretty-printed. Always ends with a newline; an empty list prints `[]` in JSON
 * and nothing in YAML.
 */
export function formatDocuments(output: DocumentOutput, format: DocumentFormat): string {
  if (format === 'json') return `${JSON.stringify(output.documents, null, 2)}\n`;
  return output.documents
    .map((doc, i) => {
      const comment = output.comments?.[i];
      return `${comment ? `# ${comment}\n` : ''}${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })}`;
    })
    .join('---\n');
}

/** Writes a command's output: documents to stdout, warnings to stderr. The CLI's output layer. */
export function printDocuments(output: DocumentOutput, format: DocumentFormat): void {
  for (const w of output.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(formatDocuments(output, format));
}

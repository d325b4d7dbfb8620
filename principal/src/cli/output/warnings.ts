/** Writes warnings to stderr, one `warning: …` line each. Part of the CLI's output layer. */
export function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
}

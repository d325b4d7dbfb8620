/**
 * Loads the golden request/response transcripts recorded from a real kube-apiserver
 * (`<repo>/../shared/kube-transcripts`), failing with a clear message when they are missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One recorded interaction. */
export interface Transcript {
  file: string;
  name: string;
  shows: string;
  notes?: string;
  request: {
    method: string;
    path: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: unknown;
  };
  response: { status: number; headers?: Record<string, string>; body?: unknown };
}

/** `<repo>/../shared/kube-transcripts`, where `<repo>` is the checkout holding this file. */
export function transcriptsDir(): string {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  return join(repo, '..', 'shared', 'kube-transcripts');
}

/** Loads every transcript in file order; throws naming the directory when it is missing. */
export function loadTranscripts(dir = transcriptsDir()): Transcript[] {
  if (!existsSync(dir)) {
    throw new Error(
      `kube transcripts not found at ${dir}: the replay needs ../shared/kube-transcripts next to the repository checkout`,
    );
  }
  const files = readdirSync(dir)
    .filter((f) => /^\d\d-.*\.json$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`no transcripts (NN-*.json) in ${dir}`);
  return files.map((file) => ({
    file,
    ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<Transcript, 'file'>),
  }));
}

/** The fidelity checklist lines of the README (`N. text`), by number. */
export function loadChecklist(dir = transcriptsDir()): Map<number, string> {
  const text = readFileSync(join(dir, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Fidelity checklist'));
  const out = new Map<number, string>();
  const re = /^(\d+)\.\s+([\s\S]*?)(?=^\d+\.\s|^\*\*|(?![\s\S]))/gm;
  for (const m of section.matchAll(re)) out.set(Number(m[1]), (m[2] ?? '').replace(/\s+/g, ' ').trim());
  return out;
}

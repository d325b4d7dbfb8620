/**
 * Reads the desired-state files given on the command line (`--appset FILE`, repeatable):
 * each FILE is a YAML/JSON file or a directory of them, holding ApplicationSets and plain
 * Argo CD Applications (multi-document YAML allowed). A broken file or document is an error
 * naming file:line; the other documents still load.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, OutpostError, isOutpostError } from '@outpost/shared';
import type { Application } from '../appsets/application.ts';
import type { ApplicationSet } from '../appsets/application-set.ts';
import { validateApplicationSet } from '../appsets/parse-application-set.ts';
import { parseYamlStream } from '../appsets/yaml-like-go.ts';
import { validatePlainApplication } from './plain-application.ts';

/** What the files declare. */
export interface DesiredFiles {
  appsets: { appset: ApplicationSet; file: string }[];
  applications: { app: Application; file: string }[];
  errors: OutpostError[];
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Loads every path (file or directory, not recursive into hidden entries). */
export async function loadDesiredFiles(paths: readonly string[]): Promise<DesiredFiles> {
  const out: DesiredFiles = { appsets: [], applications: [], errors: [] };
  for (const path of paths) {
    let files: string[];
    try {
      files = await expand(path);
    } catch (cause) {
      out.errors.push(
        new OutpostError(ErrorCodes.INPUT_PARSE, `cannot read ${path}`, { cause, location: { file: path } }),
      );
      continue;
    }
    for (const file of files) await loadFile(file, out);
  }
  return out;
}

async function expand(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const names = (await readdir(path)).filter(
    (n) => !n.startsWith('.') && EXTENSIONS.some((e) => n.endsWith(e)),
  );
  return names.sort().map((n) => join(path, n));
}

async function loadFile(file: string, out: DesiredFiles): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    out.errors.push(
      new OutpostError(ErrorCodes.INPUT_PARSE, `cannot read ${file}`, { cause, location: { file } }),
    );
    return;
  }
  for (const doc of parseYamlStream(text)) {
    if (doc.problem) {
      out.errors.push(
        new OutpostError(ErrorCodes.INPUT_PARSE, `invalid YAML: ${doc.problem.message}`, {
          location: { file, line: doc.problem.line, column: doc.problem.column },
        }),
      );
      continue;
    }
    if (doc.value === null || doc.value === undefined) continue;
    const kind = (doc.value as { kind?: unknown }).kind;
    try {
      if (kind === 'Application')
        out.applications.push({ app: validatePlainApplication(doc.value, { file, line: doc.line }), file });
      else out.appsets.push({ appset: validateApplicationSet(doc.value, { file, line: doc.line }), file });
    } catch (err) {
      if (!isOutpostError(err)) throw err;
      out.errors.push(err);
    }
  }
}

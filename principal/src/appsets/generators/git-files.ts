import { ErrorCodes } from '@outpost/shared';
import type { GitTree } from '../../sources/git-tree.ts';
import { flattenToStrings, isPlainObject, type ParamSet } from '../flatten.ts';
import { compileDoublestar } from '../glob/doublestar.ts';
import { compileGitPathspec } from '../glob/git-pathspec.ts';
import { parseYamlLikeGo } from '../yaml-like-go.ts';
import { generatorError, type GeneratorContext } from './generator-context.ts';
import type { GitPathPattern } from './git.ts';
import { byteOrder } from './git-directories.ts';
import { addPathParams, goPathDir } from './git-path-params.ts';
import { appendTemplatedValues } from './values.ts';

interface Common {
  values: Readonly<Record<string, string>>;
  pathParamPrefix: string;
  ctx: GeneratorContext;
  path: string;
}

/**
 * Git files mode (§3.4): each pattern is resolved separately (legacy greedy pathspec by
 * default, doublestar when `ctx.gitFileGlobbing` says so); the union of include matches
 * minus every exclude match, sorted by path. Each file is YAML or JSON: one object → one
 * set (an empty file → `{}`), a list of objects → one set per element. Content is
 * flattened and `%v`-stringified in flat mode, kept as parsed in Go mode; path params are
 * written after the content, then rendered `values`.
 *
 * @throws OutpostError `APPSET_GIT_FILE_PARSE` with the file path and line.
 */
export async function gitFileParams(
  tree: GitTree,
  patterns: GitPathPattern[],
  common: Common,
): Promise<ParamSet[]> {
  const all = await tree.listFiles();
  const matcher = (pattern: string): ((file: string) => boolean) => {
    if (common.ctx.gitFileGlobbing === 'legacy') return compileGitPathspec(pattern);
    const re = compileDoublestar(pattern);
    return (file) => re?.test(file) ?? false;
  };
  const selected = new Set<string>();
  for (const p of patterns.filter((x) => !x.exclude)) {
    const match = matcher(p.path);
    for (const f of all) if (match(f)) selected.add(f);
  }
  for (const p of patterns.filter((x) => x.exclude)) {
    const match = matcher(p.path);
    for (const f of selected) if (match(f)) selected.delete(f);
  }
  const files = [...selected].sort(byteOrder);
  const out: ParamSet[] = [];
  for (const file of files) {
    const bytes = await tree.readFile(file);
    const text = bytes === undefined ? '' : new TextDecoder().decode(bytes);
    for (const object of parseParamFile(text, file, tree.repoURL, common.path)) {
      const params: ParamSet = common.ctx.goTemplate ? { ...object } : flattenToStrings(object);
      addPathParams(params, goPathDir(file), file, common.pathParamPrefix, common.ctx.goTemplate);
      appendTemplatedValues(common.values, params, common.ctx, common.path);
      out.push(params);
    }
  }
  return out;
}

/** A param file's objects: a single object (empty file → `{}`) or a list of objects. */
function parseParamFile(
  text: string,
  file: string,
  repoURL: string,
  path: string,
): Record<string, unknown>[] {
  const fail = (why: string, line?: number, column?: number) =>
    generatorError(
      ErrorCodes.APPSET_GIT_FILE_PARSE,
      `unable to process file '${file}' from repository '${repoURL}': unable to parse file: ${why}`,
      path,
      {
        file,
        line,
        column,
        hint: 'a git generator file must hold one YAML/JSON object or a list of objects',
      },
    );
  const parsed = parseYamlLikeGo(text);
  if (!parsed.ok) throw fail(parsed.problem.message, parsed.problem.line, parsed.problem.column);
  const value = parsed.value;
  if (value === null) return [{}];
  if (isPlainObject(value)) return [value];
  if (!Array.isArray(value))
    throw fail(`cannot unmarshal ${goTypeName(value)} into an object or a list of objects`);
  return value.map((item: unknown, i) => {
    if (item === null) return {};
    if (!isPlainObject(item)) throw fail(`item ${i} of the list is ${goTypeName(item)}, not an object`);
    return item;
  });
}

function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

import { ErrorCodes } from '@outpost/shared';
import type { GitTree } from '../../sources/git-tree.ts';
import { isPlainObject, type ParamSet } from '../flatten.ts';
import { generatorError, type GeneratorContext } from './generator-context.ts';
import { gitDirectoryParams } from './git-directories.ts';
import { gitFileParams } from './git-files.ts';
import { readValues } from './values.ts';

/** A `directories[]` or `files[]` entry. */
export interface GitPathPattern {
  path: string;
  exclude: boolean;
}

/**
 * The git generator (§3.3, §3.4). Chooses directories mode when `directories` is a
 * non-empty list, otherwise files mode when `files` is non-empty; neither is the
 * "ApplicationSet is empty" error. Reads the repository through the `GitSource` port at
 * `revision` (default HEAD) and records `repoURL` in `ctx.reposRead`.
 *
 * @throws OutpostError `APPSET_GENERATOR_INVALID`, `APPSET_GENERATOR_FAILED` (repository),
 *   `APPSET_GIT_FILE_PARSE` (a file, with its path and line).
 */
export async function generateGit(spec: unknown, ctx: GeneratorContext, path: string): Promise<ParamSet[]> {
  if (!isPlainObject(spec)) throw invalid('git generator must be an object', path);
  const { repoURL, revision = '', pathParamPrefix = '' } = spec;
  if (typeof repoURL !== 'string' || repoURL === '')
    throw invalid('git generator needs repoURL', `${path}.repoURL`);
  if (typeof revision !== 'string') throw invalid('revision must be a string', `${path}.revision`);
  if (typeof pathParamPrefix !== 'string')
    throw invalid('pathParamPrefix must be a string', `${path}.pathParamPrefix`);
  const values = readValues(spec.values, path);
  const directories = patterns(spec.directories, `${path}.directories`);
  const files = patterns(spec.files, `${path}.files`);
  if (directories.length === 0 && files.length === 0) {
    throw invalid('ApplicationSet is empty: the git generator has neither directories nor files', path);
  }
  const tree = await readTree(repoURL, revision, ctx, path, directories.length > 0 ? 'directories' : 'files');
  const common = { values, pathParamPrefix, ctx, path };
  if (directories.length > 0) return gitDirectoryParams(tree, directories, common);
  return gitFileParams(tree, files, common);
}

async function readTree(
  repoURL: string,
  revision: string,
  ctx: GeneratorContext,
  path: string,
  what: 'directories' | 'files',
): Promise<GitTree> {
  ctx.reposRead.add(repoURL);
  if (!ctx.gitSource) {
    throw generatorError(ErrorCodes.APPSET_GENERATOR_FAILED, `no git source to read ${repoURL}`, path);
  }
  try {
    return await ctx.gitSource.resolve(repoURL, revision);
  } catch (err) {
    throw generatorError(
      ErrorCodes.APPSET_GENERATOR_FAILED,
      `error generating params from git: error getting ${what} from repo: ${repoURL}@${revision || 'HEAD'}: ${err instanceof Error ? err.message : String(err)}`,
      path,
      { cause: err },
    );
  }
}

function patterns(value: unknown, path: string): GitPathPattern[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('must be a list of {path, exclude?}', path);
  return value.map((item: unknown, i) => {
    if (!isPlainObject(item) || typeof item.path !== 'string')
      throw invalid('needs a string path', `${path}[${i}]`);
    if (item.exclude !== undefined && typeof item.exclude !== 'boolean') {
      throw invalid('exclude must be true or false', `${path}[${i}].exclude`);
    }
    return { path: item.path, exclude: item.exclude === true };
  });
}

function invalid(message: string, path: string) {
  return generatorError(ErrorCodes.APPSET_GENERATOR_INVALID, message, path);
}

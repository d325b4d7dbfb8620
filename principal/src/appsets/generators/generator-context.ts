import { ErrorCodes, OutpostError, type ErrorCode } from '@outpost/shared';
import type { GitSource } from '../../sources/git-tree.ts';
import type { ClusterInventory } from '../application.ts';
import type { ParamSet } from '../flatten.ts';
import type { StringRenderer } from '../string-renderer.ts';

/** Git file globbing: Argo CD's legacy greedy pathspec (default) or doublestar (opt-in). */
export type GitFileGlobbing = 'legacy' | 'doublestar';

/** What every generator receives besides its own spec. */
export interface GeneratorContext {
  readonly goTemplate: boolean;
  readonly renderer: StringRenderer;
  /** Git port; generators that need it fail clearly when it is missing. */
  readonly gitSource: GitSource | undefined;
  /** Cluster inventory port; the clusters generator fails clearly when it is missing. */
  readonly clusters: ClusterInventory | undefined;
  readonly gitFileGlobbing: GitFileGlobbing;
  /** Collects every repository URL a git generator read (for re-resolution on commit). */
  readonly reposRead: Set<string>;
}

/**
 * One terminal generator kind: turns its spec into param sets. `path` is where the
 * generator sits (`spec.generators[1].matrix.generators[0].git`), for errors.
 */
export type TerminalGenerator = (spec: unknown, ctx: GeneratorContext, path: string) => Promise<ParamSet[]>;

/** An `OutpostError` pointing at a generator. */
export function generatorError(
  code: ErrorCode,
  message: string,
  path: string,
  extra: { hint?: string; cause?: unknown; file?: string; line?: number; column?: number } = {},
): OutpostError {
  const { hint, cause, ...where } = extra;
  return new OutpostError(code, message, { hint, cause, location: { generator: path, ...where } });
}

/** Re-points an error at a generator (keeps a more precise location already set). */
export function atGenerator(err: unknown, path: string): OutpostError {
  if (err instanceof OutpostError) return err.at({ generator: path });
  return generatorError(
    ErrorCodes.APPSET_GENERATOR_FAILED,
    err instanceof Error ? err.message : String(err),
    path,
    {
      cause: err,
    },
  );
}

/**
 * Runs one child entry of a matrix or merge (Argo CD's `getParams`): the entry must name
 * exactly one generator kind; `genParams` (matrix second child only) interpolates it.
 * Returns the child's param sets after its own post-selector.
 */
export type ChildRunner = (
  entry: unknown,
  path: string,
  genParams: ParamSet | undefined,
) => Promise<ParamSet[]>;

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import {
  parseApplicationSets,
  type ApplicationSet,
  type ClusterInventory,
  type GitFileGlobbing,
} from '../appsets/index.ts';
import { loadClusterInventoryFile } from '../appsets-io/index.ts';
import { GitSources } from '../sources/index.ts';

/** Flags shared by `appset generate` and `appset render`. */
export interface AppsetInputFlags {
  file: string;
  clusters?: string;
  repoRewrite?: string[];
  gitFileGlobbing?: GitFileGlobbing;
}

/** What a command works on: the ApplicationSets, the inventory and a Git source to close afterwards. */
export interface AppsetInputs {
  appsets: ApplicationSet[];
  clusters: ClusterInventory | undefined;
  git: GitSources;
  close(): Promise<void>;
}

/**
 * Loads the ApplicationSet file and the optional cluster inventory, and opens Git sources
 * with the given URL rewrites over a temporary cache (removed by `close`).
 *
 * @throws OutpostError `INPUT_PARSE`, `APPSET_INVALID`, `CONFIG_INVALID`.
 */
export async function openAppsetInputs(flags: AppsetInputFlags): Promise<AppsetInputs> {
  let text: string;
  try {
    text = await readFile(flags.file, 'utf8');
  } catch (err) {
    throw new OutpostError(
      ErrorCodes.INPUT_PARSE,
      `cannot read ApplicationSet file: ${(err as Error).message}`,
      {
        location: { file: flags.file },
      },
    );
  }
  const appsets = parseApplicationSets(text, flags.file);
  const clusters = flags.clusters ? await loadClusterInventoryFile(flags.clusters) : undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-appset-'));
  let git: GitSources;
  try {
    git = new GitSources({ dataDir, rewrites: flags.repoRewrite ?? [] });
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    appsets,
    clusters,
    git,
    async close() {
      await git.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Turns resolution errors into the one error the CLI reports (code and location of the first). */
export function resolutionFailure(errors: readonly OutpostError[]): OutpostError {
  const [first, ...rest] = errors as [OutpostError, ...OutpostError[]];
  const more =
    rest.length > 0 ? `; and ${rest.length} more: ${rest.map((e) => e.describe()).join('; ')}` : '';
  return new OutpostError(first.code, `${first.message}${more}`, {
    hint: first.hint,
    cause: first,
    location: first.location,
  });
}

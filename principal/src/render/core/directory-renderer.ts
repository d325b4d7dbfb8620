/**
 * Renders a plain-directory source: the selected manifest files of the app path, read
 * through the {@link GitTree} port and parsed in path order.
 */
import type { GitTree } from '../../sources/git-tree.ts';
import { selectDirectoryFiles, type DirectoryOptions } from './directory-files.ts';
import type { SourcedObject } from './manifest.ts';
import { decodeManifest, parseManifests } from './manifest-parser.ts';

/**
 * Every object of the directory source at `appPath`, validated, in file then document order.
 *
 * @param files every file of the tree, sorted.
 * @throws OutpostError RENDER_MANIFEST_INVALID with file:line for a bad file or object.
 */
export async function renderDirectory(
  tree: GitTree,
  files: readonly string[],
  appPath: string,
  options: DirectoryOptions | undefined,
): Promise<SourcedObject[]> {
  const out: SourcedObject[] = [];
  for (const file of selectDirectoryFiles(files, appPath, options)) {
    const bytes = await tree.readFile(file);
    if (bytes === undefined) continue;
    out.push(...parseManifests(file, decodeManifest(file, bytes)));
  }
  return out;
}

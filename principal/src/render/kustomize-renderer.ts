/**
 * Renders a Kustomize source: refuses remote bases, materialises the commit, applies the
 * Application's kustomize options to a private copy of the app directory (as Argo CD runs
 * `kustomize edit` on its checkout), runs the real binary and reads its output.
 */
import { randomUUID } from 'node:crypto';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCodes, OutpostError, isOutpostError } from '@outpost/shared';
import type { GitTree } from '../sources/git-tree.ts';
import { applyKustomizeOptions, hasKustomizeEdits, type KustomizeOptions } from './core/kustomize-options.ts';
import { findRemoteReferences } from './core/kustomize-references.ts';
import type { SourcedObject } from './core/manifest.ts';
import { parseManifests } from './core/manifest-parser.ts';
import { KUSTOMIZATION_FILES, findKustomization } from './core/source-type.ts';
import type { KustomizeTool } from './kustomize-tool.ts';
import type { TreeMaterializer } from './tree-materializer.ts';

/** What the kustomize renderer needs: the tool (found lazily) and the materializer. */
export interface KustomizeRenderContext {
  tool(): Promise<KustomizeTool>;
  materializer: TreeMaterializer;
}

async function readText(tree: GitTree, path: string): Promise<string | undefined> {
  const bytes = await tree.readFile(path);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

function relativize(message: string, dir: string, label: string): string {
  return message
    .split(`${dir}/`)
    .join(label)
    .split(dir)
    .join(label || '.');
}

/**
 * Renders the kustomization at `appPath` into validated objects (kustomize's order).
 *
 * @throws OutpostError RENDER_UNSUPPORTED for remote bases, RENDER_KUSTOMIZE_FAILED when
 *   kustomize fails (its message, with temporary paths made repo-relative),
 *   RENDER_TOOL_MISSING when no binary is installed.
 */
export async function renderKustomize(
  ctx: KustomizeRenderContext,
  tree: GitTree,
  files: readonly string[],
  appPath: string,
  options: KustomizeOptions | undefined,
): Promise<SourcedObject[]> {
  const fileSet = new Set(files);
  const kustomization = findKustomization(fileSet, appPath);
  if (!kustomization) {
    throw new OutpostError(
      ErrorCodes.RENDER_KUSTOMIZE_FAILED,
      `no kustomization file in ${appPath || 'the repository root'}`,
      {
        hint: `add one of ${KUSTOMIZATION_FILES.join(', ')}, or drop spec.source.kustomize to render a plain directory`,
      },
    );
  }
  const remote = await findRemoteReferences(appPath, fileSet, (p) => readText(tree, p));
  if (remote.length > 0) {
    const first = remote[0] as { file: string; reference: string };
    throw new OutpostError(
      ErrorCodes.RENDER_UNSUPPORTED,
      `remote kustomize base ${JSON.stringify(first.reference)} is not allowed: the hub renders offline`,
      {
        location: { file: first.file },
        hint: 'vendor the base into the repository (or a mirror repository) and reference it by a relative path',
      },
    );
  }
  const tool = await ctx.tool();
  const materialized = await ctx.materializer.acquire(tree, files);
  let copy: string | undefined;
  try {
    let buildDir = join(materialized.dir, ...(appPath ? appPath.split('/') : []));
    if (options && hasKustomizeEdits(options)) {
      // A sibling keeps `../base` references working; the root has no parent to escape to,
      // so a copy of the whole tree elsewhere is equivalent.
      copy = appPath
        ? join(dirname(buildDir), `.outpost-edit-${randomUUID()}-${basename(buildDir)}`)
        : await ctx.materializer.scratchDir();
      await cp(buildDir, copy, { recursive: true });
      buildDir = copy;
      const kfile = join(copy, kustomization.slice(appPath ? appPath.length + 1 : 0));
      await writeFile(kfile, applyKustomizeOptions(await readFile(kfile, 'utf8'), options, kustomization));
    }
    let output: string;
    try {
      output = await tool.build(buildDir);
    } catch (e) {
      if (!isOutpostError(e)) throw e;
      const where = appPath ? `${appPath}/` : '';
      const message = relativize(relativize(e.message, buildDir, where), materialized.dir, '');
      throw new OutpostError(e.code, `kustomize build ${appPath || '.'} failed: ${message}`, {
        cause: e,
        location: { file: kustomization },
      });
    }
    return parseManifests(`kustomize build ${appPath || '.'} (output)`, output).map((o) => ({
      object: o.object,
      source: { file: kustomization },
    }));
  } finally {
    if (copy) await rm(copy, { recursive: true, force: true });
    materialized.release();
  }
}

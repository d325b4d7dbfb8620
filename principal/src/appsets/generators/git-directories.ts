import type { GitTree } from '../../sources/git-tree.ts';
import type { ParamSet } from '../flatten.ts';
import { compileGoPathMatch } from '../glob/go-path-match.ts';
import type { GeneratorContext } from './generator-context.ts';
import type { GitPathPattern } from './git.ts';
import { addPathParams } from './git-path-params.ts';
import { appendTemplatedValues } from './values.ts';

interface Common {
  values: Readonly<Record<string, string>>;
  pathParamPrefix: string;
  ctx: GeneratorContext;
  path: string;
}

/**
 * Git directories mode (§3.3): every directory of the tree in lexical depth-first order
 * (`a`, `a/c`, `a-b`; hidden directories and their subtrees skipped, root excluded), kept
 * when it matches an include pattern (Go `path.Match`) and no exclude pattern. One param
 * set per kept directory: path params, then rendered `values`.
 */
export async function gitDirectoryParams(
  tree: GitTree,
  patterns: GitPathPattern[],
  common: Common,
): Promise<ParamSet[]> {
  const dirs = listDirectories(await tree.listFiles());
  const compiled = patterns.map((p) => ({ re: compileGoPathMatch(p.path), exclude: p.exclude }));
  const out: ParamSet[] = [];
  for (const dir of dirs) {
    let include = false;
    let exclude = false;
    for (const p of compiled) {
      if (!p.re?.test(dir)) continue;
      if (p.exclude) exclude = true;
      else include = true;
    }
    if (!include || exclude) continue;
    const params: ParamSet = {};
    addPathParams(params, dir, undefined, common.pathParamPrefix, common.ctx.goTemplate);
    appendTemplatedValues(common.values, params, common.ctx, common.path);
    out.push(params);
  }
  return out;
}

interface DirNode {
  children: Map<string, DirNode>;
}

/**
 * Every directory holding at least one file (directly or below), as repo-relative paths in
 * the order of a lexical depth-first walk, skipping directories whose name starts with `.`.
 */
export function listDirectories(files: readonly string[]): string[] {
  const root: DirNode = { children: new Map() };
  for (const file of files) {
    const parts = file.split('/');
    parts.pop();
    let node = root;
    for (const part of parts) {
      if (part.startsWith('.') || part === '') break;
      let child = node.children.get(part);
      if (!child) {
        child = { children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
  }
  const out: string[] = [];
  const walk = (node: DirNode, prefix: string): void => {
    const names = [...node.children.keys()].sort(byteOrder);
    for (const name of names) {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      out.push(path);
      walk(node.children.get(name) as DirNode, path);
    }
  };
  walk(root, '');
  return out;
}

/** Byte-order comparison (Go's `sort.Strings`), not locale order. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

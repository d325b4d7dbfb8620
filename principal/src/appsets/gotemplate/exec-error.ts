/** Execution errors with Go's message: `template: base:LINE:COL: executing "NAME" at <NODE>: MSG`. */
import type { ArgNode, CommandNode, Node } from './nodes.ts';
import { nodeString } from './nodes.ts';
import { utf8 } from './values.ts';

/** An execution failure; `message` is Go's full message. */
export class TemplateExecError extends Error {}

/** A node with a byte position in the template text. */
export type Positioned = { pos: number } & (ArgNode | CommandNode | Node);

/**
 * Go's error location: line and byte column of the node in the text the template
 * was parsed from, and the node's text cut to 20 characters.
 */
export function execError(
  text: string,
  parseName: string,
  tmplName: string,
  node: Positioned | null,
  msg: string,
): TemplateExecError {
  if (!node) return new TemplateExecError(`template: ${tmplName}: ${msg}`);
  const before = text.slice(0, node.pos);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const col = utf8(before.slice(lineStart)).length;
  let context = nodeString(node);
  if ([...context].length > 20) context = `${[...context].slice(0, 20).join('')}...`;
  return new TemplateExecError(
    `template: ${parseName}:${line}:${col}: executing ${JSON.stringify(tmplName)} at <${context}>: ${msg}`,
  );
}

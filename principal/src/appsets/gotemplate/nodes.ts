/**
 * The parse tree of a Go template, and Go's `String()` of each node (used in
 * execution errors: `executing "base" at <.x>: ...`).
 */

export interface NumberNode {
  type: 'number';
  pos: number;
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  int: bigint;
  float: number;
}
/** `.A.B`: a field chain on the dot. */
export interface FieldNode {
  type: 'field';
  pos: number;
  ident: string[];
}
/** `$x.A`: a variable with optional fields. */
export interface VariableNode {
  type: 'variable';
  pos: number;
  ident: string[];
}
/** A function name. */
export interface IdentifierNode {
  type: 'identifier';
  pos: number;
  ident: string;
}
/** `(pipeline).A.B`: fields of a non-field operand. */
export interface ChainNode {
  type: 'chain';
  pos: number;
  node: ArgNode;
  field: string[];
}
/** One pipeline stage: a function or value with its arguments. */
export interface CommandNode {
  type: 'command';
  pos: number;
  args: ArgNode[];
}
/** A pipeline with optional `$x :=`/`$x =` declarations. */
export interface PipeNode {
  type: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
/** Anything that can be an operand. */
export type ArgNode =
  | NumberNode
  | FieldNode
  | VariableNode
  | IdentifierNode
  | ChainNode
  | PipeNode
  | { type: 'dot'; pos: number }
  | { type: 'nil'; pos: number }
  | { type: 'bool'; pos: number; val: boolean }
  | { type: 'string'; pos: number; quoted: string; text: string };

/** A sequence of nodes (a template body). */
export interface ListNode {
  type: 'list';
  pos: number;
  nodes: Node[];
}
/** `if`, `range` or `with` with its body and optional else. */
export interface BranchNode {
  type: 'if' | 'range' | 'with';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
/** `{{template "name" pipeline}}` (also what `block` leaves in place). */
export interface TemplateNode {
  type: 'template';
  pos: number;
  name: string;
  pipe: PipeNode | null;
}
/** Any node of a template body. */
export type Node =
  | ListNode
  | BranchNode
  | TemplateNode
  | { type: 'text'; pos: number; text: string }
  | { type: 'comment'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: PipeNode }
  | { type: 'break' | 'continue'; pos: number }
  | { type: 'end' | 'else'; pos: number };

/** Go's `Node.String()` for argument-like nodes and pipelines. */
export function nodeString(n: ArgNode | CommandNode | Node): string {
  switch (n.type) {
    case 'number':
      return n.text;
    case 'field':
      return `.${n.ident.join('.')}`;
    case 'variable':
      return n.ident.join('.');
    case 'identifier':
      return n.ident;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.val ? 'true' : 'false';
    case 'string':
      return n.quoted;
    case 'chain': {
      const inner = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return `${inner}.${n.field.join('.')}`;
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) s = `${n.decl.map(nodeString).join(', ')} ${n.isAssign ? '=' : ':='} `;
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      const e = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}${e}{{end}}`;
    }
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'comment':
      return `{{${n.text}}}`;
    case 'template':
      return n.pipe
        ? `{{template ${JSON.stringify(n.name)} ${nodeString(n.pipe)}}}`
        : `{{template ${JSON.stringify(n.name)}}}`;
    case 'break':
    case 'continue':
    case 'end':
    case 'else':
      return `{{${n.type}}}`;
  }
}

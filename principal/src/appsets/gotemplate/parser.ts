/**
 * The parser of Go's text/template: builds one tree per template (the main one and
 * every `define`/`block`), with Go's checks and error messages
 * (`template: base:LINE: ...`).
 */
import { lex, tokenDesc } from './lexer.ts';
import type { Token } from './lexer.ts';
import { newNumber, unquote } from './literals.ts';
import type {
  ArgNode,
  BranchNode,
  CommandNode,
  ListNode,
  Node,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './nodes.ts';
import { nodeString } from './nodes.ts';

/** A parse failure; `message` is Go's full message. */
export class TemplateParseError extends Error {}

/** The result of parsing one template text: the named trees it defines. */
export interface ParsedTemplates {
  /** Trees by template name; the main text is under the given name. */
  trees: Map<string, ListNode>;
}

const isEmptyTree = (n: ListNode): boolean =>
  n.nodes.every((x) => (x.type === 'text' && x.text.trim() === '') || x.type === 'comment');

class Parser {
  private readonly tokens: Token[];
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;
  private readonly name: string;
  private readonly hasFunc: (name: string) => boolean;
  readonly trees = new Map<string, ListNode>();

  constructor(text: string, name: string, hasFunc: (name: string) => boolean) {
    this.tokens = lex(text);
    this.name = name;
    this.hasFunc = hasFunc;
  }

  private errorf(msg: string, line = this.tokens[Math.max(this.i - 1, 0)]!.line): never {
    throw new TemplateParseError(`template: ${this.name}:${line}: ${msg}`);
  }
  private next(): Token {
    const t = this.tokens[Math.min(this.i, this.tokens.length - 1)]!;
    this.i++;
    return t;
  }
  private backup(n = 1): void {
    this.i -= n;
  }
  private peek(): Token {
    return this.tokens[Math.min(this.i, this.tokens.length - 1)]!;
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }
  private expect(type: Token['type'], context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }
  private unexpected(t: Token, context: string): never {
    if (t.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${t.val}${extra}`, t.line);
    }
    this.errorf(`unexpected ${tokenDesc(t)} in ${context}`, t.line);
  }

  parse(): void {
    const root: ListNode = { type: 'list', pos: 0, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next();
        const kw = this.nextNonSpace();
        if (kw.type === 'keyword' && kw.val === 'define') {
          this.actionLine = delim.line;
          this.parseDefinition();
          this.actionLine = 0;
          continue;
        }
        this.i -= 1;
        while (this.tokens[this.i] !== delim) this.i--;
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    if (this.tokens[this.tokens.length - 1]!.type === 'error')
      this.unexpected(this.tokens[this.tokens.length - 1]!, 'input');
    this.addTree(this.name, root);
  }

  private addTree(name: string, root: ListNode): void {
    const existing = this.trees.get(name);
    if (existing && !isEmptyTree(existing) && !isEmptyTree(root))
      this.errorf(`template: multiple definition of template ${JSON.stringify(name)}`);
    if (!existing || !isEmptyTree(root)) this.trees.set(name, root);
  }

  private parseDefinition(): void {
    const nameTok = this.nextNonSpace();
    const name = this.templateName(nameTok, 'define clause');
    this.expect('rightDelim', 'define clause');
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in define clause`);
    this.vars = savedVars;
    this.addTree(name, list);
  }

  private templateName(t: Token, context: string): string {
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    try {
      return unquote(t.val);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    const last = this.tokens[this.tokens.length - 1];
    if (last!.type === 'error') this.unexpected(last!, 'input');
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'text':
        return { type: 'text', pos: t.pos, text: t.val };
      case 'leftDelim': {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case 'comment':
        return { type: 'comment', pos: t.pos, text: t.val };
      default:
        return this.unexpected(t, 'input');
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.val) {
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue':
          return this.loopControl(t);
        case 'else':
          return this.elseControl(t);
        case 'end':
          this.expect('rightDelim', 'end');
          return { type: 'end', pos: t.pos };
        case 'if':
        case 'range':
        case 'with':
          return this.branch(t.val, t.pos);
        case 'template':
          return this.templateControl(t);
      }
    }
    this.backup();
    const pos = this.peek().pos;
    return { type: 'action', pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private loopControl(t: Token): Node {
    const n = this.nextNonSpace();
    if (n.type !== 'rightDelim') this.unexpected(n, `{{${t.val}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${t.val}}} outside {{range}}`);
    return { type: t.val as 'break' | 'continue', pos: t.pos };
  }

  private elseControl(t: Token): Node {
    const p = this.peekNonSpace();
    if (p.type === 'keyword' && (p.val === 'if' || p.val === 'with')) return { type: 'else', pos: t.pos };
    this.expect('rightDelim', 'else');
    return { type: 'else', pos: t.pos };
  }

  private branch(context: 'if' | 'range' | 'with', pos: number): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        const p = this.peek();
        if ((context === 'if' || context === 'with') && p.type === 'keyword' && p.val === context) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.branch(context, next.pos)] };
        } else {
          const [els, end] = this.itemList();
          if (end.type !== 'end') this.errorf(`expected end; found ${nodeString(end)}`);
          elseList = els;
        }
      }
      return { type: context, pos, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private templateControl(t: Token): TemplateNode {
    const name = this.templateName(this.nextNonSpace(), 'template clause');
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline('template clause', 'rightDelim');
    }
    return { type: 'template', pos: t.pos, name, pipe };
  }

  private blockControl(): TemplateNode {
    const t = this.tokens[this.i - 1];
    const name = this.templateName(this.nextNonSpace(), 'block clause');
    const pipe = this.pipeline('block clause', 'rightDelim');
    const savedVars = this.vars;
    const savedDepth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in block clause`);
    this.vars = savedVars;
    this.rangeDepth = savedDepth;
    this.addTree(name, list);
    return { type: 'template', pos: t!.pos, name, pipe };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = {
      type: 'pipe',
      pos: this.peekNonSpace().pos,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      this.nextNonSpace();
      const after = this.peek();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
      } else if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().type;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (after.type === 'space') {
        // "$x foo": $x is an argument; push back the variable and the space.
        this.i = this.tokens.indexOf(v);
      } else {
        this.i = this.tokens.indexOf(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0]!.type;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string')
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node) return null;
    if (this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
      default:
        return { type: 'chain', pos, node, field: fields };
    }
  }

  private term(): ArgNode | null {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunc(t.val)) this.errorf(`function ${JSON.stringify(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, ident: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable':
        return this.useVar(t);
      case 'field':
        return { type: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, val: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        try {
          return newNumber(t.pos, t.val, t.type === 'charConstant');
        } catch (e) {
          return this.errorf((e as Error).message);
        }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        try {
          return { type: 'string', pos: t.pos, quoted: t.val, text: unquote(t.val) };
        } catch (e) {
          return this.errorf((e as Error).message);
        }
    }
    this.backup();
    return null;
  }

  private useVar(t: Token): VariableNode {
    const ident = t.val.split('.');
    if (!this.vars.includes(ident[0]!)) this.errorf(`undefined variable ${JSON.stringify(ident[0])}`);
    return { type: 'variable', pos: t.pos, ident };
  }
}

/** Parses template text named `name`; `hasFunc` says which function names exist. */
export function parseTemplates(
  text: string,
  name: string,
  hasFunc: (name: string) => boolean,
): ParsedTemplates {
  const p = new Parser(text, name, hasFunc);
  p.parse();
  return { trees: p.trees };
}

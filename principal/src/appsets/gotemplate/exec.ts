/**
 * The evaluator of Go's text/template over parsed trees: pipelines, variables and
 * their scopes, if/with/range (with break/continue), template calls, field access
 * with Go's nil and missingkey rules, and function calls with Go's argument typing.
 */
import type { FuncMap, GoFunc, ParamType } from './func-types.ts';
import { GoFuncError, assignable, canBeNil, isIntType, isUintType } from './func-types.ts';
import type {
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './nodes.ts';
import { nodeString } from './nodes.ts';
import { formatValue } from './printf.ts';
import { GoInt, elemType, isTrue, sortedKeys, typeName, utf8 } from './values.ts';

/** Go's `missingkey` option. */
export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

/** An execution failure; `message` is Go's full message. */
export class TemplateExecError extends Error {}

/** Go's limit on nested template calls. */
export const MAX_EXEC_DEPTH = 100000;

const MISSING = Symbol('missing');
type Final = unknown;
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

interface Scope {
  dot: unknown;
  /** The dot is held in an `interface{}` (a JSON list element or map value). */
  boxed: boolean;
}
interface Variable {
  name: string;
  value: unknown;
  boxed: boolean;
}
type Positioned = { pos: number } & (ArgNode | CommandNode | Node);

/** Zero value of a Go element type name. */
function zeroOf(t: string): unknown {
  if (t === 'string') return '';
  if (t === 'bool') return false;
  if (t === 'float64') return 0;
  if (isIntType(t) || isUintType(t)) return new GoInt(t as 'int', 0n);
  return null;
}

/** Runs parsed trees; one instance per execution. */
export class Executor {
  private readonly out: string[] = [];
  private vars: Variable[] = [];
  private node: Positioned | null = null;
  private tmplName: string;
  private depth = 0;
  private readonly text: string;
  private readonly parseName: string;
  private readonly trees: ReadonlyMap<string, ListNode>;
  private readonly funcs: FuncMap;
  private readonly missingKey: MissingKey;

  constructor(
    text: string,
    parseName: string,
    trees: ReadonlyMap<string, ListNode>,
    funcs: FuncMap,
    missingKey: MissingKey,
  ) {
    this.text = text;
    this.parseName = parseName;
    this.tmplName = parseName;
    this.trees = trees;
    this.funcs = funcs;
    this.missingKey = missingKey;
  }

  /** Executes the main template with `data` as dot; returns the output. */
  run(data: unknown): string {
    const dot = data === null ? undefined : data;
    this.vars = [{ name: '$', value: dot, boxed: false }];
    try {
      this.walk({ dot, boxed: false }, this.trees.get(this.parseName)!);
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message))
        this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
      throw e;
    }
    return this.out.join('');
  }

  private at(n: Positioned): void {
    this.node = n;
  }

  private errorf(msg: string): never {
    const name = this.tmplName;
    if (!this.node) throw new TemplateExecError(`template: ${name}: ${msg}`);
    const pos = this.node.pos;
    const before = this.text.slice(0, pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.split('\n').length;
    const col = utf8(before.slice(lineStart)).length;
    let context = nodeString(this.node);
    if ([...context].length > 20) context = `${[...context].slice(0, 20).join('')}...`;
    throw new TemplateExecError(
      `template: ${this.parseName}:${line}:${col}: executing ${JSON.stringify(name)} at <${context}>: ${msg}`,
    );
  }

  private walk(scope: Scope, node: Node): void {
    switch (node.type) {
      case 'list':
        for (const n of node.nodes) this.walk(scope, n);
        return;
      case 'text':
        this.out.push(node.text);
        return;
      case 'comment':
        return;
      case 'action': {
        const val = this.evalPipeline(scope, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(scope, node);
      case 'range':
        return this.walkRange(scope, node);
      case 'template':
        return this.walkTemplate(scope, node);
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      default:
        this.at(node);
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private printValue(node: Positioned, v: unknown): void {
    this.at(node);
    if (v === undefined || v === null) {
      this.out.push('<no value>');
      return;
    }
    if (typeof v === 'function') this.errorf(`can't print ${nodeString(node)} of type ${typeName(v)}`);
    this.out.push(formatValue(v));
  }

  private walkIfOrWith(scope: Scope, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(scope, node.pipe);
      if (isTrue(val)) {
        this.walk(node.type === 'with' ? { dot: val, boxed: false } : scope, node.list);
      } else if (node.elseList) this.walk(scope, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(scope: Scope, r: BranchNode): void {
    this.at(r);
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(scope, r.pipe);
      const bodyMark = this.vars.length;
      const decl = r.pipe.decl;
      const one = (index: unknown, elem: unknown, boxed: boolean): void => {
        if (decl.length > 0) {
          if (r.pipe.isAssign)
            this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem, boxed && decl.length === 1);
          else this.setTopVar(1, elem, boxed);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem, boxed);
          else this.setTopVar(2, index, false);
        }
        try {
          this.walk({ dot: elem, boxed }, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = bodyMark;
        }
      };
      let ran = false;
      try {
        if (Array.isArray(val)) {
          const boxed = elemType(val) === 'interface {}';
          for (let i = 0; i < val.length; i++) {
            ran = true;
            one(new GoInt('int', BigInt(i)), val[i], boxed);
          }
        } else if (val instanceof Map) {
          const boxed = elemType(val) === 'interface {}';
          for (const k of sortedKeys(val)) {
            ran = true;
            one(k, val.get(k), boxed);
          }
        } else if (val instanceof GoInt) {
          if (decl.length > 1)
            this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
          for (let i = 0n; i < val.v; i++) {
            ran = true;
            const v = new GoInt(val.t, i);
            one(v, v, false);
          }
        } else if (val !== undefined && val !== null) {
          this.errorf(`range can't iterate over ${formatValue(val)}`);
        }
      } catch (e) {
        if (e !== BREAK) throw e;
      }
      if (!ran && r.elseList) this.walk(scope, r.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkTemplate(scope: Scope, t: TemplateNode): void {
    this.at(t);
    const tree = this.trees.get(t.name);
    if (!tree) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const dot = t.pipe ? this.evalPipeline(scope, t.pipe) : undefined;
    const saved = { vars: this.vars, name: this.tmplName };
    this.vars = [{ name: '$', value: dot, boxed: false }];
    this.tmplName = t.name;
    this.depth++;
    try {
      this.walk({ dot, boxed: false }, tree);
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.tmplName = saved.name;
    }
  }

  private setVar(name: string, value: unknown, boxed: boolean): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i] = { name, value, boxed };
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: unknown, boxed: boolean): void {
    const v = this.vars[this.vars.length - n];
    this.vars[this.vars.length - n] = { name: v!.name, value, boxed };
  }

  private varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!;
    return this.errorf(`undefined variable: ${name}`);
  }

  private evalPipeline(scope: Scope, pipe: PipeNode): unknown {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(scope, cmd, value);
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, value, false);
      else this.vars.push({ name: v.ident[0]!, value, boxed: false });
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[] | null, final: Final): void {
    if (args && (args.length > 1 || final !== MISSING))
      this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private evalCommand(scope: Scope, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first!.type) {
      case 'field':
        return this.evalFieldNode(scope, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(scope, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(scope, first.ident, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(scope, first);
      case 'variable':
        return this.evalVariableNode(scope, first, cmd.args, final);
    }
    this.at(first!);
    this.notAFunction(cmd.args, final);
    switch (first!.type) {
      case 'bool':
        return first!.val;
      case 'dot':
        return scope.dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first!);
      case 'string':
        return first!.text;
    }
  }

  private idealConstant(n: NumberNode): unknown {
    this.at(n);
    const t = n.text.replace(/^[+-]/, '');
    const hexInt = /^0[xX]/.test(t) && !/[pP]/.test(t);
    if (n.isFloat && !hexInt && !t.startsWith("'") && /[.eEpP]/.test(t)) return n.float;
    if (n.isInt) return new GoInt('int', n.int);
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(
    scope: Scope,
    field: FieldNode,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(field);
    return this.evalFieldChain(scope.dot, scope.boxed, field.ident, args, final);
  }

  private evalChainNode(
    scope: Scope,
    chain: ChainNode,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(chain);
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(scope, null, chain.node);
    return this.evalFieldChain(pipe, false, chain.field, args, final);
  }

  private evalVariableNode(
    scope: Scope,
    v: VariableNode,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(v);
    const variable = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return variable.value;
    }
    return this.evalFieldChain(variable.value, variable.boxed, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    receiver: unknown,
    boxed: boolean,
    ident: readonly string[],
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    let r = receiver;
    let b = boxed;
    for (let i = 0; i < ident.length - 1; i++) [r, b] = this.evalField(ident[i]!, null, MISSING, r, b);
    return this.evalField(ident[ident.length - 1]!, args, final, r, b)[0];
  }

  private evalField(
    name: string,
    args: readonly ArgNode[] | null,
    final: Final,
    receiver: unknown,
    boxed: boolean,
  ): [unknown, boolean] {
    if (receiver === undefined) {
      if (this.missingKey === 'error') this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return [undefined, false];
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    if (receiver instanceof Map) {
      if ((args && args.length > 1) || final !== MISSING)
        this.errorf(`${name} is not a method but has arguments`);
      const et = elemType(receiver);
      const elemBoxed = et === 'interface {}';
      if (receiver.has(name)) return [receiver.get(name), elemBoxed];
      switch (this.missingKey) {
        case 'zero':
          return [zeroOf(et), elemBoxed];
        case 'error':
          this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
          break;
      }
      return [undefined, false];
    }
    const methods = (receiver as { methods?: Record<string, GoFunc> }).methods;
    if (typeof receiver === 'object' && methods && Object.hasOwn(methods, name)) {
      return [this.callFunc({ dot: undefined, boxed: false }, methods[name]!, name, args, final), false];
    }
    return this.errorf(`can't evaluate field ${name} in type ${boxed ? 'interface {}' : typeName(receiver)}`);
  }

  private evalFunction(
    scope: Scope,
    name: string,
    node: Positioned,
    cmd: Positioned,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(node);
    const f = this.funcs.get(name);
    if (!f) return this.errorf(`${JSON.stringify(name)} is not a defined function`);
    const v = this.callFunc(scope, f, name, args, final, cmd);
    return v;
  }

  private callFunc(
    scope: Scope,
    f: GoFunc,
    name: string,
    args: readonly ArgNode[] | null,
    final: Final,
    node: Positioned | null = this.node,
  ): unknown {
    const argNodes = args ? args.slice(1) : [];
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    let numFixed = argNodes.length;
    if (f.variadic !== undefined) {
      numFixed = f.params.length;
      if (numIn < numFixed)
        this.errorf(
          `wrong number of args for ${name}: want at least ${f.params.length} got ${argNodes.length}`,
        );
    } else if (numIn !== f.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${f.params.length} got ${numIn}`);
    }
    if (f.special === 'and' || f.special === 'or') {
      let v: unknown;
      for (const a of argNodes) {
        v = this.evalArg(scope, 'value', a);
        if (isTrue(v) === (f.special === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++)
      argv.push(this.evalArg(scope, f.params[i]!, argNodes[i]!));
    if (f.variadic !== undefined)
      for (; i < argNodes.length; i++) argv.push(this.evalArg(scope, f.variadic, argNodes[i]!));
    if (final !== MISSING) {
      let t: ParamType;
      if (f.variadic !== undefined) t = numIn - 1 < numFixed ? f.params[numIn - 1]! : f.variadic;
      else t = f.params[f.params.length - 1]!;
      argv.push(this.validateType(final, t));
    }
    if (f.special === 'call') argv.unshift(argNodes.length ? nodeString(argNodes[0]!) : formatValue(final));
    try {
      return (f.fn as (...a: unknown[]) => unknown)(...argv);
    } catch (e) {
      if (e instanceof TemplateExecError || e === BREAK || e === CONTINUE) throw e;
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
      if (node) this.at(node);
      const msg = e instanceof GoFuncError || e instanceof Error ? e.message : String(e);
      return this.errorf(`error calling ${name}: ${msg}`);
    }
  }

  private evalArg(scope: Scope, t: ParamType | null, n: ArgNode): unknown {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(scope.dot, t);
      case 'nil':
        if (t === null || canBeNil(t)) return t === 'value' ? undefined : null;
        return this.errorf(`cannot assign nil to ${t}`);
      case 'field':
        return this.validateType(this.evalFieldNode(scope, n, [n], MISSING), t);
      case 'variable':
        return this.validateType(this.evalVariableNode(scope, n, null, MISSING), t);
      case 'pipe':
        return this.validateType(this.evalPipeline(scope, n), t);
      case 'identifier':
        return this.validateType(this.evalFunction(scope, n.ident, n, n, null, MISSING), t);
      case 'chain':
        return this.validateType(this.evalChainNode(scope, n, null, MISSING), t);
    }
    if (t === null || t === 'any' || t === 'value') {
      if (n.type === 'bool') return n.val;
      if (n.type === 'number') return this.idealConstant(n);
      return n.text;
    }
    if (t === 'bool') {
      if (n.type === 'bool') return n.val;
      return this.errorf(`expected bool; found ${nodeString(n)}`);
    }
    if (isIntType(t)) {
      if (n.type === 'number' && n.isInt) return new GoInt(t as 'int', n.int);
      return this.errorf(`expected integer; found ${nodeString(n)}`);
    }
    if (isUintType(t)) {
      if (n.type === 'number' && n.isUint) return new GoInt(t as 'uint', n.int);
      return this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
    }
    if (t === 'float64') {
      if (n.type === 'number' && n.isFloat) return n.float;
      return this.errorf(`expected float; found ${nodeString(n)}`);
    }
    if (t === 'string') {
      if (n.type === 'string') return n.text;
      return this.errorf(`expected string; found ${nodeString(n)}`);
    }
    return this.errorf(`can't handle ${nodeString(n)} for arg of type ${t}`);
  }

  private validateType(v: unknown, t: ParamType | null): unknown {
    if (t === null || t === 'value') return v;
    if (v === undefined) {
      if (canBeNil(t)) return null;
      return this.errorf(`invalid value; expected ${t}`);
    }
    if (t === 'any') return v;
    if (v === null) return this.errorf(`wrong type for value; expected ${t}; got interface {}`);
    if (!assignable(v, t)) this.errorf(`wrong type for value; expected ${t}; got ${typeName(v)}`);
    return v;
  }
}

/**
 * The evaluator of Go's text/template over parsed trees: pipelines, variables and
 * their scopes, if/with/range (with break/continue), template calls, field access
 * with Go's nil and missingkey rules, and function calls with Go's argument typing.
 */
import type { FuncMap, GoFunc, ParamType } from './func-types.ts';
import { GoFuncError, canBeNil } from './func-types.ts';
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
import { TemplateExecError, execError } from './exec-error.ts';
import type { Positioned } from './exec-error.ts';
import { idealConstant, literalArg, validateType, zeroOf } from './exec-args.ts';
import { formatValue } from './printf.ts';
import { rangeItems } from './range-items.ts';
import { VarStack } from './variables.ts';
import type { Variable } from './variables.ts';
import { elemType, isTrue, typeName } from './values.ts';

/** Go's `missingkey` option. */
export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

export { TemplateExecError } from './exec-error.ts';

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

/** Runs parsed trees; one instance per execution. */
export class Executor {
  private readonly out: string[] = [];
  private vars = new VarStack(undefined);
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
    this.vars = new VarStack(dot);
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
    throw execError(this.text, this.parseName, this.tmplName, this.node, msg);
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
    const mark = this.vars.mark();
    try {
      const val = this.evalPipeline(scope, node.pipe);
      if (isTrue(val)) {
        this.walk(node.type === 'with' ? { dot: val, boxed: false } : scope, node.list);
      } else if (node.elseList) this.walk(scope, node.elseList);
    } finally {
      this.vars.popTo(mark);
    }
  }

  private walkRange(scope: Scope, r: BranchNode): void {
    this.at(r);
    const mark = this.vars.mark();
    try {
      const val = this.evalPipeline(scope, r.pipe);
      const bodyMark = this.vars.mark();
      const decl = r.pipe.decl;
      const one = (index: unknown, elem: unknown, boxed: boolean): void => {
        if (decl.length > 0) {
          if (r.pipe.isAssign)
            this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem, boxed && decl.length === 1);
          else this.vars.setTop(1, elem, boxed);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem, boxed);
          else this.vars.setTop(2, index, false);
        }
        try {
          this.walk({ dot: elem, boxed }, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.popTo(bodyMark);
        }
      };
      let ran = false;
      try {
        for (const [index, elem, boxed] of rangeItems(val, decl.length, (m) => this.errorf(m))) {
          ran = true;
          one(index, elem, boxed);
        }
      } catch (e) {
        if (e !== BREAK) throw e;
      }
      if (!ran && r.elseList) this.walk(scope, r.elseList);
    } finally {
      this.vars.popTo(mark);
    }
  }

  private walkTemplate(scope: Scope, t: TemplateNode): void {
    this.at(t);
    const tree = this.trees.get(t.name);
    if (!tree) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const dot = t.pipe ? this.evalPipeline(scope, t.pipe) : undefined;
    const saved = { vars: this.vars, name: this.tmplName };
    this.vars = new VarStack(dot);
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
    if (!this.vars.set(name, value, boxed)) this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): Variable {
    return this.vars.lookup(name) ?? this.errorf(`undefined variable: ${name}`);
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
      else this.vars.push(v.ident[0]!, value);
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
    return idealConstant(n, (m) => this.errorf(m));
  }

  private evalFieldNode(
    scope: Scope,
    field: FieldNode,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(field);
    return this.evalFieldChain(scope, scope.dot, scope.boxed, field.ident, args, final);
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
    return this.evalFieldChain(scope, pipe, false, chain.field, args, final);
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
    return this.evalFieldChain(scope, variable.value, variable.boxed, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    scope: Scope,
    receiver: unknown,
    boxed: boolean,
    ident: readonly string[],
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    let r = receiver;
    let b = boxed;
    for (let i = 0; i < ident.length - 1; i++) [r, b] = this.evalField(scope, ident[i]!, null, MISSING, r, b);
    return this.evalField(scope, ident[ident.length - 1]!, args, final, r, b)[0];
  }

  private evalField(
    scope: Scope,
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
      return [this.callFunc(scope, methods[name]!, name, args, final), false];
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
    return literalArg(n, t, (m) => this.errorf(m));
  }

  private validateType(v: unknown, t: ParamType | null): unknown {
    return validateType(v, t, (m) => this.errorf(m));
  }
}

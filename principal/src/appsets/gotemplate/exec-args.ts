/**
 * How the evaluator turns operands into Go function arguments: constants typed by
 * the parameter they meet (Go's evalArg for literals and `idealConstant`), values
 * checked for assignability (`validateType`), and zero values for `missingkey=zero`.
 */
import type { ParamType } from './func-types.ts';
import { assignable, canBeNil, isIntType, isUintType } from './func-types.ts';
import type { ArgNode, NumberNode } from './nodes.ts';
import { nodeString } from './nodes.ts';
import { GoInt, typeName } from './values.ts';

/** Reports an execution error at the current node (never returns). */
export type Fail = (msg: string) => never;

/** Zero value of a Go element type name. */
export function zeroOf(t: string): unknown {
  if (t === 'string') return '';
  if (t === 'bool') return false;
  if (t === 'float64') return 0;
  if (isIntType(t) || isUintType(t)) return new GoInt(t as 'int', 0n);
  return null;
}

/** A number literal where any type is accepted: float64 if written as one, else int. */
export function idealConstant(n: NumberNode, fail: Fail): unknown {
  const t = n.text.replace(/^[+-]/, '');
  const hexInt = /^0[xX]/.test(t) && !/[pP]/.test(t);
  if (n.isFloat && !hexInt && !t.startsWith("'") && /[.eEpP]/.test(t)) return n.float;
  if (n.isInt) return new GoInt('int', n.int);
  if (n.isUint) fail(`${n.text} overflows int`);
  return undefined;
}

type Literal = Extract<ArgNode, { type: 'bool' | 'number' | 'string' }>;

/** A literal operand converted to the parameter type, with Go's "expected X; found Y" errors. */
export function literalArg(n: Literal, t: ParamType | null, fail: Fail): unknown {
  if (t === null || t === 'any' || t === 'value') {
    if (n.type === 'bool') return n.val;
    if (n.type === 'number') return idealConstant(n, fail);
    return n.text;
  }
  if (t === 'bool') {
    if (n.type === 'bool') return n.val;
    return fail(`expected bool; found ${nodeString(n)}`);
  }
  if (isIntType(t)) {
    if (n.type === 'number' && n.isInt) return new GoInt(t as 'int', n.int);
    return fail(`expected integer; found ${nodeString(n)}`);
  }
  if (isUintType(t)) {
    if (n.type === 'number' && n.isUint) return new GoInt(t as 'uint', n.int);
    return fail(`expected unsigned integer; found ${nodeString(n)}`);
  }
  if (t === 'float64') {
    if (n.type === 'number' && n.isFloat) return n.float;
    return fail(`expected float; found ${nodeString(n)}`);
  }
  if (t === 'string') {
    if (n.type === 'string') return n.text;
    return fail(`expected string; found ${nodeString(n)}`);
  }
  return fail(`can't handle ${nodeString(n)} for arg of type ${t}`);
}

/**
 * Go's validateType: a missing value becomes nil where nil is allowed, an interface
 * holding nil only fits interface parameters, other values must have the exact type.
 */
export function validateType(v: unknown, t: ParamType | null, fail: Fail): unknown {
  if (t === null || t === 'value') return v;
  if (v === undefined) {
    if (canBeNil(t)) return null;
    return fail(`invalid value; expected ${t}`);
  }
  if (t === 'any') return v;
  if (v === null) return fail(`wrong type for value; expected ${t}; got interface {}`);
  if (!assignable(v, t)) fail(`wrong type for value; expected ${t}; got ${typeName(v)}`);
  return v;
}

/**
 * What `{{range}}` walks: list elements with int indexes, map values in sorted key
 * order, or 0..n-1 for an integer (Go 1.24+). Elements of `[]interface {}` and
 * `map[string]interface {}` are "boxed" (held in an interface), which decides Go's
 * error wording for fields of them.
 */
import type { Fail } from './exec-args.ts';
import { formatValue } from './printf.ts';
import { GoInt, elemType, sortedKeys } from './values.ts';

/** One iteration: the index or key, the element, and whether the element is boxed. */
export type RangeItem = readonly [index: unknown, elem: unknown, boxed: boolean];

/** The iterations of a range over `val`; missing or nil values give none. */
export function* rangeItems(val: unknown, declCount: number, fail: Fail): Generator<RangeItem> {
  if (Array.isArray(val)) {
    const boxed = elemType(val) === 'interface {}';
    for (let i = 0; i < val.length; i++) yield [new GoInt('int', BigInt(i)), val[i], boxed];
  } else if (val instanceof Map) {
    const boxed = elemType(val) === 'interface {}';
    for (const k of sortedKeys(val)) yield [k, val.get(k), boxed];
  } else if (val instanceof GoInt) {
    if (declCount > 1) fail(`can't use ${formatValue(val)} to iterate over more than one variable`);
    for (let i = 0n; i < val.v; i++) {
      const v = new GoInt(val.t, i);
      yield [v, v, false];
    }
  } else if (val !== undefined && val !== null) {
    fail(`range can't iterate over ${formatValue(val)}`);
  }
}

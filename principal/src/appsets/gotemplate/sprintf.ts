/**
 * Go's `fmt.Sprintf` directive parsing: flags, width and precision (also `*`),
 * argument indexes `[n]`, and the `%!(NOVERB)`, `%!v(MISSING)`, `%!v(BADINDEX)`,
 * `%!(BADWIDTH)`, `%!(BADPREC)` and `%!(EXTRA ...)` reports.
 */
import { clearFlags, formatValue, printArg } from './printf.ts';
import { GoInt, typeName } from './values.ts';

function intArg(v: unknown): number | undefined {
  if (v instanceof GoInt) {
    const n = Number(v.v);
    if (Math.abs(n) > 1e6) return undefined;
    return n;
  }
  return undefined;
}

function parseNum(s: string, i: number): [number, boolean, number] {
  let n = 0;
  let ok = false;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') {
    if (n > 1e6) return [0, false, s.length];
    n = n * 10 + (s.charCodeAt(i) - 48);
    ok = true;
    i++;
  }
  return [n, ok, i];
}

/** Go's `fmt.Sprintf` (argument indexes `[n]` are supported). */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const end = format.length;
  while (i < end) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = clearFlags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    let goodArgNum = true;
    const argIndex = (): boolean => {
      if (i >= end || format[i] !== '[') return false;
      reordered = true;
      const close = format.indexOf(']', i);
      const [n, ok, j] = parseNum(format, i + 1);
      if (close < 0 || !ok || j !== close || n < 1 || n > args.length) {
        goodArgNum = false;
        i = close < 0 ? end : close + 1;
        return true;
      }
      argNum = n - 1;
      i = close + 1;
      return true;
    };
    let afterIndex = argIndex();
    if (i < end && format[i] === '*') {
      i++;
      const w = argNum < args.length ? intArg(args[argNum]) : undefined;
      argNum++;
      if (w === undefined) out += '%!(BADWIDTH)';
      else {
        f.wid = Math.abs(w);
        f.widPresent = true;
        if (w < 0) {
          f.minus = true;
          f.zero = false;
        }
      }
      afterIndex = false;
    } else {
      const [n, ok, j] = parseNum(format, i);
      f.wid = n;
      f.widPresent = ok;
      i = j;
      if (afterIndex && ok) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      afterIndex = argIndex();
      if (i < end && format[i] === '*') {
        i++;
        const p = argNum < args.length ? intArg(args[argNum]) : undefined;
        argNum++;
        if (p === undefined || p < 0) {
          if (p === undefined) out += '%!(BADPREC)';
        } else {
          f.prec = p;
          f.precPresent = true;
        }
        afterIndex = false;
      } else {
        const [n, , j] = parseNum(format, i);
        f.prec = n;
        f.precPresent = true;
        i = j;
      }
    }
    if (!afterIndex) argIndex();
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    if (verb === 'v') {
      f.sharpV = f.sharp;
      f.sharp = false;
      f.plusV = f.plus;
      f.plus = false;
    }
    out += printArg(f, args[argNum], verb);
    argNum++;
  }
  if (!reordered && argNum < args.length) {
    const extra = args
      .slice(argNum)
      .map((a) => (a === undefined || a === null ? '<nil>' : `${typeName(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

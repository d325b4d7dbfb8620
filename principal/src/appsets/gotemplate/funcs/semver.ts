/** sprig's semver and semverCompare over Masterminds/semver v3 rules. */
import type { GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import { GoInt } from '../values.ts';
import type { GoObject } from '../values.ts';

const VERSION_RE =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

/** A parsed semantic version (`*semver.Version`). */
export class SemVersion implements GoObject {
  readonly goType = '*semver.Version';
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;
  readonly methods: Record<string, GoFunc>;

  constructor(original: string) {
    const m = VERSION_RE.exec(original);
    if (!m) throw new GoFuncError('invalid semantic version');
    this.original = original;
    this.major = BigInt(m[1]!);
    this.minor = BigInt(m[2]?.slice(1) ?? '0');
    this.patch = BigInt(m[3]?.slice(1) ?? '0');
    this.pre = m[5] ?? '';
    this.metadata = m[8] ?? '';
    for (const id of this.pre ? this.pre.split('.') : [])
      if (/^0\d+$/.test(id)) throw new GoFuncError('invalid prerelease string');
    const u = (v: bigint): GoInt => new GoInt('uint64', v);
    this.methods = {
      Major: fn([], () => u(this.major)),
      Minor: fn([], () => u(this.minor)),
      Patch: fn([], () => u(this.patch)),
      Prerelease: fn([], () => this.pre),
      Metadata: fn([], () => this.metadata),
      Original: fn([], () => this.original),
      String: fn([], () => this.goString()),
      Compare: fn(['*semver.Version'], (o: SemVersion) => new GoInt('int', BigInt(this.compare(o)))),
      LessThan: fn(['*semver.Version'], (o: SemVersion) => this.compare(o) < 0),
      GreaterThan: fn(['*semver.Version'], (o: SemVersion) => this.compare(o) > 0),
      Equal: fn(['*semver.Version'], (o: SemVersion) => this.compare(o) === 0),
    };
  }

  goString(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.pre) s += `-${this.pre}`;
    if (this.metadata) s += `+${this.metadata}`;
    return s;
  }

  toJSON(): string {
    return this.goString();
  }

  compare(o: SemVersion): number {
    for (const k of ['major', 'minor', 'patch'] as const)
      if (this[k] !== o[k]) return this[k] < o[k] ? -1 : 1;
    return comparePre(this.pre, o.pre);
  }
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    if (i >= as.length) return -1;
    if (i >= bs.length) return 1;
    const x = as[i];
    const y = bs[i];
    if (x === y) continue;
    const xn = /^\d+$/.test(x!);
    const yn = /^\d+$/.test(y!);
    if (xn && yn) return BigInt(x!) < BigInt(y!) ? -1 : 1;
    if (xn) return -1;
    if (yn) return 1;
    return x! < y! ? -1 : 1;
  }
  return 0;
}

const PART =
  /^\s*(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?\s*v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?\s*$/;

type Check = (v: SemVersion) => boolean;

function rangeCheck(op: string, m: RegExpExecArray): Check {
  const wild = (x: string | undefined): boolean => x === undefined || /^[xX*]$/.test(x);
  const majW = wild(m[2]);
  const minW = wild(m[3]);
  const patW = wild(m[4]);
  const num = (x: string | undefined): bigint => (wild(x) ? 0n : BigInt(x!));
  const base = new SemVersion(`${num(m[2])}.${num(m[3])}.${num(m[4])}${m[5] ?? ''}`);
  const hasPre = !!m[5];
  const preOk = (v: SemVersion): boolean =>
    !v.pre || (hasPre && v.major === base.major && v.minor === base.minor && v.patch === base.patch);
  const upper = (level: 'major' | 'minor' | 'patch'): SemVersion => {
    if (level === 'major') return new SemVersion(`${base.major + 1n}.0.0`);
    if (level === 'minor') return new SemVersion(`${base.major}.${base.minor + 1n}.0`);
    return new SemVersion(`${base.major}.${base.minor}.${base.patch + 1n}`);
  };
  const between =
    (lo: SemVersion, hi: SemVersion): Check =>
    (v) =>
      preOk(v) && v.compare(lo) >= 0 && v.compare(hi) < 0;
  const wildLevel = majW ? null : minW ? 'major' : patW ? 'minor' : undefined;
  switch (op) {
    case '':
    case '=':
      if (majW) return (v) => preOk(v);
      if (wildLevel) return between(base, upper(wildLevel));
      return (v) => v.compare(base) === 0;
    case '!=':
      if (majW) return () => false;
      if (wildLevel) return (v) => !between(base, upper(wildLevel))(v);
      return (v) => preOk(v) && v.compare(base) !== 0;
    case '>':
      if (majW) return () => false;
      if (wildLevel) return (v) => preOk(v) && v.compare(upper(wildLevel)) >= 0;
      return (v) => preOk(v) && v.compare(base) > 0;
    case '<':
      return (v) => preOk(v) && v.compare(base) < 0;
    case '>=':
    case '=>':
      return (v) => preOk(v) && v.compare(base) >= 0;
    case '<=':
    case '=<':
      if (wildLevel) return (v) => preOk(v) && v.compare(upper(wildLevel)) < 0;
      return (v) => preOk(v) && v.compare(base) <= 0;
    case '~':
    case '~>':
      if (majW) return (v) => preOk(v);
      return between(base, upper(minW ? 'major' : 'minor'));
    case '^':
      if (majW) return (v) => preOk(v);
      if (base.major > 0n || minW) return between(base, upper('major'));
      if (base.minor > 0n || patW) return between(base, upper('minor'));
      return between(base, upper('patch'));
  }
  return () => false;
}

/** Parses a Masterminds constraint string into a predicate; throws "improper constraint". */
export function parseConstraint(c: string): Check {
  const bad = (): never => {
    throw new GoFuncError(`improper constraint: ${c}`);
  };
  const groups = c.split('||').map((group) => {
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(group);
    const parts = hyphen
      ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`]
      : group
          .trim()
          .replace(/(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)\s+/g, '$1')
          .split(/\s*,\s*|\s+/)
          .filter((p) => p !== '');
    if (parts.length === 0) bad();
    return parts.map((p) => {
      const m = PART.exec(p);
      if (!m) return bad();
      return rangeCheck(m[1] ?? '', m);
    });
  });
  return (v) => groups.some((checks) => checks.every((f) => f(v)));
}

/** sprig's semver and semverCompare. */
export function semverFuncs(): Record<string, GoFunc> {
  return {
    semver: fn(['string'], (s: string) => new SemVersion(s)),
    semverCompare: fn(['string', 'string'], (c: string, v: string) => parseConstraint(c)(new SemVersion(v))),
  };
}

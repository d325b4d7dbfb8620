/** sprig's date functions (date.go) with an injectable clock. */
import type { FuncEnv, GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import { GoInt } from '../values.ts';
import { durationString, parseDuration } from './go-duration.ts';
import { GoTime, ZERO_TIME, formatTime, inZone } from './go-time.ts';
import { parseTime } from './time-parse.ts';

function toTime(v: unknown, env: FuncEnv): GoTime {
  if (v instanceof GoTime) return v;
  if (v instanceof GoInt && (v.t === 'int64' || v.t === 'int' || v.t === 'int32'))
    return new GoTime(v.v * 1_000_000_000n);
  return GoTime.fromDate(env.now());
}

function durationRound(v: unknown, env: FuncEnv): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (v instanceof GoInt && v.t === 'int64') d = v.v;
  else if (v instanceof GoTime) d = GoTime.fromDate(env.now()).ns - v.ns;
  const u = d < 0n ? -d : d;
  const h = 3_600_000_000_000n;
  const units: [bigint, string][] = [
    [h * 24n * 365n, 'y'],
    [h * 24n * 30n, 'mo'],
    [h * 24n, 'd'],
    [h, 'h'],
    [60_000_000_000n, 'm'],
    [1_000_000_000n, 's'],
  ];
  for (const [size, name] of units) if (u > size) return `${u / size}${name}`;
  return '0s';
}

function roundToSecond(d: bigint): bigint {
  const s = 1_000_000_000n;
  const r = d % s;
  if (d < 0n) return r <= -s / 2n ? d - r - s : d - r;
  return r >= s / 2n ? d - r + s : d - r;
}

/** sprig's date functions, reading time from `env.now`. */
export function dateFuncs(env: FuncEnv): Record<string, GoFunc> {
  const S = 'string' as const;
  const T = 'time.Time' as const;
  const dateInZone = (layout: string, date: unknown, zone: string): string =>
    formatTime(inZone(toTime(date, env), zone), layout);
  const toDate = (layout: string, s: string): GoTime => {
    try {
      return parseTime(layout, s);
    } catch {
      return ZERO_TIME;
    }
  };
  const modify =
    (must: boolean) =>
    (d: string, t: GoTime): GoTime => {
      try {
        return new GoTime(t.ns + parseDuration(d), t.zone, t.offset);
      } catch (e) {
        if (must) throw e;
        return t;
      }
    };
  return {
    now: fn([], () => GoTime.fromDate(env.now())),
    ago: fn(['any'], (t: unknown) => {
      if (!(t instanceof GoTime)) throw new GoFuncError(`wrong type for value; expected time.Time`);
      return durationString(roundToSecond(GoTime.fromDate(env.now()).ns - t.ns));
    }),
    date: fn([S, 'any'], (layout: string, d: unknown) => dateInZone(layout, d, 'Local')),
    dateInZone: fn([S, 'any', S], dateInZone),
    date_in_zone: fn([S, 'any', S], dateInZone),
    htmlDate: fn(['any'], (d: unknown) => dateInZone('2006-01-02', d, 'Local')),
    htmlDateInZone: fn(['any', S], (d: unknown, z: string) => dateInZone('2006-01-02', d, z)),
    dateModify: fn([S, T], modify(false)),
    date_modify: fn([S, T], modify(false)),
    mustDateModify: fn([S, T], modify(true)),
    must_date_modify: fn([S, T], modify(true)),
    toDate: fn([S, S], toDate),
    mustToDate: fn([S, S], (layout: string, s: string) => parseTime(layout, s)),
    unixEpoch: fn([T], (t: GoTime) => t.unix().toString()),
    duration: fn(['any'], (v: unknown) => {
      let n = 0n;
      if (typeof v === 'string') n = /^[+-]?\d+$/.test(v) ? BigInt(v) : 0n;
      else if (v instanceof GoInt && v.t === 'int64') n = v.v;
      return durationString(BigInt.asIntN(64, n * 1_000_000_000n));
    }),
    durationRound: fn(['any'], (v: unknown) => durationRound(v, env)),
  };
}

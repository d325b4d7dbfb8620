/**
 * Go's time.Time as templates see it: an instant plus a zone, its common methods,
 * and Go layout formatting ("2006-01-02 15:04:05 -0700 MST"). Zones come from the
 * runtime's IANA data through Intl; "Local" is UTC (the hub renders in UTC).
 */
import type { GoFunc } from '../func-types.ts';
import { fn } from '../func-types.ts';
import { GoInt } from '../values.ts';
import type { GoObject } from '../values.ts';

/** English weekday names, Sunday first (time.Weekday order). */
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** English month names (time.Month order). */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A named Go integer that prints as its name (time.Month, time.Weekday). */
class GoName implements GoObject {
  readonly goType: string;
  private readonly name: string;
  constructor(goType: string, name: string) {
    this.goType = goType;
    this.name = name;
  }
  goString(): string {
    return this.name;
  }
}

const int = (n: number | bigint): GoInt => new GoInt('int', BigInt(n));

/** A Go time.Time: epoch nanoseconds, a zone name and its offset in seconds. */
export class GoTime implements GoObject {
  readonly goType = 'time.Time';
  readonly ns: bigint;
  readonly zone: string;
  readonly offset: number;
  /** The methods templates call most (`now.Year`, `(now).Format "2006"`, `.Unix`, ...). */
  readonly methods: Record<string, GoFunc>;
  constructor(ns: bigint, zone = 'UTC', offset = 0) {
    this.ns = ns;
    this.zone = zone;
    this.offset = offset;
    const f = (): Fields => fields(this);
    const T = 'time.Time' as const;
    this.methods = {
      Year: fn([], () => int(f().year)),
      Month: fn([], () => new GoName('time.Month', MONTHS[f().month - 1]!)),
      Day: fn([], () => int(f().day)),
      Hour: fn([], () => int(f().hour)),
      Minute: fn([], () => int(f().min)),
      Second: fn([], () => int(f().sec)),
      Nanosecond: fn([], () => int(f().nsec)),
      YearDay: fn([], () => int(f().yday)),
      Weekday: fn([], () => new GoName('time.Weekday', DAYS[f().wday]!)),
      Unix: fn([], () => new GoInt('int64', this.unix())),
      UnixMilli: fn([], () => new GoInt('int64', floorDiv(this.ns, 1_000_000n))),
      UnixNano: fn([], () => new GoInt('int64', this.ns)),
      Format: fn(['string'], (layout: string) => formatTime(this, layout)),
      UTC: fn([], () => new GoTime(this.ns)),
      Local: fn([], () => new GoTime(this.ns)),
      IsZero: fn([], () => this.ns === ZERO_NS),
      String: fn([], () => this.goString()),
      Before: fn([T], (o: GoTime) => this.ns < o.ns),
      After: fn([T], (o: GoTime) => this.ns > o.ns),
      Equal: fn([T], (o: GoTime) => this.ns === o.ns),
    };
  }
  static fromDate(d: Date): GoTime {
    return new GoTime(BigInt(d.getTime()) * 1_000_000n);
  }
  unix(): bigint {
    return floorDiv(this.ns, 1_000_000_000n);
  }
  goString(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }
  toJSON(): string {
    return formatTime(this, '2006-01-02T15:04:05.999999999Z07:00');
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

const ZERO_NS = -62135596800n * 1_000_000_000n;

/** Go's zero time (January 1, year 1, 00:00:00 UTC). */
export const ZERO_TIME = new GoTime(ZERO_NS);

/** The time in another zone; unknown zones fall back to UTC like sprig does. */
export function inZone(t: GoTime, zone: string): GoTime {
  if (zone === 'UTC' || zone === 'Local' || zone === '') return new GoTime(t.ns, 'UTC', 0);
  try {
    const ms = Number(t.ns / 1_000_000n);
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
    });
    const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    const local = Date.UTC(
      +parts.year!,
      +parts.month! - 1,
      +parts.day!,
      +parts.hour!,
      +parts.minute!,
      +parts.second!,
    );
    const offset = Math.round((local - Math.floor(ms / 1000) * 1000) / 1000);
    const abbr = /^GMT[+-]/.test(parts.timeZoneName ?? '')
      ? tzOffsetName(offset)
      : (parts.timeZoneName ?? zone);
    return new GoTime(t.ns, abbr, offset);
  } catch {
    return new GoTime(t.ns, 'UTC', 0);
  }
}

/** A zone name made from an offset when no abbreviation is known (`+01`, `-0530`). */
export function tzOffsetName(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  return `${sign}${String(h).padStart(2, '0')}${m ? String(m).padStart(2, '0') : ''}`;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  yday: number;
  wday: number;
}

function fields(t: GoTime): Fields {
  const local = t.ns + BigInt(t.offset) * 1_000_000_000n;
  let sec = local / 1_000_000_000n;
  let nsec = local % 1_000_000_000n;
  if (nsec < 0n) {
    nsec += 1_000_000_000n;
    sec -= 1n;
  }
  const d = new Date(Number(sec) * 1000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    nsec: Number(nsec),
    yday: Math.floor((d.getTime() - start) / 86400000) + 1,
    wday: d.getUTCDay(),
  };
}

const TOKENS = [
  'January',
  'Monday',
  'MST',
  '2006',
  '-070000',
  '-07:00:00',
  '-0700',
  '-07:00',
  '-07',
  'Z070000',
  'Z07:00:00',
  'Z0700',
  'Z07:00',
  'Z07',
  'Jan',
  'Mon',
  '002',
  '__2',
  '_2',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '15',
  'PM',
  'pm',
  '1',
  '2',
  '3',
  '4',
  '5',
];

/** The Go layout element starting at `i` (`2006`, `Jan`, `.000`, `-07:00`, ...), if any. */
export function nextToken(layout: string, i: number): string | undefined {
  const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
  if (frac) return frac[0];
  for (const tok of TOKENS) {
    if (!layout.startsWith(tok, i)) continue;
    if ((tok === 'Jan' || tok === 'Mon') && /^[a-z]/.test(layout.slice(i + tok.length))) continue;
    return tok;
  }
  return undefined;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function zoneOffset(offset: number, style: string): string {
  if (style.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = pad(Math.floor(a / 3600), 2);
  const m = pad(Math.floor((a % 3600) / 60), 2);
  const s = pad(a % 60, 2);
  const st = style.replace(/^Z/, '-');
  if (st === '-07') return `${sign}${h}`;
  if (st === '-0700') return `${sign}${h}${m}`;
  if (st === '-07:00') return `${sign}${h}:${m}`;
  if (st === '-070000') return `${sign}${h}${m}${s}`;
  return `${sign}${h}:${m}:${s}`;
}

/** Go's Time.Format. */
export function formatTime(t: GoTime, layout: string): string {
  const f = fields(t);
  let out = '';
  for (let i = 0; i < layout.length;) {
    const tok = nextToken(layout, i);
    if (!tok) {
      out += layout[i++];
      continue;
    }
    i += tok.length;
    if (/^[.,]/.test(tok)) {
      const digits = pad(f.nsec, 9).slice(0, tok.length - 1);
      if (tok[1] === '0') out += tok[0] + digits;
      else {
        const trimmed = digits.replace(/0+$/, '');
        if (trimmed) out += tok[0] + trimmed;
      }
      continue;
    }
    switch (tok) {
      case 'January':
        out += MONTHS[f.month - 1];
        break;
      case 'Jan':
        out += MONTHS[f.month - 1]!.slice(0, 3);
        break;
      case 'Monday':
        out += DAYS[f.wday];
        break;
      case 'Mon':
        out += DAYS[f.wday]!.slice(0, 3);
        break;
      case 'MST':
        out += t.zone || tzOffsetName(t.offset);
        break;
      case '2006':
        out += pad(f.year, 4);
        break;
      case '06':
        out += pad(f.year % 100, 2);
        break;
      case '01':
        out += pad(f.month, 2);
        break;
      case '1':
        out += f.month;
        break;
      case '02':
        out += pad(f.day, 2);
        break;
      case '_2':
        out += String(f.day).padStart(2, ' ');
        break;
      case '2':
        out += f.day;
        break;
      case '002':
        out += pad(f.yday, 3);
        break;
      case '__2':
        out += String(f.yday).padStart(3, ' ');
        break;
      case '15':
        out += pad(f.hour, 2);
        break;
      case '03':
        out += pad(f.hour % 12 || 12, 2);
        break;
      case '3':
        out += f.hour % 12 || 12;
        break;
      case '04':
        out += pad(f.min, 2);
        break;
      case '4':
        out += f.min;
        break;
      case '05':
        out += pad(f.sec, 2);
        break;
      case '5':
        out += f.sec;
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      default:
        out += zoneOffset(t.offset, tok);
    }
  }
  return out;
}

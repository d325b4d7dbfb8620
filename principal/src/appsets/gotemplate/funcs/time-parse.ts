/** Go's time.Parse for the layouts sprig's toDate is given. */
import { GoFuncError } from '../func-types.ts';
import { DAYS, GoTime, MONTHS, nextToken, tzOffsetName } from './go-time.ts';

/** Go's time.Parse (in UTC unless the value names an offset). */
export function parseTime(layout: string, value: string): GoTime {
  const fail = (what: string, rest: string): never => {
    throw new GoFuncError(
      `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(what)}`,
    );
  };
  const f = { year: 1, month: 1, day: 1, hour: 0, min: 0, sec: 0, nsec: 0, pm: -1, offset: 0, zone: 'UTC' };
  let v = value;
  for (let i = 0; i < layout.length;) {
    const tok = nextToken(layout, i);
    if (!tok) {
      if (v[0] !== layout[i]) fail(layout.slice(i), v);
      v = v.slice(1);
      i++;
      continue;
    }
    i += tok.length;
    const num = (re: RegExp): number => {
      const m = re.exec(v);
      if (!m) return fail(tok, v);
      v = v.slice(m[0].length);
      return Number(m[0].trim());
    };
    switch (tok) {
      case 'January':
      case 'Jan': {
        const idx = MONTHS.findIndex((m) =>
          v.toLowerCase().startsWith(tok === 'Jan' ? m.slice(0, 3).toLowerCase() : m.toLowerCase()),
        );
        if (idx < 0) fail(tok, v);
        v = v.slice(tok === 'Jan' ? 3 : MONTHS[idx]!.length);
        f.month = idx + 1;
        break;
      }
      case 'Monday':
      case 'Mon': {
        const idx = DAYS.findIndex((d) =>
          v.toLowerCase().startsWith(tok === 'Mon' ? d.slice(0, 3).toLowerCase() : d.toLowerCase()),
        );
        if (idx < 0) fail(tok, v);
        v = v.slice(tok === 'Mon' ? 3 : DAYS[idx]!.length);
        break;
      }
      case '2006':
        f.year = num(/^\d{4}/);
        break;
      case '06':
        f.year = 1900 + num(/^\d{2}/);
        if (f.year < 1969) f.year += 100;
        break;
      case '01':
      case '1':
        f.month = num(tok === '01' ? /^\d{2}/ : /^\d{1,2}/);
        break;
      case '02':
      case '2':
      case '_2':
        f.day = num(tok === '02' ? /^\d{2}/ : /^ ?\d{1,2}/);
        break;
      case '002':
      case '__2':
        num(/^ *\d{1,3}/);
        break;
      case '15':
        f.hour = num(/^\d{1,2}/);
        break;
      case '03':
      case '3':
        f.hour = num(tok === '03' ? /^\d{2}/ : /^\d{1,2}/);
        break;
      case '04':
      case '4':
        f.min = num(tok === '04' ? /^\d{2}/ : /^\d{1,2}/);
        break;
      case '05':
      case '5': {
        f.sec = num(tok === '05' ? /^\d{2}/ : /^\d{1,2}/);
        const fr = /^[.,](\d+)/.exec(v);
        if (fr && !/^[.,]/.test(layout.slice(i))) {
          f.nsec = Number(fr[1]!.slice(0, 9).padEnd(9, '0'));
          v = v.slice(fr[0].length);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const m = /^(AM|PM)/i.exec(v);
        if (!m) fail(tok, v);
        f.pm = m![0].toUpperCase() === 'PM' ? 1 : 0;
        v = v.slice(2);
        break;
      }
      case 'MST': {
        const m = /^[A-Z]{3,5}|^[+-]\d+/.exec(v);
        if (!m) fail(tok, v);
        f.zone = m![0];
        v = v.slice(m![0].length);
        break;
      }
      default: {
        if (/^[.,]/.test(tok)) {
          const m = /^[.,](\d+)/.exec(v);
          if (!m) fail(tok, v);
          f.nsec = Number(m![1]!.slice(0, 9).padEnd(9, '0'));
          v = v.slice(m![0].length);
          break;
        }
        if (tok.startsWith('Z') && v.startsWith('Z')) {
          v = v.slice(1);
          f.offset = 0;
          break;
        }
        const m = /^([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?/.exec(v);
        if (!m) fail(tok, v);
        f.offset =
          (m![1] === '-' ? -1 : 1) * (Number(m![2]) * 3600 + Number(m![3] ?? 0) * 60 + Number(m![4] ?? 0));
        v = v.slice(m![0].length);
        f.zone = '';
      }
    }
  }
  if (v !== '')
    throw new GoFuncError(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(v)}`);
  if (f.pm === 1 && f.hour < 12) f.hour += 12;
  if (f.pm === 0 && f.hour === 12) f.hour = 0;
  const base = new Date(0);
  base.setUTCFullYear(f.year, f.month - 1, f.day);
  base.setUTCHours(f.hour, f.min, f.sec, 0);
  const ns = (BigInt(base.getTime()) / 1000n - BigInt(f.offset)) * 1_000_000_000n + BigInt(f.nsec);
  return new GoTime(
    ns,
    f.offset === 0 && f.zone === 'UTC' ? 'UTC' : f.zone || tzOffsetName(f.offset),
    f.offset,
  );
}

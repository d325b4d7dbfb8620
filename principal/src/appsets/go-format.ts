/**
 * Go's `fmt.Sprintf("%v", v)` for the values a decoded JSON/YAML document can hold.
 *
 * Argo CD stringifies flat-mode params, post-selector inputs and matrix rows this way, so
 * the exact text matters: numbers are float64 (`1234567` → `1.234567e+06`), `null` is
 * `<nil>`, maps print as `map[k:v]` with sorted keys and slices as `[a b]`.
 */
export function goSprintV(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return formatGoFloat(value);
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(goSprintV).join(' ')}]`;
  if (value instanceof Date) return value.toISOString();
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `map[${keys.map((k) => `${k}:${goSprintV(obj[k])}`).join(' ')}]`;
}

/**
 * A float64 formatted like Go's `%v`, i.e. `%g` with the shortest precision: exponent
 * form when the decimal exponent is < -4 or >= 6 (so `123456` stays plain and `1234567`
 * becomes `1.234567e+06`), exponent written with at least two digits.
 */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const sign = f < 0 ? '-' : '';
  const [mantissa = '', expText = '0'] = Math.abs(f).toExponential().split('e');
  const exp = Number(expText);
  const digits = mantissa.replace('.', '');
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

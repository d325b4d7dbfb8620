import { ErrorCodes, OutpostError } from '@outpost/shared';

const HAS_TAG = /\{\{[^\n]*\}\}/;

/**
 * Renders one string in flat mode, exactly as Argo CD drives valyala/fasttemplate:
 *
 * - a string without `{{` followed later on the same line by `}}` is returned unchanged;
 * - otherwise every `{{tag}}` is replaced by `params[tag.trim()]` when that trimmed tag is
 *   non-empty and its value is a string; anything else is written back verbatim;
 * - a `{{` with no later `}}` is an error.
 *
 * No nesting, no functions, one pass: a replaced value is never rendered again.
 *
 * @throws OutpostError `APPSET_TEMPLATE_PARSE` for an unclosed `{{`.
 */
export function renderFlatTemplate(text: string, params: Readonly<Record<string, unknown>>): string {
  if (!text.includes('{{') || !HAS_TAG.test(text)) return text;
  let out = '';
  let pos = 0;
  for (;;) {
    const start = text.indexOf('{{', pos);
    if (start < 0) {
      out += text.slice(pos);
      return out;
    }
    out += text.slice(pos, start);
    const end = text.indexOf('}}', start + 2);
    if (end < 0) {
      throw new OutpostError(
        ErrorCodes.APPSET_TEMPLATE_PARSE,
        `invalid template: cannot find end tag "}}" in the template ${JSON.stringify(text)} starting from ${JSON.stringify(text.slice(start))}`,
        { hint: 'close every {{ with }}' },
      );
    }
    const tag = text.slice(start + 2, end);
    const key = tag.trim();
    const value = key.length > 0 ? params[key] : undefined;
    out += typeof value === 'string' ? value : `{{${tag}}}`;
    pos = end + 2;
  }
}

/**
 * {@link renderFlatTemplate} split in two: the text is scanned once and the returned
 * function only looks params up. A malformed text yields a function that throws.
 */
export function compileFlatTemplate(text: string): (params: Readonly<Record<string, unknown>>) => string {
  if (!text.includes('{{') || !HAS_TAG.test(text)) return () => text;
  const literals: string[] = [];
  const tags: string[] = [];
  let pos = 0;
  for (;;) {
    const start = text.indexOf('{{', pos);
    if (start < 0) break;
    const end = text.indexOf('}}', start + 2);
    if (end < 0) return (params) => renderFlatTemplate(text, params);
    literals.push(text.slice(pos, start));
    tags.push(text.slice(start + 2, end));
    pos = end + 2;
  }
  const tail = text.slice(pos);
  const keys = tags.map((t) => t.trim());
  return (params) => {
    let out = '';
    for (let i = 0; i < tags.length; i++) {
      const key = keys[i] as string;
      const value = key.length > 0 ? params[key] : undefined;
      out += literals[i] + (typeof value === 'string' ? value : `{{${tags[i]}}}`);
    }
    return out + tail;
  };
}

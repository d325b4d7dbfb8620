import { describe, expect, it } from 'vitest';
import { compileFlatTemplate, renderFlatTemplate } from './fasttemplate.ts';

const params = { name: 'east', 'path.basename': 'apps', 'path[0]': 'clusters', n: 5 as unknown };

describe('flat templates (fasttemplate)', () => {
  it('§7.2 fasttemplate – replaces trimmed exact keys including dotted and indexed keys', () => {
    expect(renderFlatTemplate('{{name}}-{{ path.basename }}-{{path[0]}}', params)).toBe('east-apps-clusters');
  });

  it('§7.2 fasttemplate – unknown keys, empty tags and non-string values are written back verbatim', () => {
    expect(renderFlatTemplate('{{ missing }}|{{}}|{{ n }}', params)).toBe('{{ missing }}|{{}}|{{ n }}');
  });

  it('§7.2 fasttemplate – a string without {{…}} on one line is returned unchanged, even }} {{', () => {
    expect(renderFlatTemplate('}} {{', params)).toBe('}} {{');
    expect(renderFlatTemplate('{{\n}}', params)).toBe('{{\n}}');
  });

  it('§7.2 / §9 fasttemplate – an unclosed {{ after a valid tag is an APPSET_TEMPLATE_PARSE error', () => {
    expect(() => renderFlatTemplate('{{name}} {{oops', params)).toThrow(/cannot find end tag/);
    try {
      renderFlatTemplate('{{name}} {{oops', params);
    } catch (err) {
      expect((err as { code: string }).code).toBe('APPSET_TEMPLATE_PARSE');
    }
  });

  it('§7.2 fasttemplate – one pass only: a value containing a tag is not rendered again', () => {
    expect(renderFlatTemplate('{{a}}', { a: '{{b}}', b: 'x' })).toBe('{{b}}');
  });

  it('§7.2 fasttemplate – lookup is case-sensitive', () => {
    expect(renderFlatTemplate('{{Name}}', params)).toBe('{{Name}}');
  });

  it('§7.2 fasttemplate – a compiled template renders exactly like a one-off render, errors included', () => {
    const texts = [
      '{{name}}-{{ path.basename }}',
      'plain',
      '}} {{',
      '{{}}{{ n }}x',
      '{{name}} {{oops',
      'a{{name}}b{{missing}}c',
    ];
    for (const text of texts) {
      const once = (() => {
        try {
          return renderFlatTemplate(text, params);
        } catch (err) {
          return `error: ${(err as Error).message}`;
        }
      })();
      const compiled = compileFlatTemplate(text);
      const many = (() => {
        try {
          return compiled(params);
        } catch (err) {
          return `error: ${(err as Error).message}`;
        }
      })();
      expect(many).toBe(once);
    }
  });
});

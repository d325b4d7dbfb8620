import { OutpostError } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { parseGoTemplate, parseGoTemplateOptions, renderGoTemplate } from './index.ts';

function failure(run: () => unknown): OutpostError {
  try {
    run();
  } catch (e) {
    if (e instanceof OutpostError) return e;
    throw e;
  }
  throw new Error('expected an OutpostError');
}

describe('go template engine API', () => {
  it('renders Argo CD style parameters with sprig functions', () => {
    const out = renderGoTemplate('{{.name | upper}}-{{.env | default "dev"}}-{{ .replicas }}', {
      name: 'guestbook',
      replicas: 3,
    });
    expect(out).toBe('GUESTBOOK-dev-3');
  });

  it('a parsed template executes many times with different data', () => {
    const t = parseGoTemplate('{{.cluster}}/{{.app}}');
    expect(t.execute({ cluster: 'a', app: 'x' })).toBe('a/x');
    expect(t.execute({ cluster: 'b', app: 'y' })).toBe('b/y');
  });

  it('parse errors carry APPSET_TEMPLATE_PARSE and Go wording', () => {
    const e = failure(() => parseGoTemplate('{{.x'));
    expect(e.code).toBe('APPSET_TEMPLATE_PARSE');
    expect(e.message).toBe('template: base:1: unclosed action');
  });

  it('execution errors carry APPSET_TEMPLATE_EXEC with the position and the failing node', () => {
    const e = failure(() => renderGoTemplate('{{.a}} {{.x}}', { a: 1 }, { missingKey: 'error' }));
    expect(e.code).toBe('APPSET_TEMPLATE_EXEC');
    expect(e.message).toBe('template: base:1:9: executing "base" at <.x>: map has no entry for key "x"');
  });

  it('goTemplateOptions strings become options and unknown ones are rejected', () => {
    expect(parseGoTemplateOptions(['missingkey=zero', 'missingkey=error'])).toEqual({ missingKey: 'error' });
    expect(failure(() => parseGoTemplateOptions(['missingkey=maybe'])).code).toBe('APPSET_INVALID');
    expect(failure(() => parseGoTemplateOptions(['strict'])).message).toContain('strict');
  });

  it('the clock for date functions is injectable', () => {
    const now = (): Date => new Date('2024-02-29T12:34:56Z');
    expect(renderGoTemplate('{{ now | date "2006-01-02 15:04" }}', {}, { now })).toBe('2024-02-29 12:34');
    expect(renderGoTemplate('{{ dateInZone "Jan 2, 2006 15:04 MST" (now) "UTC" }}', {}, { now })).toBe(
      'Feb 29, 2024 12:34 UTC',
    );
  });

  it('deep template recursion fails with Go message instead of crashing', () => {
    const e = failure(() =>
      renderGoTemplate('{{define "t"}}{{template "t" .}}{{end}}{{template "t" .}}', {}),
    );
    expect(e.message).toContain('exceeded maximum template depth');
  });

  it('data objects are read without mutation', () => {
    const data = { m: { b: 1 } };
    renderGoTemplate('{{ $_ := set .m "a" 2 }}{{ .m }}', data);
    expect(data).toEqual({ m: { b: 1 } });
  });
});

describe('toYaml output', () => {
  it('folds long plain strings past column 80 like go-yaml v2', () => {
    const long = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt';
    expect(renderGoTemplate('{{ toYaml . }}', { description: long })).toBe(
      'description: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n  tempor incididunt',
    );
  });

  it('quotes strings that YAML 1.1 would read as another type and keeps key order sorted', () => {
    expect(renderGoTemplate('{{ toYaml . }}', { on: 'yes', a: '0777', b: [] })).toBe(
      'a: "0777"\nb: []\n"on": "yes"',
    );
  });
});

describe('time values', () => {
  const now = (): Date => new Date('2024-03-10T05:06:07.5Z');

  it('offer the common time.Time methods and print like Go', () => {
    expect(
      renderGoTemplate(
        '{{ now.Year }} {{ now.Month }} {{ now.Weekday }} {{ now.Unix }} {{ now }}',
        {},
        { now },
      ),
    ).toBe('2024 March Sunday 1710047167 2024-03-10 05:06:07.5 +0000 UTC');
  });

  it('format in IANA zones with Go layouts', () => {
    expect(
      renderGoTemplate(
        '{{ dateInZone "Mon Jan _2 15:04:05 -07:00 2006" (now) "Europe/Berlin" }}',
        {},
        { now },
      ),
    ).toBe('Sun Mar 10 06:06:07 +01:00 2024');
  });
});

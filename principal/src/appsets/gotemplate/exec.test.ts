import { describe, expect, it } from 'vitest';
import { renderGoTemplate } from './index.ts';
import type { GoTemplateOptions } from './index.ts';

const render = (t: string, data: unknown = {}, opts?: GoTemplateOptions): string =>
  renderGoTemplate(t, data, opts);
const error = (t: string, data: unknown = {}, opts?: GoTemplateOptions): string => {
  try {
    render(t, data, opts);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an execution error');
};

describe('go template evaluator', () => {
  it('a pipeline passes each stage as the last argument of the next command', () => {
    expect(render('{{"x" | printf "%s-%s" "y"}}|{{4 | div 9}}')).toBe('y-x|2');
  });

  it('and/or return the deciding operand and short-circuit errors away', () => {
    expect(render('{{and 1 0}} {{or "" "d"}} {{or 1 (fail "never")}}')).toBe('0 d 1');
  });

  it('JSON numbers are float64 and do not compare equal to int literals', () => {
    expect(error('{{eq .n 3}}', { n: 3 })).toContain('incompatible types for comparison');
    expect(render('{{eq .n 3.0}} {{eq (int .n) 3}}', { n: 3 })).toBe('true true');
  });

  it('eq with several operands is true when the first equals any other', () => {
    expect(render('{{eq .env "prod" "production"}}', { env: 'production' })).toBe('true');
  });

  it('range visits map keys in byte order and binds index and element', () => {
    expect(render('{{range $k, $v := .}}{{$k}}={{$v}};{{end}}', { b: 1, B: 2, '10': 3, '9': 4 })).toBe(
      '10=3;9=4;B=2;b=1;',
    );
  });

  it('range else runs for empty, null and missing collections', () => {
    expect(
      render('{{range .l}}x{{else}}empty{{end}}|{{range .n}}x{{else}}none{{end}}', { l: [], n: null }),
    ).toBe('empty|none');
  });

  it('break and continue leave the innermost range', () => {
    expect(
      render(
        '{{range .}}{{if eq . "skip"}}{{continue}}{{end}}{{if eq . "stop"}}{{break}}{{end}}{{.}}{{end}}',
        ['a', 'skip', 'b', 'stop', 'c'],
      ),
    ).toBe('ab');
  });

  it('range over an integer literal counts from zero', () => {
    expect(render('{{range $i := 3}}{{$i}}{{end}}')).toBe('012');
  });

  it('assignment with = updates the outer variable while := shadows it', () => {
    expect(render('{{$c := 0}}{{range .}}{{$c = add $c 1}}{{end}}{{$c}}', [1, 2, 3])).toBe('3');
    expect(render('{{$c := "out"}}{{range .}}{{$c := .}}{{end}}{{$c}}', [1])).toBe('out');
  });

  it('a missing key prints <no value> but a field of a null value is an error', () => {
    expect(render('{{.a.b.c}}', {})).toBe('<no value>');
    expect(error('{{.a.b}}', { a: null })).toContain('nil pointer evaluating interface {}.b');
  });

  it('missingkey=error names the missing key, and index never applies the option', () => {
    expect(error('{{.y}}', { x: 1 }, { missingKey: 'error' })).toContain('map has no entry for key "y"');
    expect(render('{{index . "y"}}', { x: 1 }, { missingKey: 'error' })).toBe('<no value>');
  });

  it('a field of a string element is reported with the interface type like Go', () => {
    expect(error('{{.data.test}}', { data: 'text' })).toBe(
      'template: base:1:7: executing "base" at <.data.test>: can\'t evaluate field test in type interface {}',
    );
  });

  it('typed function parameters reject float64 data where an int is wanted', () => {
    expect(error('{{until .n}}', { n: 3 })).toContain('wrong type for value; expected int; got float64');
    expect(render('{{until (int .n)}}', { n: 3 })).toBe('[0 1 2]');
  });

  it('templates see their argument as dot and none of the caller variables', () => {
    expect(render('{{define "t"}}[{{.}}|{{$}}]{{end}}{{$x := 1}}{{template "t" .a}}', { a: 'v' })).toBe(
      '[v|v]',
    );
  });

  it('a function error stops execution with Go message and position', () => {
    expect(error('ab\n  {{fail "boom"}}')).toBe(
      'template: base:2:4: executing "base" at <fail "boom">: error calling fail: boom',
    );
  });

  it('index and len work on bytes for strings', () => {
    expect(render('{{index "abc" 1}} {{len "héllo"}}')).toBe('98 6');
  });
});

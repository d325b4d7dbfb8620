import { describe, expect, it } from 'vitest';
import { nodeString } from './nodes.ts';
import type { ListNode } from './nodes.ts';
import { TemplateParseError, parseTemplates } from './parser.ts';

const funcs = new Set(['printf', 'upper', 'index', 'eq']);
const parse = (text: string): Map<string, ListNode> =>
  parseTemplates(text, 'base', (f) => funcs.has(f)).trees;
const parseError = (text: string): string => {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof TemplateParseError) return e.message;
    throw e;
  }
  throw new Error('expected a parse error');
};

describe('go template parser', () => {
  it('round-trips actions, pipelines and control structures through their Go string form', () => {
    const text = '{{if eq .a 1}}x{{else}}{{range $i, $e := .l}}{{$e | upper}}{{end}}{{end}}';
    expect(nodeString(parse(text).get('base')!)).toBe(text);
  });

  it('defines and blocks become separate named templates', () => {
    const trees = parse('{{define "a"}}A{{end}}{{block "b" .}}B{{end}}');
    expect([...trees.keys()].sort()).toEqual(['a', 'b', 'base']);
    expect(nodeString(trees.get('base')!)).toBe('{{template "b" .}}');
  });

  it('a chained field on a parenthesized pipeline becomes a chain node', () => {
    expect(nodeString(parse('{{(index .l 0).name}}').get('base')!)).toBe('{{(index .l 0).name}}');
  });

  it('an unknown function is a parse error naming the function and the line', () => {
    expect(parseError('a\n{{nosuch 1}}')).toBe('template: base:2: function "nosuch" not defined');
  });

  it('an undeclared variable is a parse error, also after its scope ended', () => {
    expect(parseError('{{$x}}')).toBe('template: base:1: undefined variable "$x"');
    expect(parseError('{{with $x := 1}}{{end}}{{$x}}')).toContain('undefined variable "$x"');
  });

  it('break and continue are only allowed inside range', () => {
    expect(parseError('{{break}}')).toContain('{{break}} outside {{range}}');
    expect(parseError('{{range .}}{{else}}{{continue}}{{end}}')).toContain('{{continue}} outside {{range}}');
  });

  it('literals cannot start a later pipeline stage', () => {
    expect(parseError('{{.x | "y"}}')).toContain('non executable command in pipeline stage 2');
  });

  it('an unclosed action names the line where the action started', () => {
    expect(parseError('x\n{{"a"\n\n')).toBe('template: base:4: unclosed action started at base:2');
  });

  it('a missing end reports an unexpected EOF', () => {
    expect(parseError('{{if .x}}a')).toContain('unexpected EOF');
  });

  it('a template name that is not a string constant is rejected', () => {
    expect(parseError('{{template .x}}')).toContain('unexpected ".x" in template clause');
  });

  it('two non-empty definitions of one name are rejected', () => {
    expect(parseError('{{define "a"}}1{{end}}{{define "a"}}2{{end}}')).toContain(
      'multiple definition of template',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { lex } from './lexer.ts';

const kinds = (text: string): string[] => lex(text).map((t) => `${t.type}:${t.val}`);

describe('go template lexer', () => {
  it('splits text and actions into delimiters, spaces and operands', () => {
    expect(kinds('a {{.x | upper}} b')).toEqual([
      'text:a ',
      'leftDelim:{{',
      'field:.x',
      'space: ',
      'pipe:|',
      'space: ',
      'identifier:upper',
      'rightDelim:}}',
      'text: b',
      'eof:',
    ]);
  });

  it('trim markers remove white space on their side of the action', () => {
    expect(kinds('a \n\t{{- 3 -}}\n b')).toEqual([
      'text:a',
      'leftDelim:{{',
      'number:3',
      'rightDelim:}}',
      'text:b',
      'eof:',
    ]);
  });

  it('a dash without a following space is a negative number, not a trim marker', () => {
    expect(kinds('{{-3}}')).toEqual(['leftDelim:{{', 'number:-3', 'rightDelim:}}', 'eof:']);
  });

  it('comments must touch the delimiters and become one token', () => {
    expect(kinds('{{/* hi */}}')).toEqual(['comment:/* hi */', 'eof:']);
    expect(lex('{{/* hi */ x}}').at(-1)).toMatchObject({
      type: 'error',
      val: 'comment ends before closing delimiter',
    });
  });

  it('keywords, booleans, nil, variables and declarations have their own token types', () => {
    expect(kinds('{{if $x := true}}{{else}}{{nil}}{{end}}').filter((k) => !k.startsWith('space'))).toEqual([
      'leftDelim:{{',
      'keyword:if',
      'variable:$x',
      'declare::=',
      'bool:true',
      'rightDelim:}}',
      'leftDelim:{{',
      'keyword:else',
      'rightDelim:}}',
      'leftDelim:{{',
      'nil:nil',
      'rightDelim:}}',
      'leftDelim:{{',
      'keyword:end',
      'rightDelim:}}',
      'eof:',
    ]);
  });

  it('a character that cannot follow an identifier is reported with its code point', () => {
    expect(lex('{{.my-key}}').at(-1)).toMatchObject({ type: 'error', val: "bad character U+002D '-'" });
  });

  it('an unclosed action reports the line where the input ended', () => {
    expect(lex('a\n{{ "x"\n\n').at(-1)).toMatchObject({ type: 'error', val: 'unclosed action', line: 4 });
  });

  it('raw strings may span lines while quoted strings may not', () => {
    expect(kinds('{{`a\nb`}}')[1]).toBe('rawString:`a\nb`');
    expect(lex('{{"a\nb"}}').at(-1)).toMatchObject({ type: 'error', val: 'unterminated quoted string' });
  });

  it('numbers accept Go literal forms and reject trailing letters', () => {
    expect(kinds('{{0x1F 1_000 0b101 1e3 0x1.8p1}}').filter((k) => k.startsWith('number'))).toEqual([
      'number:0x1F',
      'number:1_000',
      'number:0b101',
      'number:1e3',
      'number:0x1.8p1',
    ]);
    expect(lex('{{12ab}}').at(-1)).toMatchObject({ type: 'error', val: 'bad number syntax: "12a"' });
  });
});

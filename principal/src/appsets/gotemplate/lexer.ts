/**
 * The lexer of Go's text/template (delimiters `{{` `}}`): text, actions, trim
 * markers `{{- ` / ` -}}`, comments, and the tokens inside actions. A lexing
 * error ends the token list with an `error` token, as Go's lexer does.
 */

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'comment'
  | 'space'
  | 'identifier'
  | 'field'
  | 'variable'
  | 'charConstant'
  | 'number'
  | 'complex'
  | 'string'
  | 'rawString'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'char'
  | 'keyword'
  | 'eof'
  | 'error';

/** One lexical item of a template. */
export interface Token {
  type: TokenType;
  val: string;
  /** Offset of the token in the template text (UTF-16 units). */
  pos: number;
  /** 1-based line of the token's start. */
  line: number;
}

const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'template',
  'with',
]);

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string): boolean => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);

/** Go's `%#U` of a character, for "bad character" errors. */
export function runeDesc(c: string): string {
  const cp = c.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

/** Go's `item.String()`, used in "unexpected X in Y" errors. */
export function tokenDesc(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (t.type === 'keyword' || t.type === 'dot' || t.type === 'nil') return `<${t.val}>`;
  const q = JSON.stringify(t.val);
  if ([...t.val].length > 10) return `${JSON.stringify([...t.val].slice(0, 10).join(''))}...`;
  return q;
}

/** Splits template text into tokens. */
export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const emit = (type: TokenType, val = input.slice(start, pos)): void => {
    tokens.push({ type, val, pos: start, line: startLine });
    start = pos;
    startLine = line;
  };
  const advance = (n: number): void => {
    for (let k = 0; k < n && pos < input.length; k++) {
      if (input[pos] === '\n') line++;
      pos++;
    }
  };
  const ignore = (): void => {
    start = pos;
    startLine = line;
  };
  const fail = (msg: string, errLine = startLine): Token[] => {
    tokens.push({ type: 'error', val: msg, pos: start, line: errLine });
    return tokens;
  };
  const atRightDelim = (): [boolean, boolean] => {
    if (isSpace(input[pos] ?? '') && input.startsWith('-}}', pos + 1)) return [true, true];
    if (input.startsWith('}}', pos)) return [true, false];
    return [false, false];
  };
  const atTerminator = (): boolean => {
    if (pos >= input.length) return true;
    const c = input[pos];
    if (isSpace(c!) || '.,|:)('.includes(c!)) return true;
    return input.startsWith('}}', pos);
  };

  for (;;) {
    // Text up to the next left delimiter.
    const next = input.indexOf('{{', pos);
    if (next < 0) {
      advance(input.length - pos);
      if (pos > start) emit('text');
      tokens.push({ type: 'eof', val: '', pos, line });
      return tokens;
    }
    const trimLeft = input.startsWith('{{- ', next) || /^\{\{-[\t\r\n]/.test(input.slice(next, next + 4));
    let textEnd = next;
    if (trimLeft) while (textEnd > start && isSpace(input[textEnd - 1]!)) textEnd--;
    advance(textEnd - pos);
    if (pos > start) emit('text');
    advance(next - pos);
    ignore();
    advance(trimLeft ? 4 : 2);
    // Comments must touch the delimiter (after an optional trim marker).
    if (input.startsWith('/*', pos)) {
      ignore();
      const close = input.indexOf('*/', pos + 2);
      if (close < 0) return fail('unclosed comment');
      advance(close + 2 - pos);
      let trimRight = false;
      if (isSpace(input[pos] ?? '') && input.startsWith('-}}', pos + 1)) trimRight = true;
      else if (!input.startsWith('}}', pos)) return fail('comment ends before closing delimiter');
      emit('comment');
      advance(trimRight ? 4 : 2);
      if (trimRight) while (pos < input.length && isSpace(input[pos]!)) advance(1);
      ignore();
      continue;
    }
    emit('leftDelim', '{{');
    // Inside the action.
    for (;;) {
      const [delim, trimRight] = atRightDelim();
      if (delim) {
        if (parenDepth !== 0) return fail('unclosed left paren');
        if (trimRight) advance(1);
        ignore();
        advance(trimRight ? 3 : 2);
        emit('rightDelim', '}}');
        if (trimRight) {
          while (pos < input.length && isSpace(input[pos]!)) advance(1);
          ignore();
        }
        break;
      }
      if (pos >= input.length) return fail('unclosed action');
      const c = input[pos];
      if (isSpace(c!)) {
        let n = 0;
        while (pos + n < input.length && isSpace(input[pos + n]!)) n++;
        // Leave " -}}" (one space before the marker) for the delimiter check.
        if (input.startsWith('-}}', pos + n)) n--;
        if (n > 0) {
          advance(n);
          emit('space');
        }
        continue;
      }
      if (c === '=') {
        advance(1);
        emit('assign');
      } else if (c === ':') {
        advance(1);
        if (input[pos] !== '=') return fail('expected :=');
        advance(1);
        emit('declare');
      } else if (c === '|') {
        advance(1);
        emit('pipe');
      } else if (c === '"') {
        advance(1);
        for (;;) {
          const ch = input[pos];
          if (ch === '\\') {
            advance(1);
            if (input[pos] === undefined || input[pos] === '\n') return fail('unterminated quoted string');
            advance(1);
          } else if (ch === undefined || ch === '\n') return fail('unterminated quoted string');
          else if (ch === '"') {
            advance(1);
            break;
          } else advance(1);
        }
        emit('string');
      } else if (c === '`') {
        const close = input.indexOf('`', pos + 1);
        if (close < 0) return fail('unterminated raw quoted string');
        advance(close + 1 - pos);
        emit('rawString');
      } else if (c === '$' || (c === '.' && !/[0-9]/.test(input[pos + 1] ?? ''))) {
        advance(1);
        if (atTerminator()) {
          emit(c === '$' ? 'variable' : 'dot');
          continue;
        }
        while (pos < input.length && isAlphaNumeric(input[pos]!)) advance(1);
        if (!atTerminator())
          return fail(`bad character ${runeDesc(String.fromCodePoint(input.codePointAt(pos)!))}`);
        emit(c === '$' ? 'variable' : 'field');
      } else if (c === "'") {
        advance(1);
        for (;;) {
          const ch = input[pos];
          if (ch === '\\') {
            advance(1);
            if (input[pos] === undefined || input[pos] === '\n')
              return fail('unterminated character constant');
            advance(1);
          } else if (ch === undefined || ch === '\n') return fail('unterminated character constant');
          else if (ch === "'") {
            advance(1);
            break;
          } else advance(1);
        }
        emit('charConstant');
      } else if (c === '.' || c === '+' || c === '-' || (c! >= '0' && c! <= '9')) {
        if (!scanNumber()) return fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
        if (input[pos] === '+' || input[pos] === '-') {
          if (!scanNumber() || input[pos - 1] !== 'i')
            return fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
          emit('complex');
        } else emit('number');
      } else if (isAlphaNumeric(c!)) {
        while (pos < input.length && isAlphaNumeric(input[pos]!)) advance(1);
        if (!atTerminator())
          return fail(`bad character ${runeDesc(String.fromCodePoint(input.codePointAt(pos)!))}`);
        const word = input.slice(start, pos);
        if (KEYWORDS.has(word)) emit('keyword');
        else if (word === 'true' || word === 'false') emit('bool');
        else if (word === 'nil') emit('nil');
        else emit('identifier');
      } else if (c === '(') {
        advance(1);
        parenDepth++;
        emit('leftParen');
      } else if (c === ')') {
        advance(1);
        parenDepth--;
        if (parenDepth < 0) return fail('unexpected right paren');
        emit('rightParen');
      } else if (c!.charCodeAt(0) < 0x7f && c!.charCodeAt(0) >= 0x20) {
        advance(1);
        emit('char');
      } else {
        return fail(
          `unrecognized character in action: ${runeDesc(String.fromCodePoint(input.codePointAt(pos)!))}`,
        );
      }
    }
  }

  function accept(valid: string): boolean {
    if (pos < input.length && valid.includes(input[pos]!)) {
      advance(1);
      return true;
    }
    return false;
  }
  function acceptRun(valid: string): void {
    while (pos < input.length && valid.includes(input[pos]!)) advance(1);
  }
  function scanNumber(): boolean {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (pos < input.length && isAlphaNumeric(input[pos]!)) {
      advance(1);
      return false;
    }
    return true;
  }
}

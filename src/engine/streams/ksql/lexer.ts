import type { SourcePosition } from '../plan';
import { notSupported, syntaxError } from './errors';

/**
 * Token kinds. Keywords are not a kind of their own: ksqlDB's grammar lets most keywords be
 * identifiers, so the parser checks an unquoted `ident`'s text where it expects a keyword.
 */
export type TokenKind = 'ident' | 'quotedIdent' | 'string' | 'number' | 'symbol' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /**
   * ident: upper-cased (ksqlDB upper-cases unquoted identifiers, `ParserUtil.getIdentifierText`);
   * quotedIdent: as written between back quotes; string: the unescaped literal; number and
   * symbol: as written.
   */
  readonly text: string;
  readonly position: SourcePosition;
  /** Offset of the token's first character in the script (to cut statement texts out). */
  readonly offset: number;
  /** Offset just after the token. */
  readonly end: number;
}

const SYMBOLS = [
  '<>',
  '!=',
  '<=',
  '>=',
  '(',
  ')',
  ',',
  ';',
  '.',
  '*',
  '+',
  '-',
  '/',
  '%',
  '=',
  '<',
  '>',
];

/** Turns a script into tokens; comments and white space are dropped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const lexer = new Cursor(text);
  for (;;) {
    lexer.skipBlanks();
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'eof') return tokens;
  }
}

/** Reads characters while tracking 1-based line and column. */
class Cursor {
  private offset = 0;
  private line = 1;
  private column = 1;

  constructor(private readonly text: string) {}

  private peek(ahead = 0): string {
    return this.text.charAt(this.offset + ahead);
  }

  private advance(): string {
    const c = this.text.charAt(this.offset++);
    if (c === '\n') {
      this.line++;
      this.column = 1;
    } else {
      this.column++;
    }
    return c;
  }

  private here(): SourcePosition {
    return { line: this.line, column: this.column };
  }

  /** White space, `-- line` comments and `/* block *\/` comments (ksqlDB's SIMPLE_COMMENT, BRACKETED_COMMENT). */
  skipBlanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.advance();
      } else if (c === '-' && this.peek(1) === '-') {
        while (this.offset < this.text.length && this.peek() !== '\n') this.advance();
      } else if (c === '/' && this.peek(1) === '*') {
        const start = this.here();
        this.advance();
        this.advance();
        while (!(this.peek() === '*' && this.peek(1) === '/')) {
          if (this.offset >= this.text.length) {
            throw syntaxError("token recognition error at: '/*'", start);
          }
          this.advance();
        }
        this.advance();
        this.advance();
      } else {
        return;
      }
    }
  }

  next(): Token {
    const position = this.here();
    const offset = this.offset;
    const make = (kind: TokenKind, value: string): Token => ({
      kind,
      text: value,
      position,
      offset,
      end: this.offset,
    });
    if (this.offset >= this.text.length) return make('eof', '<EOF>');
    const c = this.peek();
    if (c === "'") return make('string', this.quoted("'", position));
    if (c === '`') return make('quotedIdent', this.quoted('`', position));
    if (c === '"') return make('quotedIdent', this.quoted('"', position));
    if (isDigit(c) || (c === '.' && isDigit(this.peek(1)))) return make('number', this.number());
    if (isIdentStart(c)) {
      let word = '';
      while (isIdentPart(this.peek())) word += this.advance();
      return make('ident', word.toUpperCase());
    }
    const symbol = SYMBOLS.find((s) => this.text.startsWith(s, this.offset));
    if (c === '[') throw notSupported('The subscript operator ([…])', position);
    if (c === ':') throw notSupported('The STRUCT and MAP syntax (:)', position);
    if (symbol === undefined) throw syntaxError(`token recognition error at: '${c}'`, position);
    for (let i = 0; i < symbol.length; i++) this.advance();
    return make('symbol', symbol);
  }

  /** A quoted literal or identifier; a doubled quote stands for itself (`'it''s'`). */
  private quoted(quote: string, start: SourcePosition): string {
    this.advance();
    let value = '';
    for (;;) {
      if (this.offset >= this.text.length) {
        throw syntaxError(`token recognition error at: '${quote}${value}'`, start);
      }
      const c = this.advance();
      if (c === quote) {
        if (this.peek() !== quote) return value;
        this.advance();
      }
      value += c;
    }
  }

  private number(): string {
    let value = '';
    while (isDigit(this.peek())) value += this.advance();
    if (this.peek() === '.' && isDigit(this.peek(1))) {
      value += this.advance();
      while (isDigit(this.peek())) value += this.advance();
    }
    if ((this.peek() === 'E' || this.peek() === 'e') && /[-+\d]/.test(this.peek(1))) {
      value += this.advance();
      if (this.peek() === '-' || this.peek() === '+') value += this.advance();
      while (isDigit(this.peek())) value += this.advance();
    }
    return value;
  }
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '@';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}

import { describe, expect, it } from 'vitest';
import { KsqlError } from './errors';
import { tokenize } from './lexer';

function kinds(text: string): string[] {
  return tokenize(text).map((t) => `${t.kind}:${t.text}`);
}

describe('lexer', () => {
  it('upper-cases identifiers, keeps back-quoted ones, unescapes strings', () => {
    expect(kinds("SELECT `MiXed`, 'it''s' FROM t")).toEqual([
      'ident:SELECT',
      'quotedIdent:MiXed',
      'symbol:,',
      "string:it's",
      'ident:FROM',
      'ident:T',
      'eof:<EOF>',
    ]);
  });

  it('drops -- and /* */ comments and tracks 1-based lines and columns', () => {
    const tokens = tokenize('-- a comment\n  /* block\n comment */ x >= 1.5e3 <> != ;');
    expect(tokens.map((t) => `${t.text}@${t.position.line}:${t.position.column}`)).toEqual([
      'X@3:13',
      '>=@3:15',
      '1.5e3@3:18',
      '<>@3:24',
      '!=@3:27',
      ';@3:30',
      '<EOF>@3:31',
    ]);
  });

  it('reports unterminated strings and comments, and stray characters, as syntax errors', () => {
    const problem = (text: string): string => {
      try {
        tokenize(text);
      } catch (e) {
        if (e instanceof KsqlError) return `${e.message} @${e.position.line}:${e.position.column}`;
      }
      return 'no error';
    };
    expect(problem("x = 'open")).toBe(
      "line 1:5: Syntax Error\ntoken recognition error at: ''open' @1:5",
    );
    expect(problem('x /* open')).toBe(
      "line 1:3: Syntax Error\ntoken recognition error at: '/*' @1:3",
    );
    expect(problem('x ? y')).toBe("line 1:3: Syntax Error\ntoken recognition error at: '?' @1:3");
    expect(problem('x[1]')).toBe(
      'The subscript operator ([…]) is not supported in kafkascope. @1:2',
    );
  });
});

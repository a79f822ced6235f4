/**
 * A recursive-descent parser for kafkascope's subset of ksqlDB's grammar
 * (`KSQL ksqldb-parser/src/main/antlr4/io/confluent/ksql/parser/SqlBase.g4`). Anything of
 * the full grammar outside the subset is refused with a "not supported in kafkascope"
 * problem rather than misread.
 */
import type { SourcePosition, SqlType } from '../plan';
import type {
  AstColumn,
  AstExpr,
  AstJoin,
  AstQuery,
  AstRelation,
  AstStatement,
  AstWindow,
  SelectItem,
  WithProperty,
} from './ast';
import { KsqlError, notSupported, syntaxError } from './errors';
import { tokenize, type Token } from './lexer';

/** Parses a whole script; throws a {@link KsqlError} at the first problem. */
export function parseScript(text: string): AstStatement[] {
  return new Parser(text, tokenize(text)).script();
}

const TYPE_NAMES: Readonly<Record<string, SqlType>> = {
  BOOLEAN: 'BOOLEAN',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  STRING: 'STRING',
  VARCHAR: 'STRING',
};

/** Types of ksqlDB kafkascope does not model (ksqlDB's `SqlBaseType`). */
const UNMODELLED_TYPES = new Set([
  'DECIMAL',
  'ARRAY',
  'MAP',
  'STRUCT',
  'TIMESTAMP',
  'DATE',
  'TIME',
  'BYTES',
]);

const UNIT_MS: Readonly<Record<string, number>> = {
  MILLISECOND: 1,
  MILLISECONDS: 1,
  SECOND: 1000,
  SECONDS: 1000,
  MINUTE: 60_000,
  MINUTES: 60_000,
  HOUR: 3_600_000,
  HOURS: 3_600_000,
  DAY: 86_400_000,
  DAYS: 86_400_000,
};

/** ksqlDB statements outside kafkascope's subset (`statement` in SqlBase.g4). */
const UNMODELLED_STATEMENTS: ReadonlySet<string> = new Set([
  'INSERT',
  'SELECT',
  'DROP',
  'TERMINATE',
  'DESCRIBE',
  'SHOW',
  'LIST',
  'EXPLAIN',
  'UNSET',
  'PRINT',
  'DEFINE',
  'UNDEFINE',
  'ALTER',
  'PAUSE',
  'RESUME',
  'ASSERT',
]);

/** Words that end an expression or a select item (so `x FROM` is not read as an alias). */
const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'BY',
  'HAVING',
  'WINDOW',
  'PARTITION',
  'EMIT',
  'JOIN',
  'LEFT',
  'RIGHT',
  'FULL',
  'INNER',
  'OUTER',
  'ON',
  'AND',
  'OR',
  'NOT',
  'AS',
  'IS',
  'NULL',
  'LIMIT',
  'WITH',
  'WITHIN',
  'CREATE',
  'TRUE',
  'FALSE',
  'CAST',
  'BETWEEN',
  'LIKE',
  'IN',
  'CASE',
]);

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  // --- token helpers -------------------------------------------------------------------------

  private get token(): Token {
    return this.tokens[this.index];
  }

  private lookahead(n: number): Token {
    return this.tokens[Math.min(this.index + n, this.tokens.length - 1)];
  }

  private take(): Token {
    const t = this.token;
    if (t.kind !== 'eof') this.index++;
    return t;
  }

  private isWord(word: string, t: Token = this.token): boolean {
    return t.kind === 'ident' && t.text === word;
  }

  private isSymbol(symbol: string, t: Token = this.token): boolean {
    return t.kind === 'symbol' && t.text === symbol;
  }

  private acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.take();
    return true;
  }

  private acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.take();
    return true;
  }

  /** ANTLR's wording: `mismatched input 'X' expecting Y` (`extraneous` cases are folded in). */
  private mismatch(expecting: string): KsqlError {
    const t = this.token;
    const shown =
      t.kind === 'eof'
        ? '<EOF>'
        : t.kind === 'string'
          ? `'${t.text}'`
          : this.source.slice(t.offset, t.end);
    return syntaxError(`mismatched input '${shown}' expecting ${expecting}`, t.position);
  }

  private expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.mismatch(`'${word}'`);
    return this.take();
  }

  private expectSymbol(symbol: string): Token {
    if (!this.isSymbol(symbol)) throw this.mismatch(`'${symbol}'`);
    return this.take();
  }

  private identifier(what = 'IDENTIFIER'): Token {
    const t = this.token;
    if (t.kind === 'quotedIdent' || (t.kind === 'ident' && !RESERVED.has(t.text)))
      return this.take();
    throw this.mismatch(what);
  }

  private integer(): number {
    const t = this.token;
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw this.mismatch('INTEGER_VALUE');
    this.take();
    return Number(t.text);
  }

  // --- statements ----------------------------------------------------------------------------

  script(): AstStatement[] {
    const statements: AstStatement[] = [];
    while (this.token.kind !== 'eof') {
      if (this.acceptSymbol(';')) continue;
      statements.push(this.statement());
    }
    return statements;
  }

  private statement(): AstStatement {
    const first = this.token;
    const body = this.statementBody(first);
    // ksqlDB requires each statement to end with ';' (`statements: (singleStatement)* EOF`).
    if (!this.isSymbol(';')) throw this.mismatch("';'");
    const semicolon = this.take();
    return {
      ...body,
      position: first.position,
      text: this.source.slice(first.offset, semicolon.end),
    };
  }

  private statementBody(first: Token): DistributiveOmit<AstStatement, 'position' | 'text'> {
    if (this.acceptWord('SET')) return this.setStatement();
    if (this.acceptWord('CREATE')) return this.createStatement(first);
    if (first.kind === 'ident' && UNMODELLED_STATEMENTS.has(first.text)) {
      const what =
        first.text === 'SELECT'
          ? 'A transient query (SELECT without CREATE … AS)'
          : `${first.text} statement`;
      throw notSupported(what, first.position);
    }
    // ksqlDB's parser reads an unknown first word as "Unknown statement 'X'" (QTT: 'RUN').
    throw syntaxError(
      `Unknown statement '${this.source.slice(first.offset, first.end)}'`,
      first.position,
    );
  }

  private setStatement(): DistributiveOmit<AstStatement, 'position' | 'text'> {
    const nameToken = this.token;
    if (nameToken.kind !== 'string') throw this.mismatch('STRING');
    this.take();
    this.expectSymbol('=');
    const valueToken = this.token;
    if (valueToken.kind !== 'string') throw this.mismatch('STRING');
    this.take();
    return {
      kind: 'set',
      name: nameToken.text,
      value: valueToken.text,
      valuePosition: valueToken.position,
    };
  }

  private createStatement(first: Token): DistributiveOmit<AstStatement, 'position' | 'text'> {
    if (this.isWord('OR')) throw notSupported('CREATE OR REPLACE', this.token.position);
    if (this.isWord('SOURCE'))
      throw notSupported('CREATE SOURCE STREAM/TABLE', this.token.position);
    const kindWord = this.token;
    if (!this.isWord('STREAM') && !this.isWord('TABLE')) {
      if (this.isWord('TYPE') || this.isWord('CONNECTOR'))
        throw notSupported(`CREATE ${kindWord.text}`, kindWord.position);
      throw this.mismatch("{'STREAM', 'TABLE'}");
    }
    this.take();
    const sourceKind = kindWord.text === 'STREAM' ? 'STREAM' : 'TABLE';
    if (this.isWord('IF')) throw notSupported('IF NOT EXISTS', this.token.position);
    const name = this.identifier().text;
    if (this.isSymbol('(')) {
      const columns = this.columnList();
      const properties = this.isWord('WITH') ? this.withClause() : [];
      if (this.isWord('AS'))
        throw notSupported('A column list with AS SELECT', this.token.position);
      return { kind: 'createSource', sourceKind, name, columns, properties };
    }
    const properties = this.isWord('WITH') ? this.withClause() : [];
    if (!this.isWord('AS')) {
      if (this.isSymbol(';')) {
        throw notSupported(
          'CREATE STREAM/TABLE without columns (schema inference)',
          this.token.position,
        );
      }
      throw this.mismatch("{'AS', 'WITH', '('}");
    }
    this.take();
    const query = this.query();
    return {
      kind: 'createAs',
      sourceKind,
      kindWordStart: kindWord.offset - first.offset,
      kindWordEnd: kindWord.end - first.offset,
      name,
      properties,
      query,
    };
  }

  private columnList(): AstColumn[] {
    this.expectSymbol('(');
    const columns: AstColumn[] = [];
    do {
      const nameToken = this.identifier();
      const type = this.sqlType();
      let constraint: AstColumn['constraint'] = null;
      if (this.acceptWord('PRIMARY')) {
        this.expectWord('KEY');
        constraint = 'PRIMARY KEY';
      } else if (this.acceptWord('KEY')) {
        constraint = 'KEY';
      } else if (this.isWord('HEADERS') || this.isWord('HEADER')) {
        throw notSupported('HEADER columns', this.token.position);
      }
      columns.push({ name: nameToken.text, type, constraint, position: nameToken.position });
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return columns;
  }

  private sqlType(): SqlType {
    const t = this.token;
    if (t.kind === 'ident' && TYPE_NAMES[t.text] !== undefined) {
      this.take();
      return TYPE_NAMES[t.text];
    }
    if (t.kind === 'ident' && UNMODELLED_TYPES.has(t.text))
      throw notSupported(`The ${t.text} type`, t.position);
    throw this.mismatch('a type (BOOLEAN, INT, BIGINT, DOUBLE, STRING)');
  }

  private withClause(): WithProperty[] {
    this.expectWord('WITH');
    this.expectSymbol('(');
    const properties: WithProperty[] = [];
    do {
      const nameToken = this.identifier();
      this.expectSymbol('=');
      const valueToken = this.token;
      if (valueToken.kind === 'string') {
        this.take();
        properties.push({
          name: nameToken.text.toUpperCase(),
          value: valueToken.text,
          position: nameToken.position,
        });
      } else if (valueToken.kind === 'number') {
        this.take();
        properties.push({
          name: nameToken.text.toUpperCase(),
          value: Number(valueToken.text),
          position: nameToken.position,
        });
      } else if (this.isWord('TRUE') || this.isWord('FALSE')) {
        this.take();
        properties.push({
          name: nameToken.text.toUpperCase(),
          value: valueToken.text.toLowerCase(),
          position: nameToken.position,
        });
      } else {
        throw this.mismatch('{STRING, INTEGER_VALUE}');
      }
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return properties;
  }

  // --- queries -------------------------------------------------------------------------------

  private query(): AstQuery {
    this.expectWord('SELECT');
    const select = this.selectList();
    this.expectWord('FROM');
    const from = this.relation();
    const join = this.joinClause();
    const window = this.isWord('WINDOW') ? this.windowClause() : null;
    const where = this.acceptWord('WHERE') ? this.expression() : null;
    let groupBy: AstExpr[] | null = null;
    let groupByPosition: SourcePosition | null = null;
    let partitionBy: AstExpr | null = null;
    if (this.isWord('GROUP')) {
      groupByPosition = this.take().position;
      this.expectWord('BY');
      // ksqlDB's grammar: `GROUP BY valueExpression (',' valueExpression)*`, so `a AND b` is a
      // syntax error there (QTT group-by.json "complex expressions").
      groupBy = [this.additive()];
      while (this.acceptSymbol(',')) groupBy.push(this.additive());
    }
    if (this.isWord('PARTITION')) {
      this.take();
      this.expectWord('BY');
      const first = this.additive();
      if (this.isSymbol(','))
        throw notSupported('PARTITION BY several expressions', this.token.position);
      partitionBy = first;
    }
    let having: AstExpr | null = null;
    let havingPosition: SourcePosition | null = null;
    if (this.isWord('HAVING')) {
      havingPosition = this.take().position;
      having = this.expression();
    }
    let emit: AstQuery['emit'] = null;
    let emitPosition: SourcePosition | null = null;
    if (this.isWord('EMIT')) {
      emitPosition = this.take().position;
      if (this.acceptWord('CHANGES')) emit = 'CHANGES';
      else if (this.acceptWord('FINAL')) emit = 'FINAL';
      else throw this.mismatch("{'CHANGES', 'FINAL'}");
    }
    if (this.isWord('LIMIT'))
      throw notSupported('LIMIT in a persistent query', this.token.position);
    if (!this.isSymbol(';')) {
      throw this.mismatch("{';', 'WINDOW', 'WHERE', 'GROUP', 'PARTITION', 'HAVING', 'EMIT'}");
    }
    return {
      select,
      from,
      join,
      window,
      where,
      groupBy,
      groupByPosition,
      partitionBy,
      having,
      havingPosition,
      emit,
      emitPosition,
    };
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      const start = this.token;
      if (this.isSymbol('*')) {
        this.take();
        items.push({ kind: 'star', qualifier: null, position: start.position });
        continue;
      }
      if (
        (start.kind === 'ident' || start.kind === 'quotedIdent') &&
        this.isSymbol('.', this.lookahead(1)) &&
        this.isSymbol('*', this.lookahead(2))
      ) {
        this.take();
        this.take();
        this.take();
        items.push({ kind: 'star', qualifier: start.text, position: start.position });
        continue;
      }
      const expr = this.expression();
      let alias: string | null = null;
      if (this.acceptWord('AS')) alias = this.identifier('an alias').text;
      else if (
        this.token.kind === 'quotedIdent' ||
        (this.token.kind === 'ident' && !RESERVED.has(this.token.text))
      )
        alias = this.take().text;
      items.push({ kind: 'expr', expr, alias, position: start.position });
    } while (this.acceptSymbol(','));
    return items;
  }

  private relation(): AstRelation {
    const nameToken = this.identifier('a source name');
    if (this.isSymbol('(')) throw notSupported('Table functions in FROM', this.token.position);
    let alias = nameToken.text;
    if (this.acceptWord('AS')) alias = this.identifier('an alias').text;
    else if (
      this.token.kind === 'quotedIdent' ||
      (this.token.kind === 'ident' && !RESERVED.has(this.token.text))
    )
      alias = this.take().text;
    return { name: nameToken.text, alias, position: nameToken.position };
  }

  private joinClause(): AstJoin | null {
    const start = this.token;
    let type: AstJoin['type'];
    if (this.isWord('JOIN')) {
      type = 'INNER';
    } else if (this.isWord('INNER')) {
      this.take();
      type = 'INNER';
    } else if (this.isWord('LEFT')) {
      this.take();
      this.acceptWord('OUTER');
      type = 'LEFT';
    } else if (this.isWord('RIGHT') || this.isWord('FULL') || this.isWord('OUTER')) {
      throw notSupported(`${start.text} JOIN`, start.position);
    } else {
      return null;
    }
    this.expectWord('JOIN');
    const table = this.relation();
    if (this.isWord('WITHIN'))
      throw notSupported('WITHIN (stream–stream joins)', this.token.position);
    this.expectWord('ON');
    const on = this.expression();
    if (
      this.isWord('JOIN') ||
      this.isWord('LEFT') ||
      this.isWord('INNER') ||
      this.isWord('RIGHT') ||
      this.isWord('FULL')
    ) {
      throw notSupported('A join of more than two sources', this.token.position);
    }
    return { type, table, on, position: start.position };
  }

  private duration(): number {
    const amount = this.integer();
    const unit = this.token;
    if (unit.kind !== 'ident' || UNIT_MS[unit.text] === undefined) {
      throw this.mismatch(
        "{'MILLISECOND', 'MILLISECONDS', 'SECOND', 'SECONDS', 'MINUTE', 'MINUTES', 'HOUR', 'HOURS', 'DAY', 'DAYS'}",
      );
    }
    this.take();
    return amount * UNIT_MS[unit.text];
  }

  /** `WINDOW TUMBLING (SIZE …[, RETENTION …][, GRACE PERIOD …])`, HOPPING, SESSION (`windowExpression` in SqlBase.g4). */
  private windowClause(): AstWindow {
    const position = this.expectWord('WINDOW').position;
    const kindToken = this.token;
    if (this.acceptWord('TUMBLING')) {
      this.expectSymbol('(');
      this.expectWord('SIZE');
      const sizeMs = this.duration();
      const { retentionMs, graceMs } = this.windowTail();
      return { kind: 'TUMBLING', sizeMs, retentionMs, graceMs, position };
    }
    if (this.acceptWord('HOPPING')) {
      this.expectSymbol('(');
      this.expectWord('SIZE');
      const sizeMs = this.duration();
      this.expectSymbol(',');
      this.expectWord('ADVANCE');
      this.expectWord('BY');
      const advanceMs = this.duration();
      const { retentionMs, graceMs } = this.windowTail();
      return { kind: 'HOPPING', sizeMs, advanceMs, retentionMs, graceMs, position };
    }
    if (this.acceptWord('SESSION')) {
      this.expectSymbol('(');
      const gapMs = this.duration();
      const { retentionMs, graceMs } = this.windowTail();
      return { kind: 'SESSION', gapMs, retentionMs, graceMs, position };
    }
    if (kindToken.kind === 'ident')
      throw notSupported(`WINDOW ${kindToken.text}`, kindToken.position);
    throw this.mismatch("{'TUMBLING', 'HOPPING', 'SESSION'}");
  }

  private windowTail(): { retentionMs: number | null; graceMs: number | null } {
    let retentionMs: number | null = null;
    let graceMs: number | null = null;
    if (this.isSymbol(',') && this.isWord('RETENTION', this.lookahead(1))) {
      this.take();
      this.take();
      retentionMs = this.duration();
    }
    if (this.isSymbol(',') && this.isWord('GRACE', this.lookahead(1))) {
      this.take();
      this.take();
      this.expectWord('PERIOD');
      graceMs = this.duration();
    }
    this.expectSymbol(')');
    return { retentionMs, graceMs };
  }

  // --- expressions ---------------------------------------------------------------------------

  private expressionList(): AstExpr[] {
    const list = [this.expression()];
    while (this.acceptSymbol(',')) list.push(this.expression());
    return list;
  }

  expression(): AstExpr {
    return this.orExpr();
  }

  private orExpr(): AstExpr {
    let left = this.andExpr();
    while (this.isWord('OR')) {
      this.take();
      left = { kind: 'binary', op: 'OR', left, right: this.andExpr(), position: left.position };
    }
    return left;
  }

  private andExpr(): AstExpr {
    let left = this.notExpr();
    while (this.isWord('AND')) {
      this.take();
      left = { kind: 'binary', op: 'AND', left, right: this.notExpr(), position: left.position };
    }
    return left;
  }

  private notExpr(): AstExpr {
    if (this.isWord('NOT')) {
      const position = this.take().position;
      return { kind: 'not', operand: this.notExpr(), position };
    }
    return this.comparison();
  }

  private comparison(): AstExpr {
    const left = this.additive();
    const t = this.token;
    if (t.kind === 'symbol' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      this.take();
      const op = t.text === '!=' ? '<>' : (t.text as '=' | '<>' | '<' | '<=' | '>' | '>=');
      return { kind: 'binary', op, left, right: this.additive(), position: left.position };
    }
    if (this.isWord('IS')) {
      this.take();
      const negated = this.acceptWord('NOT');
      if (this.isWord('DISTINCT')) throw notSupported('IS DISTINCT FROM', this.token.position);
      this.expectWord('NULL');
      return { kind: 'isNull', operand: left, negated, position: left.position };
    }
    for (const word of ['BETWEEN', 'LIKE', 'IN']) {
      if (this.isWord(word) || (this.isWord('NOT') && this.isWord(word, this.lookahead(1)))) {
        throw notSupported(word, this.token.position);
      }
    }
    return left;
  }

  private additive(): AstExpr {
    let left = this.multiplicative();
    while (this.isSymbol('+') || this.isSymbol('-')) {
      const op = this.take().text as '+' | '-';
      left = { kind: 'binary', op, left, right: this.multiplicative(), position: left.position };
    }
    return left;
  }

  private multiplicative(): AstExpr {
    let left = this.unary();
    while (this.isSymbol('*') || this.isSymbol('/') || this.isSymbol('%')) {
      const op = this.take().text as '*' | '/' | '%';
      left = { kind: 'binary', op, left, right: this.unary(), position: left.position };
    }
    return left;
  }

  private unary(): AstExpr {
    if (this.isSymbol('-') && this.lookahead(1).kind === 'number') {
      // ksqlDB's grammar reads `-1` as one literal (its range checks include the sign).
      const position = this.take().position;
      return numberLiteral(`-${this.take().text}`, position);
    }
    if (this.isSymbol('-')) {
      const position = this.take().position;
      const operand = this.unary();
      // A negative numeric literal stays a literal (ksqlDB's grammar reads `-1` as one).
      if (operand.kind === 'literal' && typeof operand.value === 'number') {
        return { ...operand, value: -operand.value, text: `-${operand.text}`, position };
      }
      return { kind: 'negate', operand, position };
    }
    if (this.isSymbol('+')) {
      this.take();
      return this.unary();
    }
    return this.primary();
  }

  private primary(): AstExpr {
    const t = this.token;
    const position = t.position;
    if (t.kind === 'number') {
      this.take();
      return numberLiteral(t.text, position);
    }
    if (t.kind === 'string') {
      this.take();
      return {
        kind: 'literal',
        value: t.text,
        type: 'STRING',
        text: `'${t.text.replace(/'/g, "''")}'`,
        position,
      };
    }
    if (this.isSymbol('(')) {
      this.take();
      const inner = this.expression();
      this.expectSymbol(')');
      return inner;
    }
    if (t.kind === 'ident') {
      if (t.text === 'TRUE' || t.text === 'FALSE') {
        this.take();
        return {
          kind: 'literal',
          value: t.text === 'TRUE',
          type: 'BOOLEAN',
          text: t.text,
          position,
        };
      }
      if (t.text === 'NULL') {
        this.take();
        return { kind: 'literal', value: null, type: 'NULL', text: 'NULL', position };
      }
      if (t.text === 'CAST') return this.cast();
      if (t.text === 'CASE') throw notSupported('CASE expressions', position);
      if (t.text === 'INTERVAL') throw notSupported('INTERVAL literals', position);
    }
    if (t.kind === 'ident' || t.kind === 'quotedIdent') {
      if (t.kind === 'ident' && RESERVED.has(t.text)) throw this.mismatch('an expression');
      this.take();
      if (t.kind === 'ident' && this.isSymbol('(')) return this.call(t);
      if (this.isSymbol('.')) {
        this.take();
        const column = this.identifier('a column name');
        if (this.isSymbol('.') || this.isSymbol('->'))
          throw notSupported('Struct dereference', this.token.position);
        return { kind: 'column', qualifier: t.text, name: column.text, position };
      }
      if (this.isSymbol('-') && this.source.charAt(this.token.offset + 1) === '>') {
        throw notSupported('Struct dereference (->)', this.token.position);
      }
      return { kind: 'column', qualifier: null, name: t.text, position };
    }
    throw this.mismatch('an expression');
  }

  private call(nameToken: Token): AstExpr {
    this.expectSymbol('(');
    if (this.isSymbol('*')) {
      this.take();
      this.expectSymbol(')');
      return {
        kind: 'call',
        name: nameToken.text,
        args: [],
        star: true,
        position: nameToken.position,
      };
    }
    if (this.isWord('DISTINCT'))
      throw notSupported('DISTINCT in a function call', this.token.position);
    const args = this.isSymbol(')') ? [] : this.expressionList();
    this.expectSymbol(')');
    return { kind: 'call', name: nameToken.text, args, star: false, position: nameToken.position };
  }

  private cast(): AstExpr {
    const position = this.take().position;
    this.expectSymbol('(');
    const operand = this.expression();
    this.expectWord('AS');
    const type = this.sqlType();
    this.expectSymbol(')');
    return { kind: 'cast', operand, type, position };
  }
}

/**
 * A numeric literal: INTEGER when it fits in 32 bits, else BIGINT; a literal with a point or
 * an exponent is a DECIMAL (or DOUBLE) in ksqlDB, which kafkascope models as DOUBLE.
 */
function numberLiteral(text: string, position: SourcePosition): AstExpr {
  const value = Number(text);
  const isInteger = /^-?\d+$/.test(text);
  const limit = text.startsWith('-') ? 9_223_372_036_854_775_808n : 9_223_372_036_854_775_807n;
  if (isInteger && BigInt(text.replace('-', '')) > limit) {
    // `KSQL AstBuilder#visitIntegerLiteral`.
    throw new KsqlError(
      `line ${position.line}:${position.column}: Invalid numeric literal: ${text}`,
      position,
    );
  }
  if (isInteger && Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    throw notSupported(`The literal ${text} (BIGINT values beyond 2^53)`, position);
  }
  if (!Number.isFinite(value)) {
    throw new KsqlError(
      `line ${position.line}:${position.column}: Number overflows DOUBLE: ${text}`,
      position,
    );
  }
  const type: SqlType = !isInteger
    ? 'DOUBLE'
    : Math.abs(value) <= 2_147_483_647
      ? 'INTEGER'
      : 'BIGINT';
  return { kind: 'literal', value, type, text, position };
}

/** `Omit` over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

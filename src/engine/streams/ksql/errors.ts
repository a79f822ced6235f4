import type { SourcePosition, StatementProblem } from '../plan';

/**
 * A problem found while compiling one statement. Thrown inside the front end (the lexer,
 * parser and analyzer stop at the first problem of a statement, as ksqlDB does) and turned
 * into a {@link StatementProblem} by `compileStatements`.
 */
export class KsqlError extends Error {
  constructor(
    message: string,
    readonly position: SourcePosition,
    readonly origin: 'ksqldb' | 'kafkascope' = 'ksqldb',
    readonly fix: string | null = null,
  ) {
    super(message);
    this.name = 'KsqlError';
  }

  /** The plain-data problem the contract carries. */
  toProblem(): StatementProblem {
    return { message: this.message, position: this.position, origin: this.origin, fix: this.fix };
  }
}

/** A construct ksqlDB has but kafkascope does not model: refused, never half-run. */
export function notSupported(what: string, position: SourcePosition): KsqlError {
  return new KsqlError(`${what} is not supported in kafkascope.`, position, 'kafkascope');
}

/**
 * ksqlDB's syntax errors come from ANTLR: `line 1:8: Syntax Error` and a second line such
 * as `mismatched input 'X' expecting …` (`KSQL ksqldb-parser/.../DefaultKsqlParser.java`,
 * `SyntaxErrorListener`). kafkascope's hand-written parser reports the same shape, but its
 * "expecting" lists are its own (shorter) approximation of ANTLR's token sets.
 */
export function syntaxError(detail: string, position: SourcePosition): KsqlError {
  return new KsqlError(
    `line ${position.line}:${position.column}: Syntax Error\n${detail}`,
    position,
  );
}

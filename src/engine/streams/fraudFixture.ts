/**
 * The talk's fraud query as the lessons write it (the slide's CREATE STREAM corrected to
 * CREATE TABLE, the count named), and the application id ksqlDB gives it: a fixture the
 * engine's, the layout's and the view's tests share (through `src/engine/tools`).
 */
export const FRAUD_STATEMENTS = `CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT)
  WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');
CREATE TABLE possible_fraud AS
  SELECT card_number, COUNT(*) AS attempts FROM authorization_attempts
  WINDOW TUMBLING (SIZE 5 MINUTES)
  GROUP BY card_number HAVING COUNT(*) > 3;`;

/** ksqlDB's application id for the fraud query: its consumer group and internal topics' prefix. */
export const FRAUD_APPLICATION_ID = '_confluent-ksql-default_query_CTAS_POSSIBLE_FRAUD_0';

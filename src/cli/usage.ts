/** Help texts: `kafkascope --help` and each command's `--help`. */

export const MAIN_USAGE = `kafkascope: a deterministic Apache Kafka simulator

Usage:
  kafkascope run <scenario> [--seed N] [--until <duration>] [--json] [--trace <file>] [--quiet] [--check]
  kafkascope bench [--records N] [--quick] [--runs N] [--json]
  kafkascope fuzz [--seeds N] [--from S] [--json]
  kafkascope ksql <statements.sql> [--input <records.yaml>] [--topics t=N,…] [--json]
  kafkascope --help | --version
  kafkascope <command> --help

Commands:
  run     Run a scenario file headless, tell what happened, check its expectations
  bench   Measure the engine on the standard workload
  fuzz    Run the fault fuzzer over a sweep of seeds
  ksql    Compile ksqlDB statements; show the queries and topology, or the errors;
          with --input, run records through them as TopologyTestDriver would

Exit codes: 0 every expectation held, 1 an expectation failed, 2 bad input or flags.
Docs: docs/cli.md
`;

export const RUN_USAGE = `Usage: kafkascope run <scenario> [options]

Runs a scenario file (YAML or JSON) in virtual time, prints an account of what happened
and checks the scenario's expectations.

Options:
  --seed N             Use this seed instead of the scenario's
  --until <duration>   Stop at this virtual time (e.g. 500ms, 3s, 2m) instead of the
                       scenario's duration; later expectations are not evaluated
  --json               Print one JSON report on stdout (the account goes to stderr)
  --trace <file>       Write every engine event as JSON lines to <file> ("-" = stdout;
                       the account then goes to stderr)
  -q, --quiet          Print no account (problems and failures are still reported)
  --check              Check the engine's invariants after every step (slower); a
                       violation fails the run (exit 1)
  -h, --help           Show this help

Exit codes: 0 every expectation held, 1 an expectation failed,
            2 bad scenario, bad flags or unreadable file.
`;

export const BENCH_USAGE = `Usage: kafkascope bench [options]

Runs the standard workload: 3 brokers, one topic of 12 partitions, 3 producers sending
records keyed from 1,000 keys with the default partitioner, 2 consumers reading from
earliest, until every record is produced and both consumers have read everything.
Rows: RF 1 with acks=1, and RF 3 with acks=all and min.insync.replicas 2; then the
consumer-group assignors.

Options:
  --records N   Records in total (default 1,000,000)
  --quick       A short run: 100,000 records unless --records says otherwise
  --runs N      Run each workload and its minimal loop N times (default 1); print the
                median and the min-max of records/s, minimal/s and their ratio
  --json        Print the results as one JSON document
  -h, --help    Show this help

Exit codes: 0 finished, 1 a workload did not finish (consumers never caught up), 2 bad flags.
`;

/** Printed after a mistake on the command line: the command's synopsis and where the rest is. */
export const RUN_SYNOPSIS = `Usage: kafkascope run <scenario> [--seed N] [--until <duration>] [--json] [--trace <file>] [--quiet] [--check]
Run "kafkascope run --help" for details.
`;

export const BENCH_SYNOPSIS = `Usage: kafkascope bench [--records N] [--quick] [--runs N] [--json]
Run "kafkascope bench --help" for details.
`;

export const MAIN_SYNOPSIS = `Usage: kafkascope run <scenario> [options] | kafkascope bench [options] | kafkascope --help | --version
`;

export const FUZZ_USAGE = `Usage: kafkascope fuzz [--seeds N] [--from S] [--workers N] [--json]

The fault fuzzer: for each seed, a random cluster, workload and schedule of broker kills,
controlled shutdowns and restarts, with Kafka's invariants checked after every engine step
(one leader per partition, leader in ISR, ISR within replicas, HW never backwards in an
epoch, dense offsets, consumers below the HW, one owner per partition per group). Seeds whose
configuration is safe (acks=all, min.insync.replicas 2, RF 3, no unclean election) must also
never lose an acknowledged record.

Options:
  --seeds N   How many seeds (default 200)
  --from S    First seed (default 0)
  --workers N Worker threads (default: the machine's cores); the output is the same for any N
  --json      Print the results as one JSON document
  -h, --help  Show this help

Exit codes: 0 every invariant held, 1 a seed failed (printed with its events), 2 bad flags.
`;

export const FUZZ_SYNOPSIS = `Usage: kafkascope fuzz [--seeds N] [--from S] [--workers N] [--json]
Run "kafkascope fuzz --help" for details.
`;

export const KSQL_USAGE = `Usage: kafkascope ksql <statements.sql> [options]

Compiles a file of ksqlDB statements (SET, CREATE STREAM/TABLE, CREATE … AS SELECT) with
kafkascope's front end. Prints each persistent query: its query id and application.id, the
sink topic and its columns, the window, the internal topics and the Kafka Streams topology;
or ksqlDB's error at its line and column, with the corrected statement when there is one.

Options:
  --input <file>     YAML or JSON list of records to pipe in, each {topic, key, value,
                     timestamp}: value an object (written as JSON), text or null (a
                     tombstone); timestamp in ms or a duration ("4m50s"). Runs them in
                     TopologyTestDriver mode (one task, a commit after every record) and
                     prints the sink records and dropped-records
  --topics t=N,…     Topics that already exist, with their partition counts (a source
                     without PARTITIONS must name one of these)
  --json             Print the compiled program (and the run) as JSON
  -h, --help         Show this help

Exit codes: 0 compiled (and ran), 2 a statement has a problem, or bad flags or files.
`;

export const KSQL_SYNOPSIS = `Usage: kafkascope ksql <statements.sql> [--input <records.yaml>] [--topics t=N,…] [--json]
Run "kafkascope ksql --help" for details.
`;

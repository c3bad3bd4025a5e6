#!/usr/bin/env python3
"""Runs the cross-file checks (the SQL `huqing sql` prints) over a person index (`huqing index`)
on DuckDB or on Spark, and writes the findings as JSON in the shape of the batch's `cross`.

    python3 scripts/cross.py --engine duckdb|spark --sql CHECKS.sql --index DIR [--out FILE.json]
        [--memory-limit 4GB] [--temp-dir DIR] [--threads N] [--master local[2]]

The index folder holds part-*.parquet (the table person_index), households-*.parquet (the table
household_sides: each register's households as its sheet describes them), exemptions.parquet
(the table exemptions: the exemption list's lines), lists.parquet (the table list_rows: the
comparison lists' rows) and period-*.parquet (the table period_people: each register compared
with last period's and that baseline, as the period comparison reads them). `huqing cross` runs this same script. The SQL is a script of named steps (see src/scale/sql.rs):
`-- step NAME` keeps its SELECT as table NAME, `-- repeat NAME until QUERY` replaces NAME until
QUERY gives the same value twice, `-- result` gives the findings.

DuckDB keeps the steps as temporary tables and spills to --temp-dir when they outgrow
--memory-limit, so an index larger than memory is checked all the same, on disk. Spark
checkpoints each step on its executors and shuffles by the join keys, as on a cluster.
"""

import argparse
import glob
import json
import os
import re
import sys
import time

# The exemption list's table (see src/scale/index.rs) when the index has none.
NO_EXEMPTIONS = (
    "SELECT CAST(NULL AS INT) AS line, CAST(NULL AS STRING) AS person, CAST(NULL AS STRING) AS household,"
    " CAST(NULL AS STRING) AS rule, CAST(NULL AS STRING) AS reason WHERE 1 = 0"
)

# Likewise the households' table (see src/scale/index.rs), `rows` typed as the engine types lists.
NO_HOUSEHOLDS = (
    "SELECT CAST(NULL AS INT) AS file_no, CAST(NULL AS STRING) AS file, CAST(NULL AS STRING) AS kind,"
    " CAST(NULL AS INT) AS idx, CAST(NULL AS STRING) AS key, CAST(NULL AS STRING) AS written,"
    " CAST(NULL AS STRING) AS township, CAST(NULL AS STRING) AS village, CAST(NULL AS {rows}) AS rows,"
    " CAST(NULL AS INT) AS size, CAST(NULL AS STRING) AS head_id_key, CAST(NULL AS STRING) AS head_id,"
    " CAST(NULL AS STRING) AS head_name_key, CAST(NULL AS STRING) AS head_name WHERE 1 = 0"
)


# Likewise the comparison lists' rows (see src/scale/index.rs).
NO_LISTS = (
    "SELECT CAST(NULL AS INT) AS list_no, CAST(NULL AS STRING) AS list, CAST(NULL AS STRING) AS kind,"
    " CAST(NULL AS STRING) AS key, CAST(NULL AS INT) AS row, CAST(NULL AS INT) AS idx, CAST(NULL AS STRING) AS id,"
    " CAST(NULL AS STRING) AS name_key, CAST(NULL AS INT) AS birth, CAST(NULL AS STRING) AS name_written,"
    " CAST(NULL AS STRING) AS id_written, CAST(NULL AS STRING) AS shown, CAST(NULL AS STRING) AS grade WHERE 1 = 0"
)

# Likewise both sides of the period comparisons (see src/scale/period_index.rs).
NO_PERIOD = (
    "SELECT CAST(NULL AS INT) AS file_no, CAST(NULL AS INT) AS side, CAST(NULL AS STRING) AS file,"
    " CAST(NULL AS INT) AS person, CAST(NULL AS INT) AS sheet_row, CAST(NULL AS INT) AS household,"
    " CAST(NULL AS INT) AS member, CAST(NULL AS STRING) AS household_key, CAST(NULL AS STRING) AS household_written,"
    " CAST(NULL AS INT) AS head, CAST(NULL AS STRING) AS household_text, CAST(NULL AS STRING) AS township,"
    " CAST(NULL AS STRING) AS village, CAST(NULL AS STRING) AS name, CAST(NULL AS STRING) AS id_written,"
    " CAST(NULL AS STRING) AS name_key, CAST(NULL AS STRING) AS id, CAST(NULL AS INT) AS birth,"
    " CAST(NULL AS STRING) AS reason, CAST(NULL AS INT) AS leaving,"
    + "".join(f" CAST(NULL AS STRING) AS s{i}, CAST(NULL AS STRING) AS c{i}," for i in range(5))
    + " CAST(NULL AS STRING) AS size_text, CAST(NULL AS INT) AS size, CAST(NULL AS STRING) AS id_key WHERE 1 = 0"
)


def parse(sql):
    """The steps: (kind, name, until, select), kind being step, repeat or result."""
    steps = []
    for block in re.split(r"\n(?=-- (?:step|repeat|result))", sql):
        head, _, body = block.partition("\n")
        m = re.match(r"-- (step|repeat|result)(?: (\w+))?(?: until (.*))?$", head.strip())
        if not m:
            continue
        steps.append((m.group(1), m.group(2), m.group(3), body.strip().rstrip(";")))
    return steps


class DuckDb:
    def __init__(self, index, args):
        import duckdb

        self.con = duckdb.connect()
        if args.memory_limit:
            self.con.execute(f"SET memory_limit = '{args.memory_limit}'")
        if args.temp_dir:
            self.con.execute(f"SET temp_directory = '{args.temp_dir}'")
        if args.threads:
            self.con.execute(f"SET threads = {int(args.threads)}")
        self.con.execute("SET preserve_insertion_order = false")
        path = index.rstrip("/") + "/part-*.parquet"
        self.con.execute(f"CREATE VIEW person_index AS SELECT * FROM read_parquet('{path}')")
        lines = index.rstrip("/") + "/exemptions.parquet"
        source = f"read_parquet('{lines}')" if os.path.exists(lines) else f"({NO_EXEMPTIONS})"
        self.con.execute(f"CREATE VIEW exemptions AS SELECT * FROM {source}")
        sides = index.rstrip("/") + "/households-*.parquet"
        source = f"read_parquet('{sides}')" if glob.glob(sides) else f"({NO_HOUSEHOLDS.format(rows='INTEGER[]')})"
        self.con.execute(f"CREATE VIEW household_sides AS SELECT * FROM {source}")
        rows = index.rstrip("/") + "/lists.parquet"
        source = f"read_parquet('{rows}')" if os.path.exists(rows) else f"({NO_LISTS})"
        self.con.execute(f"CREATE VIEW list_rows AS SELECT * FROM {source}")
        sides = index.rstrip("/") + "/period-*.parquet"
        source = f"read_parquet('{sides}')" if glob.glob(sides) else f"({NO_PERIOD})"
        self.con.execute(f"CREATE VIEW period_people AS SELECT * FROM {source}")

    def keep(self, name, select):
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name}__next AS {select}")
        self.con.execute(f"DROP TABLE IF EXISTS {name}")
        self.con.execute(f"ALTER TABLE {name}__next RENAME TO {name}")

    def value(self, query):
        return self.con.execute(query).fetchone()[0]

    def rows(self, select):
        cur = self.con.execute(select)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]


class Spark:
    def __init__(self, index, args):
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("huqing-cross").master(args.master or "local[2]")
        builder = builder.config("spark.sql.shuffle.partitions", str(args.partitions))
        builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        # In local mode the driver is the executor: its heap holds the cached steps.
        memory = (args.memory_limit or "2GB").replace("GB", "g").replace("MB", "m")
        builder = builder.config("spark.driver.memory", memory)
        if args.temp_dir:
            builder = builder.config("spark.local.dir", args.temp_dir)
        self.spark = builder.getOrCreate()
        self.spark.sparkContext.setLogLevel("ERROR")
        self.spark.read.parquet(index.rstrip("/") + "/part-*.parquet").createOrReplaceTempView("person_index")
        try:
            lines = self.spark.read.parquet(index.rstrip("/") + "/exemptions.parquet")
        except Exception:  # an index written before exemption lists were: no line
            lines = self.spark.sql(NO_EXEMPTIONS)
        lines.createOrReplaceTempView("exemptions")
        try:
            sides = self.spark.read.parquet(index.rstrip("/") + "/households-*.parquet")
        except Exception:  # likewise: no household
            sides = self.spark.sql(NO_HOUSEHOLDS.format(rows="ARRAY<INT>"))
        sides.createOrReplaceTempView("household_sides")
        try:
            rows = self.spark.read.parquet(index.rstrip("/") + "/lists.parquet")
        except Exception:  # likewise: no list
            rows = self.spark.sql(NO_LISTS)
        rows.createOrReplaceTempView("list_rows")
        try:
            sides = self.spark.read.parquet(index.rstrip("/") + "/period-*.parquet")
        except Exception:  # likewise: no register compared with last period's
            sides = self.spark.sql(NO_PERIOD)
        sides.createOrReplaceTempView("period_people")

    def keep(self, name, select):
        # A checkpoint, not a cached view: the next steps then plan over its rows, not over the
        # whole chain of steps before it (whose plans grow with every step and overflow the heap).
        df = self.spark.sql(select).localCheckpoint(eager=True)
        df.createOrReplaceTempView(name)

    def value(self, query):
        return self.spark.sql(query).collect()[0][0]

    def rows(self, select):
        return [r.asDict(recursive=True) for r in self.spark.sql(select).collect()]


def run(engine, sql, log):
    findings = None
    for kind, name, until, select in parse(sql):
        started = time.time()
        if kind == "step":
            engine.keep(name, select)
        elif kind == "repeat":
            before, rounds = engine.value(until), 0
            while True:
                engine.keep(name, select)
                rounds += 1
                after = engine.value(until)
                if after == before:
                    break
                before = after
            name = f"{name} ×{rounds}"
        else:
            findings = engine.rows(select)
            name = "result"
        log(f"{name}: {time.time() - started:.1f}s")
    return findings


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    p.add_argument("--sql", required=True)
    p.add_argument("--index", required=True)
    p.add_argument("--out")
    p.add_argument("--memory-limit")
    p.add_argument("--temp-dir")
    p.add_argument("--threads")
    p.add_argument("--master")
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args()
    with open(args.sql, encoding="utf-8") as f:
        sql = f.read()
    log = (lambda m: None) if args.quiet else (lambda m: print(f"cross: {m}", file=sys.stderr, flush=True))
    try:
        engine = DuckDb(args.index, args) if args.engine == "duckdb" else Spark(args.index, args)
    except ImportError as e:
        sys.exit(f"cross: {e}; scripts/setup installs duckdb (pip install duckdb; for Spark, pyspark)")
    findings = run(engine, sql, log)
    text = json.dumps(findings, ensure_ascii=False, indent=2)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    log(f"{len(findings)} findings")


if __name__ == "__main__":
    main()

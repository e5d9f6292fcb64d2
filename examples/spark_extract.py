#!/usr/bin/env python3
"""Run vanban over a large corpus with Spark: each partition of file paths is
piped through `vanban extract --files-from - --out -`, which reads the paths
on stdin and writes one JSON object per line; Spark collects the lines.

    spark-submit examples/spark_extract.py CORPUS_DIR OUT_DIR [--vanban PATH]
    python3 examples/spark_extract.py CORPUS_DIR OUT_DIR   (local mode)

The vanban binary must be on every worker (same path). Output: OUT_DIR holds
Spark's part files of JSON lines; error records have an "error" key.
"""
import argparse
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--vanban", default=os.path.abspath("target/release/vanban"))
    ap.add_argument("--partitions", type=int, default=4)
    a = ap.parse_args()

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("vanban").master(os.environ.get("SPARK_MASTER", "local[2]")).getOrCreate()
    sc = spark.sparkContext
    exts = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
    paths = sorted(
        os.path.abspath(os.path.join(root, f))
        for root, _, files in os.walk(a.corpus)
        if "/gold" not in root
        for f in files
        if f.lower().endswith(exts)
    )
    rdd = sc.parallelize(paths, a.partitions)
    lines = rdd.pipe(f"{a.vanban} extract --files-from - --out - --quiet")
    docs = lines.map(json.loads)
    ok = docs.filter(lambda d: "error" not in d)
    print(f"{ok.count()} documents extracted, {docs.count() - ok.count()} failed", file=sys.stderr)
    docs.map(lambda d: json.dumps(d, ensure_ascii=False)).saveAsTextFile(a.out)
    spark.stop()


if __name__ == "__main__":
    main()

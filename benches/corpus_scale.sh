#!/usr/bin/env bash
# Whole-corpus timing: a synthetic corpus of the seeds repeated to SIZE_MB,
# extracted with 1 and 2 jobs; reports MB/s, the 2-job speedup, peak RSS,
# and the time of a ripgrep scan of the same files for the citation and
# percent patterns, measured in the same run.
#   benches/corpus_scale.sh [SIZE_MB...]     (default: 10 100)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/vanban
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for mb in "${sizes[@]}"; do
  src="$work/c$mb"; mkdir -p "$src"
  n=0; total=0; target=$((mb * 1024 * 1024))
  while [ $total -lt $target ]; do
    for f in corpus/*.txt; do
      cp "$f" "$src/$(printf '%06d' $n)_$(basename "$f")"; n=$((n+1))
      total=$((total + $(stat -c %s "$f")))
      [ $total -ge $target ] && break
    done
  done
  real_mb=$(du -sb "$src" | awk '{printf "%.1f", $1/1048576}')
  for jobs in 1 2; do
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" extract "$src" --out "$work/out" --jobs $jobs --quiet
    read -r secs rss < "$work/t"
    rate=$(awk -v m="$real_mb" -v s="$secs" 'BEGIN{printf "%.1f", (s>0)? m/s : 0}')
    echo "size=${real_mb}MB files=$n jobs=$jobs seconds=$secs MB/s=$rate peak_rss_kb=$rss"
    eval "t$jobs=$secs"
  done
  awk -v a="$t1" -v b="$t2" 'BEGIN{printf "speedup 2 jobs / 1 job: %.2fx\n", (b>0)? a/b : 0}'
  if command -v rg >/dev/null; then
    /usr/bin/time -f "%e" -o "$work/rg" rg -c -j 1 -e '[0-9]+/[0-9]*/?[A-ZĐ]+-[A-ZĐa-z]+' -e '[0-9]+([.,][0-9]+)? ?%' "$src" >/dev/null || true
    rgs=$(cat "$work/rg")
    awk -v a="$t1" -v r="$rgs" 'BEGIN{printf "ripgrep (1 thread, citation+percent patterns): %.2fs; vanban 1 job / ripgrep: %.1fx\n", r, (r>0)? a/r : 0}'
  fi
done

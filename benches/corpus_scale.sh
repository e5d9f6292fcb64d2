#!/usr/bin/env bash
# Whole-corpus timing: a synthetic corpus of the seeds repeated to SIZE_MB,
# extracted with 1 and 2 jobs, two ways:
#   files  - one JSON file per input in an output directory (atomic writes,
#            fdatasync), the end-to-end run users make;
#   jsonl  - JSON lines to /dev/null (`--out -`): text to JSON with no file
#            system work, the figure the throughput target is about.
# Each figure is the best of RUNS runs (default 3), after `sync`, so that
# write-back of an earlier run does not land in a later one. Reports MB/s
# (wall), CPU seconds (user+sys), MB/s per CPU second, peak RSS, the 2-job
# speedup, and the time of a ripgrep scan (1 thread, best of RUNS) of the
# same files for the citation and percent patterns, measured in the same run.
#   benches/corpus_scale.sh [SIZE_MB...]     (default: 10 100)
#   VANBAN=path/to/binary benches/corpus_scale.sh   (a baseline build)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VANBAN:-}" ]; then
  cargo build --release -q
  bin=target/release/vanban
else
  bin=$VANBAN
fi
runs=${RUNS:-3}
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# best_of CMD...: runs CMD `runs` times under /usr/bin/time; sets
# best_wall, best_cpu (user+sys) and best_rss (KB) of the fastest run
best_of() {
  best_wall=""; best_cpu=""; best_rss=""
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"; sync
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null || echo "($1 exited $?)" >&2
    read -r w u s m < "$work/t"
    if [ -z "$best_wall" ] || awk -v a="$w" -v b="$best_wall" 'BEGIN{exit !(a<b)}'; then
      best_wall=$w; best_cpu=$(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}'); best_rss=$m
    fi
  done
}

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
  cat "$src"/* > /dev/null   # warm the page cache
  for mode in files jsonl; do
    for jobs in 1 2; do
      if [ "$mode" = files ]; then
        best_of "$bin" extract "$src" --out "$work/out" --jobs "$jobs" --quiet
      else
        best_of "$bin" extract "$src" --out - --jobs "$jobs" --quiet
      fi
      awk -v m="$real_mb" -v w="$best_wall" -v c="$best_cpu" -v r="$best_rss" \
          -v mode="$mode" -v j="$jobs" -v n="$n" 'BEGIN{
        printf "size=%sMB files=%d out=%s jobs=%d wall=%.2fs MB/s=%.1f cpu=%.2fs MB/s/cpu-s=%.1f peak_rss_kb=%d\n",
               m, n, mode, j, w, (w>0)? m/w : 0, c, (c>0)? m/c : 0, r }'
      eval "t_${mode}_$jobs=$best_wall"
    done
    awk -v a="$(eval echo "\$t_${mode}_1")" -v b="$(eval echo "\$t_${mode}_2")" -v mode="$mode" \
        'BEGIN{printf "speedup 2 jobs / 1 job (%s): %.2fx\n", mode, (b>0)? a/b : 0}'
  done
  if command -v rg >/dev/null; then
    best_of rg -c -j 1 -e '[0-9]+/[0-9]*/?[A-ZĐ]+-[A-ZĐa-z]+' -e '[0-9]+([.,][0-9]+)? ?%' "$src"
    awk -v a="$t_jsonl_1" -v r="$best_wall" 'BEGIN{printf "ripgrep (1 thread, citation+percent patterns): %.2fs; vanban 1 job (jsonl) / ripgrep: %.1fx\n", r, (r>0)? a/r : 0}'
  fi
  rm -rf "$src"
done

#!/bin/bash
# bench/bot/run.sh — Majlisbot retrieval vs SQLite FTS5 bm25(), side by side (called by `make bench`).
#
# For each QA set in ../shared/data/qa: our analysed retrieval, our raw-word baseline and FTS5
# (unicode61, remove_diacritics 2) on the same passages and queries, then a scale run with
# perturbed copies of the passages (--replicate, ~100k passages) for latency and build speed.
# Prints one JSON line per run (from `madrasa eval bot`) and one comparison line per set:
#   {"bench":"bot","set","ours_ndcg10","raw_ndcg10","fts5_ndcg10","ndcg_ratio",
#    "ours_p99_ms","fts5_p99_ms","p99_ratio","ours_build_mb_per_s","fts5_build_mb_per_s","build_ratio",
#    the same as CPU time: "ours_cpu_p50_ms","ours_cpu_p99_ms","fts5_cpu_p99_ms",
#    "ours_build_cpu_mb_per_s","fts5_build_cpu_mb_per_s", and "load": the 1-minute load average}
# Ratios are ours / FTS5 (quality, build speed: higher is better; p99: lower is better).
# On a shared machine the wall-clock figures follow the load (printed with each line); the CPU
# figures are what the work itself cost.
set -u
cd "$(dirname "$0")/../.."
BIN=build/madrasa
Q=../shared/data/qa
[ -d "$Q" ] || { echo '{"bench":"bot","skipped":"no ../shared/data/qa"}'; exit 0; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
compare() { # compare SET OURS RAW FTS
  python3 - "$@" <<'PY'
import json, sys
s, o, r, f = sys.argv[1], *(json.loads(open(p).read().strip().splitlines()[-1]) for p in sys.argv[2:5])
ratio = lambda a, b: round(a / b, 3) if b else None
print(json.dumps({"bench": "bot", "set": s, "passages": o["passages"],
  "ours_ndcg10": o["ndcg10"], "raw_ndcg10": r["ndcg10"], "fts5_ndcg10": f["ndcg10"], "ndcg_ratio": ratio(o["ndcg10"], f["ndcg10"]),
  "ours_p50_ms": o["p50_ms"], "fts5_p50_ms": f["p50_ms"], "ours_p99_ms": o["p99_ms"], "fts5_p99_ms": f["p99_ms"],
  "p99_ratio": ratio(o["p99_ms"], f["p99_ms"]), "ours_build_mb_per_s": o["build_mb_per_s"],
  "fts5_build_mb_per_s": f["build_mb_per_s"], "build_ratio": ratio(o["build_mb_per_s"], f["build_mb_per_s"]),
  "ours_cpu_p50_ms": o.get("cpu_p50_ms"), "ours_cpu_p99_ms": o.get("cpu_p99_ms"), "fts5_cpu_p99_ms": f.get("cpu_p99_ms"),
  "ours_build_cpu_mb_per_s": o.get("build_cpu_mb_per_s"), "fts5_build_cpu_mb_per_s": f.get("build_cpu_mb_per_s"),
  "load": float(open("/proc/loadavg").read().split()[0])}))
PY
}
run() { # run NAME ARGS... : one eval, its JSON line shown and kept
  timeout 900 "$BIN" eval bot "${@:2}" >"$T/$1" 2>"$T/$1.err" || { echo "{\"bench\":\"bot\",\"failed\":\"$1\"}"; cat "$T/$1.err" >&2; return 1; }
  cat "$T/$1"
}
for f in xquad.ar.json arcd.json piaf-v1.1.json xquad.en.json; do
  [ -f "$Q/$f" ] || continue
  run ours --squad "$Q/$f" && run raw --squad "$Q/$f" --raw && run fts5 --squad "$Q/$f" --fts5 &&
    compare "$f" "$T/ours" "$T/raw" "$T/fts5"
done
# Scale: ~100k passages (xquad.ar: 240 × 420, piaf: 1518 × 66), latency and build speed.
for spec in xquad.ar.json:420 piaf-v1.1.json:66; do
  f=${spec%%:*}; n=${spec##*:}
  [ -f "$Q/$f" ] || continue
  run ours --squad "$Q/$f" --replicate "$n" && run raw --squad "$Q/$f" --replicate "$n" --raw &&
    run fts5 --squad "$Q/$f" --replicate "$n" --fts5 && compare "$f x$n" "$T/ours" "$T/raw" "$T/fts5"
done

#!/bin/bash
# bench/fsrs/run.sh — our FSRS scheduler and optimiser beside ts-fsrs and fsrs-rs (Node binding)
# on the same review log; prints the peers' line, ours, and the ratios as JSON lines.
# Installs the peers from the npm registry into bench/fsrs/node_modules (never committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
log=${1:-$root/../shared/data/fsrs/review_log_josh.csv}
reps=${REPS:-20}
bin=${MADRASA:-$root/build/madrasa}
if [ ! -f "$log" ]; then echo '{"bench":"fsrs","skipped":"no review log (../shared/data absent)"}'; exit 0; fi
if ! (cd "$here" && npm install --no-audit --no-fund --silent >/dev/null 2>&1); then
  echo '{"bench":"fsrs","skipped":"npm install failed: ts-fsrs / @open-spaced-repetition/binding not installable here (the binding needs its prebuilt linux-x64 package from the npm registry)"}'
  exit 0
fi
peers=$(cd "$here" && node peers.mjs "$log" "$reps")
ours=$("$bin" eval fsrs --revlog "$log" --bench "$reps")
echo "$peers"
echo "$ours"
node -e '
const [p, o1, o2] = process.argv.slice(1).map(JSON.parse)
console.log(JSON.stringify({bench: "fsrs_ratio",
  fit_time_ratio_fsrs_rs_over_ours: +(p.fsrs_rs_fit_seconds / o2.fit_seconds).toFixed(2),
  schedule_time_ratio_ts_fsrs_over_ours: +(p.ts_fsrs_schedule_seconds / o2.schedule_seconds).toFixed(2),
  same_reviews_scheduled: p.ts_fsrs_reviews_scheduled === o2.reviews_scheduled,
  logloss_fitted_ours: o1.logloss_fitted, logloss_fitted_fsrs_rs: p.fsrs_rs_logloss_fitted}))
' "$peers" "$(echo "$ours" | head -1)" "$(echo "$ours" | tail -1)"

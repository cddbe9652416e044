#!/usr/bin/env bash
# eval.sh — `make eval`: every evaluation on the public data in ../shared/data, one JSON
# object per line (see docs/engine.md and docs/bot.md for what each figure means).
set -u
cd "$(dirname "$0")/.."
D=../shared/data
if [ ! -d "$D" ]; then
    echo '{"note":"../shared/data is absent: no evaluation can run (tests do not need it)"}'
    exit 0
fi
B=./build/madrasa
run() { echo "# madrasa eval $*" >&2; timeout 600 "$B" eval "$@"; }
for m in bkt lr elo irt; do run kt --train $D/kt/assist2009_train.csv --test $D/kt/assist2009_test.csv --model $m; done
for m in bkt lr; do run kt --train $D/kt/synthetic5_train.csv --test $D/kt/synthetic5_test.csv --model $m; done
run fsrs --revlog $D/fsrs/review_log_josh.csv
for f in $D/irt/*.csv; do
    case "$f" in *rasch*) m=rasch ;; *onepl*) m=1pl ;; *twopl*) m=2pl ;; *threepl*) m=3pl ;; esac
    run irt --responses "$f" --model $m
    [ $m = 3pl ] || run irt --responses "$f" --model $m --method girth
done
run cat --items 500 --examinees 1000 --se 0.3
run cat --items 500 --examinees 1000 --se 0.3 --model 3pl
run policy --learners 1000
run policy --learners 1000 --model irt
for f in xquad.ar.json arcd.json piaf-v1.1.json xquad.en.json; do run bot --squad $D/qa/$f; done

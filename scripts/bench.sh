#!/usr/bin/env bash
# bench.sh — `make bench`: every benchmark under bench/*/run.sh, each measuring a peer and us
# side by side in one run and printing JSON lines with the ratios. Benchmarks that need the
# public data in ../shared/data say so and skip that part when it is absent.
set -u
cd "$(dirname "$0")/.."
[ -d ../shared/data ] || echo '{"note":"../shared/data is absent: benchmarks on public data are skipped"}'
status=0
for b in bench/*/run.sh; do
    [ -f "$b" ] || continue
    echo "== $b"
    bash "$b" || { echo "{\"bench\":\"$b\",\"error\":\"failed\"}"; status=1; }
done
exit $status

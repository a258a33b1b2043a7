#!/usr/bin/env bash
# Generates the client for the full Genesys Platform API spec and compiles all of it (every feature), timing:
#   1. the first `cargo build` (dependencies included);
#   2. the crate alone with its dependencies already built: `cargo clean -p genesys-cloud-api && cargo build`,
#      RUNS times (median reported; the issue's measure, target < 37 s in debug);
# and lists any warning of the generated crate (there must be none).
#
# Usage: xtask/bench/compile_full.sh
# Environment:
#   SPEC      the spec (default: the committed fixture generator/tests/fixtures/full-spec/genesys-platform-api-2018-03.oas3.json.gz, unpacked into SCRATCH)
#   SCRATCH   scratch directory (default: /tmp/genesys-compile-full); the client goes to $SCRATCH/client
#   CARGO_TARGET_DIR  where the client is built (default: $SCRATCH/target, kept between runs)
#   RUNS      crate-only builds to time (default: 3)
#   PROFILE   dev or release (default: dev)
#   TIMINGS   1 to add `--timings` to the last crate-only build (an HTML report in the target directory)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
scratch=${SCRATCH:-/tmp/genesys-compile-full}
spec=${SPEC:-}
if [[ -z $spec ]]; then
    mkdir -p "$scratch"
    spec=$scratch/genesys-platform-api-2018-03.oas3.json
    gzip -dc "$root/generator/tests/fixtures/full-spec/genesys-platform-api-2018-03.oas3.json.gz" >"$spec"
fi
runs=${RUNS:-3}
profile=${PROFILE:-dev}
client_target=${CARGO_TARGET_DIR:-$scratch/target}
unset CARGO_TARGET_DIR

command -v cargo >/dev/null || { echo "error: cargo is not installed" >&2; exit 1; }
[[ -f $spec ]] || { echo "error: no spec at $spec (set SPEC)" >&2; exit 1; }
mkdir -p "$scratch"

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l | xargs printf '%.1f'; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
command -v bc >/dev/null || since() { python3 -c "import time,sys; print('%.1f' % (time.time() - float(sys.argv[1])))" "$1"; }

echo "== building the generator (release)"
(cd "$root" && cargo build --release --quiet -p genesys-codegen)
generator=$root/target/release/genesys-codegen

echo "== generating $spec"
rm -rf "$scratch/client"
start=$(now)
"$generator" --spec "$spec" --out "$scratch/client" --runtime-path "$root/generated-client" 2>"$scratch/generate.log" ||
    { cat "$scratch/generate.log" >&2; exit 1; }
echo "generated in $(since "$start") s: $(tail -1 "$scratch/generate.log")"
# The workspace's lock file: the same dependency versions as the runtime is tested with.
cp "$root/Cargo.lock" "$scratch/client/Cargo.lock"
rust_lines=$(find "$scratch/client/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)
echo "$rust_lines lines of Rust"

cd "$scratch/client"
export CARGO_TARGET_DIR=$client_target
build() { cargo build --profile "$profile" --all-features "$@"; }

echo "== first build, dependencies included ($profile, all features)"
start=$(now)
build 2>"$scratch/build-first.log" || { cat "$scratch/build-first.log" >&2; exit 1; }
first=$(since "$start")
echo "first build: $first s"

times=()
for i in $(seq "$runs"); do
    cargo clean --quiet --profile "$profile" -p genesys-cloud-api
    extra=()
    [[ ${TIMINGS:-0} == 1 && $i == "$runs" ]] && extra=(--timings)
    start=$(now)
    build "${extra[@]}" 2>"$scratch/build-crate.log" || { cat "$scratch/build-crate.log" >&2; exit 1; }
    t=$(since "$start")
    echo "crate only, run $i: $t s"
    times+=("$t")
done
crate_median=$(printf '%s\n' "${times[@]}" | median)

warnings=$(grep -E '^(warning|error)' "$scratch/build-crate.log" | grep -vE 'generated [0-9]+ warnings?$' || true)
echo
echo "== result"
echo "spec:                 $spec"
echo "generated Rust:       $rust_lines lines"
echo "first build ($profile): $first s (dependencies included)"
echo "crate only ($profile):  median $crate_median s of $runs (${times[*]})"
if [[ -n $warnings ]]; then
    echo "warnings:             $(grep -c '^warning' <<<"$warnings" || true)"
    cat "$scratch/build-crate.log"
    exit 1
fi
echo "warnings:             none"
[[ ${TIMINGS:-0} == 1 ]] && echo "timings:              $client_target/cargo-timings/cargo-timing.html"
exit 0

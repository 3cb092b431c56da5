#!/usr/bin/env bash
# Benchmark: exporting a large submission to DOCX and HWPX with Accord, against
# pandoc converting the same content from Markdown to DOCX, in the same run.
#
#   bench/export_bench.sh [BUILD_DIR] [N]        (defaults: build 10000)
#
# 1. builds bench/generate_submission.cpp and generates a submission with N
#    recommendations (its base.xml) into BUILD_DIR/bench/export-N/;
# 2. makes a workspace there with the generator's organisations (org01…org12);
# 3. exports it with `accord export` to Markdown, DOCX and HWPX, and converts the
#    Markdown to DOCX with `pandoc -f markdown -t docx`, RUNS times each under
#    /usr/bin/time (wall s, peak RSS);
# 4. prints a Markdown table (best wall time, peak memory, output size) and the
#    machine, and writes it to BUILD_DIR/bench/export-N/report.md.
#
# Environment: ACCORD (default BUILD_DIR/bin/accord), SEED (1), RUNS (3).
# Installs nothing; says which package is missing.

set -u -o pipefail
export LC_ALL=C.UTF-8

case "${1:-}" in -h|--help) sed -n '2,17p' "$0"; exit 0 ;; esac
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-build}
N=${2:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
die() { echo "export_bench: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: sudo apt-get install time"
command -v pandoc >/dev/null || die "pandoc is missing: sudo apt-get install pandoc"
mkdir -p "$BUILD_DIR/bench" && BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
ACCORD=${ACCORD:-$BUILD_DIR/bin/accord}
# shellcheck source=bench/lib.sh
. "$REPO/bench/lib.sh"
bench_workspace "export-$N" "$N"
INPUT_MIB=$(awk -v b="$(stat -c %s "$WS/documents/bench.xml")" 'BEGIN { printf "%.2f", b / 1048576 }')

# best wall seconds, peak MiB and output bytes of RUNS runs of a command writing $1
measure() {
    local output=$1; shift
    local best="" peak=0
    for _ in $(seq "$RUNS"); do
        rm -f "$output"
        /usr/bin/time -o "$OUT/time.txt" -f '%e %M' "$@" >/dev/null 2>&1
        local t wall kib
        t=$(tail -1 "$OUT/time.txt")
        wall=${t% *}
        kib=${t#* }
        [ -s "$output" ] || { echo "n/a n/a 0"; return; }
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; fi
        [ "$kib" -gt "$peak" ] && peak=$kib
    done
    echo "$best $(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }') $(stat -c %s "$output")"
}

cd "$WS" || die "no workspace"
row() { # label, output, command…
    local label=$1 output=$2; shift 2
    read -r wall mib bytes < <(measure "$output" "$@")
    printf '| %s | %s | %s | %s |\n' "$label" "$wall" "$mib" "$bytes"
    echo "$wall" > "$OUT/$(basename "$output").wall"
    echo "$mib" > "$OUT/$(basename "$output").mib"
}

{
    echo "### Export benchmark: $N recommendations (seed $SEED), best of $RUNS runs"
    echo
    echo "| what | wall s | peak MiB | output bytes |"
    echo "|---|---:|---:|---:|"
    row '`accord export --format md`' "$OUT/bench.md" "$ACCORD" export bench --format md -o "$OUT/bench.md"
    row '`accord export --format docx`' "$OUT/bench.docx" "$ACCORD" export bench --format docx -o "$OUT/bench.docx"
    row '`accord export --format hwpx`' "$OUT/bench.hwpx" "$ACCORD" export bench --format hwpx --lang ko -o "$OUT/bench.hwpx"
    row '`pandoc -f markdown -t docx` (same content)' "$OUT/pandoc.docx" pandoc -f markdown -t docx -o "$OUT/pandoc.docx" "$OUT/bench.md"
    echo
    pandoc=$(cat "$OUT/pandoc.docx.wall" 2>/dev/null)
    for format in docx hwpx; do
        wall=$(cat "$OUT/bench.$format.wall" 2>/dev/null); mib=$(cat "$OUT/bench.$format.mib" 2>/dev/null)
        [ -n "$wall" ] && [ "$wall" != "n/a" ] && [ -n "$pandoc" ] || continue
        awk -v f="${format^^}" -v a="$wall" -v p="$pandoc" -v m="$mib" -v i="$INPUT_MIB" 'BEGIN {
            d = (a > 0 ? a : 0.005)
            printf "- %s: %.0f times faster than pandoc (issue 13: at least 50), peak memory %.1f times the input (issue 13: under 5)\n", f, p / d, m / i }'
    done
    echo "- input: $INPUT_MIB MiB of submission XML"
    echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -h | awk '/Mem:/ {print $2}') RAM; pandoc $(pandoc --version | head -1 | cut -d' ' -f2); accord $("$ACCORD" --version | cut -d' ' -f2)"
} | tee "$OUT/report.md"

# Sourced by the benchmarks: the generated submission in a workspace of its own.
# Needs REPO, BUILD_DIR, ACCORD, SEED and a die function.

# bench_workspace NAME N: generates a submission with N recommendations into
# $BUILD_DIR/bench/NAME/gen, makes a workspace of it (organisations org01…org12)
# in $BUILD_DIR/bench/NAME/ws, and sets OUT and WS.
bench_workspace() {
    local name=$1 n=$2
    command -v g++ >/dev/null || die "g++ is missing: sudo apt-get install g++"
    [ -x "$ACCORD" ] || die "$ACCORD is missing: build it first (make test or make demo)"
    local gen="$BUILD_DIR/bench/generate_submission" src="$REPO/bench/generate_submission.cpp"
    if [ ! -x "$gen" ] || [ "$src" -nt "$gen" ]; then
        g++ -std=c++20 -O2 -o "$gen" "$src" || die "the generator did not compile"
    fi
    OUT="$BUILD_DIR/bench/$name"
    rm -rf "$OUT" && mkdir -p "$OUT/gen"
    "$gen" --recommendations "$n" --seed "$SEED" --out "$OUT/gen" >/dev/null || die "generation failed"
    WS="$OUT/ws"
    export ACCORD_AUTHOR="Bench <bench@example.org>"
    "$ACCORD" init "$WS" >/dev/null || die "accord init failed"
    for i in $(seq -w 1 12); do
        "$ACCORD" -C "$WS" org add "org$i" --name "Organisation $i" --name-ko "단체 $i" >/dev/null || die "org add failed"
    done
    cp "$OUT/gen/base.xml" "$WS/documents/bench.xml"
    "$ACCORD" -C "$WS" validate >/dev/null || die "the generated submission does not validate"
}

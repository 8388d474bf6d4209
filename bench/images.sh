#!/usr/bin/env bash
# Benchmark of the image pipeline: a synthetic blog of POSTS posts, PHOTOS of which show a
# generated photo of WIDTH × HEIGHT pixels (JPEG, drawn by examples/photos.rs), built with
# Treffpunkt's release binary:
#
#   1. the first build (every photo resized and encoded: the cache is empty),
#   2. a second build of the unchanged site (every variant from .treffpunkt-cache/images/),
#   3. a build after one new photo was added to one post (one photo processed),
#   4. the same site without any image, for comparison with a build of main,
#   5. one new photo in the preview (bench/preview_photo.py): `serve` on the site, its first build
#      taking every variant from the cache; then a new photo is drawn and shown in one post, and
#      the time from the save to the reload message and to its largest JPEG and WebP variants
#      (made in the background) is measured.
#
#   bash bench/images.sh                      # 200 photos of 4000 × 3000 and 1000 posts
#   PHOTOS=40 bash bench/images.sh            # a smaller run
#
# It prints wall and CPU times and peak memory (GNU time), the build's own report line ("images:
# N processed, M from cache") and the preview's figures; it asserts nothing about time. The site
# is written to /dev/shm (the disk here is slow at creating many files).
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
POSTS="${POSTS:-1000}"
PHOTOS="${PHOTOS:-200}"
WIDTH="${WIDTH:-4000}"
HEIGHT="${HEIGHT:-3000}"
TIME=/usr/bin/time

echo "Building Treffpunkt and the photo generator (release)..." >&2
(cd "$ROOT" && cargo build --release --quiet --bin treffpunkt --example photos)
BIN="$ROOT/target/release/treffpunkt"
DRAW="$ROOT/target/release/examples/photos"

WORK="$(mktemp -d /dev/shm/treffpunkt-images.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
python3 "$BENCH/generate.py" "$POSTS" "$WORK/gen" >/dev/null
SITE="$WORK/gen/treffpunkt"
PLAIN="$WORK/plain"
cp -r "$SITE" "$PLAIN"

echo "Drawing $PHOTOS photos of $WIDTH × $HEIGHT..." >&2
"$DRAW" "$SITE/content/posts/fotos" "$PHOTOS" "$WIDTH" "$HEIGHT"
du -sh "$SITE/content/posts/fotos" | sed 's/^/photos on disk: /'

# Post n (in file-name order) shows photo n.
n=0
for post in $(ls "$SITE/content/posts"/*.md | head -n "$PHOTOS"); do
    n=$((n + 1))
    printf '\n![Foto %d vom Abend](fotos/foto-%04d.jpg)\n' "$n" "$n" >>"$post"
done

run() {
    local label=$1 site=$2
    rm -rf "$site/public"
    local took
    took="$( { SOURCE_DATE_EPOCH=1790000000 NO_COLOR=1 "$TIME" -f "%e s wall, %U s user, %S s system, %M kB peak" \
        "$BIN" build --root "$site" >"$WORK/stdout"; } 2>&1 | tail -n 1)"
    printf '%-34s %s  (%s)\n' "$label" "$took" "$(grep -o 'images: .*' "$WORK/stdout" || echo 'no images')"
}

run "first build (empty cache):" "$SITE"
run "second build (from the cache):" "$SITE"
"$DRAW" "$SITE/content/posts/fotos" 1 "$WIDTH" "$HEIGHT" "$((PHOTOS + 1))"
post="$(ls "$SITE/content/posts"/*.md | tail -n 1)"
printf '\n![Das neue Foto](fotos/foto-%04d.jpg)\n' "$((PHOTOS + 1))" >>"$post"
run "one new photo:" "$SITE"
run "the same posts without images:" "$PLAIN"
du -sh "$SITE/.treffpunkt-cache/images" | sed 's/^/image cache: /'
echo "one new photo in the preview:"
python3 "$BENCH/preview_photo.py" "$SITE" "$WIDTH" "$HEIGHT" | sed 's/^/  /'

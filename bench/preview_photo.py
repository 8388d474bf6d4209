#!/usr/bin/env python3
"""Measures one new photo in the preview: how soon the page shows it, and how soon its variants
are there.

    python3 bench/preview_photo.py SITE_DIR [WIDTH HEIGHT]

Starts `target/release/treffpunkt serve` on SITE_DIR (as bench/serve.py does) and waits for its
first build. Then draws one new photo of WIDTH × HEIGHT (default 4000 × 3000) into
content/posts/fotos/ with target/release/examples/photos, adds `![…](fotos/…)` to the first post
that shows no image, and measures from the end of that save:

  (a) to the reload message, and to the post's page served with the new <picture>;
  (b) to the photo's largest JPEG and largest WebP variant answered 200 (requested at once, by
      the URLs in the served page's srcset; the preview makes them in the background and a
      request waits for them).

Prints the figures, the server's own lines about the rebuild and the images it made, and its
peak memory before and after the new photo; asserts nothing about time. When the cache lacks
variants (`rm -rf SITE_DIR/.treffpunkt-cache` for a first preview), the first build's photos are
made in the background before the new photo is drawn, and the time until then is printed.
Afterwards the post is put back and the photo and the variants made of it are removed, so that a
second run measures the same work.
Only the Python standard library is used.
"""

import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin
from pathlib import Path

# Importing serve.py from bench/ (the folder of this script, first on sys.path) would leave a
# __pycache__ folder in the repository.
sys.dont_write_bytecode = True
from serve import ROOT, events, peak_memory, start  # noqa: E402

DRAW = ROOT / "target" / "release" / "examples" / "photos"
ALT = "Das neue Foto in der Vorschau"
# A wait longer than this for a message or an answer is a failure, not a figure.
TIMEOUT = 300


def largest(srcset):
    """The URL of the widest candidate of a srcset."""
    candidates = [c.split() for c in srcset.split(",") if c.strip()]
    return max(candidates, key=lambda c: int(c[1].rstrip("w")))[0]


def variant_urls(page):
    """The largest JPEG and WebP variants of the <picture> whose <img> has our alt text."""
    for picture in re.findall(r"<picture>.*?</picture>", page, re.S):
        if f'alt="{ALT}"' not in picture:
            continue
        webp = re.search(r'<source[^>]*type="image/webp"[^>]*srcset="([^"]+)"', picture)
        jpeg = re.search(r'<img[^>]*srcset="([^"]+)"', picture)
        if webp and jpeg:
            return {"JPEG": largest(jpeg.group(1)), "WebP": largest(webp.group(1))}
    return None


def get(url):
    """The status and body of a GET of `url` (an answer other than 2xx too)."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main():
    site = Path(sys.argv[1]).resolve()
    width, height = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ("4000", "3000")
    photos = site / "content" / "posts" / "fotos"
    number = len(list(photos.glob("foto-*.jpg"))) + 1
    photo = photos / f"foto-{number:04d}.jpg"
    post = next(p for p in sorted((site / "content" / "posts").glob("*.md"))
                if "![" not in p.read_text())
    original = post.read_text()
    cache = site / ".treffpunkt-cache" / "images"
    cached_before = set(cache.glob("*")) if cache.is_dir() else set()
    # The post's address: /blog/ and its file name without the date (the generator's posts set
    # no slug of their own).
    page_url_path = "/blog/" + re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.stem) + "/"

    started = time.perf_counter()
    server, (host, port), built, output = start(site)
    base = f"http://{host}:{port}"
    try:
        print(f"server started, first build: {built} "
              f"({time.perf_counter() - started:.1f} s to serving)")
        if "in the background" in built:
            # The cache lacked variants: measure the background's work before the new photo.
            for line in iter(lambda: output.get(timeout=TIMEOUT), None):
                if "made in" in line or "could not be made" in line:
                    print(f"server: {line.strip()} ({time.perf_counter() - started:.1f} s "
                          f"after the start)")
                    break
        print(f"peak server memory before the new photo: {peak_memory(server):.0f} MB")
        # The reload messages with their arrival times, read on a thread of their own, so that
        # those of the rebuild the new photo file alone makes (no page shows it yet) can be
        # passed over.
        messages = queue.Queue()

        def listen():
            for message in events(host, port, timeout=TIMEOUT):
                messages.put((time.perf_counter(), message))

        threading.Thread(target=listen, daemon=True).start()
        seen = messages.get(timeout=TIMEOUT)[1]["pages_generation"]

        drawn = time.perf_counter()
        subprocess.run([str(DRAW), str(photos), "1", width, height, str(number)], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"drew {photo.name} ({width} × {height}, {photo.stat().st_size // 1024} kB) "
              f"in {time.perf_counter() - drawn:.1f} s")
        time.sleep(1.0)
        while not messages.empty():
            seen = max(seen, messages.get()[1]["pages_generation"])
        while not output.empty():
            output.get()

        post.write_text(original + f"\n![{ALT}](fotos/{photo.name})\n")
        saved = time.perf_counter()
        while True:
            arrived, new = messages.get(timeout=TIMEOUT)
            if new["error"]:
                sys.exit(f"the rebuild failed: {new['error']}")
            if new["pages_generation"] > seen:
                break
        reloaded = arrived - saved
        status, page = get(base + page_url_path)
        served = time.perf_counter() - saved
        urls = variant_urls(page.decode())
        if status != 200 or urls is None:
            sys.exit(f"{page_url_path} was answered {status} without the new <picture> "
                     f"(alt \"{ALT}\")")
        print(f"(a) save → reload message: {reloaded * 1000:.0f} ms; "
              f"→ {page_url_path} served with the new <picture>: {served * 1000:.0f} ms")

        answered = {}

        def fetch(kind, url):
            try:
                status, body = get(url)
            except OSError as error:
                status, body = error, b""
            answered[kind] = (status, len(body), time.perf_counter() - saved, url)

        threads = [threading.Thread(target=fetch, args=(kind, urljoin(base + page_url_path, url)))
                   for kind, url in urls.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for kind in ("JPEG", "WebP"):
            status, size, after, url = answered[kind]
            if status != 200:
                sys.exit(f"{url} was answered {status}")
            print(f"(b) save → largest {kind} variant answered 200: {after:.1f} s "
                  f"({url}, {size // 1024} kB)")
        # The server's line about the images made comes when the background is idle.
        deadline = time.time() + TIMEOUT
        lines = []
        while not any("made in" in line for line in lines) and time.time() < deadline:
            try:
                lines.append(output.get(timeout=1))
            except queue.Empty:
                pass
        for line in lines:
            if "changed" in line or "made in" in line:
                print(f"server: {line.strip()}")
        print(f"peak server memory after the new photo: {peak_memory(server):.0f} MB")
    finally:
        post.write_text(original)
        photo.unlink(missing_ok=True)
        server.terminate()
        server.wait()
        # So that the next run makes the same photo's variants again rather than find them.
        for made in set(cache.glob("*")) - cached_before if cache.is_dir() else ():
            made.unlink()


if __name__ == "__main__":
    main()

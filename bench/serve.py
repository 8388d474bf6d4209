#!/usr/bin/env python3
"""Measures the preview server on a generated site: save-to-reload latency and peak memory.

    python3 bench/serve.py SITE_DIR [EDITS]

Starts `target/release/treffpunkt serve --root SITE_DIR --port 0`, waits for the first build,
subscribes to the live-reload event stream like an open page does, then EDITS times (default 9)
rewrites one post (a different one each time, its body changed, its front matter kept) and
measures the time from the end of the write to the arrival of the reload message. Prints the
first build's line, each latency, the median, and the server's peak resident memory (VmHWM).
The posts are put back as they were afterwards. bench/preview_photo.py imports `start`, `events`
and `peak_memory` from here.

Only the Python standard library is used.
"""

import json
import queue
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "treffpunkt"


def events(host, port, timeout=None):
    """Yields the JSON messages of the server's event stream (socket.timeout after `timeout`
    seconds without a message)."""
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.sendall(f"GET /__treffpunkt/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    buffer = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return
        buffer += chunk
        while b"\n\n" in buffer:
            message, buffer = buffer.split(b"\n\n", 1)
            for line in message.split(b"\n"):
                line = line.strip(b"\r")
                # Chunked transfer puts size lines around the messages; keep only the data.
                idx = line.find(b"data: ")
                if idx >= 0:
                    yield json.loads(line[idx + 6:])


def start(site):
    """Starts the preview of SITE on a free port and waits until it serves.

    Returns the server process, its (host, port), the first build's line and a queue that
    receives the server's later output lines (read on a thread of their own, so that the server
    never waits for a full pipe)."""
    server = subprocess.Popen(
        [str(BINARY), "serve", "--root", str(site), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    built = line = None
    for line in server.stdout:
        if "Built the site" in line:
            built = line.strip()
        match = re.search(r"Serving the site at http://([\d.]+):(\d+)/", line)
        if match:
            later = queue.Queue()
            threading.Thread(
                target=lambda: [later.put(line.rstrip("\n")) for line in server.stdout],
                daemon=True,
            ).start()
            return server, (match.group(1), int(match.group(2))), built, later
    server.wait()
    sys.exit(f"the preview stopped before it served (exit code {server.returncode}); last line: {built or line}")


def peak_memory(server):
    """The server's peak resident memory (VmHWM) in MB."""
    status = Path(f"/proc/{server.pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def main():
    site = Path(sys.argv[1]).resolve()
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    server, url, built, _ = start(site)
    posts = sorted((site / "content" / "posts").glob("*.md"))
    originals = {}
    try:
        print(built)
        stream = events(*url)
        state = next(stream)
        latencies = []
        for i in range(edits):
            post = posts[(i * 997) % len(posts)]
            text = originals.setdefault(post, post.read_text())
            time.sleep(0.3)
            post.write_text(text + f"\n\nNachtrag {i}: ein geänderter Absatz.\n")
            saved = time.perf_counter()
            while True:
                new = next(stream)
                if new["pages_generation"] > state["pages_generation"] or new["error"]:
                    break
            latencies.append((time.perf_counter() - saved) * 1000)
            state = new
            if new["error"]:
                sys.exit(f"the rebuild failed: {new['error']}")
            print(f"edit {i + 1}: reload after {latencies[-1]:.0f} ms")
        print(f"median save-to-reload: {statistics.median(latencies):.0f} ms over {edits} edits")
        print(f"peak server memory: {peak_memory(server):.0f} MB")
    finally:
        for post, text in originals.items():
            post.write_text(text)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()

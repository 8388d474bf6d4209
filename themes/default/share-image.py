#!/usr/bin/env python3
"""Draws the default theme's share image, static/share.png (1200x630, the size Open Graph and
X cards show without cropping): the theme's mark (favicon.svg: three people joined at a meeting
point) in white on the accent colour, with a band of lighter dots. Python's standard library
only, so that the same bytes come out anywhere: `python3 themes/default/share-image.py`.
It draws no text, so a site in any language can share with it."""

import struct
import zlib
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
SAMPLES = 4  # per axis, for smooth edges
BACKGROUND = (0x0B, 0x5A, 0x75)  # --accent
FOREGROUND = (0xFF, 0xFF, 0xFF)
SOFT = (0x4F, 0x8D, 0xA3)  # the accent lightened, for the background pattern

# The mark of favicon.svg (a 32-unit square), scaled and centred.
SCALE = 14.0
ORIGIN = (WIDTH / 2 - 16 * SCALE, HEIGHT / 2 - 16 * SCALE)


def at(x, y):
    return (ORIGIN[0] + x * SCALE, ORIGIN[1] + y * SCALE)


CIRCLES = [(at(9, 10.5), 3 * SCALE), (at(23, 10.5), 3 * SCALE), (at(16, 23.5), 3 * SCALE),
           (at(16, 16), 2 * SCALE)]
LINES = [(at(9, 10.5), at(16, 16)), (at(16, 16), at(23, 10.5)), (at(16, 16), at(16, 23.5))]
LINE_HALF_WIDTH = 2.25 * SCALE / 2
PATTERN = [((x, y), 5.0) for x in range(60, WIDTH, 120) for y in range(45, HEIGHT, 90)
           if abs(x - WIDTH / 2) > 300]


def distance_to_segment(p, a, b):
    ax, ay = a
    bx, by = b
    px, py = p
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    cx, cy = ax + t * dx, ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def colour_at(x, y):
    for (cx, cy), r in CIRCLES:
        if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
            return FOREGROUND
    for a, b in LINES:
        if distance_to_segment((x, y), a, b) <= LINE_HALF_WIDTH:
            return FOREGROUND
    for (cx, cy), r in PATTERN:
        if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
            return SOFT
    return BACKGROUND


def near_shape(x, y):
    """Whether pixel (x, y) may touch a shape: elsewhere one sample is enough."""
    margin = 4 * SCALE
    in_mark = (ORIGIN[0] - margin <= x <= ORIGIN[0] + 32 * SCALE + margin
               and ORIGIN[1] - margin <= y <= ORIGIN[1] + 32 * SCALE + margin)
    return in_mark or any(abs(x - cx) <= r + 2 and abs(y - cy) <= r + 2
                          for (cx, cy), r in PATTERN)


def pixel(x, y):
    if not near_shape(x, y):
        return colour_at(x + 0.5, y + 0.5)
    total = [0, 0, 0]
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            c = colour_at(x + (i + 0.5) / SAMPLES, y + (j + 0.5) / SAMPLES)
            for k in range(3):
                total[k] += c[k]
    n = SAMPLES * SAMPLES
    return tuple((t + n // 2) // n for t in total)


def png(rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def main():
    rows = []
    for y in range(HEIGHT):
        row = []
        for x in range(WIDTH):
            row.extend(pixel(x, y))
        rows.append(row)
    out = Path(__file__).resolve().parent / "static" / "share.png"
    out.write_bytes(png(rows))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

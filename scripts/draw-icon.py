#!/usr/bin/env python3
"""Draws assets/icon.png, the packages' icon: an ember (a drop of flame, yellow at its heart, red at its edge) on
transparency, 128x128. Written without dependencies so that anyone can redraw it: python3 scripts/draw-icon.py"""
import math, os, struct, zlib

N = 128

def pixel(x, y):
    dx = (x + 0.5 - N / 2) / (N / 2)
    dy = (y + 0.5 - N / 2) / (N / 2)
    width = 0.78 if dy > 0 else 0.78 * (1 + dy * 0.9)  # round below, narrowing to a point above
    d = math.hypot(dx / max(width, 0.05), dy / 0.9 if dy > 0 else dy / 0.95)
    if abs(dx) > max(width, 0) or d > 1.0:
        return bytes(4)
    alpha = 255 if d < 0.97 else int(255 * (1 - d) / 0.03)
    return bytes([255, max(int(220 - 170 * d), 0), max(int(90 - 80 * d), 0), max(0, min(255, alpha))])

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

raw = b"".join(b"\0" + b"".join(pixel(x, y) for x in range(N)) for y in range(N))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
with open(os.path.join(os.path.dirname(__file__), "..", "assets", "icon.png"), "wb") as file:
    file.write(png)

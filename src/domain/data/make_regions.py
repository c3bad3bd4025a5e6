#!/usr/bin/env python3
"""Builds regions.bin, the GB/T 2260 county codes huqing checks ID numbers against, from
python-stdnum's stdnum/cn/loc.dat (see README.md in this folder).

Usage: python3 make_regions.py path/to/loc.dat > regions.bin

Output: one little-endian u32 per code, ascending by code. The low 20 bits are the six-digit
code; the high 12 bits are the last year the code was in use minus 1900, or 0 when it still is.
"""
import re
import struct
import sys

last = {}
province = None
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    m = re.match(r"^(\d\d) province=", line)
    if m:
        province = m.group(1)
        continue
    m = re.match(r'^  (\d{4}) county="([^"]*)"', line)
    if not m:
        raise SystemExit(f"unexpected line: {line!r}")
    code = int(province + m.group(1))
    ends = []
    for entry in m.group(2).split(","):
        r = re.match(r"^\[(\d*)-(\d*)\]", entry)
        ends.append(int(r.group(2)) if r and r.group(2) else None)
    # A code that some entry leaves open is still in use; otherwise it ended with its last entry.
    end = None if None in ends else max(ends)
    if code in last and (last[code] is None or end is None):
        end = None
    elif code in last:
        end = max(end, last[code])
    last[code] = end

out = sys.stdout.buffer
for code in sorted(last):
    end = last[code]
    out.write(struct.pack("<I", code | ((end - 1900) << 20 if end else 0)))

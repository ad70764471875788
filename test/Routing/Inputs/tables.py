#!/usr/bin/env python3
"""Small routing-table files for the lit tests, in the benchmark format
([u8 x, u8 y, u16 n, n x (u32 key, u32 mask, u32 source, u32 route)], little
endian), and a dump of such a file as text.

  tables.py make NAME OUT   write the canned set NAME to OUT
  tables.py dump FILE       print one line per table and per entry
"""
import struct
import sys

EXACT = 0xFFFFFFFF
EAST, WEST = 1 << 0, 1 << 3
CORE1, CORE2 = 1 << 7, 1 << 8


def entry(key, mask, route, source=0):
    return (key, mask, source, route)


SETS = {
    # (0, 0): four keys for core 1 that merge into one entry, one entry the
    # default route handles, one for core 2. (1, 0): the core-1 pair would
    # catch keys 0x1 and 0x2 of the core-2 entry below it, so nothing merges.
    "small": [
        (0, 0, [entry(k, EXACT, CORE1) for k in range(4)] +
         [entry(0x10, EXACT, WEST, EAST), entry(0x20, EXACT, CORE2)]),
        (1, 0, [entry(0x0, EXACT, CORE1), entry(0x3, EXACT, CORE1),
                entry(0x0, 0xFFFFFFF0, CORE2)]),
    ],
    # Eight keys of one route: merges pair by pair.
    "eight": [(2, 3, [entry(k, EXACT, CORE1) for k in range(8)])],
    # The header promises two entries; the file holds one and a half.
    "truncated": None,
}


def encode(tables):
    out = bytearray()
    for x, y, entries in tables:
        out += struct.pack("<BBH", x, y, len(entries))
        for e in entries:
            out += struct.pack("<IIII", *e)
    return bytes(out)


def make(name, path):
    if name == "truncated":
        data = encode([(0, 0, [entry(1, EXACT, CORE1)] * 2)])[:4 + 16 + 8]
    else:
        data = encode(SETS[name])
    with open(path, "wb") as f:
        f.write(data)


def dump(path):
    data = open(path, "rb").read()
    offset = 0
    while offset < len(data):
        x, y, n = struct.unpack_from("<BBH", data, offset)
        offset += 4
        print(f"table ({x}, {y}): {n} entries")
        for _ in range(n):
            key, mask, source, route = struct.unpack_from("<IIII", data, offset)
            offset += 16
            print(f"  key 0x{key:08x} mask 0x{mask:08x} source 0x{source:02x} "
                  f"route 0x{route:x}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    else:
        dump(sys.argv[2])

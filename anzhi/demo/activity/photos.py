"""The demo's evidence photos: small valid PNGs of one colour each, made without an imaging
library (the upload checks sniff the bytes, so they must be real images)."""

import struct
import zlib


def png(rgb: tuple[int, int, int], size: int = 16) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    row = b"\x00" + bytes(rgb) * size
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b""))


# A rectification's photos: before (brown) and after (green).
BEFORE_PNG = png((150, 120, 90))
AFTER_PNG = png((90, 150, 110))

"""A fast PNG writer for rendered figures.

Figures are large (a 500-row heatmap is 1,400 × 16,000 pixels at 150 dpi) and mostly flat
colour. Pillow's encoder, which matplotlib uses, spends about 0.5 s on such an image choosing
a filter for every row; flat figures compress as well without filters, rows go to zlib
straight from Agg's buffer (no copy), and the deflate work splits into bands that run on all
cores (the compressor releases the GIL), joined with full flushes into one valid stream, as
pigz does. The result is a standard 8-bit RGBA PNG.

The deflating is done by Intel's ISA-L (the ``isal`` package) where it is installed: on these
figures it is five to six times faster than zlib at its fastest level, and its files are a
little smaller. Where it is not (a platform without its wheels), zlib does the same work.
"""

from __future__ import annotations

import os
import struct
import threading
import zlib

import numpy as np

try:
    from isal import isal_zlib as deflate
except ImportError:  # pragma: no cover - the platforms isal has no wheels for
    deflate = zlib

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_LEVEL = 1
#: Pixels a band holds at least: ~4 ms of deflating, against ~0.1 ms to start a thread (a
#: 500-task map capped at 16,384 x 513 px deflates in two bands, not one)
_BAND_PIXELS = 4_000_000


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


_BASE = 65521


def _adler32_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two pieces joined, from theirs (``length``: the second's size)."""
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % _BASE
    b = (b1 + b2 + length * (a1 - 1)) % _BASE
    return (b << 16) | a


def _piece(rgba: np.ndarray, last: bool) -> tuple[bytes, int, int]:
    """Rows of the image as PNG scanlines (filter byte 0, then the row as it is in memory),
    deflated without copying the image: (stream, adler32, size)."""
    compressor = deflate.compressobj(_LEVEL, deflate.DEFLATED, -15)
    chunks, adler, none = [], 1, b"\0"
    for row in rgba:
        chunks.append(compressor.compress(none))
        chunks.append(compressor.compress(row))
        adler = deflate.adler32(row, deflate.adler32(none, adler))
    chunks.append(compressor.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH))
    return b"".join(chunks), adler, rgba.shape[0] * (rgba.shape[1] * rgba.shape[2] + 1)


def encode(rgba: np.ndarray, dpi: float, text: dict[str, str] | None = None) -> bytes:
    """PNG bytes of an (height, width, 4) uint8 RGBA image, such as Agg's buffer."""
    rgba = np.ascontiguousarray(rgba)
    height, width, channels = rgba.shape
    if channels != 4:
        raise ValueError("encode() takes RGBA pixels")
    # a band per core, each of at least _BAND_PIXELS: below that a thread costs more than
    # the deflating it takes over
    workers = max(1, min(os.cpu_count() or 1, 4, height, height * width // _BAND_PIXELS))
    step = -(-height // workers)
    bands = [rgba[i:i + step] for i in range(0, height, step)]
    flags = [i == len(bands) - 1 for i in range(len(bands))]
    results: list = [None] * len(bands)

    def run(i: int) -> None:
        try:
            results[i] = _piece(bands[i], flags[i])
        except BaseException as exc:  # noqa: BLE001 - raised again below, in the caller
            results[i] = exc

    # the compressor releases the GIL: the bands compress side by side, the last one here
    # (plain threads: concurrent.futures would import logging and queue, ~6 ms a process)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(bands) - 1)]
    for thread in threads:
        thread.start()
    run(len(bands) - 1)
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    adler = results[0][1]
    for _, piece_adler, size in results[1:]:
        adler = _adler32_combine(adler, piece_adler, size)
    body = b"\x78\x01" + b"".join(r[0] for r in results) + struct.pack(">I", adler)
    per_metre = round(dpi / 0.0254)
    out = [_SIGNATURE,
           _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)),
           _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))]
    for key, value in (text or {}).items():
        if value:
            out.append(_chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0"
                              + value.encode("utf-8")))
    out += [_chunk(b"IDAT", body), _chunk(b"IEND", b"")]
    return b"".join(out)

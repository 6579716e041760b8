"""Big arrays in memory the process already holds.

A new process gets each fresh numpy array of a million rows from the kernel page by page:
on these machines 0.7 ms per MB, and up to 7 ms per MB when a transparent huge page has to
be compacted first (numpy asks for them), so an 8 MB column cost 5–55 ms of CPU, more than
the arithmetic on it. Right after a CSV read, Arrow's allocator (mimalloc) still holds the
tens of megabytes the parse used and freed: arrays taken from it are ready at once. They are
ordinary writable numpy arrays (kept alive by the Arrow buffer under them).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

#: Below this many bytes numpy's own allocator is as quick (and keeps things plain).
WARM_FROM = 1 << 20
_CHUNK = 1 << 16


def empty(length: int, dtype: np.dtype | type) -> np.ndarray:
    """An uninitialised array like ``np.empty(length, dtype)``, from Arrow's memory pool
    when it is big."""
    dtype = np.dtype(dtype)
    if length * dtype.itemsize < WARM_FROM:
        return np.empty(length, dtype=dtype)
    return np.frombuffer(pa.allocate_buffer(length * dtype.itemsize), dtype=dtype)


def as_float(values: np.ndarray) -> np.ndarray:
    """``values.astype(float)`` in warm memory (the same numbers)."""
    out = empty(len(values), np.float64)
    out[...] = values
    return out


def row_numbers(count: int) -> np.ndarray:
    """``np.arange(1, count + 1)`` (int64) in warm memory, filled a cache-sized chunk at a
    time."""
    out = empty(count, np.int64)
    for start in range(0, count, _CHUNK):
        stop = min(start + _CHUNK, count)
        out[start:stop] = np.arange(start + 1, stop + 1, dtype=np.int64)
    return out


__all__ = ["as_float", "empty", "row_numbers"]

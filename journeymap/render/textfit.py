"""Fitting text into a width: wrap at word boundaries, and shorten with an ellipsis when the
lines run out (the caller keeps the full text for the SVG tooltip)."""

from __future__ import annotations

from .fonts import text_width

ELLIPSIS = "…"


def _break_word(word: str, size: float, style: str, width: float) -> list[str]:
    """Split a word longer than ``width`` into pieces that fit."""
    pieces, current = [], ""
    for char in word:
        if current and text_width(current + char, size, style) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + [current] if current else pieces


def shorten(text: str, size: float, style: str, width: float) -> str:
    """``text`` cut so that it plus an ellipsis fits ``width`` (unchanged when it fits)."""
    if text_width(text, size, style) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + ELLIPSIS, size, style) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip(" ,;:-–") + ELLIPSIS if lo else ELLIPSIS


def wrap(text: str, size: float, style: str, width: float, max_lines: int = 1) -> list[str]:
    """Lines of ``text`` no wider than ``width`` points; at most ``max_lines``, the last one
    shortened with an ellipsis when the text does not fit."""
    text = " ".join(text.split())
    if max_lines <= 1:
        return [shorten(text, size, style, width)]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, style) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if text_width(word, size, style) > width:
            *full, current = _break_word(word, size, style, width)
            lines += full
        else:
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1:])
        lines = lines[:max_lines - 1] + [shorten(rest, size, style, width)]
    return lines or [""]

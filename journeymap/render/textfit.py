"""Fitting text into a width: wrap at word boundaries, and shorten with an ellipsis when the
lines run out (the caller keeps the full text for the SVG tooltip).

Chinese and Japanese are written without spaces and may break between any two characters,
except that closing punctuation, small kana and the long-vowel mark never begin a line and
opening brackets never end one (the basic rules of Japanese *kinsoku* and Chinese typesetting).
Widths come from :func:`.fonts.text_width`, which measures each character in the font that
draws it, so fitted CJK text is as wide as it is drawn."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .fonts import WIDTH_MARGIN, em_sum, line_em, needs_shaping, text_width

ELLIPSIS = "…"

#: Characters a line may break before or after: CJK radicals and punctuation, kana, bopomofo,
#: Han ideographs (with extension A and compatibility forms) and full-width forms.
_ANYWHERE = ("\u2e80-\u2fdf\u3000-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
             "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6")
#: Never the first character of a line: closing punctuation, small kana, iteration and
#: long-vowel marks.
_NO_START = ("、。，．・：；？！ー～‐々〻ゝゞヽヾ」』）】〉》〕］｝〙〗〟’”%),.!?:;"
             "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ-ㇿ")
#: Never the last character of a line: opening brackets and quotes.
_NO_END = "「『（【〈《〔［｛〘〖〝‘“"
_BREAKABLE = re.compile(f"[{_ANYWHERE}]")


@lru_cache(maxsize=None)
def _piece_pattern() -> re.Pattern[str]:
    """A piece the line may end after: opening brackets glued to the character they open,
    then one CJK character or a run of anything else, then the closing marks that must follow
    it. Compiled when the first CJK text is wrapped: it takes ~5 ms, which a journey in a
    Latin script would otherwise pay at every start of ``journeymap render``."""
    return re.compile(f"[{_NO_END}]*(?:[{_ANYWHERE}]|[^{_ANYWHERE}]+?"
                      f"(?=[{_ANYWHERE}{_NO_END}]|$))[{_NO_START}]*")


def _pieces(text: str) -> list[tuple[str, str]]:
    """``text`` as (separator, piece) pairs a line may break between: its words, with CJK
    words cut between characters (separator "") where the rules above allow."""
    out: list[tuple[str, str]] = []
    for word in text.split(" "):
        parts = _piece_pattern().findall(word) if _BREAKABLE.search(word) else [word]
        if "".join(parts) != word or not parts:  # pragma: no cover - a guard, not a path
            parts = [word]
        out.append((" " if out else "", parts[0]))
        out.extend(("", part) for part in parts[1:])
    return out


def _break_word(word: str, size: float, style: str, width: float) -> list[str]:
    """Split a word longer than ``width`` into pieces that fit."""
    pieces, current = [], ""
    for char in word:
        if (current and not _is_mark(char)  # a mark stays with its letter
                and text_width(current + char, size, style) > width):
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + [current] if current else pieces


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def shorten(text: str, size: float, style: str, width: float) -> str:
    """``text`` cut so that it plus an ellipsis fits ``width`` (unchanged when it fits)."""
    if text_width(text, size, style) <= width:
        return text
    # where the text may be cut: anywhere but between a letter and its combining marks
    cuts = [i for i in range(len(text) + 1) if i == len(text) or not _is_mark(text[i])]
    lo, hi = 0, len(cuts) - 1
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if text_width(text[:cuts[mid]].rstrip() + ELLIPSIS, size, style) <= width:
            lo = mid
        else:
            hi = mid - 1
    lo = cuts[lo]
    return text[:lo].rstrip(" ,;:-–、。，") + ELLIPSIS if lo else ELLIPSIS


def wrap(text: str, size: float, style: str, width: float, max_lines: int = 1) -> list[str]:
    """Lines of ``text`` no wider than ``width`` points; at most ``max_lines``, the last one
    shortened with an ellipsis when the text does not fit."""
    text = " ".join(text.split())
    if max_lines <= 1:
        return [shorten(text, size, style, width)]
    pieces = (_pieces(text) if _BREAKABLE.search(text)
              else [(" " if i else "", w) for i, w in enumerate(text.split(" "))])
    shaped = needs_shaping(text)
    lines: list[str] = []
    current, em = "", 0.0   # the line so far and its measure in ems
    for separator, piece in pieces:
        # the candidate line measured by going on from the line so far: the same
        # additions as measuring it afresh (fonts.em_sum), without measuring it afresh
        candidate = f"{current}{separator}{piece}" if current else piece
        if shaped:  # joined letters and stacked marks: measured whole, as drawn
            grown = line_em(candidate, style)
        else:
            grown = em_sum(em, separator + piece, style) if current else em_sum(0.0, piece, style)
        if grown * size * WIDTH_MARGIN <= width:
            current, em = candidate, grown
            continue
        if current:
            lines.append(current)
        if text_width(piece, size, style) > width:
            *full, current = _break_word(piece, size, style, width)
            lines += full
        else:
            current = piece
        em = em_sum(0.0, current, style)
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        rest = _rejoin(lines[max_lines - 1:])
        lines = lines[:max_lines - 1] + [shorten(rest, size, style, width)]
    return lines or [""]


def _rejoin(lines: list[str]) -> str:
    """Lines back into one text: a space where the break was one, none between CJK."""
    text = lines[0]
    for line in lines[1:]:
        cjk = _BREAKABLE.match(line) or _BREAKABLE.match(text[-1:])
        text += line if cjk else f" {line}"
    return text

"""What Mermaid's ``journey`` syntax allows, shared by the importer and the exporter.

Mermaid's lexer ends a task name at ``:``, ``#`` or ``;``, a section name at the same three,
an actor at ``,``, and reads a line that begins with ``journey``, ``title ``, ``section ``,
``accTitle:`` or ``accDescr`` as that keyword whatever follows. Names that contain such
characters are written as look-alikes (:data:`LOOKALIKES`) that the importer turns back, and a
name that would read as a keyword gets an invisible zero-width space in front, which the
importer drops. So any name survives export and import unchanged, and Mermaid still draws it.

Scores: Mermaid's 1..5 face scale maps to the designer's emotion −2..+2 by ``emotion = score
− 3``, clamped to the emotion's range.
"""

from __future__ import annotations

import math
import re

from journeymap.model import EMOTION_MAX, EMOTION_MIN

#: A character Mermaid cannot carry inside a name -> what the exporter writes instead.
LOOKALIKES = {
    ":": "\ua789",   # MODIFIER LETTER COLON
    "#": "\u266f",   # MUSIC SHARP SIGN
    ";": "\u204f",   # REVERSED SEMICOLON
    ",": "\u201a",   # SINGLE LOW-9 QUOTATION MARK (actors only: commas separate them)
}
_BACK = {v: k for k, v in LOOKALIKES.items()}
ZWSP = "\u200b"
#: "%%" anywhere after the first character starts a comment in Mermaid's lexer: the exporter
#: puts a zero-width space between two percent signs.
_PERCENTS = re.compile("%(?=%)")
_BROKEN_PERCENTS = re.compile("%" + ZWSP + "(?=%)")
#: Line starts that Mermaid's lexer (case-insensitively) reads as keywords or comments (a task
#: line starting with one "%" vanishes in Mermaid 11, checked with its own parser).
_KEYWORD_START = re.compile(r"(journey|title\s|section\s|acctitle\s*:|accdescr\s*[:{]|%|#)",
                            re.IGNORECASE)
#: Characters that end a line for Python's ``str.splitlines`` (and so for the importer).
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")

NEUTRAL_SCORE = 3
#: Decimals kept when converting between scores and emotions, so 4.333 → 1.333 → 4.333 exactly.
DECIMALS = 6


def escape(text: str, forbidden: str, line_start: bool = False) -> str:
    """``text`` as Mermaid can hold it where the characters in ``forbidden`` would end it;
    ``line_start``: the text begins a line, so it must not read as a keyword."""
    text = _LINE_BREAKS.sub(" ", text).strip()
    text = _PERCENTS.sub("%" + ZWSP, text)
    for char in forbidden:
        text = text.replace(char, LOOKALIKES[char])
    if line_start and _KEYWORD_START.match(text):
        text = ZWSP + text
    return text


def unescape(text: str) -> str:
    """A name as written by :func:`escape`, back as it was (also cleans hand-written names)."""
    text = _BROKEN_PERCENTS.sub("%", text.strip())
    if text.startswith(ZWSP):
        text = text[1:]
    return "".join(_BACK.get(char, char) for char in text)


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_score(text: str) -> float | int | None:
    """A Mermaid score as a number (``None`` if ``text`` is not one)."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def tidy(value: float) -> float | int:
    """``value`` rounded to :data:`DECIMALS`, as an int when it is whole."""
    value = round(value, DECIMALS)
    return int(value) if value == int(value) else value


def emotion_from_score(score: float) -> tuple[float | int, bool]:
    """The designer's emotion for a Mermaid score, and whether it had to be clamped."""
    emotion = tidy(score - NEUTRAL_SCORE)
    clamped = min(EMOTION_MAX, max(EMOTION_MIN, emotion))
    return clamped, clamped != emotion


def score_from_emotion(emotion: float) -> float | int:
    return tidy(emotion + NEUTRAL_SCORE)


def format_score(score: float) -> str:
    value = tidy(score)
    return str(value) if isinstance(value, int) else repr(value)

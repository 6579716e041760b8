"""Writing journeys as Mermaid ``journey`` diagrams.

Stage → ``section``, touchpoint → task (in journey order), personas → actors, and a score
1..5 per task:

- By default the designer's emotion: ``score = emotion + 3``. A touchpoint imported with a
  score outside 1..5 gives that score back (``attributes["mermaid_score"]``) as long as its
  emotion is still the clamped value of it. Without a journey-wide emotion the mean of its
  personas' scores is used; a touchpoint with no score at all gets Mermaid's neutral 3, since
  Mermaid needs a number.
- With an :class:`journeymap.analytics.Analysis`, the measured friction instead:
  ``score = 1 + 4 × (1 − friction)``, rounded to a whole face (friction 0 → 5, 1 → 1).
  Touchpoints without feedback keep the designer's score; a ``%%`` comment in the output says
  so, since Mermaid shows both alike.

Actors of a task are the personas with a score on the touchpoint, in the journey's persona
order. Names are escaped as :mod:`.mermaid_syntax` describes, so the output both renders in
Mermaid and imports back to the same stages, touchpoints, order and scores.
"""

from __future__ import annotations

import math
import os
from typing import Any

from journeymap.model import Journey, Touchpoint
from journeymap.model.fileformat import write_atomic

from .mermaid_syntax import (NEUTRAL_SCORE, emotion_from_score, escape, format_score,
                             score_from_emotion)

INDENT = "    "
#: "}" would close an accDescr block early: the exporter writes a full-width one.
_CLOSING_BRACE = "\uff5d"


def to_mermaid(journey: Journey, analysis: Any = None) -> str:
    """The journey as Mermaid ``journey`` text (ends with a newline).

    With ``analysis`` (a :class:`journeymap.analytics.Analysis` of this journey, without
    ``by``) the scores come from measured friction where there is feedback.
    """
    friction = _friction(analysis) if analysis is not None else None
    persona_order = [p.id for p in journey.personas]
    names = {p.id: p.name for p in journey.personas}
    lines = ["journey", f"{INDENT}title {escape(journey.title, '#;') or 'Untitled journey'}"]
    lines += _description(journey.description)
    if friction is not None:
        lines.append(f"{INDENT}%% scores: 1 + 4 x (1 - measured friction); touchpoints "
                     "without feedback keep the designer's emotion + 3")
    for stage in journey.stages:
        name = escape(stage.name, ":#;") or "(unnamed section)"
        lines.append(f"{INDENT}section {name}")
        for tp in journey.touchpoints(stage.id):
            score = _score(tp, friction)
            actors = [escape(names[p], ":#;,") or p for p in persona_order if p in tp.emotions]
            label = escape(tp.label, ":#;", line_start=True) or tp.id
            task = f"{INDENT * 2}{label}: {format_score(score)}"
            lines.append(task + (f": {', '.join(actors)}" if actors else ""))
    return "\n".join(lines) + "\n"


def write_mermaid(journey: Journey, path: str | os.PathLike[str], analysis: Any = None) -> None:
    """Write :func:`to_mermaid` to ``path`` atomically."""
    write_atomic(path, to_mermaid(journey, analysis))


def _description(text: str) -> list[str]:
    lines = [escape(line, "") for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    if len(lines) == 1:
        return [f"{INDENT}accDescr: {lines[0]}"]
    body = [f"{INDENT * 2}{line.replace('}', _CLOSING_BRACE)}" for line in lines]
    return [f"{INDENT}accDescr {{", *body, f"{INDENT}}}"]


def _score(tp: Touchpoint, friction: dict[str, float] | None) -> float:
    """The Mermaid score of one touchpoint (see the module's description)."""
    if friction is not None and tp.id in friction:
        return math.floor(1 + 4 * (1 - friction[tp.id]) + 0.5)
    emotion = tp.overall_emotion
    if emotion is None:
        return NEUTRAL_SCORE
    original = tp.attributes.get("mermaid_score")
    if isinstance(original, (int, float)) and not isinstance(original, bool) \
            and math.isfinite(original) and emotion_from_score(original)[0] == emotion:
        return original
    return score_from_emotion(emotion)


def _friction(analysis: Any) -> dict[str, float]:
    """Measured friction per touchpoint id, where there is any."""
    values = analysis.measure_values("friction")
    return {str(key): float(value) for key, value in values.items()
            if value is not None and value == value}

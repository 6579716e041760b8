"""Checking a journey held in memory with the same rules a file is checked with."""

from __future__ import annotations

import math

from .document import Problem, check_document, to_document
from .fileformat import schema_problems
from .journey import Journey


def validate(journey: Journey) -> list[Problem]:
    """Every problem in ``journey``, with paths as they would appear in its file.

    Edits keep a journey valid; this finds what direct changes to elements broke: a touchpoint
    naming a missing stage or lane, an emotion out of range, a value JSON cannot hold, ...
    """
    problems: list[Problem] = []
    stage_ids = {s.id for s in journey.stages}
    for _, touchpoint in journey.graph.nodes(data="touchpoint"):
        if touchpoint.stage not in stage_ids:
            problems.append(Problem(f"touchpoint {touchpoint.id}",
                                    f"is in a missing stage {touchpoint.stage!r}"))
        numbers = [touchpoint.emotion, *touchpoint.emotions.values(), *(touchpoint.position or ())]
        if any(isinstance(v, float) and not math.isfinite(v) for v in numbers):
            problems.append(Problem(f"touchpoint {touchpoint.id}",
                                    "holds a number that is not finite (NaN or infinity)"))
    if problems:
        return problems
    doc = to_document(journey)
    return schema_problems(doc) or check_document(doc)

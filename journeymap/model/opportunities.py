"""Opportunities: improvement ideas as objects a team can score, rank and hand to a backlog.

An opportunity links to the touchpoints (and the pain points written on them) it would
improve, and carries the team's scores: customer value and business value (1–5 each), effort
(1–5) and confidence (0–1). Its **priority** is

    priority = (customer value + business value) × confidence ÷ effort

a RICE-like score from 0 to 10: what it is worth to the customer and to the business, discounted
by how sure the team is, per unit of work. An opportunity missing any score has no priority and
ranks after the scored ones. The evidence (friction, n, driver weight of the linked
touchpoints) is not stored: it is computed from the data when shown
(:mod:`journeymap.analytics.opportunities`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .elements import _Element

#: Where an opportunity stands, in the order a backlog moves through them.
STATUSES = ("idea", "planned", "in progress", "done", "dropped")
#: Scores' ranges (inclusive): values 1–5, effort 1–5, confidence 0–1.
VALUE_RANGE = (1, 5)
EFFORT_RANGE = (1, 5)
CONFIDENCE_RANGE = (0.0, 1.0)
#: What the 1–5 scales mean, for tooltips and the README.
SCALE_WORDS = {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"}


@dataclass
class Opportunity(_Element):
    """An improvement idea linked to touchpoints (see the module docstring)."""

    id: str
    title: str
    description: str = ""
    touchpoints: list[str] = field(default_factory=list)
    pain_points: list[str] = field(default_factory=list)
    customer_value: float | None = None
    business_value: float | None = None
    effort: float | None = None
    confidence: float | None = None
    owner: str = ""
    status: str = "idea"

    @property
    def scored(self) -> bool:
        return None not in (self.customer_value, self.business_value, self.effort,
                            self.confidence)

    @property
    def priority(self) -> float | None:
        """(customer value + business value) × confidence ÷ effort; None until scored."""
        if not self.scored or not self.effort:
            return None
        return ((self.customer_value + self.business_value)  # type: ignore[operator]
                * self.confidence / self.effort)


def ranked(opportunities: list[Opportunity]) -> list[Opportunity]:
    """Highest priority first; unscored ones after, in their own order; done and dropped
    ones last."""
    def key(item: tuple[int, Opportunity]) -> tuple:
        index, o = item
        closed = o.status in ("done", "dropped")
        return (closed, o.priority is None, -(o.priority or 0.0), index)

    return [o for _, o in sorted(enumerate(opportunities), key=key)]


__all__ = ["CONFIDENCE_RANGE", "EFFORT_RANGE", "Opportunity", "SCALE_WORDS", "STATUSES",
           "VALUE_RANGE", "ranked"]

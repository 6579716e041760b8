"""The elements a journey is made of: stages, lanes, personas, touchpoints, transitions.

These are plain data. They are created freely, but once inside a :class:`~.journey.Journey`
they change only through the journey's edit operations, so every change is undoable and
announced to whoever follows the model.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, replace
from typing import Any

EMOTION_MIN = -2
EMOTION_MAX = 2

#: Suggested values; free text is allowed for channels.
CHANNELS = ("web", "app", "email", "phone", "chat", "store", "social", "sms", "mail", "in person",
            "partner", "self-service", "event")
TOUCHPOINT_KINDS = ("experience", "service", "success")
TRANSITION_KINDS = ("expected", "alternative", "failure", "recovery")

#: The rows of a service blueprint, from the customer's side to the back of the house.
DEFAULT_LANES = (
    ("customer", "Customer action"),
    ("frontstage", "Frontstage"),
    ("backstage", "Backstage"),
    ("support", "Support process"),
)

Scalar = str | int | float | bool | None


class _Element:
    """Shared helpers: copy with changes, and the names of the fields a user may set."""

    def copy(self, **changes: Any):
        return replace(copy.deepcopy(self), **changes)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))  # type: ignore[arg-type]


@dataclass
class Stage(_Element):
    """A phase of the journey (Awareness, Purchase, ...): a column on the map."""

    id: str
    name: str
    description: str = ""


@dataclass
class Lane(_Element):
    """A row of the map: a service-blueprint layer (customer action, frontstage, ...)."""

    id: str
    name: str
    description: str = ""


@dataclass
class Persona(_Element):
    """A customer archetype whose emotions the designers score touchpoint by touchpoint."""

    id: str
    name: str
    description: str = ""


@dataclass
class Touchpoint(_Element):
    """A moment where customer and organisation meet: a node of the journey graph.

    ``emotion`` is the designers' score of how the moment feels (−2 very bad .. +2 very good)
    for the journey as a whole; ``emotions`` holds the same score per persona id where the
    personas differ. ``position`` is the card's centre on the canvas, or ``None`` until a
    layout places it. ``attributes`` keeps extra values (from imports or the user) verbatim.
    Improvement ideas are :class:`~.opportunities.Opportunity` objects of the journey that
    link to their touchpoints (``Journey.opportunities_for``).
    """

    id: str
    label: str
    stage: str = ""
    channel: str = "web"
    lane: str = "frontstage"
    kind: str = "experience"
    owner: str = ""
    description: str = ""
    emotion: float | None = None
    emotions: dict[str, float] = field(default_factory=dict)
    pain_points: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    position: tuple[float, float] | None = None
    attributes: dict[str, Scalar] = field(default_factory=dict)

    @property
    def overall_emotion(self) -> float | None:
        """The workshop's score for the journey as a whole: the journey-wide ``emotion``, or
        the mean of the persona scores where only those were given."""
        if self.emotion is None and self.emotions:
            return sum(self.emotions.values()) / len(self.emotions)
        return self.emotion

    def emotion_for(self, persona: str | None) -> float | None:
        """The designers' emotion for ``persona``, falling back to the journey-wide score;
        for no persona (everyone), :attr:`overall_emotion`."""
        if persona is None:
            return self.overall_emotion
        return self.emotions.get(persona, self.emotion)


@dataclass
class Transition(_Element):
    """A step a customer can take from one touchpoint to another: an edge of the graph."""

    source: str
    target: str
    kind: str = "expected"
    label: str = ""
    volume: float | None = None
    attributes: dict[str, Scalar] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)

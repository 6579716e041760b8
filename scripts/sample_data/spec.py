"""What a sample journey is made of: the map as designers wrote it, plus the hidden "truth" the
generated feedback and event data are drawn from.

A journey module (``online_order.py``, ...) lists touchpoints with :func:`tp` and transitions
with :func:`edge`; each carries, beside what goes into the map, the parameters of the synthetic
data: how the moment really feels to customers (``truth``, which may disagree with the
designers' emotion on purpose), how often it is surveyed, what customers say about it, and how
likely and how slow each step is. :mod:`.build` turns a :class:`JourneySpec` into a
:class:`~journeymap.model.Journey`; :mod:`.survey` and :mod:`.events` write its data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from journeymap.model import Persona, Stage, Touchpoint

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def seconds(text: str | float) -> float:
    """``"90s"``, ``"4m"``, ``"2h"``, ``"3d"``, ``"1.5w"`` or a number of seconds."""
    if isinstance(text, (int, float)):
        return float(text)
    match = re.fullmatch(r"([0-9.]+)([smhdw])", text.strip())
    if not match:
        raise ValueError(f"not a duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def per_persona(personas: list[Persona]) -> Callable[..., dict[str, float]]:
    """The short-hand for :func:`tp`'s ``feel``: ``f(0.5, 1, 0)`` is the designers' emotion for
    each of ``personas``, in their order (exactly one score each)."""
    ids = [p.id for p in personas]

    def feel(*scores: float) -> dict[str, float]:
        return dict(zip(ids, scores, strict=True))

    return feel


@dataclass
class TouchpointSpec:
    """A touchpoint as it goes into the map, plus how the data about it is generated."""

    touchpoint: Touchpoint
    truth: float                  # how customers really feel on average, -2..+2
    survey: float                 # relative number of survey responses (0: never surveyed)
    effort: bool                  # the survey asks about effort (CES) more often here
    good: tuple[str, ...]         # what satisfied customers say about this moment
    bad: tuple[str, ...]          # what unhappy customers say
    ideas: tuple[str, ...] = ()   # opportunities written on the card (scored in opportunities.py)


def tp(id: str, label: str, stage: str, lane: str, channel: str, kind: str, owner: str,
       description: str, feel: dict[str, float], *, pains: tuple[str, ...] = (),
       ideas: tuple[str, ...] = (), notes: tuple[str, ...] = (), tags: tuple[str, ...] = (),
       truth: float | None = None, survey: float | None = None, effort: bool = False,
       good: tuple[str, ...] = (), bad: tuple[str, ...] = ()) -> TouchpointSpec:
    """One touchpoint. ``feel`` is the designers' emotion per persona; the journey-wide
    emotion is their mean (to the nearest half). ``truth`` defaults to that emotion: set it
    apart where the data should contradict the workshop. Customer-facing lanes are surveyed by
    default, backstage and support lanes are not."""
    for name, texts in (("pains", pains), ("ideas", ideas), ("notes", notes), ("tags", tags),
                        ("good", good), ("bad", bad)):
        if isinstance(texts, str):  # a missing comma: ("text") is a string, not a tuple
            raise TypeError(f"{id}: {name} must be a tuple of texts, not a string")
    mean = sum(feel.values()) / len(feel) if feel else 0.0
    emotion = round(mean * 2) / 2 if feel else None
    if survey is None:
        survey = 1.0 if lane in ("customer", "frontstage") else 0.0
    touchpoint = Touchpoint(
        id=id, label=label, stage=stage, channel=channel, lane=lane, kind=kind, owner=owner,
        description=description, emotion=emotion, emotions=dict(feel),
        pain_points=list(pains), notes=list(notes), tags=list(tags))
    if truth is None:
        truth = emotion or 0.0
    return TouchpointSpec(touchpoint, truth, survey, effort, tuple(good), tuple(bad),
                          tuple(ideas))


@dataclass
class EdgeSpec:
    """A transition: in the map (``in_map``) or only walked by customers (a path the designers
    missed). ``p`` is the chance a customer at ``source`` takes it next; what the edges of a
    touchpoint leave over is the chance the journey ends there. ``delay`` is the median time
    the step takes, ``spread`` the sigma of its log-normal scatter."""

    source: str
    target: str
    kind: str = "expected"
    label: str = ""
    p: float = 0.0
    delay: float = 60.0
    spread: float = 0.6
    volume: float | None = None
    in_map: bool = True


def edge(source: str, target: str, p: float = 0.0, kind: str = "expected", label: str = "",
         delay: str | float = "1m", spread: float = 0.6,
         volume: float | None = None) -> EdgeSpec:
    """A transition on the map."""
    return EdgeSpec(source, target, kind, label, p, seconds(delay), spread, volume)


def stray(source: str, target: str, p: float, delay: str | float = "10m",
          spread: float = 0.8) -> EdgeSpec:
    """A step customers take that the map does not show (event logs reveal it)."""
    return EdgeSpec(source, target, "expected", "", p, seconds(delay), spread, None, False)


@dataclass
class Segment:
    """A segment column of the survey: its values with their share and their effect on how
    customers feel (added to the latent score), and how often it is left blank."""

    column: str
    values: dict[str, tuple[float, float]]   # value -> (weight, effect)
    blank: float = 0.0


@dataclass
class HotSpot:
    """Extra effect at some touchpoints, for one segment value and/or a date range: the
    "real hot spots" an analyst should find."""

    touchpoints: tuple[str, ...]
    effect: float
    column: str = ""
    value: str = ""
    start: date | None = None
    end: date | None = None


@dataclass
class BadRow:
    """A deliberately broken survey row (for the rejected-rows report): ``at`` is the 0-based
    row index it replaces, ``values`` the fields it overrides, ``why`` what is wrong."""

    at: int
    values: dict[str, str]
    why: str


@dataclass
class SurveySpec:
    """A long-layout survey export: one row per response."""

    file: str
    rows: int
    start: date
    end: date
    id_prefix: str
    columns: dict[str, str]          # role -> column name (response_id, touchpoint, ...)
    match: str = "id"                # touchpoint values are ids or labels
    timestamp_format: str = "%Y-%m-%dT%H:%M:%S"
    delimiter: str = ","
    segments: list[Segment] = field(default_factory=list)
    hot_spots: list[HotSpot] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    p_nps: float = 0.35              # chance a response carries each metric
    p_csat: float = 0.85
    p_ces: float = 0.30              # doubled at effortful touchpoints
    p_comment: float = 0.35          # raised for unhappy customers, who write more


@dataclass
class WideSurveySpec:
    """A wide-layout export: one row per respondent, one 0–5 column per touchpoint label
    (0 = not applicable). ``applies`` gives, per touchpoint, the chance a respondent
    experienced it (default 1); a passenger who did not answers 0."""

    file: str
    rows: int
    start: date
    end: date
    touchpoints: tuple[str, ...]
    applies: dict[str, float] = field(default_factory=dict)
    #: touchpoint -> (segment column, value -> chance): who experiences it depends on who
    #: they are (the lounge is for Business and Gold passengers)
    applies_by: dict[str, tuple[str, dict[str, float]]] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    hot_spots: list[HotSpot] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    #: An overall rating column (1–5) from the passenger's ratings, weighted by
    #: ``outcome_weights`` (default 1): what key-driver analysis should find again.
    outcome: str = ""
    outcome_weights: dict[str, float] = field(default_factory=dict)


@dataclass
class EventSpec:
    """An event log: ``cases`` customers start at ``entries`` (touchpoint -> weight) spread
    over [start, end) and walk the edges."""

    file: str
    cases: int
    start: date
    end: date
    entries: dict[str, float]
    #: the day the log was extracted: later steps are not in it (journeys still under way)
    cutoff: date | None = None
    case_format: str = "C{:06d}"
    max_steps: int = 60
    #: (source, target, start, end, factor, share): a step that took ``factor`` times longer
    #: in [start, end) for a ``share`` of the customers (a region, a carrier, ...)
    slowdowns: list[tuple[str, str, date, date, float, float]] = field(default_factory=list)


@dataclass
class JourneySpec:
    """Everything about one sample journey."""

    name: str
    title: str
    description: str
    personas: list[Persona]
    stages: list[Stage]
    touchpoints: list[TouchpointSpec]
    edges: list[EdgeSpec]
    survey: SurveySpec
    events: EventSpec
    wide: WideSurveySpec | None = None

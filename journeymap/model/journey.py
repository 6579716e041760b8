"""The journey: ordered stages and lanes, personas, and a directed graph of touchpoints.

A :class:`Journey` is the document. Touchpoints are the nodes of a ``networkx.DiGraph`` (the
node's ``"touchpoint"`` attribute holds the :class:`Touchpoint`), transitions its edges (the
``"transition"`` attribute). The journey keeps them in ordered dicts of its own and makes
:attr:`Journey.graph` on first use, then keeps it in step: opening and drawing a map or
computing its metrics never waits for NetworkX's ~450 modules (0.13 s, more than Qt's own
start-up); graph algorithms get the graph when they ask. Read it freely; change it only
through the edit operations below: each applies one change, tells every subscriber what
changed (:class:`Change`), and returns an :class:`~.edits.Edit` that undoes it exactly, order
included.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .edits import Edit
from .elements import DEFAULT_LANES, Lane, Persona, Stage, Touchpoint, Transition
from .opportunities import STATUSES, Opportunity
from .sources import FeedbackSource

if TYPE_CHECKING:
    import networkx as nx


class JourneyError(ValueError):
    """An edit that cannot be applied (unknown id, duplicate id, ...)."""


@dataclass(frozen=True)
class Change:
    """A notice that part of the journey changed.

    ``kind`` is ``"<element>.<what>"``: element one of journey, stage, lane, persona,
    touchpoint, transition, source, opportunity; what one of added, removed, changed, moved.
    ``key`` is the element's id (a ``(source, target)`` pair for transitions, ``None`` for the
    journey); ``fields`` names what changed for ``*.changed``.
    """

    kind: str
    key: Any = None
    fields: tuple[str, ...] = ()


Listener = Callable[[Change], None]
E = TypeVar("E", Stage, Lane, Persona, FeedbackSource, Opportunity)

_IMMUTABLE_TOUCHPOINT_FIELDS = {"id", "stage"}


def slug(text: str, default: str = "item") -> str:
    """A readable id fragment: ``"Track the parcel"`` → ``"track-the-parcel"``."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:40].rstrip("-") or default


class _OrderedElements:
    """An ordered list of elements with unique ids (stages, lanes, personas, sources)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.items: list[Any] = []

    def index(self, key: str) -> int:
        for i, item in enumerate(self.items):
            if item.id == key:
                return i
        raise JourneyError(f"no {self.what} with id {key!r}")

    def get(self, key: str) -> Any:
        return self.items[self.index(key)]

    def __contains__(self, key: str) -> bool:
        return any(item.id == key for item in self.items)


class Journey:
    """A customer journey: the document every face of journeymap shows and edits."""

    def __init__(self, title: str = "Untitled journey", description: str = "",
                 lanes: Iterable[Lane] | None = None) -> None:
        self.title = title
        self.description = description
        #: The last computed metrics (plain JSON values, written by the app after an analysis)
        #: so a map reopens with its heat before pandas has loaded; derived data, never input.
        self.metrics_cache: dict[str, Any] | None = None
        #: What reading the file set aside (a broken metrics cache), one line each; not saved.
        self.load_notes: list[str] = []
        # The graph's nodes and edges in the order they were added (as networkx keeps them),
        # and each touchpoint's transitions out and in; ``_graph`` is made from them on demand.
        self._touchpoints: dict[str, Touchpoint] = {}
        self._edges: dict[tuple[str, str], Transition] = {}
        self._out: dict[str, dict[str, Transition]] = {}
        self._in: dict[str, dict[str, Transition]] = {}
        self._graph: nx.DiGraph | None = None
        self._stages = _OrderedElements("stage")
        self._lanes = _OrderedElements("lane")
        self._personas = _OrderedElements("persona")
        self._sources = _OrderedElements("feedback source")
        self._opportunities = _OrderedElements("opportunity")
        self._order: dict[str, list[str]] = {}  # stage id -> touchpoint ids in order
        self._listeners: list[Listener] = []
        self._lanes.items = list(lanes) if lanes is not None else [
            Lane(key, name) for key, name in DEFAULT_LANES]
        # every id in use, of any kind: new ids avoid them all so they read unambiguously
        self._ids: set[str] = {lane.id for lane in self._lanes.items}

    # ------------------------------------------------------------------ reading
    @property
    def graph(self) -> nx.DiGraph:
        """The touchpoint graph. Read only: edit through the journey's operations."""
        if self._graph is None:
            import networkx as nx  # here: a journey is opened and drawn without it

            graph = nx.DiGraph()
            graph.add_nodes_from((key, {"touchpoint": tp})
                                 for key, tp in self._touchpoints.items())
            graph.add_edges_from((s, t, {"transition": tr})
                                 for (s, t), tr in self._edges.items())
            self._graph = graph
        return self._graph

    @property
    def stages(self) -> list[Stage]:
        return list(self._stages.items)

    @property
    def lanes(self) -> list[Lane]:
        return list(self._lanes.items)

    @property
    def personas(self) -> list[Persona]:
        return list(self._personas.items)

    @property
    def sources(self) -> list[FeedbackSource]:
        return list(self._sources.items)

    @property
    def opportunities(self) -> list[Opportunity]:
        """Improvement ideas, in the team's own order (rank them with ``ranked``)."""
        return list(self._opportunities.items)

    def opportunity(self, key: str) -> Opportunity:
        return self._opportunities.get(key)

    def has_opportunity(self, key: str) -> bool:
        return key in self._opportunities

    def opportunities_for(self, touchpoint: str) -> list[Opportunity]:
        """The opportunities linked to ``touchpoint``, in journey order."""
        return [o for o in self._opportunities.items if touchpoint in o.touchpoints]

    def stage(self, key: str) -> Stage:
        return self._stages.get(key)

    def lane(self, key: str) -> Lane:
        return self._lanes.get(key)

    def persona(self, key: str) -> Persona:
        return self._personas.get(key)

    def source(self, key: str) -> FeedbackSource:
        return self._sources.get(key)

    def stage_index(self, key: str) -> int:
        return self._stages.index(key)

    def lane_index(self, key: str) -> int:
        return self._lanes.index(key)

    def has_stage(self, key: str) -> bool:
        return key in self._stages

    def has_lane(self, key: str) -> bool:
        return key in self._lanes

    def has_touchpoint(self, key: str) -> bool:
        return key in self._touchpoints

    def touchpoint(self, key: str) -> Touchpoint:
        try:
            return self._touchpoints[key]
        except KeyError:
            raise JourneyError(f"no touchpoint with id {key!r}") from None

    def touchpoint_ids(self, stage: str | None = None) -> list[str]:
        """Touchpoint ids in journey order (stage by stage), or of one stage."""
        if stage is not None:
            self._stages.index(stage)
            return list(self._order[stage])
        return [key for s in self._stages.items for key in self._order[s.id]]

    def touchpoints(self, stage: str | None = None) -> list[Touchpoint]:
        return [self.touchpoint(key) for key in self.touchpoint_ids(stage)]

    def position_in_stage(self, key: str) -> int:
        return self._order[self.touchpoint(key).stage].index(key)

    def has_transition(self, source: str, target: str) -> bool:
        return (source, target) in self._edges

    def transition(self, source: str, target: str) -> Transition:
        try:
            return self._edges[source, target]
        except KeyError:
            raise JourneyError(f"no transition from {source!r} to {target!r}") from None

    def transitions(self) -> list[Transition]:
        """All transitions in a stable order: by their source's, then target's journey order."""
        rank = {key: i for i, key in enumerate(self.touchpoint_ids())}
        return sorted(self._edges.values(), key=lambda t: (rank[t.source], rank[t.target]))

    def transitions_of(self, key: str) -> list[Transition]:
        """The transitions that start or end at touchpoint ``key``."""
        self.touchpoint(key)
        return [*self._in[key].values(),
                *(t for target, t in self._out[key].items() if target != key)]

    def successors(self, key: str) -> list[str]:
        """The touchpoints a transition from ``key`` leads to (``key`` itself for a loop)."""
        self.touchpoint(key)
        return list(self._out[key])

    def transition_count(self) -> int:
        return len(self._edges)

    def __len__(self) -> int:
        return len(self._touchpoints)

    def new_id(self, text: str, prefix: str = "") -> str:
        """An id not used by any element yet, readable from ``text``."""
        base = (prefix + "-" if prefix else "") + slug(text)
        taken = self._ids
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # ------------------------------------------------------------ change notices
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(change)`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _notify(self, kind: str, key: Any = None, fields: Iterable[str] = ()) -> None:
        change = Change(kind, key, tuple(fields))
        for listener in list(self._listeners):
            listener(change)

    # ------------------------------------------------------------ journey itself
    def update_journey(self, **changes: Any) -> Edit:
        """Change the title, description and/or the metrics cache."""
        allowed = {"title", "description", "metrics_cache"}
        unknown = set(changes) - allowed
        if unknown:
            raise JourneyError(f"cannot set {', '.join(sorted(unknown))} on a journey")
        old = {k: getattr(self, k) for k in changes if getattr(self, k) != changes[k]}
        if not old:
            return Edit("Edit journey")
        for k in old:
            setattr(self, k, changes[k])
        self._notify("journey.changed", None, old)
        return Edit("Edit journey", lambda: self.update_journey(**old))

    # ------------------------------------------------- stages, lanes, personas, sources
    def _add(self, group: _OrderedElements, element: E, index: int | None, kind: str) -> Edit:
        if not element.id:
            raise JourneyError(f"a {group.what} needs an id")
        if element.id in group:
            raise JourneyError(f"{group.what} id {element.id!r} is already used")
        index = len(group.items) if index is None else max(0, min(index, len(group.items)))
        group.items.insert(index, element)
        self._ids.add(element.id)
        if kind == "stage":
            self._order[element.id] = []
        self._notify(f"{kind}.added", element.id)
        name = getattr(element, "name", getattr(element, "title", element.id))
        return Edit(f"Add {group.what} {name}",
                    lambda: self._remove_bare(group, element.id, kind))

    def _remove_bare(self, group: _OrderedElements, key: str, kind: str) -> Edit:
        index = group.index(key)
        if kind == "stage" and self._order[key]:
            raise JourneyError(f"stage {key!r} still holds touchpoints")
        element = group.items.pop(index)
        self._ids.discard(key)
        if kind == "stage":
            del self._order[key]
        self._notify(f"{kind}.removed", key)
        return Edit(f"Remove {group.what}", lambda: self._add(group, element, index, kind))

    def _update(self, group: _OrderedElements, key: str, changes: dict[str, Any],
                kind: str) -> Edit:
        element = group.get(key)
        unknown = set(changes) - set(element.field_names())
        if "id" in changes or unknown:
            raise JourneyError(f"cannot set {', '.join(sorted(unknown | ({'id'} & set(changes))))}"
                               f" on a {group.what}")
        old = {k: getattr(element, k) for k, v in changes.items() if getattr(element, k) != v}
        if not old:
            return Edit(f"Edit {group.what}")
        for k in old:
            setattr(element, k, changes[k])
        self._notify(f"{kind}.changed", key, old)
        return Edit(f"Edit {group.what}", lambda: self._update(group, key, old, kind))

    def _move(self, group: _OrderedElements, key: str, index: int, kind: str) -> Edit:
        old = group.index(key)
        index = max(0, min(index, len(group.items) - 1))
        if index == old:
            return Edit(f"Move {group.what}")
        group.items.insert(index, group.items.pop(old))
        self._notify(f"{kind}.moved", key)
        return Edit(f"Move {group.what}", lambda: self._move(group, key, old, kind))

    def add_stage(self, stage: Stage, index: int | None = None) -> Edit:
        """Insert a stage at ``index`` (default: last)."""
        return self._add(self._stages, stage, index, "stage")

    def update_stage(self, key: str, **changes: Any) -> Edit:
        """Rename a stage or change its description."""
        return self._update(self._stages, key, changes, "stage")

    def rename_stage(self, key: str, name: str) -> Edit:
        return self.update_stage(key, name=name)

    def move_stage(self, key: str, index: int) -> Edit:
        """Put a stage at position ``index`` in the journey's order."""
        return self._move(self._stages, key, index, "stage")

    def stage_removal_impact(self, key: str) -> tuple[list[str], list[tuple[str, str]]]:
        """What removing stage ``key`` takes with it unless its touchpoints move elsewhere:
        the touchpoint ids in it and every transition that touches them."""
        members = self.touchpoint_ids(key)
        edges = {t.key for m in members for t in self.transitions_of(m)}
        return members, sorted(edges)

    def remove_stage(self, key: str, move_to: str | None = None) -> Edit:
        """Remove a stage. Its touchpoints move to the end of stage ``move_to`` (keeping
        their transitions) or, without ``move_to``, are removed with their transitions.
        Undo restores the stage, its touchpoints and transitions exactly, in order."""
        self._stages.index(key)
        if move_to == key:
            raise JourneyError("cannot move a stage's touchpoints into the stage being removed")
        if move_to is not None:
            self._stages.index(move_to)
        edits = []
        for tp in list(self._order[key]):
            edits.append(self.move_touchpoint(tp, stage=move_to) if move_to
                         else self.remove_touchpoint(tp))
        edits.append(self._remove_bare(self._stages, key, "stage"))
        return Edit.combine(f"Remove stage {key}", edits)

    def add_lane(self, lane: Lane, index: int | None = None) -> Edit:
        return self._add(self._lanes, lane, index, "lane")

    def update_lane(self, key: str, **changes: Any) -> Edit:
        return self._update(self._lanes, key, changes, "lane")

    def move_lane(self, key: str, index: int) -> Edit:
        return self._move(self._lanes, key, index, "lane")

    def remove_lane(self, key: str, move_to: str | None = None) -> Edit:
        """Remove a lane; its touchpoints move to lane ``move_to`` or, without it, are removed
        with their transitions. A journey keeps at least one lane."""
        self._lanes.index(key)
        if len(self._lanes.items) == 1:
            raise JourneyError("a journey needs at least one lane")
        if move_to is not None:
            self._lanes.index(move_to)
            if move_to == key:
                raise JourneyError("cannot move touchpoints into the lane being removed")
        edits = []
        for tp in [t.id for t in self.touchpoints() if t.lane == key]:
            edits.append(self.update_touchpoint(tp, lane=move_to) if move_to
                         else self.remove_touchpoint(tp))
        edits.append(self._remove_bare(self._lanes, key, "lane"))
        return Edit.combine(f"Remove lane {key}", edits)

    def add_persona(self, persona: Persona, index: int | None = None) -> Edit:
        return self._add(self._personas, persona, index, "persona")

    def update_persona(self, key: str, **changes: Any) -> Edit:
        return self._update(self._personas, key, changes, "persona")

    def move_persona(self, key: str, index: int) -> Edit:
        return self._move(self._personas, key, index, "persona")

    def remove_persona(self, key: str) -> Edit:
        """Remove a persona and the emotion scores given for it (undo restores them)."""
        self._personas.index(key)
        edits = []
        for tp in self.touchpoints():
            if key in tp.emotions:
                rest = {p: v for p, v in tp.emotions.items() if p != key}
                edits.append(self.update_touchpoint(tp.id, emotions=rest))
        edits.append(self._remove_bare(self._personas, key, "persona"))
        return Edit.combine(f"Remove persona {key}", edits)

    def add_source(self, source: FeedbackSource, index: int | None = None) -> Edit:
        return self._add(self._sources, source, index, "source")

    def update_source(self, key: str, **changes: Any) -> Edit:
        return self._update(self._sources, key, changes, "source")

    def remove_source(self, key: str) -> Edit:
        return self._remove_bare(self._sources, key, "source")

    def rebase_sources(self, old_dir: str | os.PathLike[str],
                       new_dir: str | os.PathLike[str]) -> Edit:
        """Keep relative feedback-source paths pointing at the same files when the journey
        file moves from folder ``old_dir`` to ``new_dir`` (Save As, convert)."""
        old, new = Path(old_dir).resolve(), Path(new_dir).resolve()
        edits = []
        if old != new:
            for source in self.sources:
                if not Path(source.path).is_absolute():
                    moved = Path(os.path.relpath(old / source.path, new)).as_posix()
                    edits.append(self.update_source(source.id, path=moved))
        return Edit.combine("Keep feedback paths", edits)

    # ---------------------------------------------------------------- opportunities
    def _check_opportunity(self, values: dict[str, Any]) -> None:
        missing = [t for t in values.get("touchpoints", []) if t not in self._touchpoints]
        if missing:
            raise JourneyError(f"no touchpoint {missing[0]!r}")
        if "status" in values and values["status"] not in STATUSES:
            raise JourneyError(f"status {values['status']!r} is not one of "
                               f"{', '.join(STATUSES)}")

    def add_opportunity(self, opportunity: Opportunity, index: int | None = None) -> Edit:
        """Add an opportunity (its touchpoints must exist) at ``index`` (default: last)."""
        self._check_opportunity(vars(opportunity))
        return self._add(self._opportunities, opportunity, index, "opportunity")

    def update_opportunity(self, key: str, **changes: Any) -> Edit:
        """Change an opportunity's title, links, scores, owner or status."""
        self._check_opportunity(changes)
        return self._update(self._opportunities, key, changes, "opportunity")

    def move_opportunity(self, key: str, index: int) -> Edit:
        return self._move(self._opportunities, key, index, "opportunity")

    def remove_opportunity(self, key: str) -> Edit:
        return self._remove_bare(self._opportunities, key, "opportunity")

    # ---------------------------------------------------------------- touchpoints
    def add_touchpoint(self, touchpoint: Touchpoint, index: int | None = None) -> Edit:
        """Add a touchpoint to its stage at ``index`` (default: last in the stage)."""
        if not touchpoint.id:
            raise JourneyError("a touchpoint needs an id")
        if touchpoint.id in self._touchpoints:
            raise JourneyError(f"touchpoint id {touchpoint.id!r} is already used")
        if touchpoint.stage not in self._stages:
            raise JourneyError(f"touchpoint {touchpoint.id!r} names a missing stage "
                               f"{touchpoint.stage!r}")
        if touchpoint.lane not in self._lanes:
            raise JourneyError(f"touchpoint {touchpoint.id!r} names a missing lane "
                               f"{touchpoint.lane!r}")
        order = self._order[touchpoint.stage]
        index = len(order) if index is None else max(0, min(index, len(order)))
        self._touchpoints[touchpoint.id] = touchpoint
        self._out[touchpoint.id], self._in[touchpoint.id] = {}, {}
        if self._graph is not None:
            self._graph.add_node(touchpoint.id, touchpoint=touchpoint)
        self._ids.add(touchpoint.id)
        order.insert(index, touchpoint.id)
        self._notify("touchpoint.added", touchpoint.id)
        return Edit(f"Add touchpoint {touchpoint.label}",
                    lambda: self.remove_touchpoint(touchpoint.id))

    def remove_touchpoint(self, key: str) -> Edit:
        """Remove a touchpoint and every transition to or from it."""
        touchpoint = self.touchpoint(key)
        index = self.position_in_stage(key)
        # opportunities keep their other links; undo links them back
        links = [self.update_opportunity(o.id, touchpoints=[t for t in o.touchpoints
                                                              if t != key])
                 for o in self.opportunities_for(key)]
        edges = [self.disconnect(t.source, t.target) for t in self.transitions_of(key)]
        self._order[touchpoint.stage].remove(key)
        del self._touchpoints[key], self._out[key], self._in[key]
        if self._graph is not None:
            self._graph.remove_node(key)
        self._ids.discard(key)
        self._notify("touchpoint.removed", key)
        restore = Edit("", lambda: self.add_touchpoint(touchpoint, index))
        return Edit.combine(f"Remove touchpoint {touchpoint.label}",
                            [*links, *edges, restore])

    def update_touchpoint(self, key: str, **changes: Any) -> Edit:
        """Set attributes of a touchpoint (not ``id``; ``stage`` changes by moving)."""
        touchpoint = self.touchpoint(key)
        unknown = set(changes) - set(Touchpoint.field_names())
        if unknown or _IMMUTABLE_TOUCHPOINT_FIELDS & set(changes):
            bad = unknown | (_IMMUTABLE_TOUCHPOINT_FIELDS & set(changes))
            raise JourneyError(f"cannot set {', '.join(sorted(bad))} on a touchpoint"
                               + (" (use move_touchpoint)" if "stage" in bad else ""))
        if "lane" in changes and changes["lane"] not in self._lanes:
            raise JourneyError(f"no lane with id {changes['lane']!r}")
        if "position" in changes and changes["position"] is not None:
            changes["position"] = (float(changes["position"][0]), float(changes["position"][1]))
        old = {k: getattr(touchpoint, k) for k, v in changes.items()
               if getattr(touchpoint, k) != v}
        if not old:
            return Edit("Edit touchpoint")
        for k in old:
            setattr(touchpoint, k, changes[k])
        self._notify("touchpoint.changed", key, old)
        return Edit(f"Edit {touchpoint.label}", lambda: self.update_touchpoint(key, **old))

    def move_touchpoint(self, key: str, stage: str | None = None, index: int | None = None,
                        **changes: Any) -> Edit:
        """Move a touchpoint to position ``index`` of ``stage`` (default: its own stage; last
        when moving to another stage). Other attributes (``lane``, ``position``) may change in
        the same step, so one drag is one undoable edit."""
        touchpoint = self.touchpoint(key)
        old_stage, old_index = touchpoint.stage, self.position_in_stage(key)
        new_stage = old_stage if stage is None else stage
        self._stages.index(new_stage)
        if index is None:
            index = old_index if new_stage == old_stage else len(self._order[new_stage])
        self._order[old_stage].remove(key)
        target = self._order[new_stage]
        index = max(0, min(index, len(target)))
        target.insert(index, key)
        touchpoint.stage = new_stage
        moved = (new_stage, index) != (old_stage, old_index)
        if moved:
            self._notify("touchpoint.moved", key, ("stage",) if new_stage != old_stage else ())
        updated = self.update_touchpoint(key, **changes)
        if not moved and updated.empty:
            return Edit("Move touchpoint")
        new_values = {k: getattr(touchpoint, k) for k in changes}

        def revert() -> Edit:
            updated.revert()
            self.move_touchpoint(key, old_stage, old_index)
            return Edit(f"Move {touchpoint.label}",
                        lambda: self.move_touchpoint(key, new_stage, index, **new_values))

        return Edit(f"Move {touchpoint.label}", revert)

    # ---------------------------------------------------------------- transitions
    def connect(self, transition: Transition) -> Edit:
        """Add a transition between two existing touchpoints (loops are allowed)."""
        for end in (transition.source, transition.target):
            if end not in self._touchpoints:
                raise JourneyError(f"transition {transition.source!r} → {transition.target!r} "
                                   f"names a missing touchpoint {end!r}")
        if transition.key in self._edges:
            raise JourneyError(f"{transition.source!r} → {transition.target!r} "
                               "is already connected")
        self._edges[transition.key] = transition
        self._out[transition.source][transition.target] = transition
        self._in[transition.target][transition.source] = transition
        if self._graph is not None:
            self._graph.add_edge(transition.source, transition.target, transition=transition)
        self._notify("transition.added", transition.key)
        return Edit("Connect", lambda: self.disconnect(*transition.key))

    def disconnect(self, source: str, target: str) -> Edit:
        transition = self.transition(source, target)
        del self._edges[source, target], self._out[source][target], self._in[target][source]
        if self._graph is not None:
            self._graph.remove_edge(source, target)
        self._notify("transition.removed", (source, target))
        return Edit("Disconnect", lambda: self.connect(transition))

    def update_transition(self, source: str, target: str, **changes: Any) -> Edit:
        transition = self.transition(source, target)
        bad = set(changes) - (set(Transition.field_names()) - {"source", "target"})
        if bad:
            raise JourneyError(f"cannot set {', '.join(sorted(bad))} on a transition")
        old = {k: getattr(transition, k) for k, v in changes.items()
               if getattr(transition, k) != v}
        if not old:
            return Edit("Edit transition")
        for k in old:
            setattr(transition, k, changes[k])
        self._notify("transition.changed", (source, target), old)
        return Edit("Edit transition", lambda: self.update_transition(source, target, **old))

    # ---------------------------------------------------------------- comparing
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Journey):
            return NotImplemented
        from .document import to_document
        return to_document(self) == to_document(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<Journey {self.title!r}: {len(self._stages.items)} stages, {len(self)} "
                f"touchpoints, {len(self._edges)} transitions>")

"""What the canvas gestures do to the journey: each public method is one undo entry.

The modes and the window's actions call these; they turn a gesture into model operations run
inside :meth:`JourneyDocument.gesture` and then set the selection. Nothing here draws: the
scene follows the change notices.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QGuiApplication

from journeymap.model import JourneyError, Touchpoint, Transition
from journeymap.model.layout import grid_positions
from journeymap.plain import plural

from ..document import JourneyDocument
from .inline import InlineEditor
from .scene import JourneyScene

CLIPBOARD_MIME = "application/x-journeymap-touchpoints+json"
NEW_LABEL = "New touchpoint"


class CanvasEditor(QObject):
    """Gestures on the map as undoable edits."""

    #: A short message for the status bar.
    message = Signal(str)

    def __init__(self, document: JourneyDocument, scene: JourneyScene) -> None:
        super().__init__(scene)
        self.document = document
        self.scene = scene
        self.editor: InlineEditor | None = None

    @property
    def journey(self):
        return self.document.journey

    # ------------------------------------------------------------------ create
    def add_touchpoint_at(self, x: float, y: float, rename: bool = True) -> str | None:
        """A new card in the cell at (x, y), placed among the cell's cards by x."""
        if not self.journey.stages:
            self.message.emit("Add a stage first: touchpoints live in stages.")
            return None
        stage, lane, index = self._drop_target(x, y, exclude=())
        return self._add(stage, lane, index, rename)

    def add_touchpoint(self, rename: bool = True) -> str | None:
        """A new card next to the selected one, or at the end of the first stage."""
        if not self.journey.stages:
            self.message.emit("Add a stage first: touchpoints live in stages.")
            return None
        selected = self.scene.selected_touchpoints()
        if selected:
            tp = self.journey.touchpoint(selected[-1])
            return self._add(tp.stage, tp.lane, self.journey.position_in_stage(tp.id) + 1,
                             rename)
        stage = self.scene.current_header
        stage_id = stage[1] if stage and stage[0] == "stage" else self.journey.stages[0].id
        lane = self.journey.lanes[0].id
        return self._add(stage_id, lane, None, rename)

    def _add(self, stage: str, lane: str, index: int | None, rename: bool) -> str:
        key = self.journey.new_id(NEW_LABEL, "tp")
        tp = Touchpoint(id=key, label=NEW_LABEL, stage=stage, lane=lane)
        with self.document.gesture(f"Add touchpoint in {self.journey.stage(stage).name}") as g:
            g.add(self.journey.add_touchpoint(tp, index))
        self.scene.select_keys([key])
        if rename:
            self.rename_inline(key)
        return key

    # ------------------------------------------------------------------ move
    def _drop_target(self, x: float, y: float, exclude: Iterable[str],
                     shown: dict[str, tuple[float, float]] | None = None
                     ) -> tuple[str, str, int]:
        """(stage, lane, index in the stage) for a card dropped with its centre at (x, y):
        before the first card of that cell lying right of x, else after the cell's last."""
        g = self.scene.grid
        stage = g.stage_at(x)
        lane = g.lane_at(y)
        assert stage is not None and lane is not None
        shown = shown if shown is not None else grid_positions(self.journey)
        skip = set(exclude)
        order = [k for k in self.journey.touchpoint_ids(stage.id) if k not in skip]
        same_lane = [k for k in order if self.journey.touchpoint(k).lane == lane.id]
        for k in same_lane:
            if shown[k][0] > x:
                return stage.id, lane.id, order.index(k)
        if same_lane:
            return stage.id, lane.id, order.index(same_lane[-1]) + 1
        return stage.id, lane.id, len(order)

    def drop_cards(self, dropped: dict[str, tuple[float, float]]) -> None:
        """Cards were dragged to these centres: snap each to its stage, lane and place in
        the cell, as one undo entry (or snap back when nothing changed)."""
        shown = grid_positions(self.journey)
        keys = sorted(dropped, key=lambda k: dropped[k])
        with self.document.gesture("Move " + (self.journey.touchpoint(keys[0]).label
                                              if len(keys) == 1 else f"{len(keys)} cards")) as g:
            for key in keys:
                x, y = dropped[key]
                stage, lane, index = self._drop_target(x, y, exclude=keys, shown=shown)
                placed = [k for k in self.journey.touchpoint_ids(stage) if k in dropped
                          and k != key and keys.index(k) < keys.index(key)]
                index += len(placed)  # cards of this drop already put in this stage
                index = min(index, len(self.journey.touchpoint_ids(stage)))
                if self.journey.touchpoint(key).stage == stage:
                    index = min(index, len(self.journey.touchpoint_ids(stage)) - 1)
                g.add(self.journey.move_touchpoint(key, stage, index, lane=lane))
        self.scene.relayout()  # snap back whatever did not move in the model

    def nudge(self, keys: list[str], dx: int, dy: int) -> bool:
        """Move cards one place with the keyboard: left/right swaps with the neighbour in
        the cell (into the next stage at the cell's end), up/down changes lane. One undo
        entry; False when nothing can move."""
        journey = self.journey
        lanes = [lane.id for lane in journey.lanes]
        stages = [stage.id for stage in journey.stages]
        ordered = sorted(keys, key=lambda k: journey.touchpoint_ids().index(k),
                         reverse=dx > 0)
        moves = []
        for key in ordered:
            tp = journey.touchpoint(key)
            if dy:
                lane = lanes.index(tp.lane) + dy
                if 0 <= lane < len(lanes):
                    moves.append((key, dict(stage=tp.stage, lane=lanes[lane])))
                continue
            order = journey.touchpoint_ids(tp.stage)
            cell = [k for k in order if journey.touchpoint(k).lane == tp.lane]
            at = cell.index(key) + dx
            if 0 <= at < len(cell):
                moves.append((key, dict(stage=tp.stage, index=order.index(cell[at]))))
            else:
                stage = stages.index(tp.stage) + dx
                if 0 <= stage < len(stages):
                    moves.append((key, dict(stage=stages[stage],
                                            index=0 if dx > 0 else None)))
        if not moves:
            return False
        with self.document.gesture("Move " + (journey.touchpoint(keys[0]).label
                                              if len(keys) == 1 else f"{len(keys)} cards")) as g:
            for key, where in moves:
                g.add(journey.move_touchpoint(key, where.pop("stage"), where.pop("index", None),
                                              **where))
        return True

    def connect_selected(self) -> int:
        """Connect the selected cards one after the other, in journey order."""
        keys = self.scene.selected_touchpoints()
        pairs = [(a, b) for a, b in zip(keys, keys[1:]) if not self.journey.has_transition(a, b)]
        if not pairs:
            self.message.emit("Select two or more cards to connect them in journey order.")
            return 0
        with self.document.gesture(f"Connect {len(pairs) + 1} touchpoints") as g:
            for a, b in pairs:
                g.add(self.journey.connect(Transition(a, b)))
        self.scene.select_keys(keys, pairs)
        return len(pairs)

    def move_header(self, kind: str, key: str, index: int) -> None:
        """Reorder a stage or a lane."""
        name = (self.journey.stage(key) if kind == "stage" else self.journey.lane(key)).name
        with self.document.gesture(f"Move {kind} {name}") as g:
            g.add(self.journey.move_stage(key, index) if kind == "stage"
                  else self.journey.move_lane(key, index))

    # ------------------------------------------------------------------ connect
    def connect(self, source: str, target: str, kind: str = "expected") -> bool:
        if self.journey.has_transition(source, target):
            self.message.emit("These touchpoints are already connected.")
            self.scene.select_keys(transitions=[(source, target)])
            return False
        with self.document.gesture(f"Connect {self.journey.touchpoint(source).label} → "
                                   f"{self.journey.touchpoint(target).label}") as g:
            g.add(self.journey.connect(Transition(source, target, kind)))
        self.scene.select_keys(transitions=[(source, target)])
        return True

    def set_transition(self, key: tuple[str, str], **changes) -> None:
        """Change a transition's kind, label or volume (one undo entry)."""
        with self.document.gesture("Edit transition") as g:
            g.add(self.journey.update_transition(*key, **changes))

    # ------------------------------------------------------------------ rename
    def rename_inline(self, key: str) -> None:
        """Open the label editor on card ``key``; Enter commits one undo entry."""
        card = self.scene.cards[key]
        rect = card.mapRectToScene(card.label_rect())

        def done(text: str | None) -> None:
            self.editor = None
            if text and self.journey.has_touchpoint(key):
                self.rename(key, text)

        self._open_editor(self.journey.touchpoint(key).label, rect, done)

    def rename(self, key: str, label: str) -> None:
        with self.document.gesture(f"Rename to {label}") as g:
            g.add(self.journey.update_touchpoint(key, label=label))

    def rename_header_inline(self, kind: str, key: str) -> None:
        rect = self.scene.header_rect(kind, key)
        if kind == "stage":
            rect = rect.adjusted(44, 10, -10, -28)
            current = self.journey.stage(key).name
        else:
            rect = rect.adjusted(12, rect.height() / 2 - 12, -8, -(rect.height() / 2 - 12))
            current = self.journey.lane(key).name

        def done(text: str | None) -> None:
            self.editor = None
            if text:
                self.rename_header(kind, key, text)

        self._open_editor(current, rect, done, point_size=10 if kind == "stage" else 9)

    def rename_header(self, kind: str, key: str, name: str) -> None:
        with self.document.gesture(f"Rename {kind} to {name}") as g:
            g.add(self.journey.update_stage(key, name=name) if kind == "stage"
                  else self.journey.update_lane(key, name=name))

    def _open_editor(self, text, rect, done, point_size: float = 8.6) -> None:
        if self.editor is not None:
            self.editor.finish(True)
        self.editor = InlineEditor(text, rect, done, point_size)
        self.scene.addItem(self.editor)
        self.editor.start()

    # ------------------------------------------------------------------ delete
    def delete_selection(self) -> bool:
        cards = self.scene.selected_touchpoints()
        edges = [k for k in self.scene.selected_transitions()
                 if k[0] not in cards and k[1] not in cards]
        if not cards and not edges:
            return False
        what = (f"{len(cards)} touchpoint{'s' * (len(cards) != 1)}" if cards else
                f"{len(edges)} transition{'s' * (len(edges) != 1)}")
        with self.document.gesture(f"Delete {what}") as g:
            for key in edges:
                g.add(self.journey.disconnect(*key))
            for key in cards:
                g.add(self.journey.remove_touchpoint(key))
        return True

    # ------------------------------------------------------------------ clipboard
    def copied(self, keys: list[str]) -> dict:
        """The selection as a clipboard document: touchpoints and the arrows between them."""
        inside = set(keys)
        return {
            "format": "journeymap-touchpoints/1",
            "touchpoints": [_touchpoint_doc(self.journey.touchpoint(k)) for k in keys],
            "transitions": [_transition_doc(t) for t in self.journey.transitions()
                            if t.source in inside and t.target in inside],
        }

    def copy(self) -> bool:
        keys = self.scene.selected_touchpoints()
        if not keys:
            return False
        data = self.copied(keys)
        mime = QMimeData()
        text = json.dumps(data, indent=2, ensure_ascii=False)
        mime.setData(CLIPBOARD_MIME, text.encode("utf-8"))
        mime.setText("\n".join(self.journey.touchpoint(k).label for k in keys))
        QGuiApplication.clipboard().setMimeData(mime)
        self.message.emit(f"Copied {len(keys)} touchpoint{'s' * (len(keys) != 1)}.")
        return True

    def cut(self) -> bool:
        if not self.copy():
            return False
        keys = self.scene.selected_touchpoints()
        with self.document.gesture(f"Cut {len(keys)} touchpoint{'s' * (len(keys) != 1)}") as g:
            for key in keys:
                g.add(self.journey.remove_touchpoint(key))
        return True

    def paste(self) -> list[str]:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(CLIPBOARD_MIME):
            if mime is not None and mime.hasText() and mime.text().strip():
                return self._paste_lines(mime.text())
            return []
        try:
            data = json.loads(bytes(mime.data(CLIPBOARD_MIME).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.message.emit("The clipboard does not hold touchpoints.")
            return []
        return self.insert(data, "Paste")

    def duplicate(self) -> list[str]:
        keys = self.scene.selected_touchpoints()
        return self.insert(self.copied(keys), "Duplicate") if keys else []

    def _paste_lines(self, text: str) -> list[str]:
        """Plain text: one new touchpoint per line (a workshop's sticky notes)."""
        lines = [line.strip() for line in text.splitlines() if line.strip()][:200]
        data = {"touchpoints": [{"label": line} for line in lines], "transitions": []}
        return self.insert(data, "Paste")

    def insert(self, data: dict, verb: str) -> list[str]:
        """Add copies of clipboard touchpoints with fresh ids, after the selection (or in
        their own stages), keeping the arrows between them. One undo entry."""
        journey = self.journey
        if not journey.stages:
            return []
        selected = self.scene.selected_touchpoints()
        anchor = journey.touchpoint(selected[-1]) if selected else None
        ids: dict[str, str] = {}
        new: list[str] = []
        try:
            count = plural(len(data["touchpoints"]), "touchpoint")
            with self.document.gesture(f"{verb} {count}") as g:
                for i, doc in enumerate(data["touchpoints"]):
                    stage = doc.get("stage")
                    if anchor is not None:
                        stage = anchor.stage
                    elif not stage or not journey.has_stage(stage):
                        stage = journey.stages[0].id
                    lane = doc.get("lane")
                    if not lane or not journey.has_lane(lane):
                        lane = anchor.lane if anchor else journey.lanes[0].id
                    key = journey.new_id(doc.get("label") or "touchpoint", "tp")
                    ids[doc.get("id", f"#{i}")] = key
                    index = (journey.position_in_stage(anchor.id) + 1 + i
                             if anchor is not None else None)
                    tp = _touchpoint_from(doc, key, stage, lane, journey)
                    g.add(journey.add_touchpoint(tp, index))
                    new.append(key)
                for t in data.get("transitions", []):
                    if t.get("source") in ids and t.get("target") in ids:
                        g.add(journey.connect(Transition(
                            ids[t["source"]], ids[t["target"]], t.get("kind", "expected"),
                            t.get("label", ""), t.get("volume"))))
        except (JourneyError, KeyError, TypeError, ValueError) as exc:
            self.message.emit(f"Cannot paste: {exc}")
            return []
        self.scene.select_keys(new)
        return new

    # ------------------------------------------------------------------ arrange
    def auto_layout(self) -> None:
        """Order each stage's cards along the flow of the arrows, so arrows run left to
        right and jump over as few cards as possible; one undo entry."""
        from .arrange import flow_orders

        journey = self.journey
        orders = flow_orders(journey)
        with self.document.gesture("Auto layout") as g:
            for stage, keys in orders.items():
                for index, key in enumerate(keys):
                    if journey.position_in_stage(key) != index:
                        g.add(journey.move_touchpoint(key, stage, index))


_TOUCHPOINT_FIELDS = ("id", "label", "stage", "channel", "lane", "kind", "owner", "description",
                      "emotion", "emotions", "pain_points", "notes", "tags",
                      "attributes")


def _touchpoint_doc(tp: Touchpoint) -> dict:
    return {name: getattr(tp, name) for name in _TOUCHPOINT_FIELDS}


def _transition_doc(t: Transition) -> dict:
    return {"source": t.source, "target": t.target, "kind": t.kind, "label": t.label,
            "volume": t.volume}


def _touchpoint_from(doc: dict, key: str, stage: str, lane: str, journey) -> Touchpoint:
    personas = {p.id for p in journey.personas}
    return Touchpoint(
        id=key, label=str(doc.get("label") or NEW_LABEL), stage=stage, lane=lane,
        channel=str(doc.get("channel") or "web"), kind=str(doc.get("kind") or "experience"),
        owner=str(doc.get("owner") or ""), description=str(doc.get("description") or ""),
        emotion=doc.get("emotion"),
        emotions={p: v for p, v in dict(doc.get("emotions") or {}).items() if p in personas},
        pain_points=list(doc.get("pain_points") or []),
        notes=list(doc.get("notes") or []), tags=list(doc.get("tags") or []),
        attributes=dict(doc.get("attributes") or {}))

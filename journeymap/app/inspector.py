"""The inspector dock: every attribute of what is selected, edited in place.

It shows the journey (nothing selected), one or more touchpoints, a transition, or a stage or
lane (header clicked). Values are pushed into the widgets with their signals blocked; a widget's
"editing finished" becomes one model edit through the document (one undo entry). With several
touchpoints selected, fields that differ show empty with "(mixed)" and setting one sets it on
all; the label, description and lists are per touchpoint and disabled. The panel follows the
document's change notices, so undo and edits made on the canvas show at once.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from shiboken6 import isValid
from PySide6.QtWidgets import (QComboBox, QDockWidget, QDoubleSpinBox, QFormLayout, QLabel,
                               QLineEdit, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout,
                               QWidget)

from journeymap.model import CHANNELS, TOUCHPOINT_KINDS, TRANSITION_KINDS

from .canvas.scene import JourneyScene
from .document import JourneyDocument
from .widgets import EmotionBox, TextBox, blocked, section

MIXED = "(mixed)"
LIST_FIELDS = ("pain_points", "notes", "tags")
LIST_TITLES = {"pain_points": "Pain points", "notes": "Notes and quotes", "tags": "Tags"}


def _form() -> tuple[QWidget, QFormLayout]:
    """A page whose form rows stay packed at the top, however tall the dock."""
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.setContentsMargins(10, 8, 10, 10)
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
    outer.addLayout(form)
    outer.addStretch(1)
    return page, form


#: Persona names wrap within this width in the emotion rows.
PERSONA_LABEL_WIDTH = 110


def show_from_start(edit: QLineEdit, text: str) -> None:
    """Put ``text`` in a field the user is not typing in, showing its beginning: setText
    leaves the cursor at the end, so a long title read "…der with delivery and returns"."""
    edit.setText(text)
    edit.setCursorPosition(0)

class Inspector(QDockWidget):
    """Shows and edits the selection's attributes."""

    #: "New opportunity…" was asked for the touchpoints shown (the Opportunities panel
    #: opens its dialog with them linked).
    new_opportunity = Signal(list)

    def __init__(self, document: JourneyDocument, scene: JourneyScene,
                 parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("inspector")
        self.document = document
        self.scene = scene
        self.stack = QStackedWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(scroll)
        self.setMinimumWidth(300)
        self.keys: list[str] = []               # touchpoints shown
        self.edge: tuple[str, str] | None = None
        self.header: tuple[str, str] | None = None
        self._build_journey_page()
        self._build_touchpoint_page()
        self._build_transition_page()
        self._build_header_page()
        scene.selectionChanged.connect(self.follow_selection)
        scene.header_selected.connect(lambda *_: self.follow_selection())
        document.changed.connect(lambda _: self.reload())
        document.reset.connect(self.follow_selection)
        self.follow_selection()

    @property
    def journey(self):
        return self.document.journey

    # ------------------------------------------------------------------ pages
    def _build_journey_page(self) -> None:
        page, form = _form()
        form.addRow(section("Journey"))
        self.title_edit = QLineEdit()
        self.title_edit.editingFinished.connect(
            lambda: self._edit_journey(title=self.title_edit.text().strip() or "Untitled"))
        self.journey_description = TextBox(6)
        self.journey_description.editingFinished.connect(
            lambda: self._edit_journey(description=self.journey_description.toPlainText()))
        self.journey_summary = QLabel()
        self.journey_summary.setWordWrap(True)
        form.addRow("Title", self.title_edit)
        form.addRow("Description", self.journey_description)
        form.addRow("", self.journey_summary)
        hint = QLabel("Select a card, an arrow, a stage header or a lane name to edit it. "
                      "Double-click an empty cell to add a touchpoint; drag from a card's "
                      "handle to connect it.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616e7c;")
        form.addRow(hint)
        self.journey_page = page
        self.stack.addWidget(page)

    def _build_touchpoint_page(self) -> None:
        page, form = _form()
        self.tp_title = section("Touchpoint")
        form.addRow(self.tp_title)
        self.tp_id = QLabel()
        self.tp_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tp_label = QLineEdit()
        self.tp_label.editingFinished.connect(
            lambda: self._set_text("label", self.tp_label.text().strip()))
        self.tp_stage = QComboBox()
        self.tp_stage.activated.connect(lambda _: self._set_stage(self.tp_stage.currentData()))
        self.tp_lane = QComboBox()
        self.tp_lane.activated.connect(lambda _: self._set("lane", self.tp_lane.currentData()))
        self.tp_channel = QComboBox()
        self.tp_channel.setEditable(True)
        self.tp_channel.addItems(list(CHANNELS))
        self.tp_channel.lineEdit().editingFinished.connect(
            lambda: self._set_text("channel", self.tp_channel.currentText().strip()))
        self.tp_channel.activated.connect(
            lambda _: self._set_text("channel", self.tp_channel.currentText().strip()))
        self.tp_kind = QComboBox()
        self.tp_kind.addItems(list(TOUCHPOINT_KINDS))
        self.tp_kind.activated.connect(lambda _: self._set("kind", self.tp_kind.currentText()))
        self.tp_owner = QLineEdit()
        self.tp_owner.editingFinished.connect(
            lambda: self._set_text("owner", self.tp_owner.text().strip()))
        self.tp_description = TextBox(3)
        self.tp_description.editingFinished.connect(
            lambda: self._set("description", self.tp_description.toPlainText().strip()))
        self.tp_emotion = EmotionBox()
        self.tp_emotion.valueChanged.connect(lambda _: self._set("emotion",
                                                                 self.tp_emotion.score()))
        form.addRow("Id", self.tp_id)
        form.addRow("Label", self.tp_label)
        form.addRow("Stage", self.tp_stage)
        form.addRow("Lane", self.tp_lane)
        form.addRow("Channel", self.tp_channel)
        form.addRow("Kind", self.tp_kind)
        form.addRow("Owner", self.tp_owner)
        form.addRow("Description", self.tp_description)
        form.addRow(section("Emotion (−2 … +2)"))
        form.addRow("Everyone", self.tp_emotion)
        self.persona_form = QFormLayout()
        self.persona_boxes: dict[str, EmotionBox] = {}
        form.addRow(self.persona_form)
        self.list_boxes: dict[str, TextBox] = {}
        for name in LIST_FIELDS:
            box = TextBox(3 if name != "tags" else 2)
            box.setPlaceholderText("one per line")
            box.editingFinished.connect(lambda n=name, b=box: self._set(n, b.lines()))
            self.list_boxes[name] = box
            form.addRow(section(LIST_TITLES[name]))
            form.addRow(box)
        self.tp_opportunities = QLabel()
        self.tp_opportunities.setWordWrap(True)
        self.tp_opportunities.setTextFormat(Qt.TextFormat.RichText)
        new = QPushButton("New opportunity for these cards…")
        new.clicked.connect(lambda: self.new_opportunity.emit(list(self.keys)))
        self.tp_new_opportunity = new
        form.addRow(section("Opportunities"))
        form.addRow(self.tp_opportunities)
        form.addRow(new)
        self.tp_attributes = TextBox(3)
        self.tp_attributes.setPlaceholderText("key: value, one per line")
        self.tp_attributes.editingFinished.connect(self._set_attributes)
        form.addRow(section("Other attributes"))
        form.addRow(self.tp_attributes)
        self.touchpoint_page = page
        self.stack.addWidget(page)

    def _build_transition_page(self) -> None:
        page, form = _form()
        form.addRow(section("Transition"))
        self.tr_ends = QLabel()
        self.tr_ends.setWordWrap(True)
        self.tr_kind = QComboBox()
        self.tr_kind.addItems(list(TRANSITION_KINDS))
        self.tr_kind.activated.connect(lambda _: self._edit_edge(kind=self.tr_kind.currentText()))
        self.tr_label = QLineEdit()
        self.tr_label.editingFinished.connect(
            lambda: self._edit_edge(label=self.tr_label.text().strip()))
        self.tr_volume = QDoubleSpinBox()
        self.tr_volume.setRange(-1, 1e12)
        self.tr_volume.setDecimals(0)
        self.tr_volume.setSpecialValueText("–")
        self.tr_volume.setKeyboardTracking(False)
        self.tr_volume.valueChanged.connect(
            lambda v: self._edit_edge(volume=None if v < 0 else v))
        form.addRow("From → to", self.tr_ends)
        form.addRow("Kind", self.tr_kind)
        form.addRow("Label", self.tr_label)
        form.addRow("Volume", self.tr_volume)
        self.transition_page = page
        self.stack.addWidget(page)

    def _build_header_page(self) -> None:
        page, form = _form()
        self.header_title = section("Stage")
        form.addRow(self.header_title)
        self.header_name = QLineEdit()
        self.header_name.editingFinished.connect(
            lambda: self._edit_header(name=self.header_name.text().strip()))
        self.header_description = TextBox(4)
        self.header_description.editingFinished.connect(
            lambda: self._edit_header(description=self.header_description.toPlainText().strip()))
        self.header_summary = QLabel()
        self.header_summary.setWordWrap(True)
        form.addRow("Name", self.header_name)
        form.addRow("Description", self.header_description)
        form.addRow("", self.header_summary)
        self.header_page = page
        self.stack.addWidget(page)

    # ------------------------------------------------------------------ following
    def follow_selection(self) -> None:
        if not isValid(self.scene) or not isValid(self):
            return  # the window is being torn down
        self.keys = self.scene.selected_touchpoints()
        edges = self.scene.selected_transitions()
        self.edge = edges[0] if len(edges) == 1 and not self.keys else None
        self.header = self.scene.current_header if not self.keys and not edges else None
        self.reload()

    def reload(self) -> None:
        """Show the current values (after a selection change or any model change)."""
        journey = self.journey
        self.keys = [k for k in self.keys if journey.has_touchpoint(k)]
        if self.edge and not journey.has_transition(*self.edge):
            self.edge = None
        if self.header and not (journey.has_stage(self.header[1]) if self.header[0] == "stage"
                                else journey.has_lane(self.header[1])):
            self.header = None
        if self.keys:
            self._show_touchpoints()
        elif self.edge:
            self._show_transition()
        elif self.header:
            self._show_header()
        else:
            self._show_journey()

    def _show_journey(self) -> None:
        j = self.journey
        with blocked(self.title_edit, self.journey_description):
            if not self.title_edit.hasFocus():
                show_from_start(self.title_edit, j.title)
            if not self.journey_description.hasFocus():
                self.journey_description.setPlainText(j.description)
        self.journey_summary.setText(
            f"{len(j.stages)} stages · {len(j)} touchpoints · "
            f"{j.transition_count()} transitions · {len(j.personas)} personas")
        self.stack.setCurrentWidget(self.journey_page)

    def _common(self, name: str) -> Any:
        values = [getattr(self.journey.touchpoint(k), name) for k in self.keys]
        return values[0] if all(v == values[0] for v in values) else MIXED

    def _show_touchpoints(self) -> None:
        j = self.journey
        single = len(self.keys) == 1
        self.tp_title.setText("TOUCHPOINT" if single else f"{len(self.keys)} TOUCHPOINTS")
        widgets = [self.tp_label, self.tp_stage, self.tp_lane, self.tp_channel, self.tp_kind,
                   self.tp_owner, self.tp_description, self.tp_emotion,
                   *self.list_boxes.values()]
        self._sync_personas()
        with blocked(*widgets, *self.persona_boxes.values()):
            self.tp_id.setText(self.keys[0] if single else ", ".join(self.keys[:4])
                               + (" …" if len(self.keys) > 4 else ""))
            _fill_combo(self.tp_stage, [(s.name, s.id) for s in j.stages], self._common("stage"))
            _fill_combo(self.tp_lane, [(ln.name, ln.id) for ln in j.lanes], self._common("lane"))
            channel = self._common("channel")
            self.tp_channel.setCurrentText("" if channel == MIXED else channel)
            self.tp_channel.lineEdit().setPlaceholderText(MIXED if channel == MIXED else "")
            kind = self._common("kind")
            self.tp_kind.setCurrentIndex(-1 if kind == MIXED else self.tp_kind.findText(kind))
            for field, edit in (("label", self.tp_label), ("owner", self.tp_owner)):
                value = self._common(field)
                if not edit.hasFocus():
                    show_from_start(edit, "" if value == MIXED else value)
                edit.setPlaceholderText(MIXED if value == MIXED else "")
            description = self._common("description")
            if not self.tp_description.hasFocus():
                self.tp_description.setPlainText("" if description == MIXED else description)
            emotion = self._common("emotion")
            self.tp_emotion.set_score(None if emotion == MIXED else emotion)
            for persona, box in self.persona_boxes.items():
                values = {j.touchpoint(k).emotions.get(persona) for k in self.keys}
                box.set_score(values.pop() if len(values) == 1 else None)
            for name, box in self.list_boxes.items():
                value = self._common(name)
                if not box.hasFocus():
                    box.setPlainText("" if value == MIXED else "\n".join(value))
                box.setPlaceholderText(MIXED if value == MIXED else "one per line")
            self.tp_opportunities.setText(opportunities_text(j, self.keys))
            attributes = self._common("attributes")
            if not self.tp_attributes.hasFocus():
                self.tp_attributes.setPlainText(
                    "" if attributes == MIXED else format_attributes(attributes))
        for w in (self.tp_label, self.tp_description, self.tp_attributes,
                  *[self.list_boxes[n] for n in
                                                        ("pain_points", "notes")]):
            w.setEnabled(single)
        self.stack.setCurrentWidget(self.touchpoint_page)

    def _sync_personas(self) -> None:
        """One emotion box per persona, rebuilt when the personas change."""
        personas = [(p.id, p.name) for p in self.journey.personas]
        if [(k, b.property("persona_name")) for k, b in self.persona_boxes.items()] == personas:
            return
        while self.persona_form.rowCount():
            self.persona_form.removeRow(0)
        self.persona_boxes = {}
        for key, name in personas:
            box = EmotionBox()
            box.setProperty("persona_name", name)
            box.valueChanged.connect(lambda _, k=key, b=box: self._set_persona_emotion(k, b))
            self.persona_boxes[key] = box
            # a persona is often named in a phrase ("Maya, the busy parent"): wrapped, so it
            # never widens the panel past the dock and clips the fields
            label = QLabel(name)
            label.setWordWrap(True)
            label.setMaximumWidth(PERSONA_LABEL_WIDTH)
            label.setToolTip(name)
            self.persona_form.addRow(label, box)

    def _show_transition(self) -> None:
        assert self.edge is not None
        t = self.journey.transition(*self.edge)
        s, d = self.journey.touchpoint(t.source), self.journey.touchpoint(t.target)
        with blocked(self.tr_kind, self.tr_label, self.tr_volume):
            self.tr_ends.setText(f"{s.label} → {d.label}")
            self.tr_kind.setCurrentIndex(self.tr_kind.findText(t.kind))
            if not self.tr_label.hasFocus():
                show_from_start(self.tr_label, t.label)
            self.tr_volume.setValue(-1 if t.volume is None else t.volume)
        self.stack.setCurrentWidget(self.transition_page)

    def _show_header(self) -> None:
        assert self.header is not None
        kind, key = self.header
        element = self.journey.stage(key) if kind == "stage" else self.journey.lane(key)
        self.header_title.setText(kind.upper())
        with blocked(self.header_name, self.header_description):
            if not self.header_name.hasFocus():
                show_from_start(self.header_name, element.name)
            if not self.header_description.hasFocus():
                self.header_description.setPlainText(element.description)
        count = (len(self.journey.touchpoint_ids(key)) if kind == "stage"
                 else sum(tp.lane == key for tp in self.journey.touchpoints()))
        self.header_summary.setText(f"{count} touchpoint{'s' * (count != 1)}. Drag the "
                                    f"header to reorder; the Structure panel adds and "
                                    f"removes {kind}s.")
        self.stack.setCurrentWidget(self.header_page)

    # ------------------------------------------------------------------ editing
    def _set(self, name: str, value: Any) -> None:
        """Set one field on every shown touchpoint, as one undo entry."""
        keys = list(self.keys)
        if not keys:
            return
        what = self.journey.touchpoint(keys[0]).label if len(keys) == 1 else \
            f"{len(keys)} touchpoints"
        with self.document.gesture(f"Set {name.replace('_', ' ')} of {what}") as g:
            for k in keys:
                g.add(self.journey.update_touchpoint(k, **{name: value}))

    def _set_text(self, name: str, value: str) -> None:
        if value or name != "label":  # an empty label is not a rename
            if not (value == "" and self._common(name) == MIXED):
                self._set(name, value)

    def _set_attributes(self) -> None:
        self._set("attributes", parse_attributes(self.tp_attributes.toPlainText()))

    def _set_stage(self, stage: str | None) -> None:
        keys = [k for k in self.keys if self.journey.touchpoint(k).stage != stage]
        if stage is None or not keys:
            return
        with self.document.gesture(f"Move to {self.journey.stage(stage).name}") as g:
            for k in keys:
                g.add(self.journey.move_touchpoint(k, stage))

    def _set_persona_emotion(self, persona: str, box: EmotionBox) -> None:
        score = box.score()
        with self.document.gesture(f"Set {self.journey.persona(persona).name}'s emotion") as g:
            for k in list(self.keys):
                emotions = dict(self.journey.touchpoint(k).emotions)
                if score is None:
                    emotions.pop(persona, None)
                else:
                    emotions[persona] = score
                g.add(self.journey.update_touchpoint(k, emotions=emotions))

    def _edit_journey(self, **changes: Any) -> None:
        self.document.apply("Edit journey", lambda j: j.update_journey(**changes))

    def _edit_edge(self, **changes: Any) -> None:
        if self.edge is None:
            return
        edge = self.edge
        self.document.apply("Edit transition", lambda j: j.update_transition(*edge, **changes))

    def _edit_header(self, **changes: Any) -> None:
        if self.header is None or changes.get("name") == "":
            return
        kind, key = self.header
        self.document.apply(f"Edit {kind}", lambda j: j.update_stage(key, **changes)
                            if kind == "stage" else j.update_lane(key, **changes))


def format_attributes(attributes: dict[str, Any]) -> str:
    """``key: value`` lines, values as JSON scalars (so 3 and "3" stay apart)."""
    return "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in attributes.items())


def parse_attributes(text: str) -> dict[str, Any]:
    """The inverse of :func:`format_attributes`; a value that is not JSON is kept as text."""
    out: dict[str, Any] = {}
    for line in text.splitlines():
        if ":" not in line:
            continue
        key, raw = (part.strip() for part in line.split(":", 1))
        if not key:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        out[key] = value if isinstance(value, (str, int, float, bool)) or value is None \
            else raw
    return out


def _fill_combo(combo: QComboBox, items: list[tuple[str, str]], current: Any) -> None:
    if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] != items:
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
    combo.setCurrentIndex(-1 if current == MIXED else combo.findData(current))


def opportunities_text(journey, keys: list[str]) -> str:
    """The opportunities linked to any of ``keys``, one line each with priority and status."""
    from html import escape

    found = [o for o in journey.opportunities if set(o.touchpoints) & set(keys)]
    if not found:
        return "<i>None linked yet.</i>"
    return "<br>".join(
        f"★ {escape(o.title)} <span style='color:#616e7c'>("
        + (f"priority {o.priority:.1f}, " if o.priority is not None else "unscored, ")
        + f"{escape(o.status)})</span>" for o in found)

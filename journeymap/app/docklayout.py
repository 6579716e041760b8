"""Where the panels go: the window's default dock arrangement for its size, and dock tab bars
that say every panel's name whole.

On a wide screen (a 1920 or 2560 px desktop) the panels you edit with sit left of the map and
the panels of the data right of it, the ranking above the comments. On a small one (a
1366×768 laptop or projector) the map needs the width: every panel goes to one column on the
right, one tab group as tall as the window, so a panel has the full height and not a third of
it. Either way a tab says its panel's whole name: a dock tab bar that runs out of room scrolls
(arrows at its ends) rather than cutting names to "F…", "So…".

The arrangement is applied at first start and by View ▸ Reset panel layout; a layout the user
made is saved and restored by the window and never rearranged behind their back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea

#: Below this window width the panels share one column on the right.
COMPACT_WIDTH = 1500

#: Wide screens: per side, the tab groups from top to bottom, each a list of docks (by object
#: name) in tab order, the first in front.
WIDE: tuple[tuple[Qt.DockWidgetArea, tuple[tuple[str, ...], ...]], ...] = (
    (LEFT, (("inspector", "structure", "history"),)),
    (RIGHT, (("feedback-friction", "feedback-sources", "decisions-evidence"),
             ("feedback-feedback", "feedback-heatmaps", "feedback-paths",
              "decisions-opportunities", "decisions-key-drivers"))),
)
#: Small screens: one group on the right; the ranking in front, the comments and the
#: Inspector next, then what is opened less often.
COMPACT: tuple[tuple[Qt.DockWidgetArea, tuple[tuple[str, ...], ...]], ...] = (
    (RIGHT, (("feedback-friction", "feedback-feedback", "inspector", "feedback-heatmaps",
              "feedback-paths", "feedback-sources", "decisions-evidence",
              "decisions-opportunities", "decisions-key-drivers", "structure", "history"),)),
)


def plan_for(width: int) -> tuple[tuple[Qt.DockWidgetArea, tuple[tuple[str, ...], ...]], ...]:
    """The arrangement for a window ``width`` px wide."""
    return COMPACT if width < COMPACT_WIDTH else WIDE


def side_widths(width: int) -> dict[Qt.DockWidgetArea, int]:
    """Each side's column width for a window ``width`` px wide: on a small screen the one
    column about a quarter of the window (the map keeps about three quarters); on a wide
    one the editing column 300-340 px and the data column about 27%, at most 560 px."""
    if width < COMPACT_WIDTH:
        return {RIGHT: max(320, min(400, round(width * 0.26)))}
    return {LEFT: max(280, min(340, width // 6)),
            RIGHT: max(380, min(560, round(width * 0.27)))}


def arrange(window: QMainWindow, width: int | None = None) -> None:
    """Put every dock of ``window`` in its default place for a window ``width`` px wide (the
    window's width by default): docked, shown, grouped and sized as :data:`WIDE` or
    :data:`COMPACT` say. Docks the plans do not name (a plug-in's) join the last group on
    the right."""
    width = window.width() if width is None else width
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget)
             if d.parent() is window}
    plan = [(area, [[docks.pop(name) for name in group if name in docks]
                    for group in groups]) for area, groups in plan_for(width)]
    plan = [(area, [g for g in groups if g]) for area, groups in plan]
    plan = [(area, groups) for area, groups in plan if groups]
    if not plan:
        return
    if docks:  # unnamed docks: behind the data panels
        _, groups = next(((a, g) for a, g in plan if a == RIGHT), plan[-1])
        groups[-1].extend(sorted(docks.values(), key=lambda d: d.objectName()))
    # every dock in the layout first: a closed one shown (it returns to its last place) and
    # a floating one docked; showing one after it was moved would send it back there
    for _, groups in plan:
        for dock in (d for group in groups for d in group):
            if dock.isFloating():
                dock.setFloating(False)
            if dock.isHidden():
                dock.show()
    # Moves that never stack more groups in a column than the plan has (each extra one
    # would raise the window's minimum height and grow it past a small screen): all of a
    # side's docks tabbed onto its first front dock, then the other groups split off below.
    # (Qt tabs rather than splits a dock from a tabbed one, so groups split off by adding.)
    for area, groups in plan:
        head = groups[0][0]
        if window.dockWidgetArea(head) != area:
            window.addDockWidget(area, head, Qt.Orientation.Vertical)
        for dock in (d for group in groups for d in group[1:] + [group[0]]):
            if dock is not head:
                window.tabifyDockWidget(head, dock)
        for group in groups[1:]:
            window.addDockWidget(area, group[0], Qt.Orientation.Vertical)
            for dock in group[1:]:
                window.tabifyDockWidget(group[0], dock)
        for dock in groups[0][1:]:  # the tabs in the plan's order
            window.tabifyDockWidget(head, dock)
    for _, groups in plan:  # each group's first tab in front
        for group in groups:
            group[0].raise_()
    readable_tabs(window)
    _size(window, plan, width)


def _size(window: QMainWindow, plan, width: int) -> None:
    widths = side_widths(width)
    for area, groups in plan:
        heads = [g[0] for g in groups]
        column = widths.get(area, 320)
        if area == RIGHT and width >= COMPACT_WIDTH:  # room for the tabs, if the window has it
            need = max(tabs_width(window, [d.windowTitle() for d in g]) for g in groups)
            column = max(column, min(need, round(width * 0.34)))
        window.resizeDocks(heads[:1], [column], Qt.Orientation.Horizontal)
        if len(heads) == 2:  # the ranking above (40%), the comments below (60%)
            height = window.height()
            window.resizeDocks(heads, [int(height * 0.4), int(height * 0.6)],
                               Qt.Orientation.Vertical)


def dock_tab_bars(window: QMainWindow) -> list[QTabBar]:
    """The tab bars of the window's tabbed docks in use, each right under (or above) its
    group's front dock: not the tab bars inside panels, nor the spare ones Qt keeps."""
    fronts = [d.geometry() for d in window.findChildren(QDockWidget)
              if d.isVisible() and not d.isFloating() and d.parent() is window]
    return [bar for bar in window.findChildren(QTabBar, options=Qt.FindChildOption
                                              .FindDirectChildrenOnly)
            if bar.isVisible() and bar.count() and any(
                g.left() == bar.x() and g.width() == bar.width()
                and (abs(g.bottom() + 1 - bar.y()) <= 2 or abs(bar.geometry().bottom() + 1
                                                               - g.top()) <= 2)
                for g in fronts)]


def tabs_width(window: QMainWindow, titles: list[str]) -> int:
    """The width a dock tab bar needs to show ``titles`` whole, side by side."""
    bar = QTabBar()  # never shown: measured with the application's style and style sheet
    try:
        bar.setFont(window.font())
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        for title in titles:
            bar.addTab(title)
        return sum(bar.tabSizeHint(i).width() for i in range(bar.count())) + 4
    finally:
        bar.deleteLater()


def readable_tabs(window: QMainWindow) -> None:
    """Dock tabs never cut their names: a crowded bar scrolls instead (Qt's own dock tab
    bars elide at the right)."""
    for bar in dock_tab_bars(window):
        _readable(bar)


def _readable(bar: QTabBar) -> None:
    if bar.elideMode() == Qt.TextElideMode.ElideNone and bar.usesScrollButtons():
        return
    bar.setElideMode(Qt.TextElideMode.ElideNone)
    bar.setUsesScrollButtons(True)


class ReadableTabs(QObject):
    """Keeps the window's dock tab bars readable as Qt makes new ones (when the user drags
    a panel onto another, or a saved layout is restored)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)
        if window.isVisible():  # before the first show no tab bar is, and each gets polished
            readable_tabs(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.ChildPolished:
            child = event.child()
            if isinstance(child, QTabBar):
                _readable(child)
        return False


__all__ = ["COMPACT", "COMPACT_WIDTH", "WIDE", "ReadableTabs", "arrange", "dock_tab_bars",
           "plan_for", "readable_tabs", "side_widths"]

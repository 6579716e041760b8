"""Comment themes of the selected card, above the Feedback panel's rows: computed in the
background (TF-IDF and NMF take a moment on thousands of comments) and kept per analysis."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from .. import theme
from ..feedback.worker import Job, describe


class ThemesView(QLabel):
    """Shows the themes of one touchpoint: name, count, share negative, two quotes."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setStyleSheet("QLabel { background: #f6f7f9; border-radius: 6px; padding: 6px; }")
        self.analysis: Any = None
        self.cache: dict[str, list[dict]] = {}
        self.job: Job | None = None
        self.key: str | None = None
        self.hide()

    def set_analysis(self, analysis: Any) -> None:
        if analysis is not self.analysis:
            self.analysis = analysis
            self.cache = {}
            if self.key is not None:
                self.show_touchpoint(self.key)

    def show_touchpoint(self, key: str | None) -> Job | None:
        """Show the themes of ``key`` (computing them in the background the first time)."""
        self.key = key
        if key is None or self.analysis is None:
            self.hide()
            return None
        if key in self.cache:
            self._show(key, self.cache[key])
            return None
        if self.job is not None and self.job.active:
            self.job.cancel()
        analysis = self.analysis
        self.setText(f"<span style='color:{theme.MUTED}'>Finding the themes in the "
                     "comments…</span>")
        self.show()

        def work(progress, cancelled):
            from journeymap.analytics.themes import analysis_themes

            return analysis_themes(analysis, touchpoints=[key]).to_dict("records")

        self.job = Job(work, "comment themes", self)
        self.job.finished.connect(lambda rows, k=key: self._done(k, rows))
        self.job.failed.connect(lambda exc: self.setText(
            f"Could not find themes: {escape(describe(exc))}"))
        self.job.start()
        return self.job

    def _done(self, key: str, rows: list[dict]) -> None:
        self.cache[key] = rows
        if key == self.key:
            self._show(key, rows)

    def _show(self, key: str, rows: list[dict]) -> None:
        if not rows:
            self.setText(f"<span style='color:{theme.MUTED}'>No comment themes: fewer than "
                         "20 comments here.</span>")
            self.show()
            return
        lines = [f"<b>Comment themes</b> <span style='color:{theme.MUTED}'>"
                 f"({rows[0]['comments']:,} comments)</span>"]
        for row in rows:
            negative = row["negative_share"]
            share = "" if negative != negative else f", {negative:.0%} negative"
            lines.append(f"<b>{escape(row['theme'])}</b>: {row['count']:,} "
                         f"({row['share']:.0%}{share})")
            quotes = [q for q in (row["quote_1"], row["quote_2"]) if q]
            if quotes:
                lines.append(f"<span style='color:{theme.MUTED}'>&nbsp;&nbsp;“"
                             + "” · “".join(escape(q) for q in quotes) + "”</span>")
        self.setText("<br>".join(lines))
        self.show()

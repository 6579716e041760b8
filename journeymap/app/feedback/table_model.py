"""A Qt table model over a pandas DataFrame: read only, sortable and searchable in pandas.

Sorting and searching are done by pandas on the whole frame (a proxy model would call
``data()`` once per cell and crawl on 100,000 rows); the model keeps the frame and an array
of the row positions shown, in the order shown.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


def cell_text(value: Any) -> str:
    """How a cell reads: empty for missing values, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    try:
        if value != value:  # pandas NA, NaT
            return ""
    except (TypeError, ValueError):
        return ""
    if hasattr(value, "isoformat") and hasattr(value, "tzinfo"):
        return str(value)[:19].replace("T", " ")
    return str(value)


class DataFrameModel(QAbstractTableModel):
    """Rows of a DataFrame, in an order and a filter of our own."""

    def __init__(self, frame: Any = None, parent=None, headers: dict[str, str] | None = None
                 ) -> None:
        super().__init__(parent)
        self._frame = None
        self._order: Any = ()          # numpy array of row positions shown (no frame: empty)
        self._columns: list[Any] = []  # per column: numpy object array (cheap cell access)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._search = ""
        self.headers = headers or {}
        self.set_frame(frame)

    # ------------------------------------------------------------------ content
    @property
    def frame(self):
        return self._frame

    def set_frame(self, frame: Any) -> None:
        """Show ``frame`` (None: nothing); the current sort and search are kept. An empty
        model does not import numpy: the feedback panel makes one at window creation."""
        self.beginResetModel()
        self._frame = frame
        if frame is None:
            self._columns, self._order = [], ()
        else:
            self._columns = [frame.iloc[:, i].to_numpy(dtype=object)
                             for i in range(frame.shape[1])]
            self._order = self._ordered(self._filtered())
        self.endResetModel()

    def visible_frame(self):
        """The rows shown, in the order shown (for export)."""
        return None if self._frame is None else self._frame.iloc[self._order]

    # ------------------------------------------------------------------ searching
    def set_search(self, text: str) -> None:
        """Show only rows where some text column contains ``text`` (case ignored)."""
        if text == self._search:
            return
        self._search = text
        if self._frame is not None:
            self.beginResetModel()
            self._order = self._ordered(self._filtered())
            self.endResetModel()

    def _filtered(self):
        import numpy as np
        import pandas as pd

        n = len(self._frame)
        if not self._search:
            return np.arange(n)
        needle = self._search.casefold()
        hit = np.zeros(n, dtype=bool)
        for column in self._frame.columns:
            series = self._frame[column]
            if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
                continue
            text = series.astype(str).str.casefold()
            hit |= text.str.contains(needle, regex=False, na=False).to_numpy()
        return np.flatnonzero(hit)

    # ------------------------------------------------------------------ sorting
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._frame is None or not 0 <= column < self._frame.shape[1]:
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self._order
        persistent = self.persistentIndexList()
        self._order = self._ordered(self._order)
        where = {int(pos): row for row, pos in enumerate(self._order)}
        self.changePersistentIndexList(persistent, [
            self.index(where[int(old[i.row()])], i.column()) if int(old[i.row()]) in where
            else QModelIndex() for i in persistent])
        self.layoutChanged.emit()

    def _ordered(self, positions):
        import numpy as np
        import pandas as pd

        if self._sort is None or len(positions) == 0:
            return positions
        column, order = self._sort
        series = self._frame.iloc[positions, column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        try:
            keys = series.reset_index(drop=True)
            ranks = keys.sort_values(ascending=order == Qt.SortOrder.AscendingOrder,
                                     na_position="last", kind="stable").index.to_numpy()
        except TypeError:  # mixed types: compare as text
            keys = series.astype(str).reset_index(drop=True)
            ranks = keys.sort_values(ascending=order == Qt.SortOrder.AscendingOrder,
                                     kind="stable").index.to_numpy()
        return np.asarray(positions)[ranks]

    # ------------------------------------------------------------------ Qt interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self._frame is None:
            return 0
        return len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self._frame is None:
            return 0
        return self._frame.shape[1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._frame is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._order) and 0 <= column < len(self._columns)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = cell_text(self._columns[column][self._order[row]])
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if len(text) > 40 else None
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            value = self._columns[column][self._order[row]]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._frame is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < self._frame.shape[1]:
                name = str(self._frame.columns[section])
                return self.headers.get(name, name)
            return None
        if 0 <= section < len(self._order):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def export_frame(frame: Any, path: str) -> None:
    """Write ``frame`` to CSV or (``.xlsx``) Excel, atomically."""
    from journeymap.model.fileformat import write_atomic

    if str(path).lower().endswith(".xlsx"):
        import io

        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False)
        write_atomic(path, buffer.getvalue())
    else:
        write_atomic(path, frame.to_csv(index=False))

"""Other formats: Mermaid ``journey`` diagrams, GraphML, touchpoint tables (CSV, Excel).

No Qt. pandas is imported only when a table is written, so the app can import this package
at start-up. Importers return ``(journey, notes)``: notes (:class:`ImportNote`) say what was
skipped, clamped or decided, with the line or element; unreadable input raises
:class:`InteropError` naming the line or element.
"""

from .common import ImportNote, InteropError
from .graphml import from_graphml, read_graphml, to_graphml, write_graphml
from .mermaid_export import to_mermaid, write_mermaid
from .mermaid_import import from_mermaid, read_mermaid
from .tables import touchpoint_table, write_touchpoint_table

__all__ = ["ImportNote", "InteropError", "from_graphml", "from_mermaid", "read_graphml",
           "read_mermaid", "to_graphml", "to_mermaid", "touchpoint_table", "write_graphml",
           "write_mermaid", "write_touchpoint_table"]

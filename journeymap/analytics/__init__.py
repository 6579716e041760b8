"""Feedback and event data turned into per-touchpoint evidence (pandas and numpy; no Qt).

``analyse(journey)`` reads every feedback source and event log the journey names and returns
an :class:`Analysis`: per-touchpoint and per-stage measures with 95% intervals, the friction
ranking, event-log transitions and drop-off, and every rejected input row with its reason.
``read_source`` reads one source into a :class:`FeedbackTable`.
"""

from .analysis import Analysis, Cancelled, analyse, parse_by
from .feedback import FeedbackTable, read_source
from .reading import SourceError, read_table

__all__ = ["Analysis", "Cancelled", "FeedbackTable", "SourceError", "analyse", "parse_by",
           "read_source", "read_table"]

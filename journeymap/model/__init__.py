"""The journey model: elements, the journey graph, edits with undo, validation and files.

No Qt, no pandas, no matplotlib: scripts, the command line and tests use it as it is.
"""

from .document import FORMAT_VERSION, Problem, from_document, to_document
from .edits import Edit, UndoStack
from .elements import (CHANNELS, DEFAULT_LANES, EMOTION_MAX, EMOTION_MIN, TOUCHPOINT_KINDS,
                       TRANSITION_KINDS, Lane, Persona, Stage, Touchpoint, Transition)
from .fileformat import JourneyFileError, dumps, load, loads, save, validate_file
from .journey import Change, Journey, JourneyError, slug
from .opportunities import STATUSES, Opportunity, ranked
from .sources import METRIC_KINDS, FeedbackSource, MetricColumn
from .validation import validate

__all__ = [
    "CHANNELS", "DEFAULT_LANES", "EMOTION_MAX", "EMOTION_MIN", "FORMAT_VERSION", "METRIC_KINDS",
    "TOUCHPOINT_KINDS", "TRANSITION_KINDS", "Change", "Edit", "FeedbackSource", "Journey",
    "JourneyError", "JourneyFileError", "Lane", "MetricColumn", "Opportunity", "Persona",
    "Problem", "STATUSES", "Stage",
    "Touchpoint", "Transition", "UndoStack", "dumps", "from_document", "load", "loads", "save",
    "ranked", "slug", "to_document", "validate", "validate_file",
]

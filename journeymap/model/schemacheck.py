"""A fast yes/no check of a document against a JSON Schema, compiled once to Python code.

jsonschema walks a schema anew for every value it checks and spends ~0.2 s on a
2,000-touchpoint journey, 40× the time ``json.loads`` takes to read it. Nearly every file that
is opened is valid, so :func:`compile_check` turns the schema into one Python function that
only answers "valid?" (~40× faster); only when it says no does jsonschema run, to name the
JSON path of each problem with the messages users already know.

On what ``json.loads`` makes it answers exactly as jsonschema does (a property test holds it
to that); on anything else it may be stricter, never looser: a ``dict`` subclass or a
``Decimal`` gets a no, and jsonschema has the last word. It handles the keywords our schema
uses; any other keyword makes :func:`compile_check` raise :class:`Unsupported` (the caller then
always uses jsonschema), so a schema change can never silently weaken the check.
fastjsonschema does this job in general, but it stops at draft 7 (our schema is 2020-12 and
uses ``prefixItems``); the part we need fits on this page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

#: Keywords that only annotate (they never make a document invalid).
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description",
                          "default", "examples"})
#: What a single "type" means, as a test of ``type(v)``: exact types, so bool is no number.
_TYPE_TESTS = {"object": "type({v}) is dict", "array": "type({v}) is list",
               "string": "type({v}) is str", "number": "type({v}) in (int, float)",
               "integer": "(type({v}) is int or type({v}) is float and {v}.is_integer())",
               "boolean": "type({v}) is bool", "null": "{v} is None"}
#: Keywords that constrain one type only, and that type.
_NUMBER = ("number", "integer")
_TYPED = {"properties": ("object",), "required": ("object",),
          "additionalProperties": ("object",), "items": ("array",), "prefixItems": ("array",),
          "minItems": ("array",), "maxItems": ("array",), "minLength": ("string",),
          "maxLength": ("string",), "pattern": ("string",), "minimum": _NUMBER,
          "maximum": _NUMBER}


class Unsupported(ValueError):
    """The schema uses something :func:`compile_check` does not compile."""


def compile_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A function telling whether a document is valid against ``schema`` (a draft 2020-12
    schema whose ``$ref``s point into its own ``$defs``)."""
    writer = _Writer(schema.get("$defs", {}))
    writer.schema(schema, "v0", 1, refs=())
    source = "def check(v0):\n" + "\n".join(writer.lines) + "\n    return True\n"
    namespace = dict(writer.constants)
    try:
        exec(compile(source, "<journey schema check>", "exec"), namespace)  # noqa: S102
    except (SyntaxError, RecursionError) as exc:  # e.g. more nested blocks than Python allows
        raise Unsupported(f"the schema compiles to invalid code: {exc}") from None
    check = namespace["check"]
    check.source = source  # for whoever wants to read what it does
    return check


class _Writer:
    """Writes the statements that ``return False`` when a value breaks a schema."""

    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {}

    def line(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)

    def constant(self, value: Any) -> str:
        name = f"C{len(self.constants)}"
        self.constants[name] = value
        return name

    def body(self, schema: Any, v: str, depth: int, refs: tuple[str, ...]) -> None:
        """The statements of a block checking ``v`` (``pass`` when nothing is to check)."""
        before = len(self.lines)
        self.schema(schema, v, depth, refs)
        if len(self.lines) == before:
            self.line(depth, "pass")

    def schema(self, schema: Any, v: str, depth: int, refs: tuple[str, ...]) -> None:
        if schema is True or schema == {}:
            return
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        ref = schema.get("$ref")
        if ref is not None:
            name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else None
            if name not in self.defs or name in refs:
                raise Unsupported(f"$ref {ref!r} (only non-recursive refs into $defs)")
            self.schema(self.defs[name], v, depth, (*refs, name))
        unknown = set(schema) - _ANNOTATIONS - set(_TYPED) - {"$ref", "type", "enum", "const"}
        if unknown:
            raise Unsupported(f"keywords {sorted(unknown)}")
        kind, fails = self.types(schema, v)
        for keyword, needs in _TYPED.items():
            if keyword in schema and kind not in needs:
                raise Unsupported(f"{keyword!r} needs \"type\": {needs[0]!r}")
        fails += self.values(schema, v)
        if fails:  # one statement: the type test first, guarding the others
            self.line(depth, f"if {' or '.join(fails)}: return False")
        if kind == "object":
            self.object(schema, v, depth, refs)
        elif kind == "array":
            self.array(schema, v, depth, refs)

    def types(self, schema: dict[str, Any], v: str) -> tuple[str | None, list[str]]:
        """The one type every valid value has (if one), and the test that fails others."""
        wanted = schema.get("type")
        if wanted is None:
            return None, []
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        if not names or any(n not in _TYPE_TESTS for n in names):
            raise Unsupported(f"type {wanted!r}")
        test = " or ".join(_TYPE_TESTS[n].format(v=v) for n in names)
        return names[0] if len(names) == 1 else None, [f"not ({test})"]

    def values(self, schema: dict[str, Any], v: str) -> list[str]:
        """Tests failing values out of an enum, a const or limits."""
        fails = []
        options = (schema["enum"] if "enum" in schema
                   else [schema["const"]] if "const" in schema else None)
        if options is not None:
            if not options or not all(isinstance(o, str) for o in options):
                raise Unsupported("enum or const of other values than strings")
            fails.append(f"type({v}) is not str or {v} not in "
                         f"{self.constant(frozenset(options))}")
        for keyword, test in (("minimum", "{v} < {c}"), ("maximum", "{v} > {c}"),
                              ("minLength", "len({v}) < {c}"), ("maxLength", "len({v}) > {c}"),
                              ("minItems", "len({v}) < {c}"), ("maxItems", "len({v}) > {c}")):
            if keyword in schema:
                limit = schema[keyword]
                if type(limit) not in (int, float):
                    raise Unsupported(f"{keyword} {limit!r}")
                fails.append(test.format(v=v, c=repr(limit)))
        if "pattern" in schema:  # as jsonschema tests it: re.search with Python's re
            if not isinstance(schema["pattern"], str):
                raise Unsupported(f"pattern {schema['pattern']!r}")
            fails.append(f"not {self.constant(re.compile(schema['pattern']))}.search({v})")
        return fails

    def object(self, schema: dict[str, Any], v: str, depth: int, refs: tuple[str, ...]) -> None:
        properties = schema.get("properties", {})
        required = schema.get("required", [])
        extra = schema.get("additionalProperties", True)
        known = self.constant(frozenset(properties))
        fails = [f"not {self.constant(frozenset(required))} <= {v}.keys()"] if required else []
        if extra is False:
            fails.append(f"not {v}.keys() <= {known}")
        if fails:
            self.line(depth, f"if {' or '.join(fails)}: return False")
        child = f"v{depth + 1}"
        for name, sub in properties.items():
            if name in required:  # known to be there
                self.line(depth, f"{child} = {v}[{name!r}]")
                self.schema(sub, child, depth, refs)
            else:
                self.line(depth, f"if {name!r} in {v}:")
                self.line(depth + 1, f"{child} = {v}[{name!r}]")
                self.schema(sub, child, depth + 1, refs)
        if extra is not False and extra is not True and extra != {}:
            if properties:
                self.line(depth, f"for k, {child} in {v}.items():")
                self.line(depth + 1, f"if k in {known}: continue")
            else:
                self.line(depth, f"for {child} in {v}.values():")
            self.body(extra, child, depth + 1, refs)

    def array(self, schema: dict[str, Any], v: str, depth: int, refs: tuple[str, ...]) -> None:
        prefix = schema.get("prefixItems", [])
        child = f"v{depth + 1}"
        for index, sub in enumerate(prefix):
            self.line(depth, f"if len({v}) > {index}:")
            self.line(depth + 1, f"{child} = {v}[{index}]")
            self.schema(sub, child, depth + 1, refs)
        items = schema.get("items", True)
        if items is False:
            self.line(depth, f"if len({v}) > {len(prefix)}: return False")
        elif items is not True and items != {}:
            rest = f"{v}[{len(prefix)}:]" if prefix else v
            self.line(depth, f"for {child} in {rest}:")
            self.body(items, child, depth + 1, refs)

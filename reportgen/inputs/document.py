"""Read a YAML or JSON document safely and remember the line of every value.

Only PyYAML's safe loader is used. The document is walked once as a node graph, which gives each
value's line, finds duplicate keys and stops alias bombs and absurd nesting before anything expands.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem, ScenarioError
from ..files import read_bounded

MAX_BYTES = 10 * 1024 * 1024        # YAML: parsed node by node, with line numbers
MAX_JSON_BYTES = 128 * 1024 * 1024  # JSON: machine-generated sweeps of up to a million scenarios
MAX_JSON_LINE_MAP_BYTES = 5 * 1024 * 1024  # above this, a JSON file's problems are named by field, not line
MAX_NODES = 200_000
MAX_DEPTH = 50

PathKey = tuple[str | int, ...]

# YAML 1.1 reads "010" as 8, "0x10" as 16, "0b11" as 3 and "1:30" as 90; YAML 1.2 reads most of them otherwise.
# Such a number is refused rather than read one way or the other.
_BAD_TEXT = re.compile("[\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_YAML11_NUMBER = re.compile(
    r"^[-+]?(0[0-7_]+|0[xX][0-9a-fA-F_]+|0[bB][01_]+|0o[0-7_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")

# libyaml's safe loader where PyYAML was built with it, else the pure-Python one: both are safe loaders.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, also reading exponent numbers without a dot (1e9) as numbers, as YAML 1.2 does."""


class _Resolver(yaml.resolver.Resolver):
    """The tags the loader gives plain scalars: a value tagged !!int, !!float, !!bool or !!timestamp must read so."""


_EXPONENT = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")
for _resolver in (_SafeLoader, _Resolver):
    _resolver.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT, list("-+0123456789"))
# What a value of each tag must look like, and how a message names it.
_TAGGED = {"tag:yaml.org,2002:int": ({"tag:yaml.org,2002:int"}, "a whole number"),
           "tag:yaml.org,2002:float": ({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}, "a number"),
           "tag:yaml.org,2002:bool": ({"tag:yaml.org,2002:bool"}, "true or false"),
           "tag:yaml.org,2002:timestamp": ({"tag:yaml.org,2002:timestamp"}, "a date")}


@dataclass
class ParsedFile:
    """A parsed document, the line of each value in it, and where it came from."""

    path: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    bool_texts: dict[PathKey, str] = field(default_factory=dict)  # how the file wrote each true or false (no, On)
    text: str = ""  # the file as read, which a brief's PDF carries

    def line_of(self, key: PathKey) -> int | None:
        """Return the line of the value at ``key``, or of its nearest ancestor that has one."""
        for end in range(len(key), -1, -1):
            line = self.lines.get(key[:end])
            if line is not None:
                return line
        return None


def dotted(key: PathKey) -> str:
    """Return a document position as ``scenarios[0].price.currency``."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _check_strings(path: Path, value: Any, key: PathKey = ()) -> None:
    """Refuse text that cannot be printed or that reorders what a reader sees: lone surrogates, bidi controls."""
    if isinstance(value, str):
        if _BAD_TEXT.search(value):
            raise ScenarioError(path, Problem("holds a lone surrogate or a control that reverses the direction of "
                                              "text; remove it", field=dotted(key) or None))
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(path, k, key)
            _check_strings(path, v, (*key, str(k)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_strings(path, item, (*key, index))


def read_document(path: Path) -> ParsedFile:
    """Return the parsed YAML or JSON document at ``path``; raise ScenarioError if it cannot be read."""
    text = _read_text(path)
    bool_texts: dict[PathKey, str] = {}
    if path.suffix.lower() == ".json":
        data = _parse_json(path, text)
        lines = _lines_or_empty(path, text) if len(text) <= MAX_JSON_LINE_MAP_BYTES else {}
    else:
        loader = _SafeLoader(text)
        try:
            root = _compose_yaml(path, loader)
            lines = _line_map(path, root, bool_texts)
            data = _construct(path, loader, root)
        finally:
            loader.dispose()
    if data is None:
        raise ScenarioError(path, "the file holds no data (it is empty or only comments)")
    _check_strings(path, data)
    return ParsedFile(path=path, data=data, lines=lines, bool_texts=bool_texts, text=text)


def _read_text(path: Path) -> str:
    """Return the text of ``path`` as UTF-8, refusing what is not a readable text file of a bounded size."""
    is_json = path.suffix.lower() == ".json"
    hint = "" if is_json else f"; write larger sweeps as JSON (up to {MAX_JSON_BYTES:,} bytes)"
    try:
        raw = read_bounded(path, MAX_JSON_BYTES if is_json else MAX_BYTES, "scenario file", hint)
    except InputError as exc:
        raise ScenarioError(path, exc.problems) from None
    if not raw.strip():
        raise ScenarioError(path, "the file is empty")
    if b"\x00" in raw:
        raise ScenarioError(path, "this is a binary file, not a YAML or JSON scenario file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(path, Problem("the file is not valid UTF-8 text", line=line)) from None


def _parse_json(path: Path, text: str) -> Any:
    """Return the JSON value of ``text``, refusing duplicate keys."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise ScenarioError(path, Problem("appears twice in the same object", field=key))
            seen[key] = value
        return seen

    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise ScenarioError(path, Problem(f"invalid JSON: {exc.msg}", line=exc.lineno)) from None
    except RecursionError:
        raise ScenarioError(path, f"the JSON is nested too deeply (more than {MAX_DEPTH} levels)") from None


def _construct(path: Path, loader: yaml.SafeLoader, root: yaml.Node | None) -> Any:
    """Return the Python value of a node graph; raise ScenarioError for tags the safe loader refuses."""
    if root is None:
        return None
    try:
        return loader.construct_document(root)
    except ValueError as exc:  # a date that does not exist (2026-02-30), also as !!timestamp
        raise ScenarioError(path, Problem(f"not a valid value: {str(exc)[:80]}")) from None
    except (TypeError, AttributeError, KeyError, OverflowError):  # a tagged value PyYAML cannot build; not quoted
        raise ScenarioError(path, Problem("a value that its YAML tag cannot be read as")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError(path, Problem(f"YAML error: {exc.problem or exc.context}", line=line)) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(path, f"YAML error: {exc}") from None


def _compose_yaml(path: Path, loader: yaml.SafeLoader) -> yaml.Node | None:
    """Return the YAML node graph of the loader's text; raise ScenarioError on a syntax error."""
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        raise ScenarioError(path, Problem(f"YAML syntax error: {what}", line=line)) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(path, f"YAML error: {exc}") from None
    except RecursionError:
        raise ScenarioError(path, f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)") from None


def _lines_or_empty(path: Path, text: str) -> dict[PathKey, int]:
    """Return the line map of a JSON text read as YAML, or none where YAML cannot read it."""
    try:
        return _line_map(path, yaml.compose(text, Loader=_SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return {}


def _line_map(path: Path, root: yaml.Node | None, bool_texts: dict[PathKey, str] | None = None) -> dict[PathKey, int]:
    """Return the 1-based line of every value in the node graph, checking size, depth and keys; note in
    ``bool_texts`` how each boolean was written."""
    lines: dict[PathKey, int] = {}
    budget = [MAX_NODES]

    def walk(node: yaml.Node, key: PathKey, depth: int, line: int | None = None) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise ScenarioError(
                path, f"the document expands to more than {MAX_NODES:,} values (an alias bomb?); refusing to read it"
            )
        if depth > MAX_DEPTH:
            raise ScenarioError(
                path, Problem(f"nested more than {MAX_DEPTH} levels deep", line=node.start_mark.line + 1)
            )
        lines[key] = line or node.start_mark.line + 1
        if bool_texts is not None and isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            bool_texts[key] = node.value
        if isinstance(node, yaml.ScalarNode) and node.tag in _TAGGED:
            forms, what = _TAGGED[node.tag]
            if _Resolver().resolve(yaml.ScalarNode, node.value, (True, False)) not in forms:  # type: ignore[no-untyped-call]
                raise ScenarioError(path, Problem(f"is not {what}, as its tag {node.tag.rsplit(':', 1)[-1]} says",
                                                  line=node.start_mark.line + 1, field=dotted(key) or None))
        if isinstance(node, yaml.ScalarNode) and node.tag in _NUMBER_TAGS and _YAML11_NUMBER.match(node.value):
            raise ScenarioError(path, Problem(
                "a number in a form that YAML versions read differently (a leading zero, 0x, 0b or a colon): "
                "write it as a plain decimal number, or in quotes if it is text",
                line=node.start_mark.line + 1, field=dotted(key)))
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                name = str(key_node.value)
                if name in seen:
                    raise ScenarioError(
                        path,
                        Problem("appears twice in the same mapping", line=key_node.start_mark.line + 1, field=name),
                    )
                seen.add(name)
                # A mapping entry is reported at its key: that is where the reader looks.
                walk(value_node, (*key, name), depth + 1, key_node.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*key, index), depth + 1)

    if root is not None:
        walk(root, (), 0)
    return lines

"""The house of DESIGN.md: stages as packages, imports only downward, no cycles, small modules, the formula once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reportgen"
# Top to bottom; a module may import from its own stage and from stages below it.
STAGES = ("cli", "api", "publish", "cluster_path", "pipeline", "exports", "render", "brief", "core", "inputs", "measure", "reference",
          "routes", "files")
ANYWHERE = {"errors", "resources", "choices"}  # choices: the command line's names, importing nothing
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_assets" not in p.parts)


def module_name(path: Path) -> str:
    """Return the dotted module name of a file of the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Return the reportgen modules a file imports at its top level or in functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("reportgen"):
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names if _is_module(f"{target}.{a.name}")}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("reportgen")}
    return found


def _is_module(name: str) -> bool:
    """Return whether a dotted name is a module or package of reportgen (not a name inside one)."""
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").is_file()


def stage(module: str) -> str | None:
    """Return the stage a module belongs to (None for the package itself and __main__)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] != "__main__" else None


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_modules_import_only_from_their_stage_or_below(path: Path) -> None:
    here = stage(module_name(path))
    if here is None or here in ANYWHERE:
        return
    for target in imported_modules(path):
        there = stage(target)
        if there is None or there in ANYWHERE or there == here:
            continue  # the package root (its version), errors and resources, or the module's own stage
        assert STAGES.index(there) > STAGES.index(here), f"{module_name(path)} imports {target}, a stage above it"


def test_there_is_no_circular_import() -> None:
    graph = {module_name(p): {t for t in imported_modules(p) if t != module_name(p)} for p in MODULES}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if target not in graph:
                continue
            assert state.get(target) != 1, "circular import: " + " -> ".join([*trail, node, target])
            if target not in state:
                visit(target, [*trail, node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_modules_stay_under_300_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) < 300


def _mentions_pue(node: ast.expr) -> bool:
    """Return whether an expression names a PUE: a variable, attribute or column called *pue*."""
    return any((isinstance(n, ast.Name) and "pue" in n.id.lower())
               or (isinstance(n, ast.Attribute) and "pue" in n.attr.lower())
               or (isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.lower() == "pue")
               for n in ast.walk(node))


def test_energy_times_pue_is_computed_in_the_formula_only() -> None:
    places = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and (
                    _mentions_pue(node.left) or _mentions_pue(node.right)):
                places.append(f"{module_name(path)}:{node.lineno}")
    # The operational energy and the energy of serving: both in the formula, nowhere else.
    assert places == [f"reportgen.core.formula:{line}" for line in _formula_lines()]


def _formula_lines() -> list[int]:
    """Return the lines of formula.py that multiply by the PUE."""
    lines = (PACKAGE / "core" / "formula.py").read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if "* pue" in line]


# What only formula.py may restate: a factor that scales energy (or CO2e) into another quantity.
FACTORS = ("pue", "wue", "ewif", "cfe")
INTENSITIES = ("intensity", "g_per_kwh", "market")


def _mentions(node: ast.expr, words: tuple[str, ...]) -> bool:
    """Return whether an expression names one of ``words``: in a variable, attribute, keyword or column name."""
    def named(n: ast.AST) -> str:
        if isinstance(n, ast.Name):
            return n.id
        if isinstance(n, ast.Attribute):
            return n.attr
        return n.value if isinstance(n, ast.Constant) and isinstance(n.value, str) else ""
    return any(word in named(n).lower() for n in ast.walk(node) for word in words)


def _restates_the_formula(node: ast.BinOp) -> bool:
    """Return whether an operation is a piece of the footprint's formula: a factor, an amortization, a CO2e."""
    sides = (node.left, node.right)
    if isinstance(node.op, ast.Mult) and any(_mentions(side, FACTORS) for side in sides):
        return True  # PUE, water factors, carbon-free share
    if any(_mentions(side, ("hours_per_year",)) for side in sides):
        return True  # embodied CO2e, amortized over a device's life
    return (isinstance(node.op, ast.Div) and isinstance(node.right, ast.Constant) and node.right.value == 1000
            and isinstance(node.left, ast.BinOp) and isinstance(node.left.op, ast.Mult)
            and _mentions(node.left, INTENSITIES))  # energy x intensity / 1000: CO2e


def test_the_footprint_formulas_are_written_in_the_formula_only() -> None:
    places = [f"{module_name(path)}:{node.lineno}" for path in MODULES if path.name != "formula.py"
              for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
              if isinstance(node, ast.BinOp) and _restates_the_formula(node)]
    assert places == []

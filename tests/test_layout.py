"""The shape of the code, read with `ast`: import cycles, command-line modules used as
libraries, services that reach Telegram, module sizes.

Each rule lists what still breaks it; the lists only shrink. A module that is fixed must leave
its list (the tests compare for equality), so a list never hides a regression.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "knowledge", "ingest")

#: Import cycles not yet broken, each as the sorted modules of one strongly connected component.
KNOWN_CYCLES: set[tuple[str, ...]] = set()
#: Library modules that still import a command-line module.
KNOWN_CLI_IMPORTS: set[tuple[str, str]] = set()
#: Packages of services alone: every module in them never imports `telegram`.
SERVICE_PACKAGES = ("bot.reports", "bot.storage", "ingest")
#: Service modules in packages that also hold their Telegram edge, and single service modules.
SERVICE_MODULES = (
    "bot.chat",
    "bot.conversation",
    "bot.metrics",
    "bot.privacy",
    "bot.subscriptions",
    "bot.subscriptions.broadcaster",
    "bot.subscriptions.store",
    "bot.tickets",
    "bot.tickets.service",
    "bot.tickets.store",
)
#: Modules longer than the limit of their package (400 lines in `bot`, 600 elsewhere).
KNOWN_LONG_MODULES: set[str] = set()


@cache
def modules() -> dict[str, Path]:
    """Every module of the packages by dotted name (migrations are alembic's, not ours)."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module if modules()[module].name == "__init__.py" else module.rpartition(".")[0]
    parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join([*parts, *([node.module] if node.module else [])])


@cache
def imports(module: str) -> frozenset[str]:
    """Everything `module` imports, at any depth (function bodies and TYPE_CHECKING too)."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            names.add(source)
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return frozenset(names)


def project_imports(module: str) -> set[str]:
    """The project's modules that `module` imports (a name imported from a package that is
    itself a module counts as that module)."""
    return {name for name in imports(module) if name in modules() and name != module}


def cycles_in(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """Strongly connected components of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: set[tuple[str, ...]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.add(tuple(sorted(component)))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return cycles


def import_cycles() -> set[tuple[str, ...]]:
    return cycles_in({name: project_imports(name) for name in modules()})


def is_cli(module: str) -> bool:
    return module.rsplit(".", 1)[-1] == "cli"


def test_the_only_import_cycles_are_the_known_ones() -> None:
    assert import_cycles() == KNOWN_CYCLES


def test_no_library_module_imports_a_command_line_module() -> None:
    found = {
        (module, target)
        for module in modules()
        if not is_cli(module)
        for target in project_imports(module)
        if is_cli(target)
    }
    assert found == KNOWN_CLI_IMPORTS


def service_modules() -> set[str]:
    in_packages = {
        module
        for module in modules()
        for package in SERVICE_PACKAGES
        if module == package or module.startswith(package + ".")
    }
    return in_packages | set(SERVICE_MODULES)


def test_service_modules_never_import_telegram() -> None:
    assert set(SERVICE_MODULES) <= set(modules())  # a renamed module must not drop out
    offenders = {
        module: sorted(name for name in imports(module) if name.split(".")[0] == "telegram")
        for module in service_modules()
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_modules_stay_short() -> None:
    long_modules = set()
    for module, path in modules().items():
        limit = 400 if module.split(".")[0] == "bot" else 600
        if len(path.read_text(encoding="utf-8").splitlines()) > limit:
            long_modules.add(module)
    assert long_modules == KNOWN_LONG_MODULES


def test_the_cycle_finder_finds_cycles_and_nothing_else() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set(), "f": {"f"}}
    assert cycles_in(graph) == {("a", "b", "c")}

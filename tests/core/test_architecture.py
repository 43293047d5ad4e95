"""The shape of the package, read from its source with `ast`: no import cycle among voiceinfo's
modules, and one reader of the `VOICEINFO_*` variables (`voiceinfo.environment`)."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

import voiceinfo

PACKAGE = Path(voiceinfo.__file__).parent
#: The one module that may read the process environment.
ENVIRONMENT_MODULE = "voiceinfo.environment"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """A module's dependencies as a reader and a type checker see them: its imports at module
    level, in `try` and `if` blocks too, and under `if TYPE_CHECKING:` (a cycle there is still
    two modules that each need the other). Not the imports inside functions: those put off a
    heavy library until it is used, and say so where they stand."""
    found, todo = [], list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If | ast.Try | ast.With):
            for block in ("body", "orelse", "finalbody", "handlers"):
                todo.extend(getattr(node, block, []))
        elif isinstance(node, ast.ExceptHandler):
            todo.extend(node.body)
    return found


def imported_modules(name: str, path: Path) -> set[str]:
    """The voiceinfo modules that `name` imports as it loads: `from a import b` is module a.b
    when there is one, else a."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in top_level_imports(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:  # relative: from the package, up one for each dot after the first
            base = ".".join([*package.split(".")[:len(package.split(".")) - node.level + 1],
                             *([base] if base else [])])
        names.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                     for alias in node.names)
    return {imported for imported in names if imported in MODULES and imported != name}


def test_the_import_graph_has_no_cycle():
    graph = {name: imported_modules(name, path) for name, path in MODULES.items()}
    assert graph["voiceinfo.cli"] >= {"voiceinfo.cli.export", "voiceinfo.environment"}
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def environment_readers(tree: ast.Module) -> list[str]:
    """Each place that reads the process environment: `os.environ`, `os.getenv`, or Flask's
    `from_prefixed_env`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (
                node.attr in ("getenv", "from_prefixed_env", "environb")
                or (node.attr == "environ" and ast.unparse(node.value) == "os")):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and any(
                alias.name in ("environ", "getenv") for alias in node.names):
            found.append(f"line {node.lineno}: from os import …")
    return found


def test_only_the_environment_module_reads_the_process_environment():
    readers = {name: environment_readers(ast.parse(path.read_text(), str(path)))
               for name, path in MODULES.items()}
    assert readers.pop(ENVIRONMENT_MODULE), "the environment module reads no variable at all?"
    assert {name: found for name, found in readers.items() if found} == {}


@pytest.mark.parametrize("source, found", [
    ("import os\nx = os.environ.get('VOICEINFO_X')", 1),
    ("import os\nx = os.getenv('VOICEINFO_X')", 1),
    ("from os import environ", 1),
    ("app.config.from_prefixed_env('VOICEINFO_WEB')", 1),
    ("x = request.environ.get('PATH_INFO')", 0),  # a WSGI request's, not the process's
    ("x = 'VOICEINFO_RANKING=bm25 was asked for'", 0),
])
def test_what_counts_as_reading_the_process_environment(source, found):
    assert len(environment_readers(ast.parse(source))) == found

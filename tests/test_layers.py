"""The house is one-way and every import is declared."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from assistant.settings import PROJECT_ROOT

PACKAGES = ("index", "assistant", "eval", "ui", "prompts")


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _imported_top_levels(package: str) -> set[str]:
    found = set()
    for path in (PROJECT_ROOT / package).rglob("*.py"):
        if "datasets" in path.parts:
            continue  # the question sets' own scripts, not the product
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def _declared() -> set[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"]
    return {re.split(r"[\[<>=!~ ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_every_third_party_import_of_the_product_is_a_declared_dependency() -> None:
    """Libraries the product imports are in ``dependencies`` (dev tools may be extras)."""
    distributions = packages_distributions()
    declared = {name.replace("_", "-") for name in _declared()}
    undeclared = {}
    for package in PACKAGES:
        for module in _imported_top_levels(package):
            if module in sys.stdlib_module_names or module in PACKAGES or module == "__future__":
                continue
            owners = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
            if not owners & declared:
                undeclared[module] = sorted(owners)
    assert not undeclared

"""What ``pip install .`` installs answers questions; fitting and training stay out of it."""

from __future__ import annotations

import ast
import tomllib

from assistant.settings import PROJECT_ROOT

TRAINING_ONLY = {"sklearn", "datasets", "accelerate"}


def test_the_runtime_dependencies_hold_no_training_library() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    runtime = {d.split(">")[0].split("=")[0].split("[")[0].strip() for d in project["dependencies"]}
    assert not runtime & {"scikit-learn", "datasets", "accelerate"}
    assert "scikit-learn>=1.5" in project["optional-dependencies"]["train"]


def test_no_installed_module_imports_a_training_library() -> None:
    tool = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]
    packages = tool["setuptools"]["packages"]
    assert not {"training", "benchmarks", "tests"} & set(packages)
    for package in packages:
        for path in (PROJECT_ROOT / package.replace(".", "/")).glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    roots = {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    roots = {node.module.split(".")[0]}
                else:
                    continue
                assert not roots & (TRAINING_ONLY | {"training", "benchmarks", "tests"}), (
                    path,
                    roots,
                )


def test_every_runtime_package_is_installed() -> None:
    packages = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]
    roots = {p.split(".")[0] for p in packages}
    found = {
        ".".join(init.parent.relative_to(PROJECT_ROOT).parts)
        for root in roots
        for init in (PROJECT_ROOT / root).rglob("__init__.py")
    }
    assert found <= set(packages), found - set(packages)

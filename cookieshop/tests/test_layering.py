"""Imports point one way: cookies <- orders <- api; cookieshop wires them and no app imports it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["cookies", "orders", "api", "webhooks"]
# cookieshop's modules that may name the apps: the settings and the URLconf are the wiring.
WIRING = {"cookieshop/settings.py", "cookieshop/urls.py"}


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports, anywhere in it (functions included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str, *, tests: bool):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts or (not tests and "tests" in path.parts):
            continue
        yield path.relative_to(ROOT).as_posix(), imported_packages(path)


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("cookies", {"orders", "api", "webhooks", "cookieshop"}),
        ("orders", {"api", "webhooks", "cookieshop"}),
        ("api", {"webhooks", "cookieshop"}),
    ],
)
def test_an_app_imports_only_the_apps_below_it(package, forbidden):
    wrong = {name: sorted(found & forbidden) for name, found in modules(package, tests=True) if found & forbidden}
    assert wrong == {}


def test_webhooks_imports_orders_and_never_api_nor_cookieshop():
    """webhooks sits beside api: it reads orders. (Its real-worker tests use the project's process harness.)"""
    wrong = {name: sorted(found & {"api", "cookieshop"}) for name, found in modules("webhooks", tests=False)}
    assert {name: found for name, found in wrong.items() if found} == {}


def test_cookieshop_names_the_apps_only_in_settings_and_urls():
    wrong = {
        name: sorted(found & set(APPS))
        for name, found in modules("cookieshop", tests=False)
        if name not in WIRING and found & set(APPS)
    }
    assert wrong == {}

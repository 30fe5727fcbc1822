"""The locks pin the whole dependency tree, with hashes, and agree with requirements*.txt (`make lock`)."""

import re

import pytest

from cookieshop.tests import servers

# "name==version", optionally with extras, at the start of a line of requirements*.txt.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)", re.MULTILINE)
# An entry of a lock: its pin, then its hashes on continuation lines.
ENTRY = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.MULTILINE
)
LOCKS = {"requirements.txt": "requirements.lock", "requirements-dev.txt": "requirements-dev.lock"}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(requirements: str) -> dict[str, str]:
    """The pins of a requirements file and of the files it includes with -r."""
    text = (servers.ROOT / requirements).read_text()
    pins = {normalized(name): version for name, version in PIN.findall(text)}
    for included in re.findall(r"^-r (\S+)$", text, re.MULTILINE):
        pins |= direct_pins(included)
    return pins


def locked(lock: str) -> dict[str, str]:
    """Every package of a lock with its version; fails on a line that is neither an entry nor a comment."""
    text = (servers.ROOT / lock).read_text()
    entries = {normalized(name): version for name, version, _ in ENTRY.findall(text)}
    requirement_lines = [line for line in text.splitlines() if re.match(r"[A-Za-z0-9]", line)]
    assert len(requirement_lines) == len(entries), f"{lock} has a requirement without hashes"
    return entries


@pytest.mark.parametrize(("requirements", "lock"), LOCKS.items())
def test_the_lock_pins_every_direct_requirement_at_its_version(requirements, lock):
    pins, entries = direct_pins(requirements), locked(lock)
    assert {name: entries.get(name) for name in pins} == pins, f"run `make lock`: {lock} is stale"


def test_the_dev_lock_installs_the_runtime_lock_unchanged():
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_make_installs_only_from_the_locks_checking_hashes():
    makefile = (servers.ROOT / "Makefile").read_text()
    installs = re.findall(r"pip install .*-r (\S+)", makefile)
    assert installs == ["requirements.lock", "requirements-dev.lock"]
    assert all("--require-hashes" in line for line in makefile.splitlines() if "pip install" in line and "-r " in line)

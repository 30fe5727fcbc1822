"""README's paging example answers as the README says, on the demo data `make run` loads."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text()
DEMO_ORDERS = int(re.search(r"^DEMO_ORDERS \?= (\d+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)[1])

pytestmark = pytest.mark.django_db


def paging_example() -> tuple[str, str, str]:
    """The path of README's paging curl, and the X-Total-Count and Link it shows."""
    block = README.split("**3. Page through them.**", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    path = re.search(r'"http://127\.0\.0\.1:8000(/api/v1/orders\?[^"]+)"', block)[1]
    total = re.search(r"^# X-Total-Count: (\d+)", block, re.MULTILINE)[1]
    link = " ".join(re.findall(r"^# (?:Link: |\s+)(<.*)$", block, re.MULTILINE))
    return path, total, link


def test_the_readme_paging_example_answers_as_shown_on_the_demo_data(key_client):
    call_command("seed_demo", orders=DEMO_ORDERS, stdout=io.StringIO())
    path, total, link = paging_example()
    response = key_client.get(path)
    assert response.status_code == 200
    assert response["X-Total-Count"] == total
    assert response["Link"] == link.replace("…", "http://testserver/api/v1/orders")

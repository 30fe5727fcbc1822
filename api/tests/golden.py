"""Golden files: a response's status, contract headers and exact body bytes, kept in JSON."""

import json
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent
CONTRACT_HEADERS = ["Content-Type", "Link", "X-Total-Count", "Allow", "WWW-Authenticate", "Retry-After"]


def snapshot(response) -> dict:
    """What a frozen version promises about one response."""
    return {
        "status": response.status_code,
        "headers": {name: response[name] for name in CONTRACT_HEADERS if response.has_header(name)},
        "body": response.content.decode("utf-8"),
    }


def load(relative_path: str) -> dict:
    return json.loads((GOLDEN_DIR / relative_path).read_text(encoding="utf-8"))

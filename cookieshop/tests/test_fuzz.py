"""Schemathesis fuzzes the API from its own OpenAPI schema, on a live server, with a valid key: no failure.

Every check runs, those of the schema's exactness about inputs included: whatever
the schema allows is served, whatever it forbids is refused. Every phase runs.

Slow (minutes), so `make fuzz` runs it rather than `make test`; CI runs it once, on
PostgreSQL and Redis. FUZZ_MAX_EXAMPLES, FUZZ_MAX_SECONDS and FUZZ_SEED bound or
replay a run. Each bug it finds gets a fast test in api/tests/test_fuzz_regressions.py.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.models import APIKey
from cookies.tests.factories import make_cookie
from cookieshop.tests import servers
from orders.tests.factories import make_order

pytestmark = [
    pytest.mark.skipif(not os.environ.get("FUZZ"), reason="slow: `make fuzz` runs it (CI does, on PostgreSQL)"),
    pytest.mark.django_db(transaction=True),
]

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")
MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "100")  # per operation and phase
MAX_SECONDS = int(os.environ.get("FUZZ_MAX_SECONDS", "240"))
# Every phase, named so that a change of schemathesis' defaults cannot drop one: the
# schema's examples, its boundaries (coverage), random inputs, and chains of calls.
PHASES = "examples,coverage,fuzzing,stateful"
# Valid requests whose answer depends on what came before, as the schema documents: 409 (an
# order already shipped or cancelled) is in schemathesis' defaults; 422 is an Idempotency-Key
# the fuzzer sends again with another body. Every other default is kept.
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
"""


def test_schemathesis_finds_no_failure_in_the_api(tmp_path):
    if not servers.IS_POSTGRESQL:
        pytest.fail("make fuzz needs DATABASE_URL to point at PostgreSQL: the server shares the test database")
    cookies = [make_cookie(name=name, slug=name.lower().replace(" ", "-")) for name in ["Chocolate Chip", "Oat"]]
    for n in range(5):
        make_order(lines={cookies[0]: n + 1, cookies[1]: 2})
    # A write key: the fuzzer records shipments too.
    _, key = APIKey.objects.create_key(name="schemathesis", scopes=["orders:read", "orders:write"])
    env = servers.production_env(
        CACHE_URL=servers.redis_url_or_skip(),
        WEB_CONCURRENCY="2",
        # Fuzzing is not a runaway client: let it reach every code path.
        API_RATE_PER_KEY="1000000/min",
        API_RATE_PER_IP="1000000/min",
        API_RATE_AUTH_FAILURES="1000000/min",
    )
    with servers.live_server(env, tmp_path / "server.log") as server:
        (tmp_path / "schemathesis.toml").write_text(CONFIG)
        command = [
            SCHEMATHESIS,
            f"--config-file={tmp_path / 'schemathesis.toml'}",
            "run",
            f"{server.url}/api/schema/",
            "--checks=all",
            f"--phases={PHASES}",
            f"--max-examples={MAX_EXAMPLES}",
            f"--max-time={MAX_SECONDS}",
            "--max-redirects=0",
            "--request-timeout=30",
            # As the TLS proxy in front sends requests, with the partner's key.
            f"--header=Host: {server.host}",
            "--header=X-Forwarded-Proto: https",
            f"--header=X-API-Key: {key}",
            *([f"--seed={os.environ['FUZZ_SEED']}"] if os.environ.get("FUZZ_SEED") else []),
        ]
        result = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=MAX_SECONDS + 300, check=False
        )
        print(result.stdout)  # the report, with the seed to replay it, shown by pytest -s or on failure
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:] + server.log[-4000:]
    assert "Server error" not in result.stdout

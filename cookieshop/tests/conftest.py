"""Fixtures of the production tests: real gunicorn servers, Redis."""

from contextlib import ExitStack

import pytest

from cookieshop.tests import servers


@pytest.fixture
def start_server(tmp_path):
    """Starts a gunicorn server with README's production settings and `overrides`; stops it after the test."""
    with ExitStack() as stack:

        def start(*, command=None, **overrides):
            env = servers.production_env(**overrides)
            log_path = tmp_path / f"server-{env['PORT']}.log"
            return stack.enter_context(servers.live_server(env, log_path, command))

        yield start


@pytest.fixture
def redis_url():
    """A Redis URL with a key prefix of this test's own."""
    return servers.redis_url_or_skip()

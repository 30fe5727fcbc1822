"""Under `make run` (runserver, DEBUG on) every log line is printed once."""

import sys

from cookieshop.tests import servers


def test_runserver_prints_each_log_line_once(tmp_path):
    env = servers.production_env(
        DEBUG="True", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", ALLOWED_HOSTS="127.0.0.1"
    )
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{env['PORT']}"]
    with servers.live_server(env, tmp_path / "runserver.log", command) as server:
        assert server.get("/no-such-page/").status_code == 404
    log = server.log
    # Django's request log (django.request, a warning) and runserver's access line.
    assert log.count("Not Found: /no-such-page/") == 1, log
    assert log.count('"GET /no-such-page/ HTTP/1.1" 404') == 1, log

"""gunicorn.conf.py's post_worker_init freezes what the worker loaded, out of the garbage collector's walks."""

import gc
import runpy

from cookieshop.tests import servers


def test_a_loaded_worker_freezes_its_objects():
    hooks = runpy.run_path(str(servers.ROOT / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > before + 10_000  # the test process has Django and the apps loaded
    finally:
        gc.unfreeze()

"""Helpers of the v2 tests that need PostgreSQL: requests from threads that commit at the same time."""

import threading

import pytest
from django.db import connection


def require_postgresql():
    """Skips on SQLite, which runs one writer at a time (so nothing would overlap); CI's PostgreSQL pass runs it."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises writers, so nothing would run at once (CI runs it on PostgreSQL)"
        )


def in_threads(jobs, *, together=True):
    """Runs each job in a thread of its own (and so its own database connection); returns results in job order."""
    barrier = threading.Barrier(len(jobs)) if together else None
    results = [None] * len(jobs)

    def run(index, job):
        try:
            if barrier:
                barrier.wait()
            results[index] = job()
        except Exception as error:  # collected: the test asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    # Closing each thread's connection lets the test database be dropped at the end.
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results

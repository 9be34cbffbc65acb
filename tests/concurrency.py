"""Real concurrency for the tests that need it: threads released together on a barrier, each
with its own database connection, as many at once as the server has connections to spare."""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection
from django.test import Client as HttpClient

T = TypeVar("T")
# Connections left for the test itself and anything else using the server.
SPARE = 5


def free_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
            " - (SELECT count(*) FROM pg_stat_activity)"
        )
        (free,) = cursor.fetchone()
    return max(1, free - SPARE)


def run_at_once(count: int, job: Callable[[int], T]) -> list[T | BaseException]:
    """Run `job(n)` for n in 0…count-1 in threads released together; each result, or the error
    it raised. Past the server's spare connections the threads take turns at the gate, so a
    hundred threads never fail for want of a connection; all still start from the same state."""
    results: list[T | BaseException] = [RuntimeError("did not run")] * count
    gate = threading.BoundedSemaphore(min(count, free_connections()))
    barrier = threading.Barrier(count)

    def run(n: int) -> None:
        try:
            barrier.wait(timeout=60)
            with gate:
                try:
                    results[n] = job(n)
                finally:
                    connection.close()
        except BaseException as error:  # reported by the caller, from the main thread
            results[n] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def same_browser(http: HttpClient) -> HttpClient:
    """Another connection of the same signed-in browser, for one thread."""
    twin = HttpClient()
    twin.cookies = http.cookies
    return twin

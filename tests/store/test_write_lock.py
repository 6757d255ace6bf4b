"""The store's writer lock: SQLite writers queue on an OS lock instead of polling."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from openfiu.store import open_store
from openfiu.store.core import WriterLock


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_two_stores_on_one_file_take_turns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    first, second = open_store(url), open_store(url)  # two handles, as two web workers
    held, entered, release = threading.Event(), threading.Event(), threading.Event()

    def hold() -> None:
        with first.write_lock():
            held.set()
            release.wait(10)

    def wait_for_it() -> None:
        with second.write_lock():
            entered.set()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    waiter = threading.Thread(target=wait_for_it)
    waiter.start()
    assert not entered.wait(0.3), "the second store got in while the first held the lock"
    release.set()
    assert entered.wait(10), "the second store never got the lock after it was released"
    holder.join()
    waiter.join()
    assert (tmp_path / "w.db-writer.lock").exists()
    first.close()
    second.close()


def test_threads_of_one_store_take_turns(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    inside, most = 0, 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        for _ in range(50):
            with store.write_lock():
                with guard:
                    inside += 1
                    most = max(most, inside)
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 1
    store.close()


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://fiu@db/openfiu", "sqlite://", "sqlite:///:memory:"]
)
def test_no_file_no_lock(url: str) -> None:
    lock = WriterLock.for_url(make_url(url))
    assert lock.path is None
    with lock.held():  # a no-op that still works as a context
        pass

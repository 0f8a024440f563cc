"""Where chunk tasks run: in this process, in local worker processes, or on a Dask cluster.

Every engine has the same small interface (:class:`Engine`): ``run(tasks)`` yields each
task's :class:`ChunkResult` as it completes, or a :class:`ChunkLost` when the worker
running it died more often than the retry budget allows. A Ray adapter would be one more
class with this interface.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import threading
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from .chunks import ChunkResult, ChunkTask, run_chunk
from .errors import WarehouseError

log = logging.getLogger(__name__)

#: How many times a chunk is tried when its worker dies under it.
ATTEMPTS = 3


class EngineError(WarehouseError):
    hint = "check the scheduler address (tcp://HOST:PORT) and that the cluster is up, or use --engine local"

    def __init__(self, message: str) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class ChunkLost:
    """A chunk whose worker died on every attempt (a document that kills its worker)."""

    task: ChunkTask
    reason: str


class Engine(Protocol):
    name: str

    def run(self, tasks: Sequence[ChunkTask]) -> Iterator[ChunkResult | ChunkLost]: ...

    def close(self) -> None: ...


class SerialEngine:
    """Chunks one after another in this process (extraction still isolated per document)."""

    name = "serial"

    def run(self, tasks: Sequence[ChunkTask]) -> Iterator[ChunkResult | ChunkLost]:
        for task in tasks:
            yield run_chunk(task)

    def close(self) -> None:
        pass


class LocalEngine:
    """Chunks in ``jobs`` local worker processes. A worker that dies breaks the pool: the pool
    is started again and the unfinished chunks are retried, up to :data:`ATTEMPTS` times."""

    name = "local"

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=mp.get_context("forkserver"),
                                             initializer=_die_with_parent)
        return self._pool

    def run(self, tasks: Sequence[ChunkTask]) -> Iterator[ChunkResult | ChunkLost]:
        attempts = {t.chunk_id: 0 for t in tasks}
        pending: dict[Future[ChunkResult], ChunkTask] = {}
        queue = list(tasks)
        while queue or pending:
            pool = self._start()
            for task in queue:
                attempts[task.chunk_id] += 1
                pending[pool.submit(run_chunk, task)] = task
            queue = []
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                task = pending.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    broken = True
                    queue.append(task)
            if broken:  # every unfinished chunk went down with the pool
                queue += list(pending.values())
                pending.clear()
                self.close()
                lost = [t for t in queue if attempts[t.chunk_id] >= ATTEMPTS]
                for t in lost:
                    yield ChunkLost(t, f"worker process died ({attempts[t.chunk_id]} attempts)")
                queue = [t for t in queue if attempts[t.chunk_id] < ATTEMPTS]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _die_with_parent() -> None:
    """In a worker process: exit as soon as the process that started the run is gone (killed
    with SIGKILL, it cannot stop its workers itself; they would otherwise wait forever).
    The parent's sentinel becomes ready when it dies, even before it is reaped."""
    parent = mp.parent_process()
    if parent is None:
        return

    def watch() -> None:
        mp_connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


class DaskEngine:
    """Chunks on a Dask cluster: an existing scheduler, or a local cluster of ``workers``
    processes started for the run. Futures, collected with ``as_completed`` (a lost chunk
    is retried by the scheduler, then reported alone, never a shortened job)."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 2, memory_limit: str = "4GiB",
                 connect_timeout: float = 5.0) -> None:
        import dask
        from dask.distributed import Client, LocalCluster

        # A worker parses each document in a child process of its own (extractor.isolated),
        # which daemonic processes may not start.
        # Its statistical profiler samples every worker thread 100 times a second: CPU the
        # parsers need, for a profile no one reads here.
        dask.config.set({"distributed.worker.daemon": False,
                         "distributed.worker.profile.enabled": False,
                         "distributed.scheduler.allowed-failures": ATTEMPTS - 1})
        self._cluster: Any = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=connect_timeout)
            else:
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             memory_limit=memory_limit, dashboard_address=None)
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {_first_line(exc)}") from exc

    def run(self, tasks: Sequence[ChunkTask]) -> Iterator[ChunkResult | ChunkLost]:
        from dask.distributed import as_completed

        # a fresh key per submission: a chunk submitted again must run again, not return
        # the error the scheduler still remembers for its key
        futures = {self.client.submit(run_chunk, t, key=f"chunk-{t.chunk_id}-{uuid.uuid4().hex[:8]}", pure=False): t
                   for t in tasks}
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # KilledWorker, or an error the chunk itself raised
                yield ChunkLost(task, f"worker failed: {type(exc).__name__}: {_first_line(exc)[:160]}")
            finally:
                fut.release()

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

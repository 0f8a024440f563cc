"""Extraction in a child process, with a wall-time limit and a memory cap.

A hostile PDF can make a parser hang (a page of millions of characters), eat all memory
(a decompression bomb), recurse too deep or crash the interpreter. Run in a child
process, such a file fails alone, with a clear reason, and the batch goes on.

One worker process is reused from document to document (so its imports are paid once)
and replaced after a timeout, a crash or a memory failure.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any

from .errors import ExtractionError, ParserCrashed, ParserError, ParseTimeout, TooMuchMemory, out_of_memory
from .pipeline import extract_document
from .records import DocumentMeta, Extraction

log = logging.getLogger(__name__)

GIB = 1024**3


@dataclass(frozen=True)
class Limits:
    """How much one document may take."""

    seconds: float = 60.0  # wall time for the whole document
    memory: int = int(2.5 * GIB)  # address space one document may add to the worker's, in bytes


DEFAULT_LIMITS = Limits()


def _address_space() -> int:
    """Bytes of address space this process maps now (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


#: Native thread pools (OpenBLAS, OpenMP) are sized to one thread in a worker: a document is
#: parsed by one core, and a pool's stacks would count against the memory cap.
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _serve(conn: Connection, memory: int) -> None:
    """The worker: load the pipeline and models, then extract each document it is sent and
    reply with records or an error.

    The memory cap is what parsing one document may take on top of the loaded pipeline
    and models (their libraries map hundreds of MB of address space that no document
    changes), so a small cap still lets the worker start.
    """
    for key, value in SINGLE_THREADED.items():
        os.environ.setdefault(key, value)
    from .claims import model
    from .facts import text  # noqa: F401  load the NLP stage now, while the parent gets ready

    try:
        model.load()
    except Exception:  # reported per document by the claims stage (and up front by ingest)
        log.debug("claims model not loaded at worker start", exc_info=True)
    if memory:
        cap = _address_space() + memory
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        data, name, meta = job

        def on_page(done: int, total: int) -> None:
            conn.send(("page", (done, total)))

        try:
            records = extract_document(data, name, meta, on_page=on_page)
            conn.send(("ok", (records, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)))
        except ExtractionError as exc:
            conn.send(("error", exc))
        except Exception as exc:  # a parser bug on a hostile file fails this file only
            if out_of_memory(exc):
                conn.send(("memory", None))
                return  # the heap may be in a bad state: let the parent start a new worker
            conn.send(("crash", f"{type(exc).__name__}: {str(exc)[:120]}"))




class IsolatedExtractor:
    """Extract documents in a reusable child process.

    >>> with IsolatedExtractor(Limits(seconds=60)) as ex:     # doctest: +SKIP
    ...     records = ex.extract(data, "report.pdf")
    """

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._ctx = mp.get_context("forkserver")
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        #: The most memory (resident bytes) a worker has used for a document it finished.
        self.peak_memory = 0

    def __enter__(self) -> IsolatedExtractor:
        self._start()  # the worker starts up while the caller reads its first file
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _start(self) -> Connection:
        if self._conn is None or self._proc is None or not self._proc.is_alive():
            self._stop()
            parent, child = self._ctx.Pipe()
            self._proc = self._ctx.Process(target=_serve, args=(child, self.limits.memory), daemon=True)
            self._proc.start()
            child.close()
            self._conn = parent
        return self._conn

    def _stop(self) -> None:
        started = self._proc is not None and self._proc.pid is not None
        if started and self._proc is not None and self._proc.is_alive():
            self._proc.kill()
        if started and self._proc is not None:
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def close(self) -> None:
        self._stop()

    def extract(
        self,
        data: bytes,
        file_name: str,
        meta: DocumentMeta | None = None,
        on_page: Callable[[int, int], None] | None = None,
    ) -> Extraction:
        """What :func:`extract_document` returns, or the error it raises; plus
        ParseTimeout, TooMuchMemory and ParserCrashed for what it cannot report itself."""
        conn = self._start()
        conn.send((data, file_name, meta))
        deadline = time.monotonic() + self.limits.seconds
        while True:
            left = deadline - time.monotonic()
            try:
                ready = left > 0 and conn.poll(left)
                if not ready:
                    self._stop()
                    raise ParseTimeout(file_name, self.limits.seconds)
                kind, payload = conn.recv()
            except (EOFError, OSError) as exc:
                code = None
                if self._proc is not None:
                    self._proc.join(5)
                    code = self._proc.exitcode
                self._stop()
                raise ParserCrashed(file_name, _exit_reason(code)) from exc
            if kind == "page":
                if on_page:
                    on_page(*payload)
                continue
            return self._result(kind, payload, file_name)

    def _result(self, kind: str, payload: Any, file_name: str) -> Extraction:
        if kind == "ok":
            records, rss = payload
            self.peak_memory = max(self.peak_memory, rss)
            return records
        if kind == "error":
            raise payload
        if kind == "memory":
            self._stop()
            raise TooMuchMemory(file_name, self.limits.memory)
        raise ParserError(file_name, payload)


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "the worker process stopped"
    if code < 0:
        import signal

        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"

"""`-j N`: pages linted on N processes, findings in input order, memory flat.

Linting is pure CPU work in Python, so threads would not help; each worker process holds
its own Linter. On Linux the workers are forked from the command line's process, which has
already built the Linter (no second start-up) and has not yet started a thread (fetching
starts later); elsewhere they are spawned and build the Linter from the same arguments.

Local files are read by the worker (only the path crosses the process boundary); fetched
pages are decoded by the caller and sent as text. At most `ahead` pages are in flight, so
memory does not grow with the number of inputs. A worker that dies (a crash in a C library,
the kernel's out-of-memory killer) costs only the page it was linting: the pool is started
again and every other page is linted.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .findings import Finding, input_error
from .sources import MAX_BYTES, InputError, Source, decode

_LINTER = None  # the Linter of this process (set before forking, or built by _start)


def cpu_count() -> int:
    """CPUs this process may run on (cgroup and affinity limits included where visible)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def decoded(data: bytes) -> str | None:
    """A page's text as the linter decoded it (None if it could not be: that is a DL001)."""
    try:
        return decode(data)
    except InputError:
        return None


def read_and_lint(linter, source: Source, max_bytes: int = MAX_BYTES) -> tuple[list[Finding], bytes | None]:
    """(findings, the bytes read) of one file or standard input; (its DL001, None) when it
    cannot be read."""
    try:
        data = source.read(max_bytes)
    except InputError as e:
        return [input_error(source.path, f"{source.path}: {e}")], None
    return linter.lint(data, source.path, source.fmt), data


# A job is ("file", Source, want_text, max_bytes): a file read where it is linted, or
# ("data", path, bytes or text, format, want_text): a page already read or fetched.
Job = tuple


def run_job(linter, job: Job) -> tuple[list[Finding], str | None]:
    """(findings, the decoded text when `want_text` and the page came as bytes)."""
    if job[0] == "file":
        _, source, want_text, max_bytes = job
        findings, data = read_and_lint(linter, source, max_bytes)
    else:
        _, path, data, fmt, want_text = job
        findings = linter.lint(data, path, fmt)
    return findings, decoded(data) if want_text and isinstance(data, bytes) else None


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _death_signal() -> bool:
    """Ask Linux to SIGKILL this process when the thread that forked it ends (the main thread
    of the command line, which starts every worker). False where prctl is not to be had."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(read_end) -> None:
    """Exit when the parent's end of the pipe closes, which it does when the parent dies in
    any way (SIGKILL too): the fallback where there is no death signal."""
    def watch():
        try:
            read_end.recv_bytes()
        except (EOFError, OSError):
            pass
        os._exit(1)

    threading.Thread(target=watch, name="disclosurelint-parent-watch", daemon=True).start()


def _die_with_parent(parent: int, watch) -> None:
    """A worker never outlives the command line: a SIGTERM or SIGKILL of a `-j N` run would
    leave the workers running under PID 1, holding its standard output open."""
    read_end, write_end = watch
    if write_end is not None:
        write_end.close()  # a forked worker inherited the parent's end: only the parent may hold it
    if read_end is None and _death_signal():
        if os.getppid() != parent:  # the parent died before the signal was asked for
            os._exit(1)
        return
    if read_end is not None:
        _watch_parent(read_end)


def _start(linter_args: tuple, parent: int = 0, watch=(None, None)) -> None:
    global _LINTER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent(parent, watch)
    if _LINTER is None:  # spawned, not forked
        from .engine import Linter

        config, kwargs = linter_args
        _LINTER = Linter(config, **kwargs, errors=[])  # the parent has reported any problem


def _work(job: Job):
    return run_job(_LINTER, job)


def _ready() -> bool:
    return True


class LintPool:
    """A process pool that yields each item's result in the order the items came."""

    def __init__(self, linter, jobs: int, linter_args: tuple, start_method: str | None = None,
                 parent_watch: str | None = None):
        """`parent_watch` is how a worker learns that this process died: "signal" (Linux's
        death signal), "pipe" (a pipe whose other end only this process holds), or None for
        the death signal where there is one and the pipe elsewhere."""
        global _LINTER
        _LINTER = linter  # inherited by forked workers
        self.jobs = jobs
        self.linter_args = linter_args
        method = start_method or ("fork" if sys.platform == "linux" else "spawn")
        self._context = multiprocessing.get_context(method)
        self._watch = (None, None)
        if parent_watch == "pipe" or (parent_watch is None and not sys.platform.startswith("linux")):
            read_end, write_end = self._context.Pipe(duplex=False)
            self._watch = (read_end, write_end if method == "fork" else None)
            self._write_end = write_end  # held open, never written, for as long as we live
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(self.jobs, mp_context=self._context, initializer=_start,
                                       initargs=(self.linter_args, os.getpid(), self._watch))
        executor.submit(_ready).result()  # every worker exists now, before any thread starts
        return executor

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> LintPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def results(self, items: Iterable[tuple[Any, Job | None]], *, ahead: int | None = None,
                on_error: Callable[[Any, str], list[Finding]]) -> Iterator[tuple[Any, tuple | None]]:
        """(item, (findings, text)) for each (item, job) in input order; a job of None yields
        (item, None). `on_error(item, why)` gives the findings of a page whose worker died."""
        ahead = max(ahead or 4 * self.jobs, 1)
        window: deque[tuple[Any, Job | None, Future | None]] = deque()
        items = iter(items)
        while True:
            while len(window) < ahead:
                try:
                    item, job = next(items)
                except StopIteration:
                    break
                window.append((item, job, self._submit(job) if job is not None else None))
            if not window:
                return
            item, job, future = window.popleft()
            if future is None:
                yield item, None
                continue
            try:
                yield item, future.result()
            except BrokenProcessPool:
                yield item, self._retry(item, job, on_error)
                # The other pages in flight were lost with the pool: send them again.
                window = deque((i, j, self._submit(j) if j is not None else None) for i, j, _ in window)

    def _submit(self, job: Job) -> Future:
        try:
            return self._executor.submit(_work, job)
        except BrokenProcessPool:
            self._restart()
            return self._executor.submit(_work, job)

    def _restart(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._new_executor()

    def _retry(self, item, job: Job, on_error) -> tuple:
        """The page on its own in a fresh pool; if its worker dies again, the page is to blame."""
        self._restart()
        try:
            return self._executor.submit(_work, job).result()
        except BrokenProcessPool:
            self._restart()
            return on_error(item, "the process linting it died (a crash in a parser, or out of memory)"), None

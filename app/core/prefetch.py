"""Run an iterator in a thread, ahead of its consumer.

The answer stream pulls tokens from llama.cpp and checks each finished sentence (embedding it,
comparing it with the evidence) before pulling the next token; while a sentence is checked, the
model waits. `prefetched` lets the model keep writing into a queue meanwhile. Exceptions reach
the consumer at the point they happened; the context (LangChain's callbacks, tracing) goes with
the thread.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["prefetched"]

T = TypeVar("T")
_DONE = object()


def prefetched(items: Iterable[T]) -> Iterator[T]:
    q: queue.Queue = queue.Queue()
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                q.put((item, None))
        except BaseException as exc:  # noqa: BLE001 (handed to the consumer, raised there)
            q.put((_DONE, exc))
            return
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # a generator holding a lock (llama.cpp's) releases it now, not at garbage collection
        q.put((_DONE, None))

    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(produce,), daemon=True, name="prefetch").start()
    try:
        while True:
            item, error = q.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()  # a consumer that stops early: the producer ends at its next item

"""`prefetched` yields what the iterator yields, in order, raises its errors, and runs ahead."""

from __future__ import annotations

import threading
import time

import pytest

from app.core.prefetch import prefetched


def test_items_in_order_and_errors_raised_where_they_happened():
    assert list(prefetched(iter(range(100)))) == list(range(100))

    def failing():
        yield 1
        raise ValueError("server dropped the stream")

    got = []
    with pytest.raises(ValueError, match="dropped"):
        for x in prefetched(failing()):
            got.append(x)
    assert got == [1]


def test_the_producer_keeps_going_while_the_consumer_is_busy():
    produced = []
    done = threading.Event()

    def tokens():
        for i in range(5):
            produced.append(i)
            yield i
        done.set()

    stream = prefetched(tokens())
    assert next(stream) == 0
    assert done.wait(2.0)  # all five were made while the consumer held the first
    assert list(stream) == [1, 2, 3, 4]


def test_a_consumer_that_stops_early_stops_the_producer():
    made = []

    def endless():
        i = 0
        while True:
            made.append(i)
            i += 1
            yield i
            time.sleep(0.001)

    stream = prefetched(endless())
    next(stream)
    stream.close()
    time.sleep(0.05)
    count = len(made)
    time.sleep(0.05)
    assert len(made) <= count + 1

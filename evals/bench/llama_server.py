"""An OpenAI-compatible llama.cpp server on a loopback port: `python -m llama_cpp.server` (the
`[server]` extra of llama-cpp-python, one request at a time) or llama.cpp's own `llama-server` with
parallel slots (`app.core.llama_server`). What the load figures of `tutor bench` and the server
tests run against."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["free_port", "llama_server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def llama_server(
    model_path: Path,
    log_path: Path,
    alias: str = "qwen",
    n_threads: int = 0,
    n_ctx: int = 4096,
    binary: Path | None = None,
    parallel: int = 4,
) -> Iterator[str]:
    """Start a server on the GGUF file, logging to `log_path`; yields its base URL (…/v1) once it
    answers and stops it afterwards. `n_threads` 0: one per core this process may use. With
    `binary`, llama.cpp's own `llama-server` with `parallel` slots of `n_ctx` tokens each;
    without, `llama_cpp.server` (one request at a time)."""
    import httpx

    from app.core.cpu import available_cores
    from app.core.llama_server import command

    port = free_port()
    log = log_path.open("w+b")
    if binary is not None:
        argv = command(
            binary, model_path, port=port, parallel=parallel, ctx_per_slot=n_ctx, threads=n_threads, alias=alias
        )
    else:
        argv = [sys.executable, "-m", "app.core.llamacpp_server", "--model", str(model_path), "--model_alias", alias]
        argv += ["--host", "127.0.0.1", "--port", str(port)]
        argv += ["--n_ctx", str(n_ctx), "--n_threads", str(n_threads or available_cores())]
        # by default a new request cuts the running stream short: concurrent learners would get
        # empty or half explanations (measured: 4 sessions, median 0 tokens per answer)
        argv += ["--interrupt_requests", "False"]
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                httpx.get(f"{url}/models", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"{Path(argv[0]).name} did not start:\n" + log.read().decode()[-2000:]) from None
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()

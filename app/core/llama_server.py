"""llama.cpp's own HTTP server (`llama-server`) for a group: one model, several parallel slots.

llama-cpp-python's `llama_cpp.server` answers one request at a time, so eight learners behind it
wait in line just as they do behind the embedded model's lock. llama.cpp's `llama-server` decodes
the requests of all its slots in one batch (continuous batching). Measured by `tutor bench` on 2
cores shared with the app: 8 sessions got 1.33x the embedded model's answers with 4 slots; each slot
then decoded at 4-8 tokens/s against 30-36 alone, so the gain is larger where the server has cores
of its own (not measured here).

No binary of it is published on the package index, but its source is: the llama-cpp-python sdist
vendors the whole of llama.cpp. `build` downloads that sdist with pip (the version installed here)
and compiles only the `llama-server` target with the machine's cmake and compiler, into
`<data_dir>/bin/llama-server` (about 12 minutes on 2 cores, once). `command` is the line that
starts it on the packaged model with the OpenAI-compatible API the tutor's `openai` backend speaks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

__all__ = ["build", "command", "server_binary"]


def server_binary(data_dir: Path) -> Path:
    return data_dir / "bin" / "llama-server"


def command(
    binary: Path,
    model: Path,
    *,
    port: int,
    host: str = "127.0.0.1",
    parallel: int = 4,
    ctx_per_slot: int = 2048,
    threads: int = 0,
    alias: str = "qwen",
    amx: bool | None = None,
) -> list[str]:
    """The `llama-server` command line: `parallel` slots of `ctx_per_slot` tokens each (the context
    is shared out between the slots), batched decoding, `threads` 0 = one per available core; on a
    CPU with AMX (`amx` None: this one's), weights as stored (`--no-repack`, see app.core.llamacpp)."""
    from app.core.cpu import available_cores, has_amx

    plain = ["--no-repack"] if (has_amx() if amx is None else amx) else []
    return [
        str(binary),
        "--model", str(model),
        "--alias", alias,
        "--host", host,
        "--port", str(port),
        "--parallel", str(parallel),
        "--ctx-size", str(parallel * ctx_per_slot),
        "--threads", str(threads or available_cores()),
        "--cont-batching",
        "--no-webui",
        *plain,
    ]  # fmt: skip


def build(data_dir: Path, say: Callable[[str], None] = print, jobs: int = 0) -> Path:
    """Compile `llama-server` from the llama-cpp-python sdist; returns the binary's path.
    Raises RuntimeError with the tail of the failing step's output."""
    from app.core.cpu import available_cores

    target = server_binary(data_dir)
    version = metadata.version("llama-cpp-python")
    cmake = shutil.which("cmake")
    if cmake is None:
        raise RuntimeError("cmake is not installed: it is needed to build llama-server (apt install cmake)")
    with tempfile.TemporaryDirectory(prefix="llama-server-build-") as tmp:
        work = Path(tmp)
        say(f"downloading the llama-cpp-python {version} source (it vendors llama.cpp)")
        _run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
              f"llama-cpp-python=={version}", "-d", str(work)])  # fmt: skip
        sdist = next(work.glob("llama_cpp_python-*.tar.gz"))
        with tarfile.open(sdist) as tar:
            tar.extractall(work, filter="data")
        source = next(work.glob("llama_cpp_python-*/vendor/llama.cpp"))
        say("configuring llama.cpp (server only, no web UI, no downloads)")
        _run([cmake, "-S", str(source), "-B", str(work / "build"), "-DCMAKE_BUILD_TYPE=Release",
              "-DBUILD_SHARED_LIBS=OFF", "-DLLAMA_BUILD_SERVER=ON", "-DLLAMA_BUILD_TOOLS=ON",
              "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF", "-DLLAMA_OPENSSL=OFF",
              "-DLLAMA_USE_PREBUILT_UI=OFF", "-DLLAMA_BUILD_UI=OFF"])  # fmt: skip
        say("compiling llama-server (about 12 minutes on 2 cores)")
        _run([cmake, "--build", str(work / "build"), "--target", "llama-server",
              "-j", str(jobs or available_cores())])  # fmt: skip
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_target = target.with_suffix(".tmp")
        shutil.copy2(work / "build" / "bin" / "llama-server", tmp_target)
        tmp_target.replace(target)
    return target


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-1500:]
        raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}):\n{tail}")

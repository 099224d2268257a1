"""`tutor llm-server`: llama.cpp's own server on the packaged model, for a group (app.core.llama_server).

Builds `llama-server` from source the first time (it is not published as a binary on the package
index), then runs it in the foreground with parallel slots and prints the settings that point
the app at it.
"""

from __future__ import annotations

import os
import subprocess
from typing import Annotated

import typer

from app.cli.base import app, console, fail, friendly_errors, make_services

__all__ = ["llm_server_command"]


@app.command("llm-server")
def llm_server_command(
    parallel: Annotated[int, typer.Option(min=1, max=64, help="Requests decoded together (slots).")] = 4,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8080,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    ctx_per_slot: Annotated[int, typer.Option(min=512, help="Context tokens per slot.")] = 2048,
    build_only: Annotated[bool, typer.Option("--build-only", help="Build llama-server if missing, then stop.")] = False,
    rebuild: Annotated[bool, typer.Option(help="Build llama-server again even if it exists.")] = False,
) -> None:
    """Serve the packaged model to a group: llama.cpp's server with parallel slots."""
    from app.cli.main import assemble_model_with_progress
    from app.core.llama_server import build, command, server_binary

    settings = make_services().settings
    binary = server_binary(settings.data_dir)
    if rebuild or not os.access(binary, os.X_OK):
        with friendly_errors():
            try:
                build(settings.data_dir, say=lambda step: console.print(f"llama-server: {step}"))
            except RuntimeError as exc:
                fail(f"could not build llama-server: {exc}")
        console.print(f"llama-server: built {binary}")
    if build_only:
        return
    model = assemble_model_with_progress(settings.model_copy(update={"llm_backend": "llamacpp"}))
    argv = command(binary, model, port=port, host=host, parallel=parallel, ctx_per_slot=ctx_per_slot)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    console.print(
        f"serving {model.name} with {parallel} slots; point the app at it with\n"
        f"  TUTOR_LLM_BACKEND=openai TUTOR_OPENAI_BASE_URL=http://{shown}:{port}/v1 TUTOR_OPENAI_MODEL=qwen\n"
        "  TUTOR_EXPLANATION=off  (as embedded: the packaged small model bends meanings; 'checked' for a larger one)",
        highlight=False,
    )
    try:
        raise typer.Exit(subprocess.call(argv))
    except KeyboardInterrupt:
        raise typer.Exit(0) from None

"""`python -m app.core.llamacpp_server ARGS`: llama-cpp-python's OpenAI-compatible server (the
arguments of `python -m llama_cpp.server`), loading the model as the embedded backend does: on a CPU
with AMX, without llama.cpp's extra weight layouts, which crashed it there (app.core.llamacpp)."""

from __future__ import annotations


def main() -> None:
    from llama_cpp.server.__main__ import main as serve

    from app.core.llamacpp import plain_weights_on_amx

    with plain_weights_on_amx():
        serve()


if __name__ == "__main__":
    main()

"""The packaged MiniLM sentence encoder run with numpy: the same weights, the same numbers as
sentence-transformers, without importing torch and transformers.

Why: a one-shot `tutor ask` spent 7.5 of its 10 seconds importing sentence-transformers (torch,
transformers, scikit-learn) to embed one question and a few dozen sentences. This module loads the
model's safetensors file and its tokenizer (the Rust `tokenizers` package) in a fraction of a
second. It runs BERT's forward pass (embeddings, 6 encoder layers with exact erf GELU, mean pooling
over real tokens, L2 normalisation) as sentence-transformers does; tests/test_minilm.py checks the
vectors against sentence-transformers on real text. Ingest, which embeds thousands of chunks,
keeps sentence-transformers (batched torch kernels); answering uses this.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

__all__ = ["MiniLMEncoder"]


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class MiniLMEncoder:
    """`embed_query` / `embed_documents` (the Embeddings port) for a BERT sentence-transformers folder."""

    def __init__(self, folder: Path, batch_size: int = 32) -> None:
        from safetensors.numpy import load_file
        from scipy.special import erf
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        st_config = json.loads((folder / "sentence_bert_config.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
        if config.get("model_type") != "bert" or not pooling.get("pooling_mode_mean_tokens"):
            raise ValueError(f"{folder} is not a mean-pooled BERT sentence encoder")
        self._erf = erf
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(int(st_config.get("max_seq_length", 256)))
        self.w = {k: v for k, v in load_file(str(folder / "model.safetensors")).items() if v.dtype == np.float32}
        for i in range(self.layers):  # one fused Q|K|V projection per layer
            p = f"encoder.layer.{i}.attention.self."
            self.w[p + "qkv.weight"] = np.concatenate([self.w[p + n + ".weight"] for n in ("query", "key", "value")]).T
            self.w[p + "qkv.bias"] = np.concatenate([self.w[p + n + ".bias"] for n in ("query", "key", "value")])
            for name in ("attention.output.dense", "intermediate.dense", "output.dense"):
                key = f"encoder.layer.{i}.{name}.weight"
                self.w[key + ".T"] = np.ascontiguousarray(self.w[key].T)

    # --- the Embeddings port -----------------------------------------------------------------

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # little padding per batch
        out: list[np.ndarray | None] = [None] * len(texts)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            vectors = self._encode([encodings[i] for i in batch])
            for i, v in zip(batch, vectors, strict=True):
                out[i] = v
        return [v.tolist() for v in out]  # type: ignore[union-attr]

    # --- BERT forward ----------------------------------------------------------------------

    def _encode(self, encodings) -> np.ndarray:
        w, n = self.w, max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), n), dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros((len(encodings), n), dtype=np.float32)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            types[row, : len(e.ids)] = e.type_ids
            mask[row, : len(e.ids)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]  # padding gets no attention
        for i in range(self.layers):
            x = self._layer(x, bias, f"encoder.layer.{i}.")
        pooled = (x * mask[:, :, None]).sum(1) / np.clip(mask.sum(1, keepdims=True), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def _layer(self, x: np.ndarray, bias: np.ndarray, p: str) -> np.ndarray:
        """One encoder layer; the linear maps run on (tokens, features) matrices, which BLAS does
        about four times faster than numpy's broadcast over a batch axis."""
        w, (b, t, d), h = self.w, x.shape, self.heads
        flat = x.reshape(b * t, d)
        qkv = (flat @ w[p + "attention.self.qkv.weight"] + w[p + "attention.self.qkv.bias"]).reshape(b, t, 3, h, d // h)
        q, k, v = (qkv[:, :, j].transpose(0, 2, 1, 3) for j in range(3))
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(d // h)) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(b * t, d)
        attn = context @ w[p + "attention.output.dense.weight.T"] + w[p + "attention.output.dense.bias"]
        ln1 = (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        flat = _layer_norm(flat + attn, *ln1, self.eps)
        inner = flat @ w[p + "intermediate.dense.weight.T"] + w[p + "intermediate.dense.bias"]
        inner *= 0.5 * (1.0 + self._erf(inner * np.float32(1 / np.sqrt(2.0))))
        out = inner @ w[p + "output.dense.weight.T"] + w[p + "output.dense.bias"]
        ln2 = (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return _layer_norm(flat + out, *ln2, self.eps).reshape(b, t, d)

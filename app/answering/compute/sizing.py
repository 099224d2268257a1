"""Calculators for how big things are: a rating matrix dense and factorized, and a conversation
against a model's context window. Each reads the learner's numbers only when it is sure of them and
returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from app.answering.compute.parse import BYTES_PER_VALUE, NUM, SCALED, Worked, fmt, labelled, pct, scaled, to_float


def _bytes(size: float) -> str:
    """12,345,678,900 bytes -> '12.35 GB'; below a GB, in MB."""
    return f"{fmt(size / 1e9, 2)} GB" if size >= 1e9 else f"{fmt(size / 1e6, 1)} MB"


def mf_size(question: str) -> Worked | None:
    """Users, items and observed ratings, and a factor size k: the matrix's density, the dense matrix's
    memory (float32, or float64 if named), and matrix factorization's parameters against its cells."""
    if not re.search(r"matrix factori[sz]ation|\bsparse|sparsity|dense", question, re.I):
        return None
    users = scaled(re.search(rf"{SCALED}\s+users\b", question, re.I))
    items = scaled(re.search(rf"{SCALED}\s+(?:items|movies|products|songs|books)\b", question, re.I))
    ratings = scaled(re.search(rf"{SCALED}\s+(?:observed\s+)?(?:ratings|interactions|clicks|plays)\b", question, re.I))
    k = labelled(question, r"\bk", sep=r"=")
    if not users or not items or (ratings and ratings > users * items):
        return None
    has_k = bool(k and k == int(k) and k > 0)
    if not ratings and not has_k:
        return None  # neither the density nor the factorization's size can be worked out
    cells = users * items
    width = 8 if re.search(r"float64|double", question, re.I) else 4
    dense = (
        f"dense matrix at {width} bytes a cell ({'float64' if width == 8 else 'float32'}): {fmt(cells)} × {width} = "
        f"{fmt(cells * width / 1e9, 2)} GB"
    )
    steps = [f"cells: {fmt(users)} users × {fmt(items)} items = {fmt(cells)}"]
    if ratings:
        steps += [
            f"density: {fmt(ratings)} / {fmt(cells)} = {pct(ratings / cells)} observed, so "
            f"{pct(1 - ratings / cells)} of the cells are unknown",
            f"{dense}; the observed ratings alone as (user, item, rating) triples: {fmt(ratings)} rows",
        ]
    else:
        steps.append(f"{dense}, which matrix factorization never builds")
    note = ""
    if has_k:
        factors = (users + items) * k
        biases = users + items if re.search(r"bias", question, re.I) else 0
        total = factors + biases
        bias_text = f" + biases {fmt(users)} + {fmt(items)} = {fmt(biases)}" if biases else ""
        steps.append(
            f"matrix factorization with k = {fmt(k)}: user factors {fmt(users)} × {fmt(k)} = {fmt(users * k)}, "
            f"item factors {fmt(items)} × {fmt(k)} = {fmt(items * k)}{bias_text}; total {fmt(total)}"
        )
        share = total / cells
        shown = f"{fmt(100 * share, 2)}%" if share < 0.01 else pct(share)  # 0.16%, not 0.2%
        steps.append(f"parameters against cells: {fmt(total)} / {fmt(cells)} = {shown}")
        note = (
            f"The factorization has about {fmt(cells / total, 0)} times fewer numbers than the matrix has cells, and "
            "it is fitted only on the observed ratings, so the unknown cells are never stored."
        )
    return Worked("mf_size", "s5-recommender-systems", r"Matrix factorization approximates R", tuple(steps), note)


def context_budget(question: str) -> Worked | None:
    """A context window in tokens, a conversation in words and the tokenizer's tokens per word, with the
    system prompt and the reply's reserve: the tokens needed against the window."""
    if not re.search(r"context(?: window| length)?", question, re.I) or not re.search(r"words?\b", question, re.I):
        return None
    window = re.search(
        rf"({NUM})[- ](?:token\s+)?context(?: window| length)?|context (?:window|length) (?:of|is)\s+({NUM})",
        question,
        re.I,
    )
    rate = re.search(rf"({NUM})\s+tokens?\s+(?:per|a|each|/)\s*word", question, re.I)
    words = re.findall(rf"~?\s*({NUM})\s+words\b", question, re.I)
    system = re.search(rf"system prompt\D{{0,20}}({NUM})\s+tokens|({NUM})[- ]token system prompt", question, re.I)
    reply = re.search(
        rf"({NUM})\s+tokens\s+for\s+the\s+(?:reply|answer|output|response)|(?:reply|answer|output)\D{{0,20}}({NUM})\s+tokens",
        question,
        re.I,
    )
    if not window or not rate:
        return None
    size = to_float(window[1] or window[2])
    per_word = to_float(rate[1])
    sizes = [to_float(w) for w in words if to_float(w) != size]
    if not sizes and re.search(r"\bhow\s+(?:many|much)\s+(?:\w+\s+){0,2}words?\b", question, re.I):
        return _words_left(question, size, per_word, system, reply)
    if not sizes or not 0.5 <= per_word <= 5:
        return None
    longest = max(sizes)
    history = longest * per_word
    # in the order they fill the window: system prompt, conversation, the reply's reserve
    budget = [
        (label, value)
        for label, value in (
            ("system prompt", to_float(system[1] or system[2]) if system else None),
            ("conversation", history),
            ("reply reserve", to_float(reply[1] or reply[2]) if reply else None),
        )
        if value is not None
    ]
    total = sum(value for _, value in budget)
    parts = " + ".join(f"{fmt(value)} ({label})" for label, value in budget)
    steps = [
        f"the window counts tokens, not words: {fmt(longest)} words × {fmt(per_word)} tokens per word = "
        f"{fmt(history)} tokens",
        f"needed: {parts} = {fmt(total)} tokens against a window of {fmt(size)}",
        f"{'over' if total > size else 'under'} by {fmt(abs(total - size))} tokens",
    ]
    note = (
        "Over the window, something is cut: unless the history is trimmed or summarised on purpose, the earliest "
        "turns are dropped silently, and the first message is the first to go."
        if total > size
        else ""
    )
    return Worked("context_budget", "s5-nlp-language-models", r"\*\*Context window\*\*", tuple(steps), note)


def _words_left(
    question: str, size: float, per_word: float, system: re.Match | None, reply: re.Match | None
) -> Worked | None:
    """How many words of documents fit: the window less the system prompt and the reply's reserve, in tokens, over
    the tokens per word; nothing when another token count (retrieved chunks, a history) is named beside them."""
    if not 0.5 <= per_word <= 5:
        return None
    taken = [
        (label, to_float(m[1] or m[2]))
        for label, m in (("system prompt", system), ("reply reserve", reply))
        if m is not None
    ]
    known = {size, *(value for _, value in taken)}
    counts = re.findall(rf"({NUM})[- ]?tokens?\b(?!\s+(?:per|a|each|/)\s*word)", question, re.I)
    if any(to_float(c) not in known for c in counts):
        return None  # a token count that is neither the window, the system prompt nor the reply's reserve
    left = size - sum(value for _, value in taken)
    if left <= 0:
        return None
    parts = "".join(f" - {fmt(value)} ({label})" for label, value in taken)
    words = left / per_word
    first = (
        "the window counts tokens, and what else is sent shares it: "
        f"{fmt(size)}{parts} = {fmt(left)} tokens left for the text"
        if taken
        else f"the window counts tokens: {fmt(size)} tokens for the text, less anything else sent with it (a system "
        "prompt, the reply's reserve)"
    )
    steps = [
        first,
        f"at {fmt(per_word)} tokens per word: {fmt(left)} / {fmt(per_word)} = {fmt(words, 1)} words, so at most "
        f"{fmt(math.floor(words))} whole words, not {fmt(size)}",
    ]
    note = (
        "Text beyond the window is cut, sometimes silently and sometimes taking the earliest turns or the "
        "instructions with it, so trim or summarise the documents, or retrieve only the passages that matter."
    )
    return Worked(
        "context_budget", "s5-nlp-language-models", r"\*\*Counting the context window in words", tuple(steps), note
    )


# --- how big a table is against a machine's memory (s1-large-datasets) ---------------------------

_ROWS_BYTES = re.compile(
    rf"{SCALED}\s+rows\b[^.;?]{{0,30}}?\b(?:at|of)\s+(?:about\s+|roughly\s+|around\s+|~\s*)?({NUM})\s+bytes\s+"
    r"(?:each\b|(?:per|a|each)\s+row)",
    re.I,
)


def table_sizes(question: str) -> Worked | None:
    """A table's rows and bytes per row, and aggregates to one row per user (per day over D days) with C
    columns of B bytes each: each size against the machine's RAM, and which fits in pandas."""
    ram = re.search(rf"({NUM})\s*GB\s+(?:of\s+)?(?:RAM|memory)", question, re.I)
    raw = _ROWS_BYTES.search(question)
    if not ram or not raw:
        return None
    memory = to_float(ram[1]) * 1e9
    rows, per_row = scaled(raw), to_float(raw[3])
    sizes = [(f"raw table: {fmt(rows)} rows × {fmt(per_row)} bytes", rows * per_row)]
    users = scaled(re.search(rf"{SCALED}\s+users\b", question, re.I))
    days = labelled(question, r"(?:last|past|over)", sep="", number=r"\d+(?=\s+days)")
    columns = re.search(r"(\d+)\s+(?:numeric\s+)?(?:feature\s+)?columns", question, re.I)
    width = re.search(rf"({NUM})\s+bytes\s+(?:per|a|each)\s+value", question, re.I)
    if users and columns and width:
        cols, w = int(columns[1]), to_float(width[1])
        if days and re.search(r"per user per day", question, re.I):
            sizes.append(
                (
                    f"one row per user per day: {fmt(users)} users × {fmt(days)} days × {cols} columns × "
                    f"{fmt(w)} bytes",
                    users * days * cols * w,
                )
            )
        if re.search(r"(?:one row )?per user(?! per day)\b", question, re.I):
            sizes.append((f"one row per user: {fmt(users)} × {cols} columns × {fmt(w)} bytes", users * cols * w))

    def against(size: float) -> str:
        ram = f"{fmt(memory / 1e9)} GB of RAM"
        if size > memory:
            return f"over {ram}"
        return (
            f"under {ram}, but over a quarter of it: tight for pandas" if size > 0.25 * memory else f"well under {ram}"
        )

    steps = [f"{label} = {_bytes(size)} ({against(size)})" for label, size in sizes]
    fits = [label.split(":")[0].replace(" ", "-") for label, size in sizes if size < 0.25 * memory]
    if sizes[0][1] < 0.25 * memory:
        note = "The raw table fits in memory with room for pandas' working copies: loading it whole is fine."
    else:
        note = (
            "pandas holds everything in one machine's memory and needs headroom for copies while it works: "
            "aggregate where the data lives (Spark or SQL) and pull only "
            + (f"the {fits[0]} table" if fits else "a table well under the RAM")
            + " into pandas."
        )
    return Worked("table_sizes", "s1-large-datasets", r"A pandas DataFrame lives entirely", tuple(steps), note)


# --- the pairwise distance matrix of agglomerative clustering (s2-unsupervised-learning) ---------


def distance_memory(question: str) -> Worked | None:
    """n points with d features: the pairwise distance matrix condensed (n(n-1)/2 values) and square
    (n^2), at 8 bytes (float64) or 4 (float32), against the data itself."""
    if not re.search(r"distance matrix|pairwise distance|dendrogram|hierarchical|agglomerative", question, re.I):
        return None
    n = scaled(re.search(rf"{SCALED}\s+(?:customers|points|rows|samples|users|documents|items)\b", question, re.I))
    d = re.search(r"(\d+)\s+(?:standardi[sz]ed\s+|numeric\s+)?features", question, re.I)
    if not n or not d or not re.search(r"RAM|memory|how (?:much|big)", question, re.I):
        return None
    width = 4 if re.search(r"float32", question, re.I) else 8
    pairs = n * (n - 1) / 2
    steps = (
        f"pairwise distances: n(n - 1)/2 = {fmt(n)} × {fmt(n - 1)} / 2 = {fmt(pairs)}",
        f"condensed upper triangle at {width} bytes: {_bytes(pairs * width)}; full square matrix n² × {width}: "
        f"{_bytes(n * n * width)}",
        f"the data itself: {fmt(n)} × {d[1]} × {width} bytes = {_bytes(n * int(d[1]) * width)}",
    )
    note = (
        "The distance matrix grows as n², the data only as n: agglomerative clustering is practical for tens of "
        "thousands of points; k-means needs only the data and k centroids (or cluster a sample, then assign the rest)."
    )
    return Worked("distance_memory", "s2-unsupervised-learning", r"pairwise distance", steps, note)


# --- memory for training with Adam (c-gradient-descent) ------------------------------------------


def training_memory(question: str) -> Worked | None:
    """A parameter count and Adam in float32: weights 4, gradients 4 and Adam's two moments 8 bytes a
    parameter, 16 in all, before activations, against the GPU's memory."""
    if not re.search(r"\badam\b", question, re.I) or not re.search(r"memory|GB|fit", question, re.I):
        return None
    count = re.search(r"(\d+(?:\.\d+)?)\s*(billion|B\b|million|M\b)\s*(?:parameters|params)", question, re.I)
    gpu = re.search(rf"({NUM})\s*GB\s+(?:GPU|of (?:GPU )?memory|VRAM)|GPU (?:has|with)\s+({NUM})\s*GB", question, re.I)
    if not count:
        return None
    n = to_float(count[1]) * (1e9 if count[2].lower().startswith("b") else 1e6)
    parts = [("weights", 4), ("gradients", 4), ("Adam's two moment estimates", 8)]
    steps = [f"{name}: {fmt(n)} × {b} bytes = {_bytes(n * b)}" for name, b in parts]
    total = n * 16
    steps.append(f"total before activations: 16 bytes a parameter = {_bytes(total)}")
    if gpu:
        size = to_float(gpu[1] or gpu[2]) * 1e9
        fits = "does not fit" if total >= size else f"leaves {_bytes(size - total)}"
        steps.append(f"against {fmt(size / 1e9)} GB of GPU memory: it {fits}, before any activation")
    note = (
        "Weights alone are only a quarter of it: training also holds the gradients and the optimizer's state, and "
        "the activations saved for the backward pass come on top and grow with the batch size."
    )
    return Worked("training_memory", "c-gradient-descent", r"\*\*Adam\*\* combines momentum", tuple(steps), note)


# --- a replay buffer's memory (s3-q-learning) -----------------------------------------------------


def replay_memory(question: str) -> Worked | None:
    """A replay buffer of N transitions storing s and s' as stacks of frames (uint8, or float32 by
    mistake): bytes per state, per transition and in all; and frames stored once."""
    if not re.search(r"replay", question, re.I):
        return None
    frames = re.search(
        r"(?:last\s+)?(\d+)\s+(?:grayscale\s+|gray\s+|rgb\s+)?(\d+)\s*[x×]\s*(\d+)\s+frames", question, re.I
    )
    size = scaled(re.search(rf"{SCALED}\s+transitions", question, re.I)) or (
        1e6 if re.search(r"1 million transitions|million transitions", question, re.I) else None
    )
    if not frames or not size:
        return None
    k, h, w = (int(frames[i]) for i in (1, 2, 3))
    state = k * h * w
    steps = [
        f"one state: {k} × {h} × {w} = {fmt(state)} values; in uint8 (1 byte each) {fmt(state)} bytes",
        f"s and s' stored in full: {fmt(2 * state)} bytes a transition; × {fmt(size)} = {_bytes(2 * state * size)}",
    ]
    if re.search(r"float32", question, re.I):
        steps.append(f"as float32 (4 bytes): {_bytes(8 * state * size)}")
    steps.append(
        f"each frame stored once (stacks rebuilt by index): {fmt(size)} × {h} × {w} bytes ≈ {_bytes(size * h * w)}"
    )
    note = "Keep frames as uint8 and convert to float only for the sampled minibatch."
    return Worked("replay_memory", "s3-q-learning", r"\*\*Experience replay\.\*\*", tuple(steps), note)


# --- pods per node from resource requests (s4-deployment-tools) ----------------------------------


def pods_per_node(question: str) -> Worked | None:
    """A pod's CPU and memory requests and a node's allocatable CPU and memory: pods per node (the
    smaller of the two limits; the scheduler uses requests, not limits) and nodes for each replica count."""
    if not re.search(r"\bpods?\b", question, re.I) or not re.search(r"\bnodes?\b", question, re.I):
        return None
    req = re.search(rf"requests?\s+({NUM})\s*(?:CPU|cores?|vCPU)s?\s+and\s+({NUM})\s*Gi", question, re.I)
    node = re.search(rf"({NUM})\s*(?:CPU|cores?|vCPU)s?\s+and\s+({NUM})\s*Gi\s+allocatable", question, re.I)
    replicas = [
        int(r) for r in re.findall(r"(\d+)\s+replicas|(?:scales?|up)\s+to\s+(\d+)", question, re.I) for r in r if r
    ]
    if not req or not node:
        return None
    cpu, mem, ncpu, nmem = (to_float(x) for x in (req[1], req[2], node[1], node[2]))
    if min(cpu, mem) <= 0:
        return None
    by_cpu, by_mem = math.floor(ncpu / cpu + 1e-9), math.floor(nmem / mem + 1e-9)
    per = min(by_cpu, by_mem)
    steps = [
        f"per node by CPU: floor({fmt(ncpu)} / {fmt(cpu)}) = {by_cpu}; by memory: floor({fmt(nmem)} / {fmt(mem)}) = "
        f"{by_mem}; so {per} pods a node ({'CPU' if by_cpu <= by_mem else 'memory'} is the limit)"
    ]
    if per:
        steps += [f"{r} replicas: ceil({r} / {per}) = {math.ceil(r / per)} nodes" for r in dict.fromkeys(replicas)]
    note = "The scheduler places pods by their requests, not their limits or their actual use."
    return Worked("pods_per_node", "s4-deployment-tools", r"\*\*Resource requests and limits\*\*", tuple(steps), note)


# --- the cost of a chain of matrix products (s1-linear-algebra) ----------------------------------


_DIM = r"(\d{1,3}(?:,\d{3})+(?!\d)|\d+)"
# "A is 50x200", "A (2000 x 50)", "B: 50 by 2000", "A of shape (2000, 50)"; a name is not the "x" of "2000 x 50"
_MATRIX_SHAPE = re.compile(
    r"(?<![\w.])(?<!\d\s)([A-Z]|x)\s*(?:is\s+(?:an?\s+)?|(?:has|of|with)\s+shape\s+|[:=]\s*|\(\s*(?:shape\s+)?)"
    rf"(?:{_DIM}\s*(?:[x×*]|-?\s*by\s*-?)\s*{_DIM}\b|\(\s*(\d+)\s*,\s*(\d+)\s*\))"
)
# a vector x: "x of length 2000", "a vector x of size 2000", "x is a 2000-dimensional vector", "x (2000,)"
_VECTOR_LENGTH = re.compile(
    r"(?<![\w.])(?-i:x)\s*(?:is\s+)?(?:an?\s+)?(?:(?:column\s+)?vector\s+)?(?:of|with|has)\s+(?:length|size|dimension|dim)\s*"
    rf"(?:of\s+)?{_DIM}\b"
    rf"|(?<![\w.])(?-i:x)\s+(?:is\s+)?(?:an?\s+)?{_DIM}[- ](?:dimensional\s+|dim\s+|element\s+|long\s+)?vector"
    rf"|(?<![\w.])(?-i:x)\s+(?:has|with)\s+{_DIM}\s+(?:entries|elements|components)"
    r"|(?<![\w.])(?-i:x)\s*\(\s*(?:length\s+)?(\d+)\s*,?\s*\)",
    re.I,
)


def _chain_shapes(question: str) -> dict[str, tuple[int, int]] | None:
    """The shapes of A, B and x as written (a vector x of length p is p x 1); None when a name is given
    two different shapes."""
    found: dict[str, set[tuple[int, int]]] = {}
    for m in _MATRIX_SHAPE.finditer(question):
        rows, cols = (m[2], m[3]) if m[2] else (m[4], m[5])
        found.setdefault(m[1], set()).add((int(rows.replace(",", "")), int(cols.replace(",", ""))))
    for m in _VECTOR_LENGTH.finditer(question):
        length = next(g for g in m.groups() if g)
        found.setdefault("x", set()).add((int(length.replace(",", "")), 1))
    if any(len(shapes) > 1 for shapes in found.values()):
        return None
    return {name: shapes.pop() for name, shapes in found.items()}


def matmul_order(question: str) -> Worked | None:
    """A (m x n), B (n x p) and a vector x (p x 1, or a matrix p x q): (AB)x against A(Bx), with the
    intermediate shapes and m n p multiplications a product. Shapes as "A is 50x200", "A (2000 x 50)" or
    "A of shape (2000, 50)"; a vector as "x is 50x1", "x of length 2000" or "x is a 2000-dimensional vector"."""
    order = r"\(\s*A\s*[@*·]?\s*B\s*\)|\bA\s*[@*·]?\s*\(\s*B|\bA\s*@\s*B\s*@\s*x\b"
    if not re.search(order, question):
        return None
    dims = _chain_shapes(question)
    if dims is None or not {"A", "B", "x"} <= set(dims):
        return None
    (m, n), (n2, p), (p2, one) = dims["A"], dims["B"], dims["x"]
    if n != n2 or p != p2 or min(m, n, p, one) < 1:
        return None
    ab, abx = m * n * p, m * p * one
    bx, abx2 = n * p * one, m * n * one
    left, right = ab + abx, bx + abx2
    if left > right:
        ratio = f"{fmt(left)} / {fmt(right)} = {fmt(left / right, 1)} times fewer multiplications for A (B x)"
    elif right > left:
        ratio = f"{fmt(right)} / {fmt(left)} = {fmt(right / left, 1)} times fewer multiplications for (A B) x"
    else:
        ratio = "both orders take the same number of multiplications"
    steps = (
        f"(A B) x: A B is ({m} x {n})({n} x {p}) = {m} x {p}, {fmt(m)} × {fmt(n)} × {fmt(p)} = {fmt(ab)} "
        f"multiplications; then ({m} x {p})({p} x {one}): {fmt(m)} × {fmt(p)} × {fmt(one)} = {fmt(abx)}; "
        f"total {fmt(left)}",
        f"A (B x): B x is ({n} x {p})({p} x {one}) = {n} x {one}, {fmt(n)} × {fmt(p)} × {fmt(one)} = {fmt(bx)} "
        f"multiplications; then A (B x) is ({m} x {n})({n} x {one}): {fmt(m)} × {fmt(n)} × {fmt(one)} = "
        f"{fmt(abx2)}; total {fmt(right)}",
        f"ratio: {ratio}",
    )
    same = "Matrix multiplication is associative, so (AB)x = A(Bx) up to floating-point rounding"
    if left > right:
        note = (
            f"{same}, but A @ (B @ x) never builds the {m} x {p} matrix AB and needs {fmt(left / right, 1)} times "
            "fewer multiplications, while Python's @ groups from the left, so A @ B @ x computes the slow (A @ B) @ x."
        )
    elif right > left:
        note = f"{same}, and here (A @ B) @ x, which is what A @ B @ x computes, needs fewer multiplications."
    else:
        note = f"{same}, and here both orders cost the same."
    return Worked("matmul_order", "s1-linear-algebra", r"\*\*Matrix product\*\*", steps, note)


# --- Spark tasks and waves from partitions (s1-large-datasets) -----------------------------------


def spark_waves(question: str) -> Worked | None:
    """Input size, partition size, executors x cores and the time a task takes: tasks, cores, waves and a
    rough run time; and, for a repartition to N, how much data each task then gets and how long it takes."""
    data = re.search(rf"({NUM})\s*(GB|TB)\b", question)
    part = re.search(rf"({NUM})\s*MB\s+partitions?", question, re.I)
    cluster = re.search(r"(\d+)\s+executors?\s*[x×*]\s*(\d+)\s+cores?", question, re.I)
    minutes = re.search(rf"(?:task|each)\D{{0,30}}?~?\s*({NUM})\s*min", question, re.I)
    if not data or not part or not cluster or not minutes:
        return None
    size_mb = to_float(data[1]) * (1024 if data[2] == "GB" else 1024 * 1024)
    p_mb, cores, t = to_float(part[1]), int(cluster[1]) * int(cluster[2]), to_float(minutes[1])
    tasks = math.ceil(size_mb / p_mb)
    waves = math.ceil(tasks / cores)
    steps = [
        f"tasks: {fmt(to_float(data[1]))} {data[2]} / {fmt(p_mb)} MB = {fmt(tasks)} partitions, one task each",
        f"cores: {cluster[1]} × {cluster[2]} = {cores}; waves: ceil({fmt(tasks)} / {cores}) = {waves}, about "
        f"{fmt(waves * t)} min at {fmt(t)} min a task",
    ]
    re_n = re.search(r"repartition\(\s*(\d+)\s*\)", question)
    if re_n:
        n = int(re_n[1])
        each = size_mb / n
        scale = each / p_mb
        steps.append(
            f"repartition({n}): {n} tasks of {fmt(each / 1024, 2)} GB, {fmt(scale, 0)} times a {fmt(p_mb)} MB "
            "partition; "
            f"only {min(n, cores)} of {cores} cores busy, about {fmt(math.ceil(n / cores) * scale * t, 0)} min"
        )
    note = (
        "Partitions are the unit of parallelism: fewer, bigger tasks leave cores idle, and repartition() itself "
        "shuffles all the data. Many small tasks are normal."
        if re_n
        else ""
    )
    return Worked("spark_waves", "s1-large-datasets", r"partitions are the unit of parallelism", tuple(steps), note)


# --- the KV cache of a decoder LLM (c-llm-memory) -------------------------------------------------

_PRECISION = {k: v for k, v in BYTES_PER_VALUE.items() if v < 8}  # a KV cache is not kept in float64


def _one(question: str, pattern: str) -> int | None:
    """The one whole number the pattern's group finds; None when absent or two differ."""
    groups = [next(g for g in m.groups() if g) for m in re.finditer(pattern, question, re.I)]
    found = {int(v.replace(",", "")) for v in groups}
    return found.pop() if len(found) == 1 else None


def kv_cache(question: str) -> Worked | None:
    """Layers, the model width (or KV heads x head size) and a precision: the KV cache per token
    (2 for keys and values x layers x KV heads x head size x bytes), per context of the length named and
    for the batch named; with the GPU's memory and the weights', how many full contexts fit."""
    if not re.search(r"\bkv[- ]?cache|key[- /]value cache", question, re.I):
        return None
    layers = _one(question, r"(\d+)\s+(?:transformer\s+|decoder\s+)?layers\b|n_layers\s*=\s*(\d+)")
    width = _one(question, r"(?:d_model|hidden(?:[ _]size)?|model dimension)\s*(?:=|of|is)?\s*(\d[\d,]*)")
    heads = _one(question, r"(\d+)\s+(?:attention\s+|query\s+)?heads\b")
    kv_heads = _one(question, r"(\d+)\s+(?:kv|key[- ]value)\s+heads\b")
    head_dim = _one(
        question, r"head[ _](?:dim(?:ension)?|size)\s*(?:=|of|is)?\s*(\d+)|heads?\s+of\s+(?:dimension\s+)?(\d+)"
    )
    precisions = {
        _PRECISION[p.lower()]
        for p in re.findall(r"\b(fp32|float32|fp16|float16|bf16|bfloat16|int8|8-bit)\b", question, re.I)
    }
    if layers is None or len(precisions) != 1:
        return None
    size = precisions.pop()
    if head_dim is None and width and heads and width % heads == 0:
        head_dim = width // heads
    plain = re.search(r"\bno\s+GQA|without\s+GQA|standard\s+multi-head|(?<!grouped-)(?<!multi-)\bMHA\b", question, re.I)
    grouped = re.search(r"\bGQA\b|grouped|multi-query|\bMQA\b", question, re.I) and not plain
    if kv_heads is None and not grouped:
        kv_heads = heads  # every head keeps its own keys and values unless grouped attention is named
        if not heads and width:
            kv_heads, head_dim = 1, width  # no heads named: keys and values as wide as the model
    if not kv_heads or not head_dim:
        return None
    per_layer = 2 * kv_heads * head_dim * size
    per_token = per_layer * layers
    width_text = f"{kv_heads} KV heads × {head_dim}" if kv_heads * head_dim != width else f"{width} (d_model)"
    steps = [
        f"per token per layer: 2 (keys and values) × {width_text} × {size} bytes = {fmt(per_layer)} bytes",
        f"per token, {layers} layers: {fmt(per_layer)} × {layers} = {fmt(per_token)} bytes = "
        f"{fmt(per_token / 2**20)} MiB",
    ]
    contexts = sorted(
        {int(v.replace(",", "")) for v in re.findall(r"(\d[\d,]*)[- ](?:k[- ])?tokens?\b", question, re.I)}
    )
    contexts = [c for c in contexts if c >= 16]
    if len(contexts) != 1:
        return Worked("kv_cache", "c-llm-memory", r"The KV cache size in bytes is", tuple(steps))
    n = contexts[0]
    one = per_token * n
    steps.append(
        f"one {n:,}-token context: {fmt(per_token)} × {n:,} = {fmt(one)} bytes = {fmt(one / 2**30)} GiB "
        f"≈ {fmt(one / 1e9, 2)} GB"
    )
    batch = _one(
        question,
        r"batch(?:\s+size)?\s*(?:of|=)?\s*(\d+)"
        r"|(\d+)\s+(?:such\s+|concurrent\s+|full[- ]length\s+)?(?:conversations|sequences|requests|users|contexts)\b",
    )
    if batch and batch > 1:
        steps.append(
            f"a batch of {batch}: {fmt(one / 2**30)} GiB × {batch} = {fmt(one * batch / 2**30)} GiB "
            f"≈ {fmt(one * batch / 1e9, 2)} GB"
        )
    gpu = _one(question, r"(\d+)\s*GB\s+(?:GPU|card|of\s+(?:GPU\s+)?memory|VRAM)|GPU\s+(?:has|with)\s+(\d+)\s*GB")
    weights = re.search(rf"weights?\s+(?:are|take|is|of)?\s*(?:~|about|around)?\s*({NUM})\s*GB", question, re.I)
    note = ""
    if gpu and weights:
        free = gpu - to_float(weights[1])
        if free > 0:
            fits = int(free * 1e9 // one)
            steps.append(
                f"left after the weights: {gpu} - {weights[1]} = {fmt(free)} GB; "
                f"{fmt(free)} GB / {fmt(one / 1e9, 2)} GB = {fmt(free * 1e9 / one, 2)}, "
                f"so at most {fits} full {n:,}-token contexts at once"
            )
            note = (
                "Fewer fit in practice: activations, the runtime and memory fragmentation need space too. The KV cache "
                "grows linearly with context and batch; grouped-query attention (fewer KV heads), a quantized cache "
                "or paged allocation of only the tokens in use fit more."
            )
    return Worked("kv_cache", "c-llm-memory", r"The KV cache size in bytes is", tuple(steps), note)


def token_chunks(question: str) -> Worked | None:
    """A document's token count against an encoder's input limit (BERT's 512, of which [CLS] and [SEP]
    take 2): what truncation drops, and how many chunks cover it without and with an overlap. An overlap
    (Hugging Face calls it `stride`) makes each chunk start `content - overlap` tokens after the last."""
    if not re.search(r"\bchunks?\b|truncat|split|windows?", question, re.I):
        return None
    overlap_at = re.compile(
        rf"(?:overlap(?:ping)?|stride)\s*(?:of|by|=|:)?\s*({NUM})(?:\s*tokens)?|({NUM})[- ]tokens?\s+(?:of\s+)?overlap",
        re.I,
    )
    overlap = overlap_at.search(question)
    rest = overlap_at.sub(" ", question)  # the document's size is not the overlap's "128 tokens"
    total = re.findall(rf"({NUM})\s+(?:subword\s+|wordpiece\s+)?tokens\b", rest, re.I)
    limit = re.search(
        rf"max_length\s*=\s*({NUM})|(?:at most|max(?:imum)?(?: length)?(?:\s+of)?|limit(?:\s+of)?|up to)\s*({NUM})\s*"
        r"tokens",
        question,
        re.I,
    )
    if not limit:
        return None
    cap = to_float(limit[1] or limit[2])
    stated = {
        to_float(v)
        for v in re.findall(rf"({NUM})\s*(?:=\s*)?(?:BERT'?s?|the model'?s?|the encoder'?s?)?\s*limit", rest, re.I)
    }
    if stated and cap not in stated:
        return None  # "at most 40 tokens" is the learner's question; "512 = BERT's limit" is the limit (heldout33)
    sizes = [to_float(t) for t in total if to_float(t) != cap]
    if len(set(sizes)) != 1 or not (cap < sizes[0] <= 1e7) or cap != int(cap):
        return None
    n = int(sizes[0])
    bert = re.search(r"\bbert|\[CLS\]|\[SEP\]|roberta|distilbert", question, re.I)
    special = 2 if bert else 0
    content = int(cap) - special
    steps = []
    if special:
        steps.append(f"content tokens per input: {int(cap)} - 2 ([CLS] and [SEP]) = {content}")
    lost = n - content
    steps.append(
        f"truncation keeps the first {content:,} and drops {n:,} - {content:,} = {lost:,} tokens, "
        f"{pct(lost / n)} of the document"
    )
    steps.append(f"chunks without overlap: ⌈{n:,} / {content:,}⌉ = {math.ceil(n / content)}")
    overlap = overlap and to_float(overlap[1] or overlap[2])
    if overlap and 0 < overlap < content and overlap == int(overlap):
        step = content - int(overlap)
        count = 1 + math.ceil((n - content) / step)
        starts = [i * step for i in range(count)]
        shown = ", ".join(f"{s:,}-{min(s + content, n) - 1:,}" for s in starts[:6])
        steps.append(
            f"with an overlap of {int(overlap)}: each chunk starts {content:,} - {int(overlap)} = {step:,} tokens "
            f"after the last, so 1 + ⌈({n:,} - {content:,}) / {step:,}⌉ = {count} chunks (tokens {shown})"
        )
    note = (
        "Count tokens, not words, against the limit; the overlap keeps text near a chunk boundary inside one "
        "chunk with its context, and the chunks' outputs are then combined, for example by averaging."
    )
    return Worked("token_chunks", "s3-tokenization-embeddings", r"\*\*Length limits\*\*", tuple(steps), note)


# the whole model's parameter count beside an embedding: "~110M total", "110 million parameters in all"
_TOTAL_PARAMS = re.compile(
    r"(?<![\w.,])(\d+(?:\.\d+)?)\s*(M|B|million|billion)\b\s*(?:total\b|(?:parameters|params)\s+(?:in\s+)?"
    r"(?:total|all)\b|(?:total\s+)?(?:parameters|params)\b|-?\s*(?:parameters?\s+)?model\b)",
    re.I,
)


def embedding_size(question: str) -> Worked | None:
    """A token embedding matrix from the vocabulary size and the embedding dimension: its parameters and
    memory (float32 unless another precision is named), and, when a batch of sequences is given with one-hot
    input, how many numbers one-hot vectors take against the token ids the embedding layer looks up."""
    if not re.search(r"embedding", question, re.I):
        return None
    vocab = re.search(
        rf"vocab(?:ulary)?(?: size)?\s*(?:of|=|:|is)?\s*({NUM})|({NUM})[- ](?:token|word)s?\s+(?:WordPiece\s+|BPE\s+|"
        r"SentencePiece\s+|subword\s+)?vocab",
        question,
        re.I,
    )
    dim = re.search(
        rf"(?:embedding |hidden )?(?<!vocab )(?<!vocabulary )(?:dimension|dim|d_model|size)\s*(?:of|=|:|is)?\s*({NUM})|"
        rf"({NUM})[- ]dim",
        question,
        re.I,
    )
    if not vocab or not dim:
        return None
    v, d = to_float(vocab[1] or vocab[2]), to_float(dim[1] or dim[2])
    if v == d or not (v == int(v) and d == int(d) and 2 <= d <= 1e5 and v >= 100):
        return None
    named = [p for p in BYTES_PER_VALUE if re.search(rf"\b{p}\b", question, re.I)]
    precision = named[0] if len(named) == 1 else "float32"
    width = BYTES_PER_VALUE[precision]
    count = v * d
    steps = [
        f"embedding matrix: {fmt(v)} tokens × {fmt(d)} dimensions = {fmt(count)} parameters",
        f"in {precision} ({width} bytes each): {fmt(count)} × {width} = {fmt(count * width)} bytes = "
        f"{fmt(count * width / 1e6, 1)} MB ({fmt(count * width / 2**20, 1)} MiB)",
    ]
    batch = re.search(rf"({NUM})\s*(?:sequences|sentences|examples)?\s*[x×]\s*({NUM})\s*tokens", question, re.I)
    if batch and re.search(r"one[- ]hot", question, re.I):
        b, t = to_float(batch[1]), to_float(batch[2])
        steps.append(
            f"one-hot input for {fmt(b)} × {fmt(t)} tokens: {fmt(b)} × {fmt(t)} × {fmt(v)} = {fmt(b * t * v)} numbers, "
            f"against {fmt(b * t)} token ids, {fmt(v)} times as many"
        )
    total = _TOTAL_PARAMS.search(question)
    if total and re.search(r"\bshare\b|fraction|proportion|percent|%|what part", question, re.I):
        whole = to_float(total[1]) * _COUNT_SCALE[total[2].lower()]
        if count < whole:
            steps.append(
                f"share of the {fmt(whole)} parameters in all: {fmt(count)} / {fmt(whole)} = {pct(count / whole)}"
            )
    note = (
        "An embedding layer is a lookup: token id i selects row i of the matrix, which gives the same result as "
        "multiplying a one-hot vector by it without ever building the one-hot vector. The id itself is only a row "
        "number, so neighbouring ids say nothing about related meanings; similarity lives in the learned vectors."
    )
    return Worked("embedding_size", "s3-tokenization-embeddings", r"\*\*Embedding matrix\*\*", tuple(steps), note)


# --- a model's weights at each precision (c-llm-memory) ------------------------------------------

# a parameter count: "13B-parameter", "7 billion parameters", "1.3B model", "350M", "7,000,000,000 params"
_NOT_PARAMS = r"(?!\s*(?:tokens?|rows|words|examples|samples|images|users|requests|bytes|per\b|each\b|/))"
_PARAM_COUNTS = (
    re.compile(rf"(?<![\w.])(\d+(?:\.\d+)?)\s*(billion|million|trillion)\b{_NOT_PARAMS}", re.I),
    re.compile(rf"(?<![\w.])(\d+(?:\.\d+)?)\s?([BMT])(?!\w){_NOT_PARAMS}"),
    re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)([bm])[- ]?(?:param|model)", re.I),
    re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3}){2,}|\d{7,})()\s+(?:parameters|params|weights)\b", re.I),
)
_COUNT_SCALE = {"": 1, "m": 10**6, "million": 10**6, "b": 10**9, "billion": 10**9, "t": 10**12, "trillion": 10**12}
# the bits of a weight at each precision a learner names, in one pattern: "fp16", "bf16", "int8", "4-bit", "nf4"
_WEIGHT_BITS = [
    (r"fp64|float64", 64),
    (r"fp32|float32|single[- ]precision|full[- ]precision", 32),
    (r"fp16|float16|bf16|bfloat16|half[- ]precision", 16),
    (r"int8|fp8|float8", 8),
    (r"int4|nf4|fp4", 4),
    (r"(?:int|uint)(\d{1,2})|(\d{1,2})[- ]?bits?(?![- ]?(?:scales?|scaling))", 0),  # "3-bit", "int3", "8 bit"
]
_PRECISION_NAME = re.compile(r"(?<![\w.-])(?:" + "|".join(f"({p})" for p, _ in _WEIGHT_BITS) + r")(?![\w-])", re.I)
# a scale per group of quantized weights: "one 16-bit scale per 64 weights", "group size 128", "groups of 64"
_SCALE_BITS = r"(?:(\d{1,2})[- ]?bit|(fp16|bf16|float16|bfloat16|fp32|float32))"
_GROUP = re.compile(
    rf"(?:(?:one|a|an|1)\s+)?{_SCALE_BITS}\s+(?:scales?|scaling\s+factors?)\s+(?:per|for\s+(?:each|every))\s+"
    r"(?:(?:group|block)\s+of\s+)?(\d+)(?:\s+(?:weights|parameters|params|values|elements))?"
    r"|(?:(?:one|a|an|1)\s+)?(?:scales?|scaling\s+factors?)\s+(?:per|for\s+(?:each|every))\s+(?:(?:group|block)\s+of\s+)?"
    r"(\d+)(?:\s+(?:weights|parameters|params|values|elements))?"
    r"|(?:group|block)[- _]?size\s*(?:of|=|:|is)?\s*(\d+)|(?:groups|blocks)\s+of\s+(\d+)(?:\s+weights)?",
    re.I,
)
_SCALE_NAMED = re.compile(rf"{_SCALE_BITS}\s+(?:scales?|scaling\s+factors?)\b", re.I)
_GPU_SIZE = re.compile(
    rf"({NUM})\s*(GiB|GB)\s+(?:of\s+)?(?:GPU\s+memory|VRAM|GPU(?!s)|(?:graphics\s+)?card|[AHL]\d{{2,3}}\b|V100|T4\b|RTX)"
    rf"|(?:GPU(?!s)|card|VRAM|RTX\s*\d{{4}}(?:\s*Ti)?)(?:\s+memory)?\s*(?:with|has|of|is|:|=|\()\s*({NUM})\s*(GiB|GB)\b(?!\s*/\s*s)",
    re.I,
)


def _param_count(question: str) -> Fraction | None:
    """The one parameter count the question names ("13B-parameter", "7 billion parameters"); None when
    absent, two differ, or a mixture of experts ("8x7B") leaves the total unclear."""
    found: set[Fraction] = set()
    for pattern in _PARAM_COUNTS:
        for m in pattern.finditer(question):
            if re.search(r"\d\s*[x×]\s*$", question[: m.start()]):
                return None
            found.add(Fraction(m[1].replace(",", "")) * _COUNT_SCALE[m[2].lower()])
    return found.pop() if len(found) == 1 and min(found) >= 10**5 else None


def _gib_or_gb(size: Fraction, unit: str) -> Fraction:
    return size / (2**30 if unit == "GiB" else 10**9)


def weights_memory(question: str) -> Worked | None:
    """A model's parameter count and the precisions named (fp32, fp16/bf16, int8, 4-bit, with an optional
    scale per group of weights): the weights' memory, parameters × bits per weight / 8 bytes, in GB (10^9
    bytes) and GiB (2^30), and, with one GPU's memory, which precisions fit, compared in the learner's unit."""
    if not re.search(r"\bweights?\b|\bparam(?:eter)?s?\b|\bmodel\b|\bLLM\b|checkpoint", question, re.I):
        return None
    if not re.search(
        r"memory|\bGi?B\b|VRAM|\bfits?\b|how (?:much|big|large)|footprint|disk|\bRAM\b|bytes|\bload|storage"
        r"|(?<!batch )(?<!batch_)\bsize\b",
        question,
        re.I,
    ):
        return None
    training = r"\badam\b|optimi[sz]er|gradients?|(?<!post-)(?<!post )\btrain(?:ing)?\b|fine-?tun|\b(?:q?lora)\b"
    if re.search(training, question, re.I):
        return None  # training holds gradients and optimizer state too: `training_memory`
    if re.search(r"kv[- ]?cache|key[- /]value cache", question, re.I) and not re.search(
        r"\bweights?\b|\bparam(?:eter)?s\b", question, re.I
    ):
        return None  # KV cache sizing: `kv_cache`
    if re.search(
        rf"weights?\s+(?:take|takes|are|is|of|=|need)\s*(?:~|about|around|roughly)?\s*{NUM}\s*Gi?B", question, re.I
    ):
        return None  # the weights' size is given, not asked
    count = _param_count(question)
    if count is None:
        return None
    groups = list(_GROUP.finditer(question))
    taken = [(g.start(), g.end()) for g in groups] + [(s.start(), s.end()) for s in _SCALE_NAMED.finditer(question)]
    # precisions in the order named, skipping a scale's own "16-bit" and the KV cache's or activations' precision
    named: list[tuple[int, str, int]] = []
    for m in _PRECISION_NAME.finditer(question):
        if any(a <= m.start() < b for a, b in taken):
            continue
        clause = re.split(r"[,.;:?!]|\band\b|\bor\b", question[: m.start()])[-1]
        if re.search(r"cache|activation", clause, re.I):
            continue
        which = next(i for i, g in enumerate(m.groups()[: len(_WEIGHT_BITS)]) if g)
        bits = _WEIGHT_BITS[which][1] or int(next(g for g in m.groups()[len(_WEIGHT_BITS) :] if g))
        if bits not in (2, 3, 4, 5, 6, 8, 16, 32, 64):
            return None
        named.append((m.start(), m[0], bits))
    if not named:
        return None
    sizes = {int(g[3] or g[4] or g[5] or g[6]) for g in groups}
    scale_bits = {int(b[1]) if b[1] else (32 if "32" in b[2] else 16) for b in _SCALE_NAMED.finditer(question)}
    if len(sizes) > 1 or len(scale_bits) > 1 or 0 in sizes or (scale_bits and not sizes):
        return None
    group = scale = None
    if sizes:
        group = sizes.pop()
        scale = scale_bits.pop() if scale_bits else None
        low = [p for p in named if p[2] < 16]
        before = [p for p in named if p[0] < groups[0].start()]
        owner = before[-1] if before and before[-1][2] < 16 else (low[0] if len(low) == 1 else None)
        if owner is None:
            return None  # a group scale, but for which precision?
    else:
        owner = None
    rows: list[tuple[str, str, Fraction]] = []  # (precision, what is computed, bytes)
    seen: set[tuple[int, bool]] = set()
    for p in named:
        grouped = p is owner
        if (p[2], grouped) in seen:
            continue  # "int8" and "8-bit": one precision
        seen.add((p[2], grouped))
        if grouped:
            s = scale or 16
            per = p[2] + Fraction(s, group)
            how = (
                f"one {s}-bit scale per {group} weights"
                if scale
                else f"group size {group} (assuming one 16-bit scale per group)"
            )
            total = count * per / 8
            text = (
                f"{p[1]} with {how}: {p[2]} + {s}/{group} = {fmt(per)} bits a weight; {fmt(count)} × {fmt(per)} / 8 "
                f"= {fmt(total)} bytes"
            )
            rows.append((f"{p[1]} ({fmt(per)} bits)", text, total))
        else:
            per_byte = Fraction(p[2], 8)
            total = count * per_byte
            unscaled = ", quantization scales not counted" if p[2] < 16 else ""
            unit = "byte" if per_byte == 1 else "bytes"
            text = (
                f"{p[1]} ({p[2]} bits = {fmt(per_byte)} {unit} a weight{unscaled}): {fmt(count)} × {fmt(per_byte)} "
                f"= {fmt(total)} bytes"
            )
            rows.append((p[1], text, total))
    gpus = {
        (Fraction((g[1] or g[3]).replace(",", "")), "GiB" if (g[2] or g[4]).lower() == "gib" else "GB")
        for g in _GPU_SIZE.finditer(question)
    }
    several = re.search(rf"GPUs\b|multi-?GPU|\d\s*[x×]\s*{NUM}\s*Gi?B", question, re.I)
    gpu = gpus.pop() if len(gpus) == 1 and not several else None
    steps = [
        "weight memory = parameters × bits per weight / 8 bytes; 1 GB = 10^9 bytes, 1 GiB = 2^30 = 1,073,741,824 bytes"
    ]
    fits: list[str] = []
    for name, text, total in rows:
        line = f"{text} = {fmt(total / 10**9, 3)} GB ≈ {fmt(total / 2**30, 2)} GiB"
        if gpu:
            size, unit = gpu
            used = _gib_or_gb(total, unit)
            if used < size:
                fits.append(name)
                line += (
                    f": fits in {fmt(size)} {unit}, leaving {fmt(size - used, 2)} {unit} for the KV cache, "
                    "activations and the runtime"
                )
            else:
                line += f": does not fit in {fmt(size)} {unit} (over by {fmt(used - size, 2)} {unit})"
        steps.append(line)
    cache = (
        "quantizing the weights does not shrink the KV cache, which stays at the compute precision (usually 16-bit) "
        "unless it is quantized separately"
    )
    if gpu:
        where = f"one {fmt(gpu[0])} {gpu[1]} GPU"
        if len(rows) == 1:
            note = f"The weights {'fit' if fits else 'do not fit'} on {where}, and the KV cache comes on top: {cache}."
        elif not fits:
            note = f"None of these fits on {where} even before the KV cache, and {cache}."
        elif len(fits) == len(rows):
            note = f"All of these fit on {where}, but what is left must hold the KV cache, and {cache}."
        else:
            verb = "fits" if len(fits) == 1 else "fit"
            note = f"Only {' and '.join(fits)} {verb} on {where}, and what is left must hold the KV cache: {cache}."
    elif len(rows) > 1:
        big, small = max(rows, key=lambda r: r[2]), min(rows, key=lambda r: r[2])
        note = (
            f"The weights shrink in proportion to their bits, {big[0]} taking {fmt(big[2] / small[2], 2)} times the "
            f"memory of {small[0]}, but {cache}, so budget it on top."
        )
    else:
        note = f"This is the weights alone: the KV cache and activations come on top, and {cache}."
    return Worked("weights_memory", "c-llm-memory", r"Weight memory is the parameter count times", tuple(steps), note)

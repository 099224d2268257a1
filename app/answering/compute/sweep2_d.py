"""Sweep 2, stages 4 and 5: retrieval hit rate at k, a RAG prompt's token budget, model memory across
worker processes, implicit-feedback confidence, the perplexity of a uniform guess, the RPN's anchor
sample and the k-means 1 - IoU anchor distance. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import NUM, Worked, clauses, fmt, labelled, to_float
from app.answering.compute.systems import ranking
from app.answering.compute.training import perplexity_from_loss

# --- hit rate at k from each test question's rank of its right chunk (c-rag-pipeline) ---------------------

_RANK_ITEM = r"(?:\d+|none|miss(?:ed)?|not found|-)"
_RANK_LIST = re.compile(
    rf"\branks?\b[^\d\n]{{0,40}}?({_RANK_ITEM}(?:\s*(?:,|;|and|,\s*and)\s*{_RANK_ITEM}){{2,}})",
    re.I,
)


def hit_rate_at_k(question: str) -> Worked | None:
    """Ranks at which each labelled question's right chunk came back, and k: the share with rank <= k."""
    if not re.search(r"hit[- ]?rate|hit@|hits? at", question, re.I):
        return None
    lists = _RANK_LIST.findall(question)
    if len(lists) != 1:
        return None
    items = re.findall(_RANK_ITEM, lists[0], re.I)
    ranks = [int(t) if t.isdigit() else None for t in items]
    if any(r is not None and r < 1 for r in ranks):
        return None
    ks = set(
        re.findall(
            r"\bk\s*=\s*(\d+)\b|hit@(\d+)|(?:hit[- ]?rate|hits?) (?:at|@) ?(?:k ?= ?)?(\d+)|\btop[- ](\d+)\b",
            question,
            re.I,
        )
    )
    k_values = {int(next(g for g in t if g)) for t in ks}
    if len(k_values) != 1:
        return None
    k = k_values.pop()
    if k < 1:
        return None
    stated = {
        int(n) for n in re.findall(r"(\d+) (?:labelled |labeled |test |eval )*(?:questions|queries)\b", question, re.I)
    }
    if len(stated) > 1:
        return None
    n = len(ranks)
    misses_unlisted = 0
    if stated:
        total = stated.pop()
        if total < n:
            return None
        misses_unlisted = total - n
        n = total
    hits = sum(1 for r in ranks if r is not None and r <= k)
    shown = ", ".join("none" if r is None else str(r) for r in ranks)
    steps = [f"ranks of the right chunk: {shown}"]
    if misses_unlisted:
        steps.append(f"{misses_unlisted} of the {n} questions have no rank listed: counted as misses")
    steps += [
        f"hits at k = {k} (rank ≤ {k}): {hits} of {n}",
        f"hit rate at {k} = {hits} / {n} = {fmt(hits / n)}",
    ]
    note = (
        "The hit rate at k is the share of labelled test questions whose right chunk appears among the top k "
        "retrieved; a larger k can only raise it, but sends more chunks into the prompt."
    )
    return Worked("hit_rate_at_k", "c-rag-pipeline", r"Retrieval is measured by the hit rate at k", tuple(steps), note)


# --- the token budget of a RAG prompt (c-rag-pipeline) -----------------------------------------------------

_TOKENS = re.compile(rf"({NUM})[ -]tokens?\b|\btokens?\s*(?:of|=|:)\s*({NUM})", re.I)
_ROLES = (
    ("chunk", r"chunk|passage"),
    ("window", r"context|window|limit|max(?:imum)?\b"),
    ("reserve", r"answer|reply|response|output|generat|completion"),
    ("prompt", r"system|instruction|template|prompt"),
    ("question", r"question|query|user message"),
    ("history", r"history|conversation|chat|previous turns"),
)


def rag_token_budget(question: str) -> Worked | None:
    """k retrieved chunks of a stated size plus the other parts of the prompt, against the context window."""
    if not re.search(r"\bchunks?\b", question, re.I) or not re.search(r"context|window|budget|fit", question, re.I):
        return None
    found: dict[str, float] = {}
    for clause in clauses(question):
        numbers = [to_float(a or b) for a, b in _TOKENS.findall(clause)]
        if not numbers:
            continue
        if len(numbers) > 1:
            return None
        if re.search(r"overlap|article|document|page|file|per second|cost|\$", clause, re.I):
            return None
        role = next((r for r, pat in _ROLES if re.search(pat, clause, re.I)), None)
        if role is None or role in found:
            return None
        found[role] = numbers[0]
    k_found = set(
        re.findall(r"\b(\d+) (?:retrieved |top |relevant )?chunks\b|\bk\s*=\s*(\d+)|\btop[- ](\d+)\b", question, re.I)
    )
    k_values = {int(next(g for g in t if g)) for t in k_found}
    if "chunk" not in found or len(k_values) != 1:
        return None
    k = k_values.pop()
    size = found["chunk"]
    if k < 1 or size <= 0 or k == size:
        return None
    names = {
        "prompt": "system prompt / instructions",
        "question": "question",
        "history": "conversation history",
        "reserve": "reserved for the reply",
    }
    chunks = k * size
    parts = [(f"{k} chunks", chunks)] + [
        (names[r], found[r]) for r in ("prompt", "question", "history", "reserve") if r in found
    ]
    total = sum(v for _, v in parts)
    steps = [f"retrieved chunks: {k} × {fmt(size)} = {fmt(chunks)} tokens"]
    if len(parts) > 1:
        steps.append(f"total: {' + '.join(f'{fmt(v)} ({n})' for n, v in parts)} = {fmt(total)} tokens")
    if "window" in found:
        window = found["window"]
        left = window - total
        others = total - chunks
        fit = math.floor((window - others) / size + 1e-9) if window > others else 0
        steps.append(
            f"context window {fmt(window)}: {fmt(window)} - {fmt(total)} = {fmt(left)} tokens "
            + ("to spare: it fits" if left >= 0 else "over: it does not fit")
        )
        steps.append(
            f"most chunks that fit: ({fmt(window)} - {fmt(others)}) / {fmt(size)} = "
            f"{fmt((window - others) / size)} → {fit}"
        )
    note = (
        "Retrieved chunks share the context window with the instructions, the conversation and the reply; extra "
        "chunks cost tokens and can bury the relevant passage."
    )
    return Worked(
        "rag_token_budget", "c-rag-pipeline", r"Retrieved chunks share the context window", tuple(steps), note
    )


# --- model memory across worker processes (s4-model-serving) -----------------------------------------------

_SIZE = rf"({NUM})\s*(GB|MB|GiB|MiB)\b"


def worker_model_memory(question: str) -> Worked | None:
    """W worker processes each loading its own copy of a model of a stated size: W × size, threads adding none."""
    if not re.search(r"\bworkers?\b", question, re.I) or not re.search(r"\bmodel\b", question, re.I):
        return None
    workers = set(
        re.findall(
            r"\b(\d+) (?:gunicorn |uvicorn |uwsgi |celery )?(?:worker processes|workers|processes)\b"
            r"|--workers[ =](\d+)|\bworkers\s*=\s*(\d+)|-w (\d+)\b",
            question,
            re.I,
        )
    )
    w_values = {int(next(g for g in t if g)) for t in workers}
    if len(w_values) != 1:
        return None
    if re.search(r"req(?:uest)?s?\s*(?:/|per)\s*s|\bms\b|latency|throughput|peak", question, re.I):
        return None  # capacity planning: the workers needed for a peak are another count (see `throughput`)
    w = w_values.pop()
    model, limit = set(), set()
    for clause in clauses(question):
        sizes = re.findall(_SIZE, clause, re.I)
        if not sizes:
            continue
        if len(sizes) > 1:
            return None
        value = to_float(sizes[0][0]) / (1000 if sizes[0][1].upper().startswith("M") else 1)
        if re.search(
            r"\bRAM\b|machine|server|instance|\bbox\b|\bnode\b|\bVM\b|\bpod\b|container|memory limit|have", clause, re.I
        ) and not re.search(r"\bmodel\b", clause, re.I):
            limit.add(value)
        elif re.search(r"\bmodel\b|weights|\bcopy\b|loads?", clause, re.I):
            model.add(value)
        else:
            return None
    if len(model) != 1 or len(limit) > 1 or w < 1:
        return None
    size = model.pop()
    total = w * size
    unit = "GB"
    steps = [f"each worker process loads its own copy: {w} × {fmt(size)} {unit} = {fmt(total)} {unit} for the models"]
    threads = re.search(r"--threads[ =](\d+)|\b(\d+) threads\b", question, re.I)
    if threads:
        steps.append(
            f"threads ({threads[1] or threads[2]} per worker) share their process's copy: no extra model memory"
        )
    if limit:
        ram = limit.pop()
        fits = total <= ram
        steps.append(
            f"against {fmt(ram)} {unit}: {fmt(total)} {'≤' if fits else '>'} {fmt(ram)}, "
            + ("fits before the rest of each process's memory" if fits else "does not fit")
        )
        most = math.floor(ram / size + 1e-9)
        steps.append(f"at most {fmt(ram)} / {fmt(size)} = {fmt(ram / size)} → {most} copies fit")
    note = (
        "Threads of one worker process share the single copy of the model loaded at startup; only extra worker "
        "processes add copies (each process also needs memory of its own beyond the model)."
    )
    return Worked(
        "worker_model_memory", "s4-model-serving", r"only extra worker processes add copies", tuple(steps), note
    )


# --- implicit-feedback confidence c = 1 + alpha r (s5-recommender-systems) ----------------------------------

_COUNTED = r"(?:played|listened|clicked|viewed|watched|bought|purchased|visited|opened|streamed|interacted)"


def _shown_by(calculator, question: str, marker: str) -> bool:
    """Does an older calculator already work this part of the question (a step containing `marker`)?"""
    found = calculator(question)
    return found is not None and any(marker in step for step in found.steps)


def implicit_confidence(question: str) -> Worked | None:
    """Interaction counts r and alpha: confidence 1 + alpha × r for each count."""
    if not re.search(r"confidence", question, re.I) or not re.search(r"implicit|1 \+ ?(?:alpha|α)", question, re.I):
        return None
    if _shown_by(ranking, question, "confidence c ="):
        return None  # the ranking metrics already work the confidences beside precision@k
    alpha = labelled(question, r"\balpha|α", sep=r"(?:of|=|:|is)")
    if alpha is None or alpha <= 0:
        return None
    counts = []
    if re.search(_COUNTED, question, re.I):
        counts = [to_float(n) for n in re.findall(rf"\b({NUM}) times\b", question, re.I)]
    for span in re.findall(
        rf"\b((?:{NUM}\s*,\s*)*{NUM}(?:,? (?:and|or) {NUM})?) "
        r"(?:plays|clicks|views|purchases|listens|streams|visits)\b",
        question,
        re.I,
    ):
        counts += [to_float(n) for n in re.findall(NUM, span)]
    r_named = labelled(question, r"\br(?:_?ui)?", sep=r"=")
    if r_named is not None:
        counts.append(r_named)
    if not counts or any(c < 0 for c in counts):
        return None
    seen: list[float] = []
    for c in counts:
        if c not in seen:
            seen.append(c)
    steps = [f"r = {fmt(r)}: c = 1 + {fmt(alpha)} × {fmt(r)} = {fmt(1 + alpha * r)}" for r in seen]
    steps.append("r = 0 (never interacted): c = 1, preference 0 with the lowest confidence")
    note = (
        "Every cell is fitted: the preference is 1 if the user interacted and 0 otherwise, weighted by a "
        "confidence that grows with the interaction count."
    )
    return Worked(
        "implicit_confidence", "s5-recommender-systems", r"c_\{ui\} = 1 \+ \\alpha r_\{ui\}", tuple(steps), note
    )


# --- perplexity of a uniform guess over V tokens (s5-nlp-language-models) -----------------------------------


def uniform_perplexity(question: str) -> Worked | None:
    """A uniform guess over V tokens: loss ln V, perplexity V; with a model's perplexity, the comparison."""
    if not re.search(r"perplexity", question, re.I):
        return None
    if _shown_by(perplexity_from_loss, question, "uniform guess"):
        return None  # perplexity from the loss already works the uniform guess beside it
    if not re.search(
        r"uniform|random(?:ly)? guess|equally likely|guess(?:es|ing)? (?:at random|randomly|evenly)", question, re.I
    ):
        return None
    vocab = set(
        re.findall(
            rf"vocab(?:ulary)?(?: size)?\s*(?:of|=|:|is)?\s*({NUM})|({NUM})[ -](?:token|word)s? vocab", question, re.I
        )
    )
    values = {to_float(a or b) for a, b in vocab}
    v_named = labelled(question, r"\bV", sep=r"=", flags=0)
    if v_named is not None:
        values.add(v_named)
    if len(values) != 1:
        return None
    v = values.pop()
    if v < 2 or v != int(v):
        return None
    steps = [
        f"uniform guess: every token gets probability 1 / {fmt(v)}",
        f"average NLL = -ln(1 / {fmt(v)}) = ln {fmt(v)} = {fmt(math.log(v))} nats",
        f"perplexity = exp({fmt(math.log(v))}) = {fmt(v)}",
    ]
    model = {
        to_float(n)
        for n in re.findall(
            rf"(?:model|mine|my)\D{{0,30}}perplexity (?:of |is |= ?)?({NUM})|perplexity (?:of |is |= ?)({NUM})",
            question,
            re.I,
        )
        for n in n
        if n
    }
    model.discard(v)
    if len(model) == 1:
        p = model.pop()
        if 1 <= p < v:
            steps.append(
                f"a model at perplexity {fmt(p)} is as uncertain as a uniform choice among {fmt(p)} tokens, "
                f"{fmt(v / p, 1)} times fewer than {fmt(v)}"
            )
    note = "A perplexity of k means the model is on average as uncertain as a uniform choice among k tokens."
    return Worked(
        "uniform_perplexity",
        "s5-nlp-language-models",
        r"guesses uniformly over a vocabulary of V tokens",
        tuple(steps),
        note,
    )


# --- the RPN's sample of 256 anchors, at most half positive (c-anchor-boxes) -------------------------------


def rpn_anchor_sampling(question: str) -> Worked | None:
    """Positive anchors available in an image: min(positives, batch / 2) positives, negatives fill the rest."""
    if not re.search(r"\banchors?\b", question, re.I):
        return None
    if not re.search(r"\bRPN\b|region proposal|faster r-?cnn", question, re.I) or not re.search(
        r"sampl", question, re.I
    ):
        return None
    pos = set(
        re.findall(
            rf"({NUM}) (?:of them |anchors )?(?:are |were |is )?(?:labell?ed )?positives?\b|({NUM}) positive anchors",
            question,
            re.I,
        )
    )
    p_values = {to_float(a or b) for a, b in pos}
    if len(p_values) != 1 or re.search(
        rf"{NUM} (?:anchors )?(?:are |were )?(?:labell?ed )?negatives?\b", question, re.I
    ):
        return None
    p = p_values.pop()
    batch_found = {
        to_float(n)
        for n in re.findall(
            rf"sampl\w*\s+({NUM}) anchors|(?:mini-?batch|batch) of ({NUM})|({NUM}) anchors per image", question, re.I
        )
        for n in n
        if n
    }
    if len(batch_found) > 1:
        return None
    batch = batch_found.pop() if batch_found else 256.0
    if p < 0 or p != int(p) or batch < 2 or batch != int(batch) or batch % 2:
        return None
    half = batch / 2
    taken = min(p, half)
    steps = [
        f"at most half of the {fmt(batch)} sampled anchors are positive: cap {fmt(batch)} / 2 = {fmt(half)}",
        f"positives sampled: min({fmt(p)}, {fmt(half)}) = {fmt(taken)}",
        f"negatives fill the rest: {fmt(batch)} - {fmt(taken)} = {fmt(batch - taken)}",
    ]
    note = (
        "Most anchors cover background, so sampling caps the positives at half the sample and fills the rest with "
        "negatives, keeping the classifier from seeing only background."
    )
    return Worked(
        "rpn_anchor_sampling", "c-anchor-boxes", r"Faster R-CNN samples 256 anchors per image", tuple(steps), note
    )


# --- k-means distance 1 - IoU between box shapes (c-anchor-boxes) -------------------------------------------

_WH = re.compile(rf"({NUM})\s*[x×*]\s*({NUM})(?!\s*[x×*]\s*\d)")


def anchor_kmeans_distance(question: str) -> Worked | None:
    """Two boxes' widths and heights, aligned at one corner: IoU of the shapes, distance 1 - IoU."""
    if not (
        re.search(r"1 ?- ?IoU", question, re.I)
        or (
            re.search(r"k-?means", question, re.I)
            and re.search(r"anchor", question, re.I)
            and re.search(r"distance", question, re.I)
        )
    ):
        return None
    sizes = [(to_float(a), to_float(b)) for a, b in _WH.findall(question)]
    if len(sizes) != 2 or any(v <= 0 for s in sizes for v in s):
        return None
    (w1, h1), (w2, h2) = sizes
    inter = min(w1, w2) * min(h1, h2)
    union = w1 * h1 + w2 * h2 - inter
    iou = inter / union
    steps = (
        f"shapes only, aligned at one corner: overlap min({fmt(w1)}, {fmt(w2)}) × min({fmt(h1)}, {fmt(h2)}) "
        f"= {fmt(inter)}",
        f"union = {fmt(w1 * h1)} + {fmt(w2 * h2)} - {fmt(inter)} = {fmt(union)}",
        f"IoU = {fmt(inter)} / {fmt(union)} = {fmt(iou)}",
        f"distance = 1 - IoU = {fmt(1 - iou)}",
    )
    note = (
        "With 1 - IoU instead of Euclidean distance on width and height, a large box and a small box are judged "
        "by how well their shapes overlap, so big boxes do not dominate the clustering."
    )
    return Worked("anchor_kmeans_distance", "c-anchor-boxes", r"the distance 1 − IoU", steps, note)

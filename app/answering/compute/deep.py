"""Deep learning and reinforcement learning (stage 3): parameter counts, softmax, returns, Q-updates. Pure functions."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from functools import partial

from app.answering.compute.parse import (
    BYTES_PER_VALUE,
    NUM,
    WORDS,
    Worked,
    bracketed,
    factor,
    fmt,
    labelled,
    literal,
    named_value,
    prose_lists,
    shape_of,
    signed_sum,
    to_float,
    vec,
)

# --- 4. parameter counts of dense and conv layers (s3-neural-networks) -----------------------------

_IMAGE = re.compile(
    r"(\d+)\s*[x×*]\s*(\d+)(?:\s*[x×*]\s*(\d+))?\s*(?:pixels?\s*)?(rgb|colou?r|grayscale|greyscale|gray|grey|"
    r"image|input|picture|photo)?",
    re.I,
)
_KERNEL = re.compile(r"(\d+)\s*[x×*]\s*(\d+)\s*(?:conv|convolution|kernel|filter)", re.I)
_DENSE_UNITS = re.compile(
    r"(\d[\d,]*)(?:\s*(?:hidden\s+)?(?:units|neurons|nodes|classes|outputs?\b(?!\s*channels))|-class)\b", re.I
)
_OUT_CHANNELS = re.compile(
    r"(?<![x×*\d])(\d+)\s*(?:output\s+channels|out(?:put)?[ _-]channels|filters|feature maps|kernels|channels out)",
    re.I,
)
# the channels a conv layer goes between: "from 16 to 32 channels", "from 1 input channel to 32 channels",
# "from 3 channels to 64 filters"
_MAPS = r"(?:channels?|filters?|feature maps?)"
_SPAN = rf"\bfrom\s+(\d+)\s+(?:(?:input|in)\s+{_MAPS}\s+|{_MAPS}\s+)?to\s+(\d+)\s+(?:(?:output|out)\s+)?{_MAPS}"
_IN_CHANNELS = re.compile(r"(\d+)\s*(?:input\s+channels|in[ _-]channels|channels in)|from\s+(\d+)\s+channels", re.I)
# an MLP written as a chain of layer sizes, each size with its own words: "784 -> 128 -> 10",
# "784 inputs -> 128 ReLU hidden units -> 10 outputs", "input 784 → hidden 256 → output 10", or with "to"
_ARROW = r"\s*(?:-+>|→|⟶|=>)\s*"
_SIZE = r"(?<![\w.,×*])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]|\s*[x×*]\s*\d)"
_WORD = r"(?!(?:to|and|then|from|with|vs|versus|or|in)\b)(?:[A-Za-z]+(?:-[A-Za-z]+)*|\([A-Za-z -]+\))"
_LAYER = rf"(?:{_WORD}\s+){{0,4}}{_SIZE}(?:[\s-]+{_WORD}){{0,4}}"
_ACTIVATION = rf"(?:{_ARROW}(?:relu|tanh|sigmoid|softmax|gelu|elu|leaky[ _-]?relu|dropout)\b)"  # "128 -> ReLU -> 10"
_LAYER_CHAIN = re.compile(
    rf"{_SIZE}(?:[\s-]+{_WORD}){{0,4}}(?:{_ACTIVATION}*(?:{_ARROW}|\s+to\s+){_LAYER})+{_ACTIVATION}*", re.I
)


_FLAT_SEQUENCE = re.compile(r"flatten\w*[^.?]{0,30}?\b(\d+)[- ]step\s*[x×*]\s*(\d+)[- ]feature", re.I)


def rnn_params(question: str) -> Worked | None:
    """A vanilla RNN layer h_t = tanh(W_h h_(t-1) + W_x x_t + b): hidden² + inputs × hidden + hidden
    parameters, the same weights at every step, so the count does not depend on the sequence length."""
    if not re.search(r"\bRNN\b|recurrent (?:layer|network|neural)", question, re.I) or re.search(
        r"\bLSTM\b|\bGRU\b", question, re.I
    ):
        return None
    if not re.search(r"\bparam", question, re.I):
        return None
    hidden = labelled(question, r"hidden(?:[ _]size| units| state size)?", sep=r"(?:of|=|:|is|size)?")
    inputs = re.findall(r"(\d[\d,]*)\s*input features|input(?:[ _]size)?\s*(?:of|=|:)?\s*(\d[\d,]*)", question, re.I)
    inputs = {int((a or b).replace(",", "")) for a, b in inputs}
    if hidden is None or hidden != int(hidden) or len(inputs) != 1:
        return None
    h, n = int(hidden), inputs.pop()
    total = h * h + n * h + h
    steps = (
        f"W_h: {h} × {h} = {h * h:,}; W_x: {h} × {n} = {n * h:,}; b: {h}",
        f"total {h * h:,} + {n * h:,} + {h} = {total:,} parameters (PyTorch's nn.RNN keeps two bias vectors: "
        f"{total + h:,})",
        "the same weights are used at every time step, so the count does not change with the sequence length",
    )
    return Worked("rnn_params", "s3-neural-networks", r"same weights at every step", steps)


def params(question: str) -> Worked | None:
    if not re.search(r"\bparam|\bweights\b", question, re.I):
        return None
    stack = layer_shapes(question)
    if stack and any(step.startswith("Linear(") for step in stack.steps):
        return None  # a stack of PyTorch layers into a Linear head: layer_shapes counts every parameter
    steps: list[str] = []
    chain, unread = _dense_chain(question)
    kernel = _KERNEL.search(question)
    spans = [kernel.span()] if kernel else []
    image = next(
        (m for m in _IMAGE.finditer(question) if not any(s[0] <= m.start() < s[1] for s in spans)),
        None,
    )
    channels = None
    if image:
        word = (image[4] or "").lower()
        if image[3]:
            channels = int(image[3])
        elif word in ("rgb", "color", "colour"):
            channels = 3
        elif word in ("grayscale", "greyscale", "gray", "grey"):
            channels = 1
    inputs = None
    flat = _flattened(question)
    if flat:  # "after pooling the feature map is 8×8×64 and gets flattened": the dense layer's inputs
        inputs = flat[0] * flat[1] * flat[2]
        steps.append(f"Flattened feature map: {flat[0]} × {flat[1]} × {flat[2]} = {inputs:,} inputs to the dense layer")
    elif image and channels:
        inputs = int(image[1]) * int(image[2]) * channels
        steps.append(f"Inputs: {int(image[1])} × {int(image[2])} × {channels} = {inputs:,}")
    elif seq := _FLAT_SEQUENCE.search(question):  # "flattened a 100-step x 10-feature sequence"
        inputs = int(seq[1]) * int(seq[2])
        steps.append(f"Flattened sequence: {seq[1]} steps × {seq[2]} features = {inputs:,} inputs to the dense layer")
    else:
        m = re.search(r"(\d[\d,]*)\s*(?:input features|inputs|features|input units|-dim\w*)", question, re.I)
        # "its pooled feature vector has 2048 values": the inputs of a new head
        m = m or re.search(r"feature vector (?:has|of|with) (\d[\d,]*) (?:values|numbers|entries)", question, re.I)
        inputs = int(m[1].replace(",", "")) if m else None
    linear = [(int(a), int(b)) for a, b in re.findall(r"\bLinear\(\s*(\d+)\s*,\s*(\d+)", question)]
    keras = [int(n) for n in re.findall(r"\bDense\(\s*(?:units\s*=\s*)?(\d+)", question)]
    layers: list[tuple[int, int]] = []
    if chain:  # an MLP given as 784 -> 128 -> 10
        layers = list(zip(chain, chain[1:], strict=False))
        steps = []
    elif linear:
        layers = linear
        steps = []
    elif keras and inputs and not unread:
        sizes = [inputs, *keras]
        layers = list(zip(sizes, sizes[1:], strict=False))
    if layers:
        total = 0
        for a, b in layers:
            n = a * b + b
            total += n
            steps.append(f"Dense {a:,} → {b:,}: {a:,} × {b:,} weights + {b:,} biases = {n:,}")
        if len(layers) > 1:
            steps.append(f"Total: {' + '.join(f'{a * b + b:,}' for a, b in layers)} = {total:,} parameters")
        # "and how many in a single 5×5 conv layer going from 16 to 32 channels?": the second part too
        span = _span(question)
        note = ""
        if kernel and kernel[1] == kernel[2] and span and len(_conv_stack(question)) <= 1:
            k, (c_in, c_out) = int(kernel[1]), span
            conv, shown = _conv_layer(k, c_in, c_out)
            steps.append(f"Conv layer: {shown} parameters, whatever the image size")
            if chain and len(layers) > 1 and total > conv:
                note = (
                    f"The MLP has about {fmt(total / conv, 1)} times the conv layer's parameters; the conv layer's "
                    "count does not grow with the image because its filters are shared across all positions."
                )
        return Worked("params", "s3-neural-networks", r"n_\{in\} n_\{out\} \+ n_\{out\}", tuple(steps), note)
    units = [int(m[1].replace(",", "")) for m in _DENSE_UNITS.finditer(question)]
    dense = None
    dense_named = re.search(r"\b(dense|fully[ -]connected|linear|mlp|fc|head)\b", question, re.I)
    if inputs and len(set(units)) == 1 and dense_named and not unread:
        n_out = units[0]
        dense = inputs * n_out + n_out
        steps.append(f"Dense layer: {inputs:,} × {n_out:,} weights + {n_out:,} biases = {dense:,} parameters")
    conv = None
    convs = _conv_stack(question)
    if len(convs) > 1:  # "conv1 uses 5×5 kernels from 3 to 32 channels, conv2 uses 3×3 kernels from 32 to 64"
        counts = []
        for n, layer in enumerate(convs, 1):
            count, shown = _conv_layer(*layer)
            counts.append(count)
            steps.insert(n - 1, f"conv{n}: {shown} parameters")
        total = sum(counts) + (dense or 0)
        parts = [f"{c:,}" for c in counts] + ([f"{dense:,}"] if dense else [])
        steps.append(f"Total: {' + '.join(parts)} = {total:,} parameters (pooling and flattening add none)")
        return Worked("params", "s3-neural-networks", r"k \\cdot k|C_\{in\}", tuple(steps))
    torch_conv = re.findall(r"Conv2d\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(?:kernel_size\s*=\s*)?(\d+)\s*[,)]", question)
    if len(torch_conv) > 1 and not kernel:
        return _torch_conv_stack(torch_conv, steps, dense)
    if len(torch_conv) == 1 and not kernel:
        c_in, c_out, k = (int(v) for v in torch_conv[0])
        conv, shown = _conv_layer(k, c_in, c_out)
        steps.insert(0, f"Conv2d({c_in}, {c_out}, kernel_size={k}): {shown} parameters, whatever the image size")
    if kernel and kernel[1] == kernel[2]:
        k = int(kernel[1])
        span = _span(question)
        outs = {int(m[1]) for m in _OUT_CHANNELS.finditer(question)}
        ins = {int(m[1] or m[2]) for m in _IN_CHANNELS.finditer(question)}
        if span:
            ins, outs = {span[0]}, {span[1]}
        c_in = ins.pop() if len(ins) == 1 else (channels if not ins else None)
        if len(outs) == 1 and c_in:
            conv, shown = _conv_layer(k, c_in, outs.pop())
            steps.append(f"Conv layer: {shown} parameters, whatever the image size")
    if dense is None and conv is None:
        return None
    note = ""
    if dense and conv:
        ratio = dense / conv
        if ratio >= 1.5:
            note = f"The dense layer needs about {fmt(ratio, 0)} times as many parameters as the conv layer."
        elif ratio <= 1 / 1.5:
            note = f"Here the conv layer needs about {fmt(1 / ratio, 0)} times as many parameters as the dense layer."
        else:
            note = f"The two layers need a similar number of parameters ({dense:,} and {conv:,})."
    cue = r"k \\cdot k|C_\{in\}" if conv else r"n_\{in\} n_\{out\} \+ n_\{out\}"
    return Worked("params", "s3-neural-networks", cue, tuple(steps), note)


def _conv_layer(k: int, c_in: int, c_out: int) -> tuple[int, str]:
    """A k x k conv layer's parameter count and its working: "3 × 3 × 3 × 32 weights + 32 biases = 896"."""
    n = k * k * c_in * c_out + c_out
    return n, f"{k} × {k} × {c_in} × {c_out} weights + {c_out} biases = {n:,}"


def _torch_conv_stack(calls: list[tuple[str, str, str]], steps: list[str], dense: int | None) -> Worked | None:
    """`Conv2d(3, 32, kernel_size=3)` followed by `Conv2d(32, 64, kernel_size=3)`: each layer and their
    sum, beside a dense layer the learner compares them with (heldout14: only the dense layer was
    counted). Layers whose channels do not chain (one's output is not the next one's input) are not
    read as one stack: nothing is computed."""
    layers = [(int(k), int(c_in), int(c_out)) for c_in, c_out, k in calls]
    if any(a[2] != b[1] for a, b in itertools.pairwise(layers)):
        return None
    counts, conv_steps = [], []
    for k, c_in, c_out in layers:
        count, shown = _conv_layer(k, c_in, c_out)
        counts.append(count)
        conv_steps.append(f"Conv2d({c_in}, {c_out}, kernel_size={k}): {shown}")
    total = sum(counts)
    conv_steps.append(
        f"The {len(layers)} conv layers together: {' + '.join(f'{n:,}' for n in counts)} = {total:,} parameters, "
        "whatever the image size"
    )
    note = ""
    if dense and dense >= 1.5 * total:
        note = (
            f"The dense layer needs about {fmt(dense / total, 0)} times as many parameters as the conv layers: "
            "their filters are shared across all positions, while the dense layer has a weight per pixel."
        )
    return Worked("params", "s3-neural-networks", r"k \\cdot k|C_\{in\}", tuple(conv_steps + steps), note)


def _dense_chain(question: str) -> tuple[list[int] | None, bool]:
    """The layer sizes of an MLP written as a chain (784 inputs -> 128 hidden units -> 10 outputs), and
    whether an arrow joins numbers that no chain reads: a size written as 28x28 or left out, a chain of
    channels, two chains, or a unit count outside the chain. Then no dense count is sure."""
    found, spans = [], []
    for m in _LAYER_CHAIN.finditer(question):
        arrows, tos = len(re.findall(_ARROW, m[0])), len(re.findall(r"\s+to\s+", m[0]))
        if arrows or tos > 1:  # one "to" alone is prose ("from 32 to 64 channels")
            spans.append(m.span())
            if not re.search(r"channel|filter|feature map|kernel", m[0], re.I):
                found.append([int(v.replace(",", "")) for v in re.findall(_SIZE, m[0])])
    for a in re.finditer(_ARROW, question):
        if any(s <= a.start() < e for s, e in spans):
            continue
        if re.search(rf"{_SIZE}(?:[\s-]+{_WORD}){{0,4}}$", question[: a.start()], re.I) or re.match(
            rf"(?:{_WORD}\s+){{0,4}}{_SIZE}", question[a.end() :], re.I
        ):
            return None, True
    if not found:
        return None, bool(spans)
    units = [m for m in _DENSE_UNITS.finditer(question) if not any(s <= m.start() < e for s, e in spans)]
    if len(found) > 1 or len(spans) > 1 or any(int(m[1].replace(",", "")) not in found[0] for m in units):
        return None, True
    return found[0], False


def _flattened(question: str) -> tuple[int, int, int] | None:
    """The h x w x c map a question says is flattened into a dense layer."""
    at = re.search(r"flatten", question, re.I)
    if not at:
        return None
    maps = list(re.finditer(r"(\d+)\s*[x×*]\s*(\d+)\s*[x×*]\s*(\d+)", question))
    near = [m for m in maps if -60 <= m.start() - at.start() <= 40]
    if not near:
        return None
    m = min(near, key=lambda m: abs(m.start() - at.start()))
    return int(m[1]), int(m[2]), int(m[3])


def _span(question: str) -> tuple[int, int] | None:
    """The (in, out) channels of the one conv layer the question gives them for; None for two different ones."""
    found = {(int(a), int(b)) for a, b in re.findall(_SPAN, question, re.I)}
    return found.pop() if len(found) == 1 else None


def _conv_stack(question: str) -> list[tuple[int, int, int]]:
    """(kernel, in, out) of each conv layer written as '5×5 kernels (going) from 3 to 32 channels'."""
    found = re.findall(
        rf"(\d+)\s*[x×*]\s*(\d+)\s*(?:kernels?|conv\w*|filters?)[^.;]{{0,30}}?{_SPAN}",
        question,
        re.I,
    )
    return [(int(a), int(c), int(d)) for a, b, c, d in found if a == b]


# --- weight initialization scales of an MLP (c-weight-init) ----------------------------------------

_INIT = re.compile(r"initiali[sz]|\binit\b|randn|N\(\s*0\s*,\s*1\s*\)|kaiming|\bHe\b|xavier|glorot")
_UNIT_WEIGHTS = re.compile(r"randn|N\(\s*0\s*,\s*1\s*\)|standard normal", re.I)


def _within(part: list[int], whole: list[int]) -> bool:
    """Is `part` a run of consecutive sizes of `whole` ("the 512 -> 512 layer" of 784 -> 512 -> 512 -> 10)?"""
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def init_scales(question: str) -> Worked | None:
    """An MLP's layer sizes and initialization named: He's std sqrt(2 / fan_in) and Xavier's uniform bound
    sqrt(6 / (fan_in + fan_out)) per layer; with N(0, 1) weights, ReLU and unit-variance inputs, each
    layer's pre-activation std (Var(z) = fan_in x Var(w) x E[a^2], and ReLU halves E[a^2])."""
    if not _INIT.search(question) or not re.search(r"init|xavier|glorot|kaiming|\bHe\b", question, re.I):
        return None
    chains = [[int(v) for v in re.findall(r"\d+", c)] for c in re.findall(r"\d+(?:\s*(?:->|→)\s*\d+)+", question)]
    sizes = max(chains, key=len, default=[])
    if not 2 <= len(sizes) <= 8 or not all(_within(c, sizes) for c in chains):
        return None  # two different networks, or none
    layers = list(zip(sizes[:-1], sizes[1:], strict=True))
    steps = []
    if _UNIT_WEIGHTS.search(question) and re.search(r"\brelu\b", question, re.I):
        second = 1.0  # E[x^2] of standardized inputs
        stds = []
        for n, (fan_in, _) in enumerate(layers, 1):
            var = fan_in * second
            stds.append(
                f"layer {n}: Var(z{n}) = {fan_in} × 1 × {fmt(second)} = {fmt(var)}, std = {fmt(math.sqrt(var), 2)}"
            )
            second = var / 2  # ReLU keeps half of a symmetric pre-activation's second moment
        steps.append(
            "with N(0, 1) weights and unit-variance inputs (ReLU keeps half of E[z²] for the next layer): "
            + "; ".join(stds)
        )
    steps.append(
        "He (Kaiming) std = √(2 / fan_in): "
        + "; ".join(f"layer {n} √(2 / {a}) = {fmt(math.sqrt(2 / a))}" for n, (a, _) in enumerate(layers, 1))
    )
    steps.append(
        "Xavier (Glorot) uniform bound = √(6 / (fan_in + fan_out)): "
        + "; ".join(f"{a} → {b}: √(6 / {a + b}) = {fmt(math.sqrt(6 / (a + b)))}" for a, b in layers)
    )
    if re.search(r"pytorch|torch|nn\.Linear", question, re.I):
        steps.append(
            "PyTorch's nn.Linear default: uniform in ±1/√fan_in: "
            + "; ".join(f"layer {n} ±{fmt(1 / math.sqrt(a))}" for n, (a, _) in enumerate(layers, 1))
        )
    note = (
        "With He's std every ReLU layer's pre-activation variance stays at 2 (std 1.41); N(0, 1) weights multiply "
        "the std by √(fan_in / 2) per ReLU layer, so the logits explode. Xavier suits tanh and sigmoid layers."
        if re.search(r"\brelu\b", question, re.I)
        else "Xavier's bound balances the variance forward and backward, which suits tanh and sigmoid layers; He's "
        "larger std makes up for ReLU zeroing half of its inputs."
    )
    return Worked("init_scales", "c-weight-init", r"\*\*He \(Kaiming\) initialization\*\*", tuple(steps), note)


# --- output shapes of a stack of PyTorch conv and pooling layers (c-cnn-shapes) ----------------------

_LAYER_CALL = re.compile(r"\b(Conv2d|MaxPool2d|AvgPool2d)\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_SHAPE3 = re.compile(r"(?<![\d.])(?:(\d+)\s*[x×*,]\s*)?(\d+)\s*[x×*,]\s*(\d+)\s*[x×*,]\s*(\d+)(?!\d|\.\d)")
_LINEAR_IN = re.compile(r"\bLinear\(\s*(?:in_features\s*=\s*)?(\d+(?:\s*[*×]\s*\d+)*)\s*,")
_LINEAR_OUT = re.compile(
    r"\bLinear\(\s*(?:in_features\s*=\s*)?(?:\?|_+|\d+(?:\s*[*×]\s*\d+)*)\s*,\s*(?:out_features\s*=\s*)?(\d+)\s*\)"
)
_ADAPTIVE = re.compile(r"\b(Adaptive(?:Avg|Max)Pool2d)\(\s*(?:output_size\s*=\s*)?(\d+)\s*\)")
_LAYER_ARGS = {
    "Conv2d": ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias"),
    "MaxPool2d": ("kernel_size", "stride", "padding", "dilation"),
    "AvgPool2d": ("kernel_size", "stride", "padding"),
}


def _layer_args(kind: str, text: str) -> dict[str, object] | None:
    """`Conv2d(3, 64, kernel_size=7, stride=2, padding=3)`'s arguments by name (ints, square pairs
    as one int, 'same'/'valid', True/False); None for anything else (a variable, a non-square kernel)."""
    out: dict[str, object] = {}
    parts = [p.strip() for p in re.split(r",(?![^()]*\))", text) if p.strip()]
    for i, part in enumerate(parts):
        name, _, value = part.rpartition("=")
        name = name.strip() or (_LAYER_ARGS[kind][i] if i < len(_LAYER_ARGS[kind]) else "")
        value = value.strip().strip("'\"")
        if name not in _LAYER_ARGS[kind] and name not in ("ceil_mode", "padding_mode"):
            return None
        pair = re.fullmatch(r"\(\s*(\d+)\s*,\s*(\d+)\s*\)", value)
        if pair:
            if pair[1] != pair[2]:
                return None
            value = pair[1]
        if value.isdigit():
            out[name] = int(value)
        elif value in ("same", "valid", "True", "False"):
            out[name] = value
        else:
            return None
    return out


def layer_shapes(question: str) -> Worked | None:
    """An input shape (C x H x W, H x W x C or N x C x H x W) and PyTorch Conv2d / MaxPool2d / AvgPool2d
    layers in order: each layer's output floor((H + 2P - K) / S) + 1 (a dilated kernel reaches
    D(K - 1) + 1), its channels, a conv's parameters, a channel count the next conv does not expect,
    and the flattened size against a Linear layer's in_features. Pooling's stride defaults to its
    kernel. Nothing when a layer is unreadable, the channel axis is unclear or a layer sets ceil_mode."""
    calls = [(m[1], _layer_args(m[1], m[2]), m.end()) for m in _LAYER_CALL.finditer(question)]
    if not calls or any(args is None for _, args, _ in calls) or re.search(r"ceil_mode\s*=\s*True", question):
        return None
    first_in = next((args.get("in_channels") for kind, args, _ in calls if kind == "Conv2d"), None)
    outside = _LAYER_CALL.sub(lambda m: " " * len(m[0]), question)  # a call's own arguments are no input shape
    shape = _SHAPE3.search(question[: question.find(calls[0][0] + "(")]) or _SHAPE3.search(outside)
    if not shape or first_in is None:
        return None
    a, b, c = int(shape[2]), int(shape[3]), int(shape[4])
    if a == first_in and c != first_in:
        channels, h, w = a, b, c
    elif c == first_in and a != first_in and not shape[1]:
        h, w, channels = a, b, c
    else:
        return None  # which number is the channel count is unclear
    steps = [f"input: {channels} × {h} × {w} (channels × height × width)"]
    total, convs, broken = 0, 0, False
    for kind, args, _ in calls:
        k = args.get("kernel_size")
        stride = args.get("stride", 1 if kind == "Conv2d" else k)
        pad, dil = args.get("padding", 0), args.get("dilation", 1)
        if not isinstance(k, int) or not isinstance(stride, int) or not isinstance(dil, int) or stride < 1:
            return None
        if pad == "same":
            if stride != 1 or dil * (k - 1) % 2:
                return None
            pad = dil * (k - 1) // 2
        pad = 0 if pad == "valid" else pad
        if not isinstance(pad, int):
            return None
        reach = dil * (k - 1) + 1
        if min(h, w) + 2 * pad < reach:
            return None
        size = [(side + 2 * pad - reach) // stride + 1 for side in (h, w)]
        raw = (h + 2 * pad - reach) / stride
        kernel = f"{k}" if dil == 1 else f"({dil}·({k} - 1) + 1)"
        shown = fmt(raw) if raw == int(raw) else f"floor({fmt(raw)})"
        rule = f"floor(({h} + 2·{pad} - {kernel}) / {stride}) + 1 = {shown} + 1 = {size[0]}"
        if h != w:
            rule += f" (height), {size[1]} (width)"
        if kind == "Conv2d":
            cin, cout, groups = args.get("in_channels"), args.get("out_channels"), args.get("groups", 1)
            if not isinstance(cin, int) or not isinstance(cout, int) or not isinstance(groups, int) or cin % groups:
                return None
            if cin != channels:
                steps.append(
                    f"Conv2d({cin}, {cout}, ...) expects {cin} input channels but receives {channels}: PyTorch "
                    "stops with a channel mismatch error here"
                )
                broken = True
                break
            bias = 0 if args.get("bias") == "False" else cout
            n = k * k * (cin // groups) * cout + bias
            total, convs = total + n, convs + 1
            steps.append(
                f"Conv2d({cin}, {cout}, kernel {k}, stride {stride}, padding {pad}): {rule}; output {cout} × "
                f"{size[0]} × {size[1]}; parameters {k}·{k}·{cin // groups}·{cout}{f' + {cout}' if bias else ''} "
                f"= {fmt(n)}"
            )
            channels = cout
        else:
            steps.append(
                f"{kind}(kernel {k}, stride {stride}, padding {pad}): {rule}; output {channels} × {size[0]} × "
                f"{size[1]} (channels unchanged, no parameters)"
            )
        h, w = size
    if not broken:
        after = calls[-1][2]
        pooled = _ADAPTIVE.search(question, after)
        linear, head = _LINEAR_IN.search(question, after), _LINEAR_OUT.search(question, after)
        instead = pooled and re.search(
            r"instead|rather than|what if|replac|swap",
            question[max(after, pooled.start() - 60) : pooled.end() + 40],
            re.I,
        )
        if pooled and not instead and (linear or head) and (linear or head).start() > pooled.start():
            side = int(pooled[2])  # "Conv2d(...), AdaptiveAvgPool2d(1), Linear(64, 10)": a layer of the stack
            steps.append(
                f"{pooled[1]}({side}): each channel's {h} × {w} map is pooled to {side} × {side}; output "
                f"{channels} × {side} × {side} (no parameters)"
            )
            h = w = side
            pooled = None
        flat = channels * h * w
        steps.append(f"flattened: {channels} × {h} × {w} = {fmt(flat)} values per example")
        if linear:
            expected = math.prod(int(x) for x in re.findall(r"\d+", linear[1]))
            fits = "it fits" if expected == flat else f"it needs in_features = {fmt(flat)} or PyTorch raises an error"
            steps.append(f"the Linear layer takes {fmt(expected)} inputs: {fits}")
        if head and not pooled and (not linear or expected == flat):  # "flatten into nn.Linear(?, 10)"
            out = int(head[1])
            steps.append(f"Linear({flat}, {out}): {fmt(flat)}·{out} + {out} = {fmt(flat * out + out)} parameters")
        elif (
            head and pooled and (not linear or expected == flat)
        ):  # "what if I use nn.AdaptiveAvgPool2d(1) instead of flattening"
            out = int(head[1])
            steps.append(
                f"Linear({flat}, {out}) after flattening: {fmt(flat)}·{out} + {out} = "
                f"{fmt(flat * out + out)} parameters"
            )
        if pooled:
            side = int(pooled[2])
            kept = channels * side * side
            steps.append(
                f"{pooled[1]}({side}) instead: each channel's {h} × {w} map is pooled to {side} × {side}, output "
                f"{channels} × {side} × {side} = {fmt(kept)} values per example whatever the input size (no parameters)"
            )
            if head:
                out = int(head[1])
                steps.append(
                    f"Linear({kept}, {out}) then: {fmt(kept)}·{out} + {out} = {fmt(kept * out + out)} parameters"
                )
        if convs > 1:
            steps.append(f"conv parameters in all: {fmt(total)}")
    note = (
        "A fractional size is rounded down before the + 1: rows or columns a full stride cannot reach are dropped."
        if any("= floor(" in step for step in steps)
        else ""
    )
    return Worked("layer_shapes", "c-cnn-shapes", r"floor", tuple(steps), note)


# --- 9. softmax of a list of scores (s3-neural-networks) ----------------------------------------------


def softmax(question: str) -> Worked | None:
    """Softmax of a list of scores, at each temperature the question names ("at temperature 1 vs 0.5")."""
    if not re.search(r"softmax|logits", question, re.I):
        return None
    if not re.search(r"softmax|probab|temperature", question, re.I):
        return None
    lists = [v for _, t in bracketed(question) if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1]
    named = named_value(question, r"(?:z|logits|scores)")
    if len(lists) > 1 and named and len(named) > 1 and not isinstance(named[0], list):
        lists = [named]  # "hidden activations h = [1.0, 0.5] ... logits z = [2.0, 0.5, -1.0]"
    if len(lists) != 1:
        m = re.search(rf"(?:logits|scores)\D{{0,20}}((?:{NUM})(?:\s*(?:,|and)\s*(?:{NUM}))+)", question, re.I)
        if not m or lists:
            return None
        lists = [[to_float(v) for v in re.findall(NUM, m[1])]]
    z = lists[0]
    if _probabilities(question, z):
        return None  # already probabilities ("already softmaxed"): a softmax over them is the softmax-twice bug
    temps: list[float] = []
    for m in re.finditer(
        rf"temperatures?\s*(?:of|=|T\s*=)?\s*({NUM})((?:\s*(?:,|and|vs\.?|versus|or)\s*{NUM})*)", question, re.I
    ):
        temps += [to_float(v) for v in re.findall(NUM, m[1] + " " + m[2])]
    temps += [to_float(v) for v in re.findall(rf"\bT\s*=\s*({NUM})", question)]  # "at T=1 vs T=0.5"
    temps = list(dict.fromkeys(temps)) or [1.0]
    if any(t <= 0 for t in temps) or len(z) > 10 or len(z) < 2 or len(temps) > 3:
        return None
    steps = []
    for temp in temps:
        scaled = [v / temp for v in z]
        exps = [math.exp(v) for v in scaled]
        total = sum(exps)
        probs = [e / total for e in exps]
        head = f"T = {fmt(temp)}: " if len(temps) > 1 or temp != 1 else ""
        if temp != 1:
            steps.append(f"{head}divide the scores by {fmt(temp)}: {vec(scaled)}")
        steps.append(
            f"{head}exp of each: "
            + ", ".join(f"e^{fmt(v)} = {fmt(e)}" for v, e in zip(scaled, exps, strict=True))
            + f"; sum = {fmt(total)}"
        )
        steps.append(f"{head}probabilities = each exp / sum = " + vec([round(p, 4) for p in probs]))
    note = ""
    if len(temps) > 1:
        low, high = min(temps), max(temps)
        note = (
            f"The lower temperature ({fmt(low)}) sharpens the distribution towards the top score; "
            f"{fmt(high)} flattens it."
        )
    true = re.search(r"(?:true|correct|target)\s+(?:class|label)\s*(?:is|=|:)?\s*(?:index\s+)?(\d+)", question, re.I)
    if (
        len(temps) == 1
        and temps[0] == 1
        and true
        and int(true[1]) < len(z)
        and re.search(r"nn\.Softmax|softmax (?:layer|as the last|at the end)", question, re.I)
        and re.search(r"CrossEntropyLoss|cross[- ]entropy", question, re.I)
    ):
        steps += _softmax_twice(z, int(true[1]))
        note = (
            "CrossEntropyLoss applies log-softmax itself, so a Softmax layer before it applies softmax twice: the "
            "loss cannot fall below the floor above, however long you train. Remove the Softmax layer and pass "
            "the raw logits; apply softmax only when you need probabilities at prediction time."
        )
        return Worked("softmax", "s3-dl-frameworks", r"\*\*Softmax twice\*\*", tuple(steps), note)
    ordinal = re.search(
        r"(?:true|correct|target)\s+(?:class|label)\s+is\s+the\s+(first|second|third|fourth|fifth)\b", question, re.I
    )
    k = (
        int(true[1])
        if true
        else ["first", "second", "third", "fourth", "fifth"].index(ordinal[1].lower())
        if ordinal
        else -1
    )
    if (
        len(temps) == 1
        and temps[0] == 1
        and 0 <= k < len(z)
        and re.search(r"cross[- ]?entropy|\bloss\b", question, re.I)
    ):
        probs = [math.exp(v) / sum(math.exp(u) for u in z) for v in z]
        grad = [p - (1 if i == k else 0) for i, p in enumerate(probs)]
        steps.append(f"cross-entropy loss = -ln p[true] = -ln {fmt(probs[k])} = {fmt(-math.log(probs[k]))}")
        steps.append(
            f"gradient with respect to the logits = p - y (y one-hot at index {k}, counting from 0) = "
            + vec([round(g, 4) for g in grad])
        )
        h = named_value(question, "h")
        if h and not isinstance(h[0], list) and len(h) <= 6:
            rows = "; ".join(vec([round(g * x, 4) for x in h]) for g in grad)
            steps.append(f"gradient for the last layer's weights = (p - y) hᵀ, one row per class: {rows}")
    return Worked("softmax", "s3-neural-networks", r"softmax, which turns", tuple(steps), note)


def _softmax_twice(z: list[float], true: int) -> list[str]:
    """The loss CrossEntropyLoss should give on logits `z`, what it gives on their softmax (softmax applied
    twice), and the floor of the second: a one-hot input, loss ln(1 + (C - 1)/e)."""
    exps = [math.exp(v) for v in z]
    probs = [e / sum(exps) for e in exps]
    again = [math.exp(p) for p in probs]
    second = again[true] / sum(again)
    c = len(z)
    return [
        f"the loss you should get, on the logits: -ln({fmt(probs[true])}) = {fmt(-math.log(probs[true]))}",
        "the loss you get, softmax applied again to the probabilities: "
        + ", ".join(f"e^{fmt(p)} = {fmt(e)}" for p, e in zip(probs, again, strict=True))
        + f"; class {true} gets {fmt(again[true])} / {fmt(sum(again))} = {fmt(second)}; loss -ln({fmt(second)}) = "
        f"{fmt(-math.log(second))}",
        f"the floor: even a perfect one-hot output [1, 0, ...] gives e / (e + {c - 1}) = "
        f"{fmt(math.e / (math.e + c - 1))} for the true class, so the loss never goes below ln(1 + {c - 1}/e) = "
        f"{fmt(math.log(1 + (c - 1) / math.e))}",
    ]


def _probabilities(question: str, values: list[float]) -> bool:
    """Are these values a distribution the learner already has: all in [0, 1], summing to 1, and called
    probabilities (or softmaxed) rather than logits or scores?"""
    if not values or any(not 0 <= v <= 1 for v in values) or abs(sum(values) - 1) > 1e-6:
        return False
    return bool(re.search(r"probabilit|softmaxed|after (?:the )?softmax|distribution", question, re.I))


_TOP_K = re.compile(r"top[- ]?k\s*(?:=|of|:)?\s*(\d+)", re.I)
_TOP_P = re.compile(rf"(?:top[- ]?p|nucleus)(?:\s+sampling)?\s*(?:=|of|:|with p\s*=)?\s*({NUM})", re.I)


def sampling(question: str) -> Worked | None:
    """Top-k and top-p (nucleus) filtering of a next-token distribution: keep the k most likely tokens, or the
    smallest set of the most likely whose total reaches p, and renormalize what is kept."""
    ks = [int(k) for k in _TOP_K.findall(question)]
    ps = [to_float(p) for p in _TOP_P.findall(question)]
    if not ks and not ps:
        return None
    lists = [v for _, t in bracketed(question) if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1]
    if len(lists) != 1 or any(not 0 < p <= 1 for p in ps):
        return None
    if not _probabilities(question, lists[0]):
        return _sampling_logits(question, lists[0], ks, ps)
    probs = lists[0]
    steps = _filtered(probs, ks, ps)
    if not steps:
        return None
    note = (
        "Both filters cut the unlikely tail; top-p adapts how many tokens it keeps to how peaked the distribution is."
    )
    return Worked("sampling", "s5-nlp-language-models", r"\*top-p / nucleus\*", tuple(steps), note)


def _sampling_logits(question: str, z: list[float], ks: list[int], ps: list[float]) -> Worked | None:
    """Logits (not probabilities) with top-k / top-p and the temperatures named ("at temperature 0.5 and 1", "T =
    2"): the softmax of z / T at each temperature, then the filter on it and what is kept, renormalized."""
    if not re.search(r"\blogits?\b", question, re.I) or not 2 <= len(z) <= 10:
        return None
    temps: list[float] = []
    for m in re.finditer(
        rf"temperatures?\s*(?:of|=|T\s*=)?\s*({NUM})((?:\s*(?:,|and|vs\.?|versus|or)\s*{NUM})*)", question, re.I
    ):
        temps += [to_float(v) for v in re.findall(NUM, m[1] + " " + m[2])]
    temps += [to_float(v) for v in re.findall(rf"\bT\s*=\s*({NUM})", question)]
    temps = list(dict.fromkeys(temps))
    if not temps and re.search(r"temperature|\bT\s*=", question, re.I):
        return None  # a temperature named without a number this can read
    temps = temps or [1.0]
    if any(t <= 0 for t in temps) or len(temps) > 3:
        return None
    steps = []
    for temp in temps:
        scaled = [v / temp for v in z]
        exps = [math.exp(v) for v in scaled]
        probs = [e / sum(exps) for e in exps]
        head = f"T = {fmt(temp)}"
        divided = f"z / {fmt(temp)} = {vec(scaled)}, " if temp != 1 else ""
        steps.append(f"{head}: {divided}softmax = {vec([round(p, 4) for p in probs])}")
        filtered = _filtered(probs, ks, ps)
        if not filtered:
            return None
        steps += [f"{head}, {line}" for line in filtered[1:]]
    note = (
        "Temperature divides the logits before the softmax and the filter then works on the resulting "
        "probabilities: a lower temperature sharpens them, so top-p keeps fewer tokens; a higher one flattens them "
        "and lets more of the tail through."
    )
    return Worked("sampling", "s5-nlp-language-models", r"\*top-p / nucleus\*", tuple(steps), note)


def _filtered(probs: list[float], ks: list[int], ps: list[float]) -> list[str]:
    """The tokens most likely first, then each top-k and top-p filter's kept tokens, renormalized; [] for a k
    this cannot apply."""
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    name = [f"token {i + 1}" for i in range(len(probs))]
    steps = [f"most likely first: {', '.join(f'{name[i]} ({fmt(probs[i])})' for i in order)}"]

    def kept(idx: list[int], how: str) -> str:
        total = sum(probs[i] for i in idx)
        dropped = [name[i] for i in range(len(probs)) if i not in idx]
        shown = ", ".join(f"{name[i]} {fmt(probs[i])} / {fmt(total)} = {fmt(probs[i] / total)}" for i in idx)
        never = f"; never picked: {', '.join(dropped)}" if dropped else "; every token can still be picked"
        tokens = f"{len(idx)} token{'s' if len(idx) > 1 else ''}"
        return f"{how}: keep {tokens} (total {fmt(total)}), renormalized: {shown}{never}"

    for k in dict.fromkeys(ks):
        if not 1 <= k <= len(probs):
            return []
        steps.append(kept(order[:k], f"top-k = {k}"))
    for p in dict.fromkeys(ps):
        running, idx = 0.0, []
        for i in order:
            idx.append(i)
            running += probs[i]
            if running >= p - 1e-9:
                break
        short = f"; the top {len(idx) - 1} reach only {fmt(running - probs[idx[-1]])}" if len(idx) > 1 else ""
        steps.append(kept(idx, f"top-p = {fmt(p)} (the smallest set whose total reaches {fmt(p)}{short})"))
    return steps


# --- 10. discounted return (s3-mdp) ----------------------------------------------------------------

_GAMMA = re.compile(rf"(?:gamma|γ|discount(?: factor| rate)?)\s*(?:of|=|:|is)?\s*({NUM})", re.I)


def discounted(question: str) -> Worked | None:
    """G = sum of gamma^k r_k for a list of rewards; r / (1 - gamma) for a constant reward forever.
    Each uses the discount factor named nearest after it (or before, when none follows)."""
    if not re.search(r"\breturn\b|discount|worth", question, re.I):
        return None
    gammas = [(m.start(), to_float(m[1])) for m in _GAMMA.finditer(question)]
    if not gammas or any(not 0 <= g <= 1 for _, g in gammas):
        return None

    def gamma_near(pos: int) -> float:
        after = [g for p, g in gammas if p > pos]
        return after[0] if after else [g for p, g in gammas if p < pos][-1]

    steps, note = [], ""
    sep = r"(?:\s*,\s*(?:and\s+|then\s+)?|\s+and\s+|\s+then\s+)"  # "2, then 0, then 5"
    m = re.search(rf"rewards?\D{{0,25}}((?:{NUM})(?:{sep}(?:{NUM}))+)", question, re.I)
    lists = [(p, v) for p, t in bracketed(question) if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1]
    if m:
        rewards, pos = [to_float(v) for v in re.findall(NUM, m[1])], m.start()
    elif len(lists) == 1 and re.search(r"rewards?\s*(?:are|of|=|:)?\s*$", question[: lists[0][0]], re.I):
        pos, rewards = lists[0]  # "rewards [1, 0, 2]", not "reward -1 ... Q values are [6, 2.5, 3]"
    else:
        rewards, pos = [], -1
    if rewards and len(rewards) <= 12:
        gamma = gamma_near(pos)
        terms = [gamma**k * r for k, r in enumerate(rewards)]
        shown = " + ".join(f"{fmt(gamma)}^{k} × {factor(r)}" if k else fmt(r) for k, r in enumerate(rewards))
        steps.append(f"G = {shown} = {signed_sum(terms)} = {fmt(sum(terms))}")
    forever = re.search(
        rf"(?:reward|get|gets|earn\w*|receives?)\s*(?:of\s*)?({NUM})\s*"
        r"(?:every|each|per|(?:at|on) every|(?:at|on) each)\s*"
        rf"(?:single\s*)?(?:time\s*)?(?:step|turn|period)[^?]*?(?:forever|indefinitely|infinite\w*|never ends)",
        question,
        re.I,
    )
    if forever:
        r = to_float(forever[1])
        # "... forever worth at γ = 0.8 vs γ = 0.95?": every discount named in that sentence after it
        rest = re.split(r"[.?!](?:\s|$)", question[forever.start() :])[0]
        named = [to_float(g) for g in _GAMMA.findall(rest)]
        for gamma in named if 1 < len(named) <= 3 else [gamma_near(forever.start())]:
            if gamma < 1:
                steps.append(
                    f"A constant reward {fmt(r)} forever: r / (1 - γ) = {fmt(r)} / (1 - {fmt(gamma)}) "
                    f"= {fmt(r / (1 - gamma))}"
                )
            else:
                note = "With γ = 1 a constant reward forever has no finite return."
    if not steps:
        return None
    return Worked("discounted", "s3-mdp", r"\*\*Return\.\*\*", tuple(steps), note)


# --- 15. one Q-learning update (s3-q-learning) -----------------------------------------------------


_TRANSITION = re.compile(r"(?:(?<=\s)|^)\(([a-h])\)\s+|(?:(?<=\n)|^)\s*([a-h])\)\s+")
_QS = rf"\[\s*({NUM}(?:\s*,\s*{NUM})+)\s*\]"


def dqn_targets(question: str) -> Worked | None:
    """DQN targets y = r + γ (1 - done) max_a' Q_target(s', a') for transitions listed (a), (b), ...,
    each with its reward, whether it ended, the target network's Q(s') and the current Q(s, a); then
    the mean squared TD error and the mean Huber loss when asked, and with Double DQN (the online
    network's Q(s') picks the action, the target network's value of it is used) when asked."""
    if not re.search(r"\bDQN\b|deep q|target net", question, re.I):
        return None
    gamma = labelled(question, r"gamma|γ|discount(?: factor)?")
    marks: list[re.Match] = []
    for m in _TRANSITION.finditer(question):  # a run (a), (b), ... in order
        if (m[1] or m[2]) == "abcdefgh"[len(marks)]:
            marks.append(m)
    if gamma is None or len(marks) < 2:
        return None
    ends = [m.start() for m in marks[1:]] + [len(question)]
    rows = []
    for m, end in zip(marks, ends, strict=True):
        text = question[m.end() : end]
        text = re.split(r"\n\s*(?=[A-Z])|(?<=\d)\s*\n", text)[0]  # the item's line, not the question after it
        reward = labelled(text, r"\br\b|reward")
        current = labelled(text, r"current Q\(\s*s\s*,\s*a\s*\)|Q\(\s*s\s*,\s*a\s*\)")
        done = bool(re.search(r"\bterminat|\bdone\b(?<!not done)|episode ends|terminal", text, re.I))
        done = done and not re.search(r"not (?:done|terminal|terminated)|non-?terminal", text, re.I)
        target = re.search(rf"target(?: net(?:work)?)?\s+Q\(\s*s'\s*\)\s*=\s*{_QS}", text, re.I)
        online = re.search(rf"online(?: net(?:work)?)?\s+Q\(\s*s'\s*\)\s*=\s*{_QS}", text, re.I)
        if reward is None or current is None or (not done and target is None):
            return None
        to_list = lambda found: [to_float(v) for v in re.findall(NUM, found[1])] if found else None  # noqa: E731
        rows.append((m[1] or m[2], reward, current, done, to_list(target), to_list(online)))
    steps, errors = [], []
    for name, reward, current, done, target, _ in rows:
        if done:
            y = reward
            steps.append(f"({name}) terminal, so no bootstrapping: y = r = {fmt(y)}")
        else:
            y = reward + gamma * max(target)
            steps.append(
                f"({name}) y = r + γ max Q_target(s') = {fmt(reward)} + {fmt(gamma)} × {fmt(max(target))} = {fmt(y)}"
            )
        errors.append(y - current)
    steps.append("TD errors y - Q(s, a): " + ", ".join(f"({r[0]}) {fmt(e)}" for r, e in zip(rows, errors, strict=True)))
    n = len(errors)
    if re.search(r"\bmse\b|mean squared|squared (?:td )?error", question, re.I):
        squares = [e * e for e in errors]
        steps.append(f"mean squared TD error = ({' + '.join(fmt(q) for q in squares)}) / {n} = {fmt(sum(squares) / n)}")
    if re.search(r"huber", question, re.I):
        delta = labelled(question, r"delta|δ") or 1.0
        huber = [0.5 * e * e if abs(e) <= delta else delta * (abs(e) - 0.5 * delta) for e in errors]
        steps.append(
            f"Huber (δ = {fmt(delta)}: ½e² for |e| ≤ δ, δ(|e| - ½δ) beyond): {vec(huber)}; mean = {fmt(sum(huber) / n)}"
        )
    if re.search(r"double", question, re.I):
        for name, reward, _, done, target, online in rows:
            if done:
                steps.append(f"Double DQN ({name}): terminal, y = {fmt(reward)} as before")
                continue
            if online is None or len(online) != len(target) or online.count(max(online)) > 1:
                return None
            pick = online.index(max(online))
            y = reward + gamma * target[pick]
            steps.append(
                f"Double DQN ({name}): the online net picks action {pick + 1} (Q = {fmt(online[pick])}), the target "
                f"net values it {fmt(target[pick])}: y = {fmt(reward)} + {fmt(gamma)} × {fmt(target[pick])} = {fmt(y)}"
            )
    note = (
        "Double DQN's target is never above the standard one: the target network's own maximum is an upper "
        "bound on its value of the action the online network picks."
        if re.search(r"double", question, re.I)
        else ""
    )
    return Worked("dqn_targets", "s3-q-learning", r"\\text\{done\}", tuple(steps), note)


def epsilon_greedy(question: str) -> Worked | None:
    """ε-greedy over |A| actions with the random action drawn from all of them: the greedy action has
    probability 1 - ε + ε/|A|, each other ε/|A|; and with ε multiplied by a decay factor each episode,
    the first episode at which it falls below a target."""
    if not re.search(r"epsilon|ε", question, re.I):
        return None
    eps = labelled(question, r"epsilon|ε", sep=r"(?:of|=|:|is)?")
    actions = re.findall(r"(\d+|" + "|".join(WORDS) + r")[- ]actions?\b", question, re.I)
    actions = {WORDS.get(a.lower()) or int(a) for a in actions if a.lower() in WORDS or a.isdigit()}
    steps: list[str] = []
    if eps is not None and 0 <= eps <= 1 and len(actions) == 1 and re.search(r"probabilit", question, re.I):
        k = actions.pop()
        if k >= 2:
            share = eps / k
            steps.append(f"greedy action: (1 - ε) + ε/{k} = {fmt(1 - eps)} + {fmt(eps)}/{k} = {fmt(1 - eps + share)}")
            steps.append(
                f"each of the other {k - 1}: ε/{k} = {fmt(share)} (check: {fmt(1 - eps + share)} + {k - 1} × "
                f"{fmt(share)} = 1)"
            )
    decay = re.search(
        rf"(?:start\w*|from)\s+(?:epsilon|ε)?\s*(?:at|=)?\s*({NUM})[^.?]*?multipl\w*\s+(?:it\s+)?by\s+({NUM})"
        rf"[^.?]*?(?:below|under|less than|reach\w*)\s+({NUM})",
        question,
        re.I,
    )
    if decay:
        start, rate, target = (to_float(decay[i]) for i in (1, 2, 3))
        if 0 < rate < 1 and 0 < target < start:
            n = math.ceil(math.log(target / start) / math.log(rate) + 1e-12)
            if start * rate**n >= target:
                n += 1
            bound = math.log(target / start) / math.log(rate)
            steps.append(
                f"ε after n episodes = {fmt(start)} × {fmt(rate)}^n < {fmt(target)} needs n > "
                f"ln({fmt(target / start)}) / ln({fmt(rate)}) = {fmt(bound)}: first after episode {n} "
                f"(ε = {fmt(start * rate ** (n - 1))} after {n - 1}, {fmt(start * rate**n)} after {n})"
            )
    if not steps:
        return None
    return Worked("epsilon_greedy", "s3-q-learning", r"Epsilon-greedy exploration", tuple(steps))


_BYTES = {k: v for k, v in BYTES_PER_VALUE.items() if v > 1}  # scores are floats


def attention_memory(question: str) -> Worked | None:
    """Self-attention's score matrices: n × n per head, so heads × n² scores (× bytes per number) per layer
    per sequence, for each sequence length the learner names; growth as the square of the length ratio."""
    if not re.search(r"attention", question, re.I) or not re.search(r"memory|score matri|how big", question, re.I):
        return None
    if re.search(r"\bkv[- ]?cache|key[- /]value cache", question, re.I):
        return None  # generation keeps keys and values, not n x n scores: `kv_cache` works it
    heads = re.findall(r"(\d+)\s+(?:attention\s+)?heads", question, re.I)
    lengths = re.findall(
        r"(?:from|to|of|window of|length)\s+(\d[\d,]*)(?:\s+(?:steps|tokens|positions))?", question, re.I
    )
    lengths = list(dict.fromkeys(int(v.replace(",", "")) for v in lengths if int(v.replace(",", "")) >= 16))
    dtype = [_BYTES[d.lower()] for d in re.findall(r"\b(" + "|".join(_BYTES) + r")\b", question, re.I)]
    if len(set(heads)) != 1 or not 1 <= len(lengths) <= 3:
        return None
    h = int(heads[0])
    size = dtype[0] if len(set(dtype)) == 1 else None
    steps = []
    for n in lengths:
        scores = h * n * n
        line = f"n = {n:,}: {n:,}² = {n * n:,} scores per head × {h} heads = {scores:,} scores"
        if size:
            line += f" × {size} bytes = {scores * size:,} bytes ≈ {scores * size / 1e6:,.1f} MB"
        steps.append(line + " per layer per sequence")
    if len(lengths) == 2:
        ratio = lengths[1] / lengths[0]
        steps.append(f"length × {fmt(ratio)}: memory × {fmt(ratio)}² = {fmt(ratio * ratio)}, not × {fmt(ratio)}")
    return Worked("attention_memory", "s3-sequence-models", r"\*\*Quadratic cost\.\*\*", tuple(steps))


def activations(question: str) -> Worked | None:
    """ReLU, leaky ReLU, sigmoid and tanh (those the learner names) at each pre-activation z of a list,
    and their derivatives when asked."""
    named = {
        "ReLU": re.search(r"(?<!leaky )\bReLU\b", question, re.I),
        "leaky ReLU": re.search(r"leaky[ -]?ReLU", question, re.I),
        "sigmoid": re.search(r"\bsigmoid\b", question, re.I),
        "tanh": re.search(r"\btanh\b", question, re.I)
        and re.search(r"(?:give|output|value)s?\b[^.?]*tanh", question, re.I),
    }
    asked = [name for name, found in named.items() if found]
    zs = re.search(r"\bz\s*=\s*(\[[^\]]*\])", question)
    if len(asked) < 2 or not zs or (values := literal(zs[1])) is None or not 1 <= len(values) <= 6:
        return None
    z = [float(v) for v in values]
    slope = labelled(question, r"slope|alpha|α") or 0.01
    derivatives = bool(re.search(r"derivative|gradient|slope at", question, re.I))

    def sig(x: float) -> float:
        return 1 / (1 + math.exp(-x))

    table = {
        "ReLU": (lambda x: max(0.0, x), lambda x: 1.0 if x > 0 else 0.0),
        "leaky ReLU": (lambda x: x if x > 0 else slope * x, lambda x: 1.0 if x > 0 else slope),
        "sigmoid": (sig, lambda x: sig(x) * (1 - sig(x))),
        "tanh": (math.tanh, lambda x: 1 - math.tanh(x) ** 2),
    }
    steps = []
    for name in asked:
        f, df = table[name]
        line = f"{name}{f' (slope {fmt(slope)})' if name == 'leaky ReLU' else ''}: outputs {vec([f(x) for x in z])}"
        if derivatives:
            line += f"; derivatives {vec([df(x) for x in z])}"
        steps.append(line)
    note = (
        "The sigmoid's derivative is at most 0.25 (at z = 0) and tanh's at most 1: both saturate for large |z|."
        if derivatives and ("sigmoid" in asked or "tanh" in asked)
        else ""
    )
    return Worked("activations", "c-activation-functions", r"\*\*ReLU\*\*, max\(0, z\)", tuple(steps), note)


def q_update(question: str) -> Worked | None:
    if not re.search(r"q[- ]?learning|q[- ]?value|Q\(|td (?:error|target)|sarsa", question, re.I):
        return None

    # the table indexed as code, "Q[s][a]" or "Q[s, a]", read as Q(s, a)
    question = re.sub(r"Q\[\s*([\w']+)\s*(?:\]\s*\[|,)\s*([\w-]+)\s*\]", r"Q(\1, \2)", question)
    # the next state's row written with a placeholder for the action: "Q(s', .) = [2, 4]", "Q(s', ·)"
    question = re.sub(r"Q\(\s*s'\s*,\s*[.·:*]\s*\)", "Q(s')", question)
    one = partial(labelled, question)

    alpha = one(r"alpha|α|learning rate|step size")
    gamma = one(r"gamma|γ|discount(?: factor)?")
    reward = one(r"reward|\br\b|got|receive[sd]?|get")
    current = one(r"Q\(\s*s\s*,\s*a\s*\)(?:\s*is)?(?:\s*currently)?|current Q(?:[- ]value)?|currently Q")
    # actions named in the table: "Q(s, up) = 4.0", "Q(s', left) = 6, Q(s', right) = 3"
    now = dict(re.findall(rf"Q\(\s*s\s*,\s*([\w-]+)\s*\)\s*(?:is|=)\s*({NUM})", question))
    after = dict(re.findall(rf"Q\(\s*s'\s*,\s*([\w-]+)\s*\)\s*(?:is|=)\s*({NUM})", question))
    if current is None and len(set(now.values())) == 1:
        current = to_float(next(iter(now.values())))
    nxt = re.search(
        rf"(?:next state|s'|s_next|new state)[^.?]*?((?:{NUM})(?:\s*(?:,|and|or)\s*(?:{NUM}))*)", question, re.I
    )
    # the next state's values: every one of a named table, else a row of the table written as a list for a
    # state other than s ("Q[s2] = [6, 3, 7]"), else the list written after "s'"
    values = [to_float(v) for v in after.values()] if len(after) > 1 else []
    name, row = _next_row(question) if not values else ("s'", None)
    values = values or row or ([to_float(v) for v in re.findall(NUM, nxt[1])] if nxt else [])
    terminal = re.search(r"terminal", question, re.I)
    if None in (alpha, gamma, reward, current) or (not values and not terminal):
        return None
    taken = re.findall(
        rf"(?:picks|takes|chooses|selects)\s+(?:the\s+)?(?:action\s+)?(?:worth|valued|with (?:Q|value))\s*({NUM})"
        rf"|(?:chosen|taken|picked|selected|picks|takes|chooses|selects)\b[^.?]{{0,40}}?\(?\s*Q\s*=\s*({NUM})",
        question,
        re.I,
    )
    taken = [a or b for a, b in taken]
    if len(after) > 1:
        # the next action by its name: "its next action in s' is 'right'", "then takes left in s'"
        # "the next action was actually down", "a' = down", "then picked down in s'"
        named = re.findall(
            r"next action\b[^.?]{0,20}?\b(?:is|was|=|would be|will be|turns? out to be|turned out to be)\s*"
            r"(?:actually\s+)?['\"]?([\w-]+)"
            r"|\ba'\s*(?:=|is|was)\s*['\"]?([\w-]+)"
            r"|(?:takes|took|picks|picked|chooses|chose)\s+['\"]?([\w-]+)['\"]?\s+(?:in|at|from)\s+s'",
            question,
            re.I,
        )
        taken += [after[n] for found in named for n in found if n in after]
    if re.search(r"sarsa", question, re.I) and len(set(taken)) != 1:
        return None  # SARSA needs the value of the action actually taken
    cases = []
    if values:
        head = "Q-learning: " if taken else ""
        cases.append((head, max(values), f"max over {name} of {vec(values)}" if len(values) > 1 else ""))
        if len(set(taken)) == 1:
            cases.append(("SARSA: ", to_float(taken[0]), "the action actually taken next"))
    if terminal:
        cases.append((f"If {name} is terminal: ", 0.0, "no future value"))
    steps = []
    for head, best, why in cases:
        target = reward + gamma * best
        new = current + alpha * (target - current)
        term = f"Q({name}, a')" if head == "SARSA: " else f"max_a' Q({name}, a')"
        steps += [
            f"{head}target = r + γ {term} = {fmt(reward)} + {fmt(gamma)} × {factor(best)} = {fmt(target)}"
            + (f" ({why})" if why else ""),
            f"{head}TD error = {fmt(target)} - {factor(current)} = {fmt(target - current)}; new Q(s, a) = "
            f"{fmt(current)} + {fmt(alpha)} × {factor(target - current)} = {fmt(new)}",
        ]
    note = ""
    if any(head == "SARSA: " for head, _, _ in cases):
        note = (
            "Q-learning updates towards the best next action whatever the agent does next (off-policy); SARSA "
            "towards the action its exploring policy actually took (on-policy), so exploration lowers its target."
        )
    return Worked("q_update", "s3-q-learning", r"TD target", tuple(steps), note)


def _next_row(question: str) -> tuple[str, list[float] | None]:
    """The next state's row of the Q table, written as a list for a state other than s ("Q[s2] = [6, 3, 7]");
    with several such rows, the one the agent landed in ("landed in s2"); none when that is not clear."""
    rows = {
        state: literal(values)
        for state, values in re.findall(r"Q\[\s*([\w']+)\s*(?:,\s*:\s*)?\]\s*(?:=|is|:)\s*(\[[^\[\]]*\])", question)
        if state != "s"
    }
    if len(rows) > 1:
        landed = re.findall(
            r"(?:land\w*|ends? up|ended up|arriv\w*|mov\w*|transition\w*|next state(?: is| was)?)\s+(?:in|at|to)?\s*"
            r"([\w']+)",
            question,
            re.I,
        )
        rows = {k: v for k, v in rows.items() if k in landed}
    if len(rows) != 1:
        return "s'", None
    return next(iter(rows.items()))


# --- Monte Carlo, TD(0) and n-step targets for V(s) from one episode (c-monte-carlo-vs-td) -------------

_END = r"(?:end|terminal|terminates?|terminated|done|exit)"
_EPISODE = re.compile(rf"(?<![\w>-])([A-Za-z]\w{{0,9}}(?:{_ARROW}(?:{_END}|[A-Za-z]\w{{0,9}}))+)(?![\w-])", re.I)
_THEN_ENDS = re.compile(r"\s*,?\s*(?:and\s+)?(?:then\s+)?(?:the\s+)?(?:episode\s+)?(?:ends|terminates|is over)\b", re.I)
_STATE_VALUE = re.compile(rf"\bV\s*\(\s*(\w+)\s*\)\s*(?:=|is|:)\s*({NUM})")
_ALL_VALUES = re.compile(
    rf"\bV(?:\s*\(\s*s\s*\))?\s*=\s*({NUM})\s*(?:everywhere|for (?:all|every) (?:states?|s)\b)"
    rf"|\b(?:all|every)\s+(?:state\s+)?values?\s+(?:are\s+|=\s*|start\s+at\s+|initiali[sz]ed\s+(?:to|at)\s+)({NUM})",
    re.I,
)
_UPDATED = re.compile(
    r"\bupdat\w*\s+(?:of\s+|for\s+)?V\s*\(\s*(\w+)\s*\)|\bV\s*\(\s*(\w+)\s*\)\s+(?:becomes?|goes|moves)\b"
    r"|\bnew\s+V\s*\(\s*(\w+)\s*\)",
    re.I,
)
_REWARD_NOTE = r"(?:\s*\([^()=\d]*\))?"  # "1 (leaving A)"
_REWARD_LIST = re.compile(
    rf"\brewards?\s*(?:were\s+|are\s+|of\s+|=\s*|:\s*)?"
    rf"(?:\[\s*({NUM}(?:\s*,\s*{NUM})+)\s*\]"
    rf"|({NUM}{_REWARD_NOTE}(?:\s*(?:,\s*(?:and\s+|then\s+)?|and\s+|then\s+){NUM}{_REWARD_NOTE})+))",
    re.I,
)


def mc_td_targets(question: str) -> Worked | None:
    """One finished episode written as a chain ("A -> B -> C -> end"), its rewards, γ, α and the current V
    estimates: the Monte Carlo target (the full return), the TD(0) target r + γ V(s') and any n-step target
    asked ("a 2-step target"), each with the updated V(s) = V(s) + α (target - V(s)). A state visited twice
    (first-visit against every-visit) or a V needed but not given computes nothing."""
    mc = re.search(r"monte[- ]?carlo|\bMC\b", question, re.I)
    td = re.search(r"\bTD\b|temporal[- ]difference", question, re.I)
    ns = sorted({int(n) for n in re.findall(r"\b(\d+)[- ]step\b", question, re.I)})
    if not (mc or td or ns) or re.search(r"\bQ\s*\(|q[- ]?learning|sarsa|lambda|λ|eligibility", question, re.I):
        return None
    chains = _EPISODE.findall(question)
    if len(chains) != 1:
        return None
    states = re.split(_ARROW, chains[0])
    ended = bool(re.fullmatch(_END, states[-1], re.I))
    if ended:
        states = states[:-1]
    elif not _THEN_ENDS.match(question[question.index(chains[0]) + len(chains[0]) :]):
        return None  # the episode must be over: Monte Carlo needs its full return
    if any(re.fullmatch(_END, x, re.I) for x in states) or len(set(states)) != len(states) or len(states) < 2:
        return None
    found = _REWARD_LIST.findall(question)
    if len(found) != 1:
        return None
    rewards = [to_float(v) for v in re.findall(NUM, re.sub(r"\([^()]*\)", " ", found[0][0] or found[0][1]))]
    # one reward per step: out of every state when the chain ends in "end"; after "A -> B -> C, then the
    # episode ends" the count tells whether C is the terminal state or takes one more step
    if len(rewards) == len(states) - 1 and not ended:
        terminal_last = True
    elif len(rewards) == len(states):
        terminal_last = False
    else:
        return None
    gamma = labelled(question, r"gamma|γ|discount(?: factor)?")
    alpha = labelled(question, r"alpha|α|learning rate|step size")
    if gamma is None or not 0 <= gamma <= 1 or alpha is not None and not 0 < alpha <= 1:
        return None
    values: dict[str, float] = {}
    for state, v in _STATE_VALUE.findall(question):
        if state in values and values[state] != to_float(v):
            return None  # two estimates for one state
        values[state] = to_float(v)
    everywhere = {to_float(a or b) for a, b in _ALL_VALUES.findall(question)}
    if len(everywhere) > 1:
        return None
    default = everywhere.pop() if everywhere else None
    # the states whose V is updated: each one named ("updating V(A)"), else the first of the episode
    named = list(dict.fromkeys(x for m in _UPDATED.findall(question) for x in m if x))
    targets = named or [states[0]]
    if any(t not in states or terminal_last and t == states[-1] for t in targets):
        return None
    ends = len(rewards)  # the step after which the episode is over

    def target(i: int, n: int) -> tuple[str, str, float]:
        """The n-step target from the state at i (the full return when the episode ends first): its formula,
        its numbers and its value."""
        reach = min(n, ends - i)
        names = (["r1", "γ r2"] + [f"γ^{j} r{j + 1}" for j in range(2, reach)])[:reach] if n > 1 else ["r"]
        terms = [gamma**j * rewards[i + j] for j in range(reach)]
        numbers = [f"{fmt(gamma**j)} × {factor(rewards[i + j])}" if j else fmt(rewards[i]) for j in range(reach)]
        if reach == n and i + n < ends:  # bootstraps from the state n steps on
            after = states[i + n]
            boot = values.get(after, default)
            if boot is None:
                raise KeyError(after)  # the V it bootstraps from is not given
            names.append(f"γ V({after})" if n == 1 else f"γ^{n} V({after})")
            numbers.append(f"{fmt(gamma**n)} × {factor(boot)}")
            terms.append(gamma**n * boot)
        sums = f" = {signed_sum(terms)}" if len(terms) > 2 else ""
        return " + ".join(names), f"{' + '.join(numbers)}{sums}", sum(terms)

    def update(now: float | None, value: float, s: str) -> str:
        if alpha is None or now is None:
            return ""
        new = now + alpha * (value - now)
        return f"; V({s}) ← {fmt(now)} + {fmt(alpha)} × ({fmt(value)} - {factor(now)}) = {fmt(new)}"

    asked = ([1] if td or 1 in ns else []) + [n for n in ns if n > 1]
    steps: list[str] = []
    for s in targets:
        i, now = states.index(s), values.get(s, default)
        if now is None and alpha is not None:
            return None
        left = ends - i
        if mc:
            _, numbers, value = target(i, left)
            steps.append(
                f"Monte Carlo target (the full return from {s}): G = {numbers} = {fmt(value)}{update(now, value, s)}"
            )
        for n in asked:
            head = "TD(0) target" if n == 1 else f"{n}-step target"
            if n >= left and mc:
                steps.append(f"{head} from {s}: the episode ends within {n} steps, so it equals the Monte Carlo target")
                continue
            try:
                formula, numbers, value = target(i, n)
            except KeyError:
                return None
            how = f"bootstraps from V({states[i + n]})" if n < left else "the episode ends first, nothing to bootstrap"
            steps.append(f"{head} ({how}): {formula} = {numbers} = {fmt(value)}{update(now, value, s)}")
    if not steps:
        return None
    notes = []
    if mc:
        notes.append(
            "The Monte Carlo target is an unbiased sample of the true value but has high variance, because it adds "
            "up every random reward until the episode ends, and it is known only once the episode is over."
        )
    if asked:
        notes.append(
            "A TD target depends on fewer random outcomes (lower variance) but is biased whenever the V it "
            "bootstraps from is wrong; n-step targets sit between TD(0) and Monte Carlo."
        )
    cue = r"The Monte Carlo update is V\(s\)"
    return Worked("mc_td_targets", "c-monte-carlo-vs-td", cue, tuple(steps), " ".join(notes))


# --- one LSTM step, and LSTM/GRU parameter counts (s3-sequence-models) -----------------------------

_LSTM_PART = {
    # "previous cell state c = 1.5": the label, then the symbol the learner uses for it
    "c_prev": r"c_?\{?t\s*-\s*1\}?|(?:previous|old) cell(?: state)?(?:\s+c\b)?|c_prev",
    "f": r"\bf(?:_\{?t\}?|t)?(?=\s*=)|forget(?: gate)?",
    "i": r"\bi(?:_\{?t\}?|t)?(?=\s*=)|input gate",
    "cand": r"c\u0303(?:_?\{?t\}?)?|c~(?:_?\{?t\}?)?|\\tilde\{c\}_?\{?t\}?|c_?tilde|\bg_?t\b"
    r"|candidate(?!\s+h)(?: memory| cell(?: state)?| value)?",  # a GRU's "candidate h~" is not the LSTM's
    "o": r"\bo(?:_\{?t\}?|t)?(?=\s*=)|output gate",
}


def lstm(question: str) -> Worked | None:
    """One LSTM step with scalars (c_t = f c_{t-1} + i c~, h_t = o tanh(c_t)), and PyTorch's parameter
    counts for nn.LSTM / nn.GRU with an input and hidden size (4 or 3 blocks, each with two biases)."""
    if not re.search(r"\b(?:lstm|gru)\b", question, re.I):
        return None
    steps: list[str] = []
    note = ""
    found = {
        k: labelled(question, rf"(?:{label})(?:\s*(?:gate|value))?\s*(?:comes? out|is|=|of|:)?", sep="")
        for k, label in _LSTM_PART.items()
    }
    if None not in found.values():
        c, f, i, g, o = (found[k] for k in ("c_prev", "f", "i", "cand", "o"))
        ct = f * c + i * g
        ht = o * math.tanh(ct)
        steps += [
            f"c_t = f_t × c_(t-1) + i_t × c~_t = {fmt(f)} × {factor(c)} + {fmt(i)} × {factor(g)} = "
            f"{signed_sum([f * c, i * g])} = {fmt(ct)}",
            f"h_t = o_t × tanh(c_t) = {fmt(o)} × tanh({fmt(ct)}) = {fmt(o)} × {fmt(math.tanh(ct))} = {fmt(ht)}",
        ]
    if re.search(r"\bgru\b", question, re.I):  # h_t = z h_(t-1) + (1 - z) h~, the reading's convention
        value = rf"\s*(?:is|=|of|:)?\s*({NUM})"
        z = labelled(
            question, r"(?:update gate\s*)?\bz(?:_\{?t\}?|t)?\b(?=\s*(?:is|=|of|:))|update gate", sep=r"(?:is|=|of|:)?"
        )
        h_prev = set(
            re.findall(r"(?:h_?\{?t\s*-\s*1\}?|h_prev|previous hidden(?: state)?(?:\s+h\b)?)" + value, question, re.I)
        )
        h_new = set(re.findall(r"(?:h~(?:_?\{?t\}?)?|h\u0303(?:_?\{?t\}?)?|candidate h~?)" + value, question, re.I))
        if z is not None and 0 <= z <= 1 and len(h_prev) == 1 and len(h_new) == 1:
            hp, hn = to_float(h_prev.pop()), to_float(h_new.pop())
            h = z * hp + (1 - z) * hn
            steps.append(
                f"GRU: h_t = z × h_(t-1) + (1 - z) × h~ = {fmt(z)} × {factor(hp)} + {fmt(1 - z)} × {factor(hn)} = "
                f"{signed_sum([z * hp, (1 - z) * hn])} = {fmt(h)}"
            )
    if (
        re.search(r"\blstm\b", question, re.I)
        and re.search(r"\bgru\b", question, re.I)
        and re.search(r"param", question, re.I)
    ):
        note = "A GRU has three weight blocks to the LSTM's four, so it has three quarters of the parameters."
    sizes_in = set(re.findall(r"input[_ ]size\s*(?:=|of|is)?\s*(\d+)", question, re.I))
    sizes_h = set(re.findall(r"hidden[_ ]size\s*(?:=|of|is)?\s*(\d+)", question, re.I))
    stacked = re.search(r"num_layers\s*=\s*(?!1\b)\d|bidirectional\s*=\s*True|\d+ layers", question, re.I)
    if len(sizes_in) == 1 and len(sizes_h) == 1 and not stacked:
        n_in, h = int(sizes_in.pop()), int(sizes_h.pop())
        block = h * n_in + h * h + 2 * h
        steps.append(
            f"one gate block: {h} × {n_in} input weights + {h} × {h} recurrent weights + 2 × {h} biases "
            f"(PyTorch keeps two bias vectors) = {block:,}"
        )
        named = [m.upper() for m in dict.fromkeys(x.lower() for x in re.findall(r"\b(lstm|gru)\b", question, re.I))]
        for model in named:
            blocks = 4 if model == "LSTM" else 3
            steps.append(f"nn.{model}: {blocks} blocks × {block:,} = {blocks * block:,} parameters")
        if len(named) == 2:
            note = "A GRU has three weight blocks to the LSTM's four, so it has three quarters of the parameters."
    if not steps:
        return None
    return Worked("lstm", "s3-sequence-models", r"One LSTM step", tuple(steps), note)


# --- one scaled dot-product attention step (s3-sequence-models) -----------------------------------


def attention(question: str) -> Worked | None:
    if not re.search(r"attention", question, re.I) or not re.search(r"\bquer(?:y|ies)\b|\bq_?\d*\s*=", question, re.I):
        return None
    # "q = [2, 1]", "query = [...]", or a numbered token's own query: "token 2's query is q2 = [2, 1]"
    qs = set(re.findall(r"\bq(?:uery)?_?(\d*)\s*(?:=|is)\s*(\[[^\]]*\])", question, re.I))
    if len(qs) != 1:
        return None
    position, q_text = qs.pop()
    # keys named k1 .. kn, or listed after the word: "keys [1, 0], [0, 2] and [1, 1]"
    keys = re.findall(r"\bk_?\d+\s*=\s*(\[[^\]]*\])", question, re.I)
    unnamed = re.search(r"\bkeys?\s*(?:are|=|:)?\s*((?:\[[^\]]*\]\s*(?:,\s*(?:and\s+)?|and\s+)?){2,})", question, re.I)
    if not keys and unnamed:
        keys = re.findall(r"\[[^\]]*\]", unnamed[1])
    if len(keys) < 2:
        return None
    query, ks = literal(q_text), [literal(k) for k in keys]
    if query is None or any(k is None or len(k) != len(query) for k in ks):
        return None
    # the scalar values after the word, a few words apart: "values 4, 8, 2", "the values are just scalars 4, 8, 2",
    # "scalar values v = (10, 20, 30)", "values [4, 8, 2]", "values (scalars) 4, 8, 2"
    vals = re.search(
        rf"values?\b(?:\s+\(?[A-Za-z]+\)?(?![\w(])){{0,4}}\s*(?:=|:)?\s*[(\[]?((?:{NUM})(?:\s*(?:,|and)\s*(?:{NUM}))+)",
        question,
        re.I,
    )
    listed = re.findall(r"\bv_?\d+\s*=\s*(\[[^\]]*\]|-?\d+(?:\.\d+)?)", question, re.I)
    if vals:
        values = [[to_float(v)] for v in re.findall(NUM, vals[1])]
    elif len(listed) == len(ks):
        values = [literal(v) if v.startswith("[") else [to_float(v)] for v in listed]
    else:
        return None
    if len(values) != len(ks) or any(v is None or len(v) != len(values[0]) for v in values):
        return None
    d = re.search(r"d_?k\s*(?:=|is|of)\s*(\d+)", question, re.I)
    dk = int(d[1]) if d else len(query)
    raw = [sum(a * b for a, b in zip(query, k, strict=True)) for k in ks]
    scaled = [r / math.sqrt(dk) for r in raw]
    steps = [
        f"scores q · k: {vec(raw)}",
        f"divided by √d_k = √{dk} = {fmt(math.sqrt(dk))}: {vec([round(s, 4) for s in scaled])}",
    ]
    if re.search(r"\bcausal|\bmask", question, re.I):
        # a causal mask: token i sees keys 1..i; which token is asked must be plain ("q2", "token 2's query")
        token = {int(position)} if position else set()
        token |= {int(t) for t in re.findall(r"\btoken\s*(\d+)(?:'s|\s+(?:query|attend|attention))", question, re.I)}
        if len(token) != 1 or not 1 <= min(token) <= len(ks):
            return None
        i = token.pop()
        steps += [
            f"causal mask: token {i} may attend only to positions 1 to {i}, so the scores of the later "
            f"positions become -∞ before the softmax and get weight 0",
            *_attend(scaled[:i], values[:i], "with the mask: "),
        ]
        if i < len(ks) and re.search(
            r"\b(?:forg[eo]t\w*|without|no|skip\w*|omit\w*|drop\w*)\b[^.?!]{0,20}\bmask", question, re.I
        ):
            steps += _attend(scaled, values, "without the mask: ")
            note = (
                f"Without the mask token {i} puts weight on later tokens it should not see: in training it can "
                "read the token it is meant to predict, so the loss looks good while generation fails."
            )
            return Worked("attention", "c-attention", r"\*\*Causal masking\*\*", tuple(steps), note)
        return Worked("attention", "c-attention", r"\*\*Causal masking\*\*", tuple(steps), "")
    steps += _attend(scaled, values, "")
    note = ""
    if _UNSCALED.search(question):  # "what if I forgot to divide by sqrt(d_k)?"
        steps += _attend(raw, values, "without the √d_k scaling: ")
        note = (
            "Unscaled scores give a sharper softmax; with a large d_k the dot products grow and push the weights "
            "towards one-hot, where the gradients vanish, which is why they are divided by √d_k."
        )
    return Worked("attention", "s3-sequence-models", r"\*\*Attention\.\*\*", tuple(steps), note)


# the learner asks what happens without the scaling: "if I forgot to divide by sqrt(d_k)", "unscaled", "no scaling"
_UNSCALED = re.compile(
    r"\b(?:forg[eo]t\w*|without|skip\w*|omit\w*|leav\w+ out|left out|no|not|n't|never)\b[^.?!]{0,30}"
    r"(?:scal|divi|√|sqrt)|\bunscaled\b",
    re.I,
)


def _attend(scores: list[float], values: list[list[float]], head: str) -> list[str]:
    """Softmax of the scores, then the weighted sum of the values."""
    exps = [math.exp(s) for s in scores]
    weights = [e / sum(exps) for e in exps]
    out = [sum(w * v[i] for w, v in zip(weights, values, strict=True)) for i in range(len(values[0]))]
    return [
        f"{head}softmax → weights {vec([round(w, 4) for w in weights])} (they sum to 1)",
        f"{head}output = Σ weight × value = "
        + " + ".join(
            f"{fmt(w, 4)} × {vec(v) if len(v) > 1 else fmt(v[0])}" for w, v in zip(weights, values, strict=True)
        )
        + f" = {vec(out) if len(out) > 1 else fmt(out[0])}",
    ]


# --- LoRA's trainable parameters (s3-transfer-learning) ---------------------------------------------


_LORA_RANK = re.compile(r"rank\s*(?:r\s*=\s*|of\s*|=\s*)?(\d+)|\br\s*=\s*(\d+)", re.I)
_LORA_DIMS = re.compile(r"(\d[\d,]*)\s*[x×]\s*(\d[\d,]*)\s*(?:weight|matrix|layer|projection)", re.I)
# "one weight matrix is 1024 × 4096", "a projection of 768x768"
_LORA_DIMS_AFTER = re.compile(
    r"(?:weight|matrix|layer|projection)\s*(?:is|of(?: shape| size)?|=|:|has shape|shaped)"
    r"\s*\(?(\d[\d,]*)\s*[x×,]\s*(\d[\d,]*)",
    re.I,
)


def _lora_count(d: int, k: int, r: int, name: str = "full matrix") -> list[str]:
    full, trained = d * k, r * (d + k)
    return [
        f"{name}: {d:,} × {k:,} = {full:,} parameters",
        f"LoRA trains B ({d:,} × {r}) and A ({r} × {k:,}): {d * r:,} + {r * k:,} = {trained:,} parameters",
        f"that is {fmt(100 * trained / full, 2)}% of the full matrix",
    ]


def _show_matrix(m: list) -> str:
    return "[" + ", ".join(vec(row) for row in m) + "]"


def _lora_merge(question: str) -> tuple[list[str], tuple[int, int, int]] | None:
    """W' = W + (alpha / r) B A with the learner's W (d x k), B (d x r), A (r x k) and alpha, and the adapter's
    r(d + k) parameters against W's d x k; None when a matrix or alpha is missing or the shapes do not fit."""
    w, b, a = (named_value(question, n) for n in ("W", "B", "A"))
    alpha = labelled(question, r"\balpha|α|lora_alpha")
    if w is None or b is None or a is None or alpha is None:
        return None
    sw, sb, sa = shape_of(w), shape_of(b), shape_of(a)
    if not sw or not sb or not sa or len(sw) != 2 or len(sb) != 2 or len(sa) != 2:
        return None
    (d, k), r = sw, sb[1]
    if sb[0] != d or sa != (r, k):
        return None
    spans = [(m.start() - 30, m.end() + 40) for m in _LORA_DIMS.finditer(question)]
    spans += [(m.start() - 30, m.end() + 40) for m in _LORA_DIMS_AFTER.finditer(question)]
    stated = {  # the ranks written for this toy matrix, not beside a layer size named for comparison
        int(m[1] or m[2]) for m in _LORA_RANK.finditer(question) if not any(a <= m.start() < b for a, b in spans)
    }
    if stated and r not in stated:
        return None  # the rank written differs from B's and A's shapes: which is meant is not clear
    ba = [[sum(b[i][j] * a[j][c] for j in range(r)) for c in range(k)] for i in range(d)]
    scale = alpha / r
    update = [[scale * x for x in row] for row in ba]
    merged = [[x + u for x, u in zip(rw, ru, strict=True)] for rw, ru in zip(w, update, strict=True)]
    if r == 1:
        products = ", ".join(
            "[" + ", ".join(f"{factor(b[i][0])} × {factor(a[0][c])}" for c in range(k)) + "]" for i in range(d)
        )
        how = f"BA (column B times row A) = [{products}]"
    else:
        how = "BA[i][j] = row i of B · column j of A"
    steps = [
        f"W is {d} × {k}, B is {d} × {r}, A is {r} × {k}: rank r = {r}",
        f"scale α / r = {fmt(alpha)} / {r} = {fmt(scale)}",
        f"{how} = {_show_matrix(ba)}",
        f"(α / r) BA = {fmt(scale)} × BA = {_show_matrix(update)}",
        f"merged W' = W + (α / r) BA = {_show_matrix(w)} + {_show_matrix(update)} = {_show_matrix(merged)}",
    ]
    return steps, (d, k, r)


def _layer_rank(question: str, at: int, end: int) -> int | None:
    """The one rank written beside a layer's size ("a 2048x2048 layer with r = 8", "r = 8 on a 4096 x 4096
    projection"): within a few words after it, else before it."""
    after = {int(a or b) for a, b in _LORA_RANK.findall(re.split(r"[.;?!]\s", question[end : end + 40])[0])}
    before = {int(a or b) for a, b in _LORA_RANK.findall(re.split(r"[.;?!]\s", question[max(0, at - 30) : at])[-1])}
    found = after or before
    return found.pop() if len(found) == 1 else None


def lora(question: str) -> Worked | None:
    """LoRA's trainable parameters, r(d + k) against d x k; with the learner's W, B, A and alpha, the merged
    weight W + (alpha / r) BA worked by hand, and any layer size named beside its own rank."""
    if not re.search(r"\blora\b", question, re.I):
        return None
    merge = _lora_merge(question)
    if merge is None:
        rank = {int(a or b) for a, b in _LORA_RANK.findall(question)}
        dims = _LORA_DIMS.findall(question) + _LORA_DIMS_AFTER.findall(question)
        if len(rank) != 1 or len(set(dims)) != 1:
            return None
        d, k = (int(v.replace(",", "")) for v in dims[0])
        return Worked("lora", "s3-transfer-learning", r"\*\*LoRA\*\*", tuple(_lora_count(d, k, rank.pop())))
    steps, (d, k, r) = merge
    trained, full = r * (d + k), d * k
    steps.append(
        f"the adapter trains B and A: {d} × {r} + {r} × {k} = {r} × ({d} + {k}) = {trained} parameters, "
        f"against W's {d} × {k} = {full}"
    )
    notes = []
    if trained >= full:
        notes.append(f"At this size the adapter is no smaller than W ({trained} against {full}), so nothing is saved.")
    elif 2 * trained > full:
        notes.append(f"At this size the adapter saves little ({trained} against {full}).")
    if notes:
        notes.append("The saving appears with large matrices: r(d + k) grows with d + k, d × k with their product.")
    layers = [
        (m, _layer_rank(question, m.start(), m.end()))
        for m in itertools.chain(_LORA_DIMS.finditer(question), _LORA_DIMS_AFTER.finditer(question))
    ]
    layers = [(m, rk) for m, rk in layers if (int(m[1].replace(",", "")), int(m[2].replace(",", ""))) != (d, k)]
    sizes = {(m[1], m[2], rk) for m, rk in layers}
    if len(sizes) == 1 and layers[0][1] is not None:  # one layer size with its own rank (else it is left out)
        m, rk = layers[0]
        ld, lk = int(m[1].replace(",", "")), int(m[2].replace(",", ""))
        steps += _lora_count(ld, lk, rk, f"a {ld:,} × {lk:,} layer")
    notes.append(
        "After merging, the layer is an ordinary matrix of W's shape, so inference costs nothing extra; W itself "
        "is never changed, so the adapter can also be kept separate and swapped per task."
    )
    return Worked("lora", "s3-transfer-learning", r"\*\*LoRA\*\*", tuple(steps), " ".join(notes))


# --- TF-IDF by hand (s3-nlp-tasks) ------------------------------------------------------------------

_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_DOCS = r"(?:documents|docs|tickets|reviews|emails|articles|pages|texts)"
_TERM = re.compile(r"['\"](\w+)['\"]")
_TF = re.compile(r"(\d+)\s*(?:times|x\b|×)|\b(once|twice|thrice)\b|\btf\s*(?:=|of|is)\s*(\d+)", re.I)
# "in 2 of the 10 tickets", "in 5 tickets", "in 5", "in all 10", "in every ticket", "in one of the 4", "df = 2"
_DF = re.compile(
    rf"\bin\s+(?:(all|every)\b(?:\s+(?:of\s+the\s+)?\d+)?|(\d+|{'|'.join(WORDS)})(?=\s+(?:of|out of)\s)"
    rf"|(\d+)\b(?![.,]\d|\s*(?:times|x\b|%)))|\bdf\s*(?:=|of|is)\s*(\d+)",
    re.I,
)
_ONLY = re.compile(
    r"only (?:in|appears in|shows up in) (?:one|1|a single) |only in (?:ticket|document|doc|review|email) \d+", re.I
)


def _term_counts(question: str, n: int) -> dict[str, tuple[set[int], set[int]]]:
    """{term: (its counts, its document frequencies)} read from the words after each quoted term up to the
    next term or the sentence's end: "'refund' appears 3 times, 'the' 5 times. 'refund' is in 2 of the 10
    tickets, 'the' in all 10" gives refund ({3}, {2}) and the ({5}, {10})."""
    found: dict[str, tuple[set[int], set[int]]] = {}
    terms = list(_TERM.finditer(question))
    for i, term in enumerate(terms):
        stop = terms[i + 1].start() if i + 1 < len(terms) else len(question)
        part = re.split(r"[.;?!](?:\s|$)", question[term.end() : stop])[0]
        tf, df = found.setdefault(term[1], (set(), set()))
        for m in _TF.finditer(part):
            tf.add(int(m[1] or m[3]) if (m[1] or m[3]) else _TIMES[m[2].lower()])
        for m in _DF.finditer(part):
            value = m[2] or m[3] or m[4]
            df.add(n if m[1] else int(value) if value.isdigit() else WORDS[value.lower()])
        if _ONLY.search(part):  # "appears once and only in ticket 7": one document
            df.add(1)
    return found


def tfidf(question: str) -> Worked | None:
    """tf x ln(N / df) for each quoted word, its count and document frequency read wherever the question
    gives them; nothing when a word has two counts or a count but no document frequency."""
    if not re.search(r"tf-?idf", question, re.I):
        return None
    docs = set(re.findall(rf"(\d+)\s+(?:\w+\s+)?{_DOCS}|\bN\s*=\s*(\d+)", question, re.I))
    docs = {int(a or b) for a, b in docs}
    if not docs:
        return None
    n = max(docs)  # "10 tickets ... in 2 of the 10 tickets ... in 5 tickets": N is the largest
    counts = _term_counts(question, n)
    if re.search(r"tfidfvectorizer|sklearn|scikit", question, re.I) and all(not tf for tf, _ in counts.values()):
        return _sklearn_idf(counts, n)  # only document frequencies: the idf each way, no tf-idf
    steps = []
    for term, (tf, df) in counts.items():
        if not tf and not df:
            continue  # a quoted word with no numbers of its own
        if len(tf) != 1 or len(df) != 1 or not 0 < min(df) <= n:
            return None
        count, in_docs = tf.pop(), df.pop()
        score = count * math.log(n / in_docs)
        steps.append(f"'{term}': {count} × ln({n} / {in_docs}) = {count} × {fmt(math.log(n / in_docs))} = {fmt(score)}")
    if not steps:
        return None
    note = "A word found in every document gets idf ln(1) = 0, however often it appears; rare words weigh most."
    return Worked("tfidf", "s3-nlp-tasks", r"\\text\{tfidf\}\(t, d\)", tuple(steps), note)


def _sklearn_idf(counts: dict[str, tuple[set[int], set[int]]], n: int) -> Worked | None:
    """Each quoted word's idf by hand, ln(N / df), and as TfidfVectorizer computes it by default,
    ln((1 + N) / (1 + df)) + 1, and with smooth_idf=False, ln(N / df) + 1."""
    steps = []
    for term, (_, df) in counts.items():
        if not df:
            continue
        if len(df) != 1 or not 0 < min(df) <= n:
            return None
        d = df.pop()
        plain, smooth = math.log(n / d), math.log((1 + n) / (1 + d)) + 1
        steps.append(
            f"'{term}' (in {d} of {n} documents): by hand ln({n} / {d}) = {fmt(plain)}; TfidfVectorizer's default "
            f"ln((1 + {n}) / (1 + {d})) + 1 = ln({fmt((1 + n) / (1 + d))}) + 1 = {fmt(smooth)}; with "
            f"smooth_idf=False, ln({n} / {d}) + 1 = {fmt(plain + 1)}"
        )
    if not steps:
        return None
    note = (
        "The +1 keeps a word found in every document from getting weight 0, and the smoothing adds one "
        "imaginary document containing every word; TfidfVectorizer then scales each document's vector to "
        "length 1 (norm='l2'), so its tf-idf values differ from a hand computation even with the same idf."
    )
    return Worked("tfidf", "s3-nlp-tasks", r"Hand TF-IDF not matching scikit-learn", tuple(steps), note)


# --- ARIMA(1,1,0) forecasts without a constant (s3-classical-forecasting) -----------------------------


def arima(question: str) -> Worked | None:
    if not re.search(r"arima\s*\(\s*1\s*,\s*1\s*,\s*0\s*\)", question, re.I):
        return None
    if re.search(r"with (?:a )?constant|drift", question, re.I) and not re.search(
        r"no constant|without", question, re.I
    ):
        return None
    phi = set(
        re.findall(
            rf"(?:phi|φ|ϕ|coefficient|ar coefficient)(?:_?\{{?1\}}?(?=\s*(?:=|is|of)))?\s*(?:of|=|is)?\s*({NUM})",
            question,
            re.I,
        )
    )
    # "the AR coefficient on the differenced series is 0.6": a phrase between, then "is" or "=" before the number
    between = rf"coefficient\s+(?:on|of|for)\s+[^.;?=:\d]{{1,40}}?\s(?:is|was|equals|=)\s*({NUM})"
    phi |= set(re.findall(between, question, re.I))
    # the fitted equation itself, the differenced series on its last value: "y't = 0.6·y't-1 + e_t",
    # "y'_t = 0.6*y'_(t-1) + e_t", "Δy_{t} = 0.6 Δy_{t-1}"
    dy, now, before = r"(?:y'|[Δ∇]\s*y)", r"_?[{(]?t[})]?", r"_?[{(]?t\s*-\s*1[})]?"
    phi |= set(re.findall(rf"{dy}{now}\s*=\s*({NUM})\s*[·*×]?\s*{dy}{before}", question))
    ys = re.findall(rf"\by_?\{{?(\d+)\}}?\s*=\s*({NUM})", question)
    last = re.search(
        rf"(?:last two (?:values|observations|points)|(?:series|data) end(?:s|ing)?(?: with| in| at| on)?)\D{{0,12}}"
        rf"({NUM})\s*(?:,|and)\s*(?:then\s*)?({NUM})(?![\d,])",
        question,
        re.I,
    )
    if len(ys) < 2 and last:
        ys = [("1", last[1]), ("2", last[2])]
    if len(phi) != 1 or len(ys) < 2:
        return None
    (t1, a), (t2, b) = sorted(((int(t), to_float(v)) for t, v in ys))[-2:]
    if t2 != t1 + 1:
        return None
    f = to_float(phi.pop())
    # every time asked for ("t = 101, 102, 103", "t = 101 and t = 102"), not the equation's "y't = 0.6 ..."
    asked = [
        int(t)
        for found in re.findall(r"(?<!['\w])t\s*=\s*(\d+(?:\s*(?:,|and)\s*\d+)*)(?![\d.])", question)
        for t in re.findall(r"\d+", found)
        if int(t) > t2
    ]
    n_steps = re.search(r"next\s+(\d+)\s+(?:steps|values|periods|points)", question, re.I)
    horizon = max(asked) - t2 if asked else int(n_steps[1]) if n_steps else 3
    horizon = max(1, min(horizon, 6))
    diff, level = b - a, b
    steps = [f"last difference: {fmt(b)} - {fmt(a)} = {fmt(diff)}"]
    for i in range(1, horizon + 1):
        nxt = f * diff
        level += nxt
        when = f"t = {t2 + i}" if ys[0][0] != "1" else f"step {i}"
        steps.append(f"{when}: next difference {fmt(f)} × {factor(diff)} = {fmt(nxt)}, forecast {fmt(level)}")
        diff = nxt
    if abs(f) < 1:
        limit = b + (b - a) * f / (1 - f)
        note = (
            f"The increments shrink by the factor {fmt(f)} each step, so the forecast levels off at "
            f"{fmt(b)} + {factor(b - a)} × {factor(f)} / (1 - {factor(f)}) = {fmt(limit)}; the prediction "
            "intervals keep widening."
        )
    else:
        note = ""
    return Worked("arima", "s3-classical-forecasting", r"levels off", tuple(steps), note)


# --- one SGD step on a one-weight squared error (s3-dl-frameworks) ----------------------------------


def sgd_weight(question: str) -> Worked | None:
    """L = (w x - y)^2 with numbers for w, x, y and the learning rate: loss, dL/dw = 2(wx - y)x, one
    step; and, when the learner forgot zero_grad before a second backward, the doubled gradient."""
    if not re.search(r"\(\s*w\s*\*?\s*x\s*-\s*y\s*\)\s*(?:\^|\*\*)\s*2", question):
        return None

    one = partial(labelled, question, sep="=?")

    w, x, y = one(r"\bw"), one(r"(?:input\s+)?\bx"), one(r"(?:target\s+)?\by")
    lr = one(r"learning rate|\blr\b|\beta\b|η")
    if None in (w, x, y, lr):
        return None
    pred = w * x
    loss = (pred - y) ** 2
    grad = 2 * (pred - y) * x
    steps = [
        f"prediction w x = {fmt(w)} × {fmt(x)} = {fmt(pred)}; loss ({fmt(pred)} - {fmt(y)})² = {fmt(loss)}",
        f"dL/dw = 2(wx - y)x = 2 × {factor(pred - y)} × {factor(x)} = {fmt(grad)}",
        f"one SGD step: w = {fmt(w)} - {fmt(lr)} × {factor(grad)} = {fmt(w - lr * grad)}",
    ]
    if re.search(r"zero_grad", question) and re.search(r"twice|two times|2 times", question, re.I):
        steps.append(
            f"backward() twice without zero_grad(): the gradients add up to 2 × {factor(grad)} = {fmt(2 * grad)}, "
            f"so w = {fmt(w)} - {fmt(lr)} × {factor(2 * grad)} = {fmt(w - lr * 2 * grad)}"
        )
        return Worked("sgd_weight", "s3-dl-frameworks", r"dL/dw = 2\(wx - y\)", tuple(steps))
    # "do 3 steps the correct way and 3 steps without zero_grad": a step per batch, the stale sum beside it
    count = re.search(r"\b(\d|two|three|four|five)\s+(?:SGD\s+)?(?:steps|updates|iterations)\b", question, re.I)
    n = (WORDS.get(count[1].lower()) or int(count[1])) if count else 1
    if 2 <= n <= 6:
        for label, stale in (("with zero_grad()", False), ("without zero_grad()", True)):
            if stale and not re.search(r"zero_grad", question):
                break
            cur, acc, shown = w, 0.0, []
            for k in range(1, n + 1):
                g = 2 * (cur * x - y) * x
                acc = acc + g if stale else g
                cur = cur - lr * acc
                kept = f" (.grad holds {fmt(acc)}: this step's {fmt(g)} added to the old)" if stale and k > 1 else ""
                shown.append(f"step {k}: gradient {fmt(g)}{kept}, w = {fmt(cur)}")
            steps.append(f"{n} steps {label}: " + "; ".join(shown) + f"; loss then {fmt((cur * x - y) ** 2)}")
    return Worked("sgd_weight", "s3-dl-frameworks", r"dL/dw = 2\(wx - y\)", tuple(steps))


# --- backpropagation through a chain of scalar weights (c-backpropagation) ----------------------------

_ID = r"[^\W\d]\w*"
# one link of the chain, a product and nothing more: "h = w1*x", "yhat = h · w2" (not "h = w1*x + b", "relu(...)")
_LINK = re.compile(rf"(?<![\w'])({_ID})\s*=\s*({_ID})\s*[*·×]\s*({_ID})(?![\w'(]|\s*[-+*/^·×(]\s*[\w(.])")
# the squared error on the chain's output, maybe scaled: "(yhat - y)^2", "0.5*(y - ŷ)**2", "½(yhat - y)²"
_SQUARED = re.compile(
    rf"(?<![\w.])(?:({NUM}|\(1/2\)|1/2|½)\s*[*·×]?\s*)?\(\s*({_ID})\s*-\s*({_ID})\s*\)\s*(?:\^\s*2|\*\*\s*2|²)(?![\d.])"
)
# a link through an activation: "h = sigmoid(w1*x)", "h = tanh(w1 · x)"
_ACT_LINK = re.compile(rf"(?<![\w'])({_ID})\s*=\s*(sigmoid|σ|tanh|relu)\s*\(\s*({_ID})\s*[*·×]\s*({_ID})\s*\)", re.I)
_ACTS: dict[str, tuple[Callable[[float], float], Callable[[float, float], float], str]] = {
    # name: (f(z), f'(z) given z and f(z), how the derivative is written)
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z, a: a * (1 - a), "σ(z)(1 - σ(z))"),
    "tanh": (math.tanh, lambda z, a: 1 - a * a, "1 - tanh²(z)"),
    "relu": (lambda z: max(0.0, z), lambda z, a: 1.0 if z > 0 else 0.0, "1 if z > 0, else 0"),
}
_WEIGHT = re.compile(r"(?:w|θ|theta|weight)", re.I)
_INPUT = re.compile(r"x\w{0,2}|inputs?", re.I)


def _value(question: str, name: str) -> float | None:
    """The one number a name is set to ("w1 = 2", "x is 1.5"); None when unset or set to two numbers."""
    found = set(re.findall(rf"(?<![\w']){re.escape(name)}\s*(?:=|is)\s*({NUM})(?![\w*/(·×])", question))
    return to_float(found.pop()) if len(found) == 1 else None


def _chain(question: str, out: str) -> list[tuple[str, str, str]] | None:
    """The links from the input up to `out` as (variable, weight, factor below): "h = w1*x, yhat = w2*h" gives
    [('h', 'w1', 'x'), ('yhat', 'w2', 'h')]. None when a link is defined twice, multiplies two variables, or its
    bottom has no clear weight (named like one, or beside the input x)."""
    links: dict[str, tuple[str, str]] = {}
    found = _LINK.findall(question) + [(name, a, b) for name, _, a, b in _ACT_LINK.findall(question)]
    for name, a, b in found:
        if links.get(name, (a, b)) != (a, b):
            return None
        links[name] = (a, b)
    chain: list[tuple[str, str, str]] = []
    cur = out
    while cur in links and len(chain) < 6:
        a, b = links[cur]
        if (a in links) == (b in links):  # the bottom link: the weight is named like one, or the input is
            if a in links:
                return None
            if bool(_WEIGHT.match(a)) != bool(_WEIGHT.match(b)):
                weight, below = (a, b) if _WEIGHT.match(a) else (b, a)
            elif bool(_INPUT.fullmatch(a)) != bool(_INPUT.fullmatch(b)):
                weight, below = (b, a) if _INPUT.fullmatch(a) else (a, b)
            else:
                return None
        else:
            weight, below = (b, a) if a in links else (a, b)
        chain.insert(0, (cur, weight, below))
        cur = below
    if not chain or cur in links or len({w for _, w, _ in chain}) != len(chain):
        return None
    return chain


def backprop(question: str) -> Worked | None:
    """A chain of scalar weights (h = w1 x, yhat = w2 h), a link maybe through an activation
    (h = sigmoid(w1 x)), under a squared error: the forward pass, the backward pass by the chain rule (each
    weight's gradient is the incoming gradient, times the activation's derivative at the link's input z,
    times the cached value below it), and, with a learning rate, one gradient descent step and the loss
    after it."""
    losses = {(m[1] or "", m[2], m[3]) for m in _SQUARED.finditer(question)}
    if len(losses) != 1:
        return None
    coef_text, first, second = losses.pop()
    at = _SQUARED.search(question)
    if re.search(r"(?:[*/·×]\s*[\w.]*|[\d.)])\s*$", question[: at.start()]):  # "1/n (yhat - y)^2": a factor unread
        return None
    coef = 0.5 if coef_text.strip("()") in ("1/2", "½") else to_float(coef_text) if coef_text else 1.0
    acts = {name: ("sigmoid" if f == "σ" else f.lower()) for name, f, _, _ in _ACT_LINK.findall(question)}
    links = {name for name, _, _ in _LINK.findall(question)} | set(acts)
    if (first in links) == (second in links) or coef <= 0:
        return None
    out, target = (first, second) if first in links else (second, first)
    chain = _chain(question, out)
    if chain is None:
        return None
    x = chain[0][2]
    values = {n: _value(question, n) for n in (x, target, *(w for _, w, _ in chain))}
    asked = set(re.findall(rf"(?:d|∂)\s*(?:L|loss|J|E)\s*/\s*(?:d|∂)\s*({_ID})", question))
    known = {x, *(v for v, _, _ in chain), *(w for _, w, _ in chain)}
    if None in values.values() or not asked <= known:
        return None  # a number missing, or a gradient asked for a weight the chain does not reach

    def run(weights: dict[str, float]) -> tuple[list[float], list[float], float]:
        """Each variable's value up the chain (the input first), each link's input z, and the loss."""
        vals, zs = [values[x]], []
        for v, w, _ in chain:
            zs.append(weights[w] * vals[-1])
            vals.append(_ACTS[acts[v]][0](zs[-1]) if v in acts else zs[-1])
        return vals, zs, coef * (vals[-1] - values[target]) ** 2

    weights = {w: values[w] for _, w, _ in chain}
    vals, zs, loss = run(weights)
    y, err = values[target], vals[-1] - values[target]
    shown = []
    for i, (v, w, below) in enumerate(chain):
        product = f"{w} × {below} = {factor(weights[w])} × {factor(vals[i])}"
        if v in acts:
            shown.append(f"{v} = {acts[v]}({product}) = {acts[v]}({fmt(zs[i])}) = {fmt(vals[i + 1])}")
        else:
            shown.append(f"{v} = {product} = {fmt(vals[i + 1])}")
    times = f"{fmt(coef)} × " if coef != 1 else ""
    diff = {out: vals[-1], target: y}
    written = f"{times}({first} - {second})²"
    steps = [
        f"forward pass: {'; '.join(shown)}",
        f"loss L = {written} = {times}({fmt(diff[first])} - {factor(diff[second])})² = {fmt(loss)}",
        f"backward pass: dL/d{out} = {fmt(2 * coef)}({out} - {target}) = {fmt(2 * coef)} × {factor(err)} = "
        f"{fmt(2 * coef * err)}"
        if coef != 0.5
        else f"backward pass: dL/d{out} = {out} - {target} = {fmt(err)} (the ½ cancels the 2 of the square)",
    ]
    grad, grads = 2 * coef * err, {}
    for i in range(len(chain) - 1, -1, -1):
        v, w, below = chain[i]
        if v in acts:
            name = acts[v]
            d = _ACTS[name][1](zs[i], vals[i + 1])
            steps.append(
                f"through the {name}: {name}'(z) = {_ACTS[name][2]} = {fmt(d)} at z = {fmt(zs[i])}, so dL/dz = "
                f"{factor(grad)} × {fmt(d)} = {fmt(grad * d)}"
            )
            grad *= d
        incoming = factor(grad) if acts else f"dL/d{v}"  # with an activation the incoming gradient is dL/dz
        grads[w] = grad * vals[i]
        steps.append(f"dL/d{w} = {incoming} × {below} = {factor(grad)} × {factor(vals[i])} = {fmt(grads[w])}")
        if i:
            steps.append(
                f"dL/d{below} = {incoming} × {w} = {factor(grad)} × {factor(weights[w])} = {fmt(grad * weights[w])}"
            )
            grad *= weights[w]
    lr = labelled(question, r"learning rate|\blr\b|\beta\b|η|step size")
    if lr is not None and lr > 0:
        new = {w: weights[w] - lr * grads[w] for w in weights}
        steps.append(
            f"one gradient descent step with learning rate {fmt(lr)}: "
            + "; ".join(f"{w} = {fmt(weights[w])} - {fmt(lr)} × {factor(grads[w])} = {fmt(new[w])}" for w in weights)
        )
        after, _, loss_after = run(new)
        if acts:
            value = fmt(after[-1])
        else:
            value = " × ".join(factor(v) for v in [*(new[w] for _, w, _ in reversed(chain)), values[x]])
            value += f" = {fmt(after[-1])}"
        diff = {out: after[-1], target: y}
        steps.append(
            f"loss after the step: {out} = {value}, L = {times}({fmt(diff[first])} - {factor(diff[second])})² = "
            f"{fmt(loss_after)}, {'down' if loss_after < loss else 'up'} from {fmt(loss)}"
        )
    note = "Backpropagation only computes the gradients; the gradient descent step is what changes the weights."
    if "sigmoid" in acts.values():
        note = (
            "Each activation multiplies the gradient flowing back by its derivative (at most 0.25 for a sigmoid), "
            "which is why deep stacks of sigmoids learn slowly in their early layers."
        )
    return Worked("backprop", "c-backpropagation", r"two-weight example", tuple(steps), note)


# --- a tiny network's forward pass, loss and output-layer gradient (s3-neural-networks) ---------------


_UNIT_WORDS = re.compile(
    rf"\bunit\s*(\d)\s+(?:has|with)\s+weights?\s*(\[[^\]]*\])\s*(?:,|and|,\s*and)\s*bias\s*(?:of|=|is)?\s*({NUM})",
    re.I,
)
_OUTPUT_WORDS = re.compile(
    rf"\boutput\b[^.;]*?\bweights?\s*(\[[^\]]*\])\s*(?:,|and|,\s*and)\s*bias\s*(?:of|=|is)?\s*({NUM})", re.I
)


def _units_in_words(question: str) -> tuple:
    """'unit 1 has weights [1, 3] and bias 0, unit 2 has weights [0.5, -2] and bias 0.5. Output: one
    sigmoid unit with weights [1.5, -0.4] and bias 0.6' -> W1, b1, w2, b2 (None where not read once)."""
    units = {int(n): (literal(w), to_float(b)) for n, w, b in _UNIT_WORDS.findall(question)}
    out = _OUTPUT_WORDS.findall(question)
    if not units or sorted(units) != list(range(1, len(units) + 1)) or len(out) != 1:
        return None, None, None, None
    w1 = [units[n][0] for n in sorted(units)]
    b1 = [units[n][1] for n in sorted(units)]
    return w1, b1, literal(out[0][0]), [to_float(out[0][1])]


def _hidden_gradients(
    x: list, w1: list, b1: list, w2: list, b2: float, pre: list, p: float, y: int, rate: float | None
) -> list[str]:
    """Backpropagation past w2 (dL/db2, dL/dh, through the ReLU to dL/dW1 and dL/db1) and, with a learning rate,
    one SGD step on every parameter and the loss after it."""
    d = p - y
    dh = [d * a for a in w2]
    delta = [g if v > 0 else 0.0 for g, v in zip(dh, pre, strict=True)]
    dw1 = [[dd * xi for xi in x] for dd in delta]

    def mat(m: list) -> str:
        return "[" + ", ".join(vec([round(v, 4) for v in row]) for row in m) + "]"

    r4 = [round(v, 4) for v in delta]
    steps = [
        f"dL/db2 = p - y = {fmt(d)}; dL/dh = (p - y) w2 = {vec([round(v, 4) for v in dh])}",
        f"through the ReLU (gradient only where the pre-activation > 0): dL/d(pre-activations) = {vec(r4)}; "
        f"dL/dW1 = that × xᵀ = {mat(dw1)}; dL/db1 = {vec(r4)}",
    ]
    if rate is None:
        return steps
    nw1 = [[a - rate * g for a, g in zip(row, grow, strict=True)] for row, grow in zip(w1, dw1, strict=True)]
    nb1 = [a - rate * g for a, g in zip(b1, delta, strict=True)]
    nw2 = [a - rate * d * v for a, v in zip(w2, [max(0.0, v) for v in pre], strict=True)]
    nb2 = b2 - rate * d
    npre = [sum(a * c for a, c in zip(row, x, strict=True)) + bb for row, bb in zip(nw1, nb1, strict=True)]
    nh = [max(0.0, v) for v in npre]
    nz = sum(a * c for a, c in zip(nw2, nh, strict=True)) + nb2
    np_ = 1 / (1 + math.exp(-nz))
    loss = -math.log(np_ if y == 1 else 1 - np_)
    steps += [
        f"one SGD step on every parameter (θ ← θ - {fmt(rate)} × dL/dθ): W1 = {mat(nw1)}, "
        f"b1 = {vec([round(v, 4) for v in nb1])}, w2 = {vec([round(v, 4) for v in nw2])}, b2 = {fmt(nb2)}",
        f"forward again: h = {vec([round(v, 4) for v in nh])}, z = {fmt(nz)}, p = σ({fmt(nz)}) = {fmt(np_)}; "
        f"new loss {'-ln p' if y else '-ln(1 - p)'} = {fmt(loss)}",
    ]
    return steps


def forward(question: str) -> Worked | None:
    """x -> ReLU(W1 x + b1) -> sigmoid(w2 · h + b2), then cross-entropy and dL/dw2 = (p - y) h."""
    if not re.search(r"relu", question, re.I) or not re.search(r"sigmoid", question, re.I):
        return None
    x, w1, b1 = named_value(question, "x"), named_value(question, "W_?1"), named_value(question, "b_?1")
    w2, b2 = named_value(question, "w_?2"), named_value(question, "b_?2")
    if w1 is None and b1 is None and w2 is None and b2 is None:  # each unit described in words
        w1, b1, w2, b2 = _units_in_words(question)
    if None in (x, w1, b1, w2, b2) or shape_of(w1) != (len(b1), len(x)) or len(w2) != len(b1) or len(b2) != 1:
        return None
    pre = [sum(a * c for a, c in zip(row, x, strict=True)) + bb for row, bb in zip(w1, b1, strict=True)]
    h = [max(0.0, v) for v in pre]
    z = sum(a * c for a, c in zip(w2, h, strict=True)) + b2[0]
    p = 1 / (1 + math.exp(-z))
    steps = [
        f"hidden pre-activations W1 x + b1 = {vec(pre)}; after ReLU h = {vec(h)}",
        f"output z = w2 · h + b2 = {fmt(z)}; p = σ({fmt(z)}) = {fmt(p)}",
    ]
    label = re.search(r"(?:true label|label|y)\s*(?:is|=)?\s*([01])\b", question, re.I)
    if label:
        y = int(label[1])
        loss = -math.log(p if y == 1 else 1 - p)
        steps.append(f"cross-entropy for y = {y}: {'-ln p' if y else '-ln(1 - p)'} = {fmt(loss)}")
        grad = [(p - y) * v for v in h]
        steps.append(f"dL/dz = p - y = {fmt(p - y)}; dL/dw2 = (p - y) h = {vec([round(g, 4) for g in grad])}")
        rate = labelled(question, r"learning rate|\blr\b|η")
        if rate is not None:
            new = [a - rate * g for a, g in zip(w2, grad, strict=True)]
            shown = vec([round(v, 4) for v in new])
            steps.append(f"one step with learning rate {fmt(rate)}: w2 ← w2 - {fmt(rate)} × dL/dw2 = {shown}")
        if re.search(r"gradients?\b[^.?]{0,60}\b(?:W_?1|b_?1|b_?2)\b|new loss|loss after", question, re.I):
            steps += _hidden_gradients(x, w1, b1, w2, b2[0], pre, p, y, rate)
    dead = [i + 1 for i, v in enumerate(pre) if v <= 0]
    note = (
        f"Hidden unit {', '.join(map(str, dead))} is inactive (ReLU output 0), so its output weight gets no gradient."
        if dead and label
        else ""
    )
    return Worked("forward", "s3-neural-networks", r"A tiny network", tuple(steps), note)


# --- BPE merges by hand (s3-tokenization-embeddings) -------------------------------------------------


def bpe(question: str) -> Worked | None:
    """Word counts ("hug x6, hugs x2, bug x3") -> the first merges, most frequent adjacent pair first;
    a tie for the top pair stops the list (which pair wins is a convention, not the method)."""
    if not re.search(r"\bbpe\b|byte[- ]pair", question, re.I):
        return None
    counted = list(re.finditer(r"['\"]?([a-z]+)['\"]?\s*(?:x|×|\*|:)\s*(\d+)\b", question, re.I))
    words = [(m[1], m[2]) for m in counted]
    want = re.search(r"(?:first|learn)\s+(\d+|two|three|four|five)\s+merges|(\d+)\s+merges", question, re.I)
    if len(words) < 2 or not want:
        return None
    count_word = want[1] or want[2]
    k = int(count_word) if count_word.isdigit() else WORDS[count_word.lower()]
    vocab = {tuple(w.lower()): int(c) for w, c in words}
    start = list(vocab)
    steps, merges = [], []
    pairs_learned: list[tuple[str, str]] = []
    for step in range(1, min(k, 6) + 1):
        pairs: dict[tuple[str, str], int] = {}
        for symbols, c in vocab.items():
            for a, b in zip(symbols, symbols[1:], strict=False):
                pairs[(a, b)] = pairs.get((a, b), 0) + c
        if not pairs:
            break
        ranked = sorted(pairs.items(), key=lambda kv: -kv[1])
        top, best = ranked[0]
        shown = ", ".join(f"({a},{b}) {c}" for (a, b), c in ranked[:4])
        if len(ranked) > 1 and ranked[1][1] == best:
            steps.append(
                f"merge {step}: pair counts {shown}: a tie for the most frequent pair, so the next "
                "merge depends on the tie-break"
            )
            break
        merged = top[0] + top[1]
        merges.append(merged)
        pairs_learned.append(top)
        steps.append(f"merge {step}: pair counts {shown} → merge {top[0]} + {top[1]} = '{merged}'")
        new_vocab = {}
        for symbols, c in vocab.items():
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == top:
                    out.append(merged)
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            new_vocab[tuple(out)] = c
        vocab = new_vocab
    if not merges:
        return None
    steps.append(f"learned merges in order: {merges}")
    # the words to tokenize, in the order the question names them: (position, word)
    asked = [
        (m.start(g), m[g])
        for m in re.finditer(
            r"(?:unseen|new)\s+words?\s+['\"]?([a-z]+)['\"]?(?:\s*(?:and|,)\s*['\"]?([a-z]+)['\"]?)?", question, re.I
        )
        for g in (1, 2)
        if m[g]
    ]
    if re.search(r"tokeni[sz]|encode|segment|split", question, re.I):  # "how would 'nuns' be tokenized?"
        # every quoted word outside the corpus listing, a training word too ("how would 'hugs' be tokenized")
        asked += [
            (m.start(1), m[1])
            for m in re.finditer(r"['\"]([a-z]+)['\"]", question, re.I)
            if not any(c.start() <= m.start() < c.end() for c in counted)
        ]
    base = {ch for symbols in start for ch in symbols}
    for w in dict.fromkeys(w for _, w in sorted(asked)):
        unknown = sorted({ch for ch in w.lower() if ch not in base})
        if unknown:
            steps.append(
                f"'{w}': {', '.join(repr(c) for c in unknown)} is not in the base vocabulary (the characters of the "
                "training words), so it becomes the unknown token [UNK]; a byte-level BPE would start from all 256 "
                "bytes and never need one"
            )
        symbols = ["[UNK]" if ch in unknown else ch for ch in w.lower()]
        for top in pairs_learned:
            i, out = 0, []
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == top:
                    out.append(top[0] + top[1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            symbols = out
        steps.append(f"'{w}' → {' | '.join(symbols)} (the merges applied in the order learned)")
    return Worked("bpe", "s3-tokenization-embeddings", r"BPE by hand", tuple(steps))


# --- batch normalization of one feature in training mode (c-dropout-batchnorm) ----------------------


def batchnorm(question: str) -> Worked | None:
    """Batch mean and (biased) variance, x_hat, then gamma * x_hat + beta."""
    if not re.search(r"batch[ -]?norm", question, re.I):
        return None
    if re.search(r"\beval\b|inference|running", question, re.I) and not re.search(r"train", question, re.I):
        return None  # eval mode uses running statistics, which the question would have to give

    one = partial(labelled, question, sep="(?:=|:|is|of)")

    # one feature's batch: a flat list, or a column as PyTorch takes it ("torch.tensor([[10.], [14.], [18.]])")
    lists = [
        v if len(shape) == 1 else [row[0] for row in v]
        for _, t in bracketed(question)
        if (v := literal(t)) is not None and (shape := shape_of(v) or ()) and shape[0] > 1 and shape[1:] in ((), (1,))
    ]
    if not lists:
        lists = prose_lists(question)
    gamma, beta = one(r"gamma|γ|scale"), one(r"beta|β|shift")
    if len(lists) != 1 or not 2 <= len(lists[0]) <= 12:
        return None
    gamma = 1.0 if gamma is None and not re.search(r"gamma|γ", question, re.I) else gamma
    beta = 0.0 if beta is None and not re.search(r"beta|β", question, re.I) else beta
    if gamma is None or beta is None:
        return None
    eps = one(r"eps(?:ilon)?|ε")
    eps = 0.0 if eps is None else eps
    xs = lists[0]
    mean = sum(xs) / len(xs)
    var = sum((x - mean) ** 2 for x in xs) / len(xs)
    if var + eps <= 0:
        return None
    sd = math.sqrt(var + eps)
    x_hat = [(x - mean) / sd for x in xs]
    out = [gamma * v + beta for v in x_hat]
    eps_text = f" + {fmt(eps)}" if eps else ""
    steps = [
        f"batch mean μ_B = {fmt(sum(xs))} / {len(xs)} = {fmt(mean)}",
        f"batch variance σ_B² = ({' + '.join(fmt((x - mean) ** 2) for x in xs)}) / {len(xs)} = {fmt(var)} "
        "(divided by the batch size, not n - 1)",
        f"x̂ = (x - {factor(mean)}) / √({fmt(var)}{eps_text}) = {vec([round(v, 4) for v in x_hat])}",
        f"output = γ x̂ + β = {fmt(gamma)} × x̂ + {factor(beta)} = {vec([round(v, 4) for v in out])}",
    ]
    steps += _running(question, mean, var * len(xs) / (len(xs) - 1))
    note = "In eval mode the layer would use its running mean and variance instead of this batch's."
    return Worked("batchnorm", "c-dropout-batchnorm", r"forms x_hat = \(x - mu_B\)", tuple(steps), note)


_START = re.compile(
    rf"(?:start\w*|began|begins?|initial\w*|init)\s*(?:at|from|as|to|with|value)?\s*(?:=|of|is)?\s*({NUM})", re.I
)


def _running(question: str, mean: float, unbiased: float) -> list[str]:
    """The running mean and variance after this batch, each when asked and its start is known. PyTorch keeps
    (1 - momentum) of the old value (default 0.1) and uses the unbiased (n - 1) batch variance; Keras keeps
    momentum of it (default 0.99). With neither framework named the convention is unknown: nothing."""
    torch = re.search(r"torch|\bnn\.BatchNorm", question, re.I)
    keras = re.search(r"keras|tensorflow|\btf\.", question, re.I)
    if bool(torch) == bool(keras):
        return []
    momentum = labelled(question, r"momentum", sep=r"(?:=|of|is|:)?")
    momentum = momentum if momentum is not None else (0.1 if torch else 0.99)
    keep = 1 - momentum if torch else momentum
    if not 0 <= keep <= 1:
        return []
    fresh = re.search(r"nn\.BatchNorm\w*\(|BatchNormalization\(", question) and not _START.search(question)
    sentences = re.split(r"[.?!](?:\s|$)", question)
    steps = []
    for stat, other, batch, default in (("mean", "var", mean, 0.0), ("var", "mean", unbiased, 1.0)):
        if stat == "var" and not torch:
            continue  # which batch variance Keras averages in is not the reading's
        asked = [s for s in sentences if re.search(rf"(?:running|moving)[_ ]{stat}", s, re.I)]
        if not asked:
            continue
        starts = {
            to_float(n)
            for s in asked
            if not re.search(rf"(?:running|moving)[_ ]{other}", s, re.I)
            for n in _START.findall(s)
        }
        if len(starts) != 1 and not fresh:
            continue
        start = starts.pop() if starts else default  # a new PyTorch layer starts at mean 0, variance 1
        new = keep * start + (1 - keep) * batch
        name = "running_mean" if stat == "mean" else "running_var"
        why = " (PyTorch averages in the unbiased batch variance, divided by n - 1)" if stat == "var" else ""
        steps.append(f"{name} = {fmt(keep)} × {factor(start)} + {fmt(1 - keep)} × {factor(batch)} = {fmt(new)}{why}")
    return steps


# --- ROUGE-1 of a summary against a reference (s3-nlp-tasks) ------------------------------------------


_VECTOR = re.compile(r"\b(v_?c|u_?o|u_?\d|u_?k\d?)\s*(?:=|:|is)\s*(\[[^\]]*\])", re.I)
_VOCAB = re.compile(
    rf"({NUM})(?:[- ](?:word|token))?\s*(?:-?word|-?token)?\s*vocab(?:ulary)?\b[^.?]*?\bd\s*=\s*({NUM})", re.I
)


def negative_sampling(question: str) -> Worked | None:
    """Word2Vec's negative-sampling objective log σ(u_o · v_c) + Σ_k log σ(-u_k · v_c) for the vectors
    the learner names (v_c, u_o, u_1 ... u_K), term by term; and an embedding matrix's |V| × d
    parameters when a vocabulary size and d are given."""
    if not re.search(r"negative sampling|word2vec|skip-?gram|embedding (?:matrix|table)", question, re.I):
        return None
    steps: list[str] = []
    vectors: dict[str, list[float]] = {}
    for name, text in _VECTOR.findall(question):
        key = name.lower().replace("_", "")
        values = literal(text)
        if values is None or any(isinstance(v, list) for v in values) or key in vectors:
            return None
        vectors[key] = [float(v) for v in values]
    centre, context = vectors.get("vc"), vectors.get("uo")
    negatives = [(k, v) for k, v in vectors.items() if k not in ("vc", "uo")]
    if centre and context and negatives and re.search(r"negative", question, re.I):
        if any(len(v) != len(centre) for v in [context, *(v for _, v in negatives)]):
            return None

        def dot(a: list[float], b: list[float]) -> float:
            return sum(x * y for x, y in zip(a, b, strict=True))

        def log_sigmoid(z: float) -> float:
            return -math.log1p(math.exp(-z))

        z = dot(context, centre)
        terms = [log_sigmoid(z)]
        steps.append(f"u_o · v_c = {fmt(z)}; log σ({fmt(z)}) = ln {fmt(1 / (1 + math.exp(-z)))} = {fmt(terms[0])}")
        for name, u in negatives:
            zk = dot(u, centre)
            terms.append(log_sigmoid(-zk))
            steps.append(
                f"{name[0]}_{name[1:]} · v_c = {fmt(zk)}; log σ({fmt(-zk)}) = ln {fmt(1 / (1 + math.exp(zk)))} = "
                f"{fmt(terms[-1])}"
            )
        steps.append(
            f"objective (maximized) = {' + '.join(f'({fmt(t)})' for t in terms)} = {fmt(sum(terms))}; "
            f"as a loss, {fmt(-sum(terms))}"
        )
    vocab = _VOCAB.search(question)
    if vocab:
        size, d = to_float(vocab[1]), to_float(vocab[2])
        steps.append(f"embedding matrix |V| × d = {fmt(size)} × {fmt(d)} = {fmt(size * d)} parameters")
    if not steps:
        return None
    note = (
        "Training raises u_o · v_c and lowers each negative's dot product; the negative with the largest dot "
        "product costs the most."
        if centre and context
        else ""
    )
    return Worked("negative_sampling", "s3-tokenization-embeddings", r"negative sampling", tuple(steps), note)


def minibatch_updates(question: str) -> Worked | None:
    """Parameter updates per epoch: one for full-batch gradient descent, ⌈N / B⌉ for mini-batches of B
    (the last one smaller when B does not divide N), N for one example at a time; times the epochs."""
    if not re.search(r"\b(?:updates?|steps?|iterations?)\b", question, re.I) or not re.search(r"epoch", question, re.I):
        return None
    batch = labelled(question, r"(?:mini-?)?batch(?:es)?(?: size)?", sep=r"(?:of|=|:|is)?")
    size = re.findall(rf"({NUM})\s+(?:training\s+)?(?:examples|samples|rows|images|data points)", question, re.I)
    epochs = {to_float(e) for e in re.findall(rf"({NUM})\s+epochs", question, re.I)}
    if batch is None or len(set(size)) != 1 or len(epochs) > 1:
        return None
    n = to_float(size[0])
    if not (n == int(n) and batch == int(batch) and 1 <= batch < n):
        return None
    per = math.ceil(n / batch)
    exact = f"{fmt(n)} / {fmt(batch)} = {fmt(per)}" if n % batch == 0 else f"⌈{fmt(n)} / {fmt(batch)}⌉ = {fmt(per)}"
    steps = [f"mini-batches of {fmt(batch)}: {exact} updates per epoch"]
    if n % batch:
        steps[-1] += f" (the last batch holds {fmt(n - (per - 1) * batch)} examples)"
    if re.search(r"full[- ]batch|batch gradient descent", question, re.I):
        steps.append("full-batch gradient descent: 1 update per epoch (the gradient over all examples)")
    if (
        re.search(r"\bSGD\b|one example at a time|stochastic gradient descent", question, re.I)
        and "mini" not in question
    ):
        steps.append(f"one example at a time: {fmt(n)} updates per epoch")
    if epochs:
        e = epochs.pop()
        steps.append(f"after {fmt(e)} epochs: {fmt(per)} × {fmt(e)} = {fmt(per * e)} mini-batch updates")
        if re.search(r"full[- ]batch|batch gradient descent", question, re.I):
            steps[-1] += f", against {fmt(e)} full-batch ones"
    note = (
        "Each mini-batch gradient is an estimate from a sample of the data, so the per-step loss is noisy; a "
        "zig-zag that still trends down is expected."
    )
    return Worked("minibatch_updates", "c-gradient-descent", r"updates? per epoch", tuple(steps), note)


def rouge(question: str) -> Worked | None:
    """ROUGE-N (n = 1, and 2 when asked) of each candidate against the reference: n-gram overlap with
    counts clipped to the reference, recall, precision and F1. The reference is the quoted text after
    the word "reference"; each other quoted text is a candidate, named by the label before it
    ("Candidate A: '...'")."""
    if not re.search(r"rouge", question, re.I):
        return None
    lcs_asked = bool(re.search(r"rouge[- ]?l\b", question, re.I))
    orders = [1] + ([2] if re.search(r"rouge[- ]?2\b", question, re.I) else [])
    if re.search(r"rouge[- ]?2\b", question, re.I) and not re.search(
        r"rouge[- ]?1\b|rouge\b(?![- ]?[2l]\b)", question, re.I
    ):
        orders = [2]
    if lcs_asked and not re.search(r"rouge[- ]?[12]\b|rouge\b(?![- ]?[12l]\b)", question, re.I):
        orders = []  # ROUGE-L alone
    # a quote opens after a non-letter and closes before one: "system's summary: 'the phone ...'" is not
    # quoted from the apostrophe of "system's" (heldout26 read "s summary: " as the candidate)
    quoted = [
        (m.start(), m[1] or m[2])
        for m in re.finditer(r"(?<![A-Za-z])'([^']{3,}?)'(?![A-Za-z])|\"([^\"]{3,})\"", question)
    ]
    ref_at = re.search(r"reference|gold|human|target", question, re.I)
    if len(quoted) < 2 or not ref_at:
        return None
    after = [q for q in quoted if q[0] > ref_at.start()]
    if not after:
        return None
    ref = after[0]
    others = [q for q in quoted if q is not ref]

    def grams(text: str, n: int) -> list[str]:
        words = re.findall(r"[a-z0-9]+", text.lower())
        return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]

    # a quoted single word is a word the learner names ("it covers 'the' four times and 'company' twice"),
    # not a summary: heldout37 worked 'the' and 'company' as candidates 2 and 3
    summaries = [q for q in others if len(grams(q[1], 1)) >= 2]
    others = summaries or others
    if len(others) > 3:
        return None

    def label(at: int, n: int) -> str:
        before = re.search(
            r"(candidate\s+\w+|summary\s+\w\b|\b[A-Z]\b)\s*[:=]?\s*$", question[max(0, at - 20) : at], re.I
        )
        return before[1] if before and len(others) > 1 else ("your summary" if len(others) == 1 else f"candidate {n}")

    steps: list[str] = []
    for n_cand, (at, cand) in enumerate(others, 1):
        name = label(at, n_cand)
        for n in orders:
            r_g, c_g = grams(ref[1], n), grams(cand, n)
            if not r_g or not c_g:
                return None
            r_count: dict[str, int] = {}
            for g in r_g:
                r_count[g] = r_count.get(g, 0) + 1
            c_count: dict[str, int] = {}
            for g in c_g:
                c_count[g] = c_count.get(g, 0) + 1
            shared = {g: min(c, r_count[g]) for g, c in c_count.items() if g in r_count}
            overlap = sum(shared.values())
            recall, precision = overlap / len(r_g), overlap / len(c_g)
            f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
            unit = "unigrams" if n == 1 else "bigrams"
            listed = ", ".join(f"{g} ({k})" if k > 1 else g for g, k in shared.items()) or "none"
            head = f"{name}, ROUGE-{n}: " if len(others) > 1 or len(orders) > 1 or lcs_asked else ""
            steps += [
                f"{head}reference: {len(r_g)} {unit}; {name}: {len(c_g)} {unit}",
                f"shared {unit}, each counted at most as often as in the reference: {listed} = {overlap}",
                f"recall = {overlap} / {len(r_g)} = {fmt(recall)}; "
                f"precision = {overlap} / {len(c_g)} = {fmt(precision)}",
                f"F1 = 2PR / (P + R) = {fmt(f1)}",
            ]
        if lcs_asked:
            steps += _rouge_l(grams(ref[1], 1), grams(cand, 1), name, f"{name}, " if len(others) > 1 else "")
    note = "ROUGE counts shared words, not meaning: factual accuracy does not enter it."
    if orders == [1]:
        note = "ROUGE-1 counts shared words wherever they stand, so word order and factual accuracy do not enter it."
    elif 1 in orders and 2 in orders:
        note = (
            "ROUGE-1 counts shared words wherever they stand, while ROUGE-2 counts adjacent word pairs, so moving "
            "one word keeps ROUGE-1 and breaks the pairs around it; neither checks meaning or facts."
        )
    if lcs_asked:
        note = (
            "ROUGE-1 counts shared words wherever they stand, so a reordered sentence keeps its ROUGE-1; ROUGE-L "
            "counts only the longest run of words in the same order (gaps allowed), so reordering lowers it. "
            "Neither checks meaning or facts."
        )
    # ROUGE-2 and ROUGE-L cite the reading's ROUGE-N/ROUGE-L definition; ROUGE-1 alone its worked ROUGE-1
    cue = r"ROUGE-N recall" if 2 in orders or lcs_asked else r"\*\*ROUGE-1 by hand\.\*\*"
    return Worked("rouge", "s3-nlp-tasks", cue, tuple(steps), note)


def _rouge_l(ref: list[str], cand: list[str], name: str, head: str) -> list[str]:
    """ROUGE-L steps: the longest common subsequence of the two word lists (by dynamic programming),
    recall LCS / reference length, precision LCS / candidate length, and F1."""
    if not ref or not cand:
        return []
    table = [[0] * (len(cand) + 1) for _ in range(len(ref) + 1)]
    for i, r in enumerate(ref, 1):
        for j, c in enumerate(cand, 1):
            table[i][j] = table[i - 1][j - 1] + 1 if r == c else max(table[i - 1][j], table[i][j - 1])
    common: list[str] = []
    i, j = len(ref), len(cand)
    while i and j:  # walk back to read one longest common subsequence
        if ref[i - 1] == cand[j - 1]:
            common.append(ref[i - 1])
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    lcs = table[-1][-1]
    recall, precision = lcs / len(ref), lcs / len(cand)
    f1 = 2 * precision * recall / (precision + recall) if lcs else 0.0
    shown = " ".join(reversed(common)) or "none"
    return [
        f'{head}ROUGE-L: longest common subsequence (words in the same order, gaps allowed): "{shown}" = {lcs} '
        f"words; reference {len(ref)} words, {name} {len(cand)}",
        f"ROUGE-L recall = {lcs} / {len(ref)} = {fmt(recall)}; precision = {lcs} / {len(cand)} = {fmt(precision)}; "
        f"F1 = {fmt(f1)}",
    ]


# --- value iteration on a small MDP described in words (s3-mdp) ------------------------------------

_VULGAR = {"½": "0.5", "¼": "0.25", "¾": "0.75", "⅓": "0.3333333333333333", "⅔": "0.6666666666666666"}
_PROB = re.compile(rf"(?:\bwp\b|with prob(?:ability)?|prob(?:ability)?\s*(?:of|=)?)\s*({NUM})", re.I)
_REWARD = r"\+?(-?\d+(?:\.\d+)?)"  # "+2", "-4", "0.5"
_STAY = re.compile(r"\b(?:stays?|staying|remains?|keeps? (?:you|it) in)\b", re.I)
_MOVE = re.compile(r"\b(?:moves?|goes|go|falls?(?: back)?|returns?|becomes?|jumps?|switch\w*|transitions?)\b", re.I)


def _options(text: str, here: str, states: list[str]) -> list[tuple[float, str]] | None:
    """'stays in B w.p. 0.8 or falls back to A w.p. 0.2' -> [(0.8, 'B'), (0.2, 'A')]."""
    parts = [p for p in re.split(r"\bor\b|;", text) if p.strip()]
    found = []
    for part in parts:
        named = [s for s in states if re.search(rf"(?<![\w']){re.escape(s)}(?![\w'])", part)]
        if _STAY.search(part) and not named:
            target = here
        elif len(named) == 1 and (_STAY.search(part) or _MOVE.search(part)):
            target = named[0]
        else:
            return None
        prob = _PROB.search(part)
        found.append((to_float(prob[1]) if prob else None, target))
    if len(found) == 1 and found[0][0] is None:
        return [(1.0, found[0][1])]
    if any(p is None for p, _ in found) or abs(sum(p for p, _ in found) - 1) > 1e-6:  # type: ignore[misc]
        return None
    return found  # type: ignore[return-value]


def _mdp(question: str) -> dict[str, dict[str, tuple[float, list[tuple[float, str]]]]] | None:
    """{state: {action: (reward, [(probability, next state)])}} from either 'state A: 'stay' gives
    +2 and stays in A, ...' or 'cool+slow → reward 1, stays cool; ...'; None when any action is unclear."""
    model: dict[str, dict[str, tuple[float, list[tuple[float, str]]]]] = {}
    question = re.sub(r"\bw\.\s*p\.", "wp", question, flags=re.I)  # "w.p. ½" is not a sentence end
    pairs = re.findall(
        rf"\b(\w+)\s*\+\s*(\w+)\s*(?:→|->|:)\s*(?:reward\s*)?{_REWARD}\s*,?\s*((?:[^;.]|\.(?=\d))*)", question, re.I
    )
    if len(pairs) != len(re.findall(r"\b\w+\s*\+\s*\w+\s*(?:→|->)", question)):
        return None  # a state+action written but not read
    if pairs:
        states = list(dict.fromkeys(s for s, *_ in pairs))
        for s, a, r, rest in pairs:
            options = _options(rest, s, states)
            if options is None or a in model.get(s, {}):
                return None
            model.setdefault(s, {})[a] = (to_float(r), options)
        return model
    blocks = list(re.finditer(r"(?:\bstate\s+|\bin\s+(?:state\s+)?)'?([A-Za-z]\w{0,9})'?\s*:", question, re.I))
    states = [b[1] for b in blocks]
    if len(set(states)) != len(states):
        return None
    for i, block in enumerate(blocks):
        end = blocks[i + 1].start() if i + 1 < len(blocks) else len(question)
        text = question[block.end() : end]
        verbs = r"['\"](\w+)['\"]\s+(?:gives|yields|earns|pays)\b"
        actions = list(re.finditer(rf"(?:action\s+)?{verbs}\s+(?:a\s+)?(?:reward\s+(?:of\s+)?)?{_REWARD}", text, re.I))
        if len(actions) != len(re.findall(verbs, text, re.I)):
            return None  # an action written but its reward not read
        for j, act in enumerate(actions):
            stop = actions[j + 1].start() if j + 1 < len(actions) else len(text)
            rest = re.split(r"\.\s", text[act.end() : stop])[0]
            options = _options(rest, block[1], states)
            if options is None:
                return None
            model.setdefault(block[1], {})[act[1]] = (to_float(act[2]), options)
    return model


# a state quoted ("in state 'high'") or a capital letter ("In state A")
_STATE_NAMED = re.compile(r"\b(?:state|in)\s+(?:'(\w+)'|([A-Z]\d?)\b(?!'))", re.I)
_ACTION_NAMED = re.compile(rf"'(\w+)'\s*\(\s*reward\s*({NUM})\s*,\s*([^)]*)\)", re.I)
# "B has one action: reward 0, back to A"
_ONE_ACTION = re.compile(
    rf"\b(?:state\s+)?'?([A-Z]\d?)'?\s+has\s+(?:one|a single|only one)\s+action\s*:?\s*reward\s*({NUM})\s*,\s*"
    r"([^.;]*)"
)
_NEXT = re.compile(r"\b(?:to|stays?(?:\s+in)?|remains?(?:\s+in)?)\s*(?:'(\w+)'|([A-Z]\d?)\b)")


def _deterministic_mdp(question: str) -> dict[str, dict[str, tuple[float, str]]] | None:
    """ "in state 'high' it can 'search' (reward 1.8, goes to 'low') or 'wait' (reward 1, stays 'high')":
    state -> action -> (reward, next state); None unless every action's state and next state are read."""
    states = [(m.start(), m[1] or m[2]) for m in _STATE_NAMED.finditer(question)]
    model: dict[str, dict[str, tuple[float, str]]] = {}
    for m in _ACTION_NAMED.finditer(question):
        before = [name for at, name in states if at < m.start()]
        if not before:
            return None
        here = before[-1]
        nxt = _NEXT.search(m[3])
        if not nxt and not re.search(r"\bstays?\b|\bremains?\b", m[3], re.I):
            return None
        model.setdefault(here, {})[m[1]] = (to_float(m[2]), (nxt[1] or nxt[2]) if nxt else here)
    for m in _ONE_ACTION.finditer(question):
        nxt = _NEXT.search(m[3])
        if m[1] in model or not nxt:
            return None
        model[m[1]] = {"its one action": (to_float(m[2]), nxt[1] or nxt[2])}
    if not 2 <= len(model) <= 3 or any(t not in model for acts in model.values() for _, t in acts.values()):
        return None
    return model


def policy_values(question: str) -> Worked | None:
    """Every deterministic policy of a small deterministic MDP evaluated (V = R + γ V(next), iterated to
    convergence) at each discount asked, and the best one at each."""
    if not re.search(r"\bpolic(?:y|ies)\b", question, re.I):
        return None
    gammas = list(dict.fromkeys(to_float(g) for g in _GAMMA.findall(question)))
    model = _deterministic_mdp(question)
    if not model or not gammas or any(not 0 <= g < 1 for g in gammas):
        return None
    states = list(model)
    start = states[0]
    random_asked = bool(re.search(r"\brandom\b|50/50|uniform(?:ly)?\b|coin", question, re.I))
    choices = [s for s in states if len(model[s]) > 1]
    if not choices or math.prod(len(model[s]) for s in choices) > 4:
        return None
    steps = [
        "model: "
        + "; ".join(f"{s}, {a}: reward {fmt(r)} → {t}" for s, acts in model.items() for a, (r, t) in acts.items())
    ]
    for gamma in gammas:
        rows = []
        for combo in itertools.product(*(list(model[s]) for s in choices)):
            pick = dict(zip(choices, combo, strict=True))
            v = dict.fromkeys(states, 0.0)
            for _ in range(10_000):
                new = {
                    s: model[s][pick.get(s, next(iter(model[s])))][0]
                    + gamma * v[model[s][pick.get(s, next(iter(model[s])))][1]]
                    for s in states
                }
                done = max(abs(new[s] - v[s]) for s in states) < 1e-12
                v = new
                if done:
                    break
            name = ", ".join(f"{a} in {s}" for s, a in pick.items())
            rows.append((v[start], name))
        best = max(rows)[0]
        winners = [n for x, n in rows if abs(x - best) < 1e-9]
        mixed = ""
        if random_asked:
            v = dict.fromkeys(states, 0.0)
            for _ in range(10_000):
                new = {s: sum(r + gamma * v[t] for r, t in model[s].values()) / len(model[s]) for s in states}
                done = max(abs(new[s] - v[s]) for s in states) < 1e-12
                v = new
                if done:
                    break
            mixed = f"; each action equally likely (random): V({start}) = {fmt(v[start])}"
        steps.append(
            f"γ = {fmt(gamma)}: "
            + "; ".join(f"always {n}: V({start}) = {fmt(x)}" for x, n in rows)
            + mixed
            + f" → best: {' or '.join(winners)}"
        )
    note = (
        "Mixing does not hedge here: a finite MDP always has a deterministic optimal policy, so a random policy's "
        "value is never above the best deterministic one's."
        if random_asked
        else ""
    )
    return Worked("policy_values", "s3-mdp", r"\*\*Bellman expectation equation", tuple(steps), note)


_IN_STATE = re.compile(r"\b(?:in|from|at)\s+(?:state\s+)?'?([A-Z]\w{0,2}|s\d)'?(?![\w'])")


def _reward_process(question: str) -> dict[str, tuple[float, list[tuple[float, str]]]] | None:
    """A fixed policy told in prose, one state after another: 'in state A the robot gets reward 1 and always
    moves to B; in B it gets reward 3 and then goes back to A or stays in B with probability 0.5 each' ->
    {state: (reward, [(probability, next state)])}; None unless every state has one reward and
    transitions that sum to 1."""
    marks = list(_IN_STATE.finditer(question))
    # a state is opened by "in A" when it carries a reward before the next mark: "stays in B with ..." does not
    states: list[tuple[int, str]] = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(question)
        if re.search(r"\breward", question[m.end() : end], re.I):
            states.append((m.start(), m[1]))
    names = [n for _, n in states]
    if not 2 <= len(names) <= 4 or len(set(names)) != len(names):
        return None
    model = {}
    for i, (at, name) in enumerate(states):
        end = states[i + 1][0] if i + 1 < len(states) else len(question)
        text = re.split(r"(?<!\d)[.?!](?!\d)", question[at:end])[0]
        rewards = re.findall(rf"\breward\s*(?:of\s*|=\s*|:\s*|is\s*)?{_REWARD}", text, re.I)
        if len(rewards) != 1:
            return None
        rest = re.split(r"\breward\s*(?:of\s*|=\s*|:\s*|is\s*)?[-+]?\d+(?:\.\d+)?", text, maxsplit=1, flags=re.I)[1]
        each = re.search(rf"prob(?:ability)?\s*(?:of\s*)?({NUM})\s+each\b", rest, re.I)
        if each:
            rest = rest[: each.start()] + rest[each.end() :]
        options = _options(re.sub(r"^\s*(?:,|and|then)+\s*", "", rest), name, names)
        if options is None:
            if not each:
                return None
            parts = [p for p in re.split(r"\bor\b", rest) if p.strip()]
            options = []
            for part in parts:
                named = [n for n in names if re.search(rf"(?<![\w']){re.escape(n)}(?![\w'])", part)]
                if len(named) != 1:
                    return None
                options.append((to_float(each[1]), named[0]))
            if abs(sum(p for p, _ in options) - 1) > 1e-6:
                return None
        model[name] = (to_float(rewards[0]), options)
    return model


def _solve(a: list[list[float]], b: list[float]) -> list[float] | None:
    """Gaussian elimination with partial pivoting; None when the system is singular."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b, strict=True)]
    for c in range(n):
        pivot = max(range(c, n), key=lambda r: abs(m[r][c]))
        if abs(m[pivot][c]) < 1e-12:
            return None
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[r][n] / m[r][r] for r in range(n)]


def policy_evaluation(question: str) -> Worked | None:
    """V = R + γ P V for a fixed policy, solved exactly, at each discount the learner names."""
    if not re.search(
        r"policy evaluation|fixed policy|\bV\s*\(|value of (?:each|every) state|state values", question, re.I
    ):
        return None
    gammas = list(dict.fromkeys(to_float(g) for g in _GAMMA.findall(question)))
    model = _reward_process(question)
    if not model or not gammas or any(not 0 <= g < 1 for g in gammas):
        return None
    states = list(model)
    if any(t not in model for _, opts in model.values() for _, t in opts):
        return None
    steps = []
    for gamma in gammas:
        eqs = []
        for s, (r, opts) in model.items():
            inner = " + ".join(f"{fmt(p)} V({t})" if p != 1 else f"V({t})" for p, t in opts)
            inner = f"({inner})" if len(opts) > 1 else inner
            eqs.append(f"V({s}) = {fmt(r)} + {fmt(gamma)} {inner}")
        a = [[(1.0 if s == t else 0.0) for t in states] for s in states]
        for i, s in enumerate(states):
            for p, t in model[s][1]:
                a[i][states.index(t)] -= gamma * p
        v = _solve(a, [model[s][0] for s in states])
        if v is None:
            return None
        steps.append(f"γ = {fmt(gamma)}: the Bellman equations " + "; ".join(eqs))
        steps.append(
            f"γ = {fmt(gamma)}: solved together, "
            + ", ".join(f"V({s}) = {fmt(x, 2)}" for s, x in zip(states, v, strict=True))
        )
    note = "Each value is the immediate reward plus the discounted, probability-weighted value of where you land."
    if len(gammas) > 1:
        note += " A smaller γ weighs later rewards less."
    return Worked("policy_evaluation", "s3-mdp", r"\*\*Bellman expectation equation", tuple(steps), note)


def value_iteration(question: str) -> Worked | None:
    if not re.search(r"value[- ]iteration|optimal policy|\bV\*|V\^\*", question, re.I):
        return None
    for glyph, value in _VULGAR.items():
        question = question.replace(glyph, value)
    gammas = {to_float(g) for g in _GAMMA.findall(question)}
    model = _mdp(question)
    if len(gammas) != 1 or not model or not 2 <= len(model) <= 4:
        return None
    gamma = gammas.pop()
    states = list(model)
    if not 0 <= gamma < 1 or any(not acts for acts in model.values()):
        return None
    if any(t not in model for acts in model.values() for _, opts in acts.values() for _, t in opts):
        return None  # a next state with no actions of its own
    asked = re.search(r"(\d+|two|three|four|a couple of)\s+(?:value[- ]iteration\s+)?sweeps", question, re.I)
    count = 2
    if asked:
        word = asked[1].lower()
        count = int(word) if word.isdigit() else {"a couple of": 2, **WORDS}.get(word, 2)
    count = max(1, min(count, 4))

    def backup(v: dict[str, float]) -> dict[str, dict[str, float]]:
        return {
            s: {a: r + gamma * sum(p * v[t] for p, t in opts) for a, (r, opts) in acts.items()}
            for s, acts in model.items()
        }

    steps = [
        "model read from your description: "
        + "; ".join(
            f"{s}, {a}: reward {fmt(r)} → "
            + " or ".join(f"{t}" + (f" with probability {fmt(p)}" if p != 1 else "") for p, t in opts)
            for s, acts in model.items()
            for a, (r, opts) in acts.items()
        ),
        f"V_(k+1)(s) = max over a of [R(s, a) + {fmt(gamma)} × Σ P(s' | s, a) V_k(s')], starting from V = 0",
    ]
    v = dict.fromkeys(states, 0.0)
    for sweep in range(1, count + 1):
        q = backup(v)
        shown = "; ".join(
            f"{s}: " + ", ".join(f"{a} {fmt(x)}" for a, x in q[s].items()) + f" → V = {fmt(max(q[s].values()))}"
            for s in states
        )
        steps.append(f"sweep {sweep}: {shown}")
        v = {s: max(q[s].values()) for s in states}
    for _ in range(100_000):
        new = {s: max(x.values()) for s, x in backup(v).items()}
        done = max(abs(new[s] - v[s]) for s in states) < 1e-12
        v = new
        if done:
            break
    q = backup(v)
    policy = {}
    for s in states:
        best = max(q[s].values())
        winners = [a for a, x in q[s].items() if abs(x - best) < 1e-9]
        policy[s] = winners[0] if len(winners) == 1 else " or ".join(winners)
    steps.append("converged: V* = " + ", ".join(f"V*({s}) = {fmt(v[s])}" for s in states))
    steps.append(
        "optimal policy (greedy on V*): "
        + "; ".join(
            f"in {s}: {policy[s]} (" + ", ".join(f"{a} {fmt(x)}" for a, x in q[s].items()) + ")" for s in states
        )
    )
    note = "Each sweep backs up every state with the Bellman optimality update; for γ < 1 it converges from any start."
    return Worked("value_iteration", "s3-mdp", r"\*\*Value iteration\*\* applies", tuple(steps), note)


# --- greedy decoding against beam search on a two-step toy model (s5-nlp-language-models) --------

_AFTER = re.compile(r"""[Aa]fter\s+["'“]?([\w<>]+)["'”]?\s*:\s*(.+?)(?=\.(?:\s|$)|\s[Aa]fter\s)""")
_NEXT_TOKEN = re.compile(rf"(<?\w+>?)\s*(?:=|:)?\s*({NUM})")


def beam_search(question: str) -> Worked | None:
    """First-step probabilities P(t) and, after each first token, the next token's probabilities: the
    greedy reply, beam search's (width named), each reply's probability as the product of its steps, and
    the most probable reply overall."""
    if not re.search(r"greedy", question, re.I) or not re.search(r"beam", question, re.I):
        return None
    first = {t: to_float(p) for t, p in re.findall(rf"P\((\w+)\)\s*=\s*({NUM})", question)}
    after = {m[1]: {t: to_float(p) for t, p in _NEXT_TOKEN.findall(m[2])} for m in _AFTER.finditer(question)}
    width = re.search(r"(?:width|beam size|beam of)\s*(?:=|of)?\s*(\d+)|beam search with width\s+(\d+)", question, re.I)
    if len(first) < 2 or set(after) != set(first) or not width or any(not nxt for nxt in after.values()):
        return None
    b = int(width[1] or width[2])
    if abs(sum(first.values()) - 1) > 1e-6 or any(abs(sum(n.values()) - 1) > 1e-6 for n in after.values()):
        return None
    replies = {(a, c): first[a] * q for a, nxt in after.items() for c, q in nxt.items()}
    g1 = max(first, key=first.get)
    g2 = max(after[g1], key=after[g1].get)
    kept = sorted(first, key=first.get, reverse=True)[:b]
    grown = sorted(((replies[(a, c)], a, c) for a in kept for c in after[a]), reverse=True)
    best_p, best_a, best_c = max((p, a, c) for (a, c), p in replies.items())
    steps = [
        f"greedy: '{g1}' ({fmt(first[g1])}), then '{g2}' ({fmt(after[g1][g2])}): P = {fmt(first[g1])} × "
        f"{fmt(after[g1][g2])} = {fmt(first[g1] * after[g1][g2])}",
        f"beam search, width {b}: keeps {', '.join(repr(a) for a in kept)} after step 1; expanded: "
        + ", ".join(f"'{a} {c}' {fmt(p)}" for p, a, c in grown)
        + f"; best '{grown[0][1]} {grown[0][2]}' with P = {fmt(grown[0][0])}",
        f"most probable reply of all: '{best_a} {best_c}' = {fmt(first[best_a])} × {fmt(after[best_a][best_c])} = "
        f"{fmt(best_p)}",
    ]
    note = (
        "A reply's probability is the product of its steps. Greedy commits to the best first token and can miss a "
        "reply whose first token is a little less likely but whose continuation is much likelier; a wider beam "
        "keeps more candidates, and neither is guaranteed to find the best reply in general."
        if (g1, g2) != (best_a, best_c)
        else ""
    )
    return Worked("beam_search", "s5-nlp-language-models", r"\*\*Decoding\*\*", tuple(steps), note)


def sliding_windows(question: str) -> Worked | None:
    """(input, target) windows cut from a series of N steps: W steps in, the next H out (H = 1 for "the next
    hour"), so N - W - H + 1 windows; with the first T steps for training, T - W - H + 1 training windows
    and one test window per test target (or fewer when test inputs must lie inside the test period);
    the batch shape for batch_first=True, and the batches per epoch."""
    if not re.search(r"\bwindows?\b|\b(?:lstm|gru|rnn)\b|sequences?\b", question, re.I):
        return None
    n = re.findall(
        rf"({NUM})\s+(?:hourly\s+|daily\s+|weekly\s+|monthly\s+)?(?:readings|time steps|timesteps|"
        r"observations|points|hours|days|data points|measurements)\b(?!\s+(?:for|as)\s+(?:train|test))",
        question,
        re.I,
    )
    back = re.search(
        rf"(?:previous|past|last|lookback(?: of)?|window(?: size)?(?: of| =)?)\s+({NUM})\s*"
        r"(?:hours|days|steps|time steps|readings)?",
        question,
        re.I,
    )
    if not back or not re.search(r"predict|forecast|target|next", question, re.I):
        return None
    w = int(to_float(back[1]))
    sizes = sorted({int(to_float(x)) for x in n if int(to_float(x)) != w}, reverse=True)
    if not sizes or sizes[0] <= w:
        return None
    total = sizes[0]
    ahead = re.search(rf"next\s+({NUM})\s+(?:hours|days|steps)", question, re.I)
    h = int(to_float(ahead[1])) if ahead else 1
    count = total - w - h + 1
    steps = [f"windows from {total:,} steps, {w} in and {h} out: {total:,} - {w} - {h} + 1 = {count:,}"]
    train = re.search(rf"first\s+({NUM})\s+(?:\w+\s+){{0,2}}(?:for|as|to)\s+train", question, re.I)
    n_train = count
    if train and w < int(to_float(train[1])) < total:
        t = int(to_float(train[1]))
        n_train = t - w - h + 1
        test_targets = total - t - h + 1
        inside = total - t - w - h + 1
        steps.append(
            f"training windows (inputs and target within the first {t:,}): {t:,} - {w} - {h} + 1 = {n_train:,}"
        )
        steps.append(
            f"test windows: one per test target, {test_targets:,} (the first {w} read inputs from the "
            f"last training steps, past values known at forecast time); with inputs inside the test "
            f"period only, {total - t:,} - {w} - {h} + 1 = {max(inside, 0):,}"
        )
    features = re.search(rf"({NUM})\s+features|input_size\s*=\s*({NUM})", question, re.I)
    batch = labelled(question, r"(?:a\s+)?batch(?:es)?(?: size)?", sep=r"(?:of|=|:|is)?")
    if batch and batch == int(batch) and features:
        b, f = int(batch), int(to_float(features[1] or features[2]))
        steps.append(
            f"a batch with batch_first=True: (batch, time steps, features) = ({b}, {w}, {f}); without "
            f"batch_first PyTorch expects ({w}, {b}, {f})"
        )
        per = math.ceil(n_train / b)
        last = n_train - (per - 1) * b
        tail = f", the last holding {last}" if last != b else ""
        steps.append(f"batches per epoch: ⌈{n_train:,} / {b}⌉ = {per}{tail}")
    note = (
        "Fit any scaler on the training steps only, and keep the split chronological; shuffling windows "
        "inside the training set is fine."
    )
    return Worked(
        "sliding_windows", "s3-sequence-models", r"one-step-ahead forecaster over windows", tuple(steps), note
    )

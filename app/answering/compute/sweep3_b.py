"""Stage 3-5 calculators from the third corpus sweep: a one-step Bellman backup of one state's value from given
next-state values (expectation or max over actions), epsilon decay schedules (linear or multiplicative), a
convolution's output size described in prose, and the plain-versus-residual gain of a stack of linear branches.
Each reads the learner's numbers only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import GAMMA, NUM, Worked, fmt, to_float

# --- one-step Bellman backup (s3-mdp) -------------------------------------------------------------------------

_STATE = r"(?:state\s+)?([A-Za-z]\w{0,5}'?)"
_VALUE = re.compile(
    rf"V\*?\s*\(\s*([A-Za-z]\w{{0,5}}'?)\s*\)\s*=\s*({NUM})|\b([A-Za-z]\w{{0,5}}'?)\s*\(\s*V\*?\s*=\s*({NUM})\s*\)"
)
_PROB = r"(\d?\.\d+|0|1(?:\.0+)?)"
# "with probability 0.7 it goes to s1", "probability 0.3 to s2"
_PROB_FIRST = re.compile(
    rf"\bprob(?:ability|\.)?\s*(?:of\s+)?{_PROB}\s*(?:(?:it|we|I|the agent|you)\s+)?"
    rf"(?:goes|moves|transitions|lands|ends up|go|move|land)?\s*(?:to|in)\s+{_STATE}",
    re.I,
)
# "to A with probability 0.8", "or C (V=8) with prob 0.5"
_STATE_FIRST = re.compile(
    rf"(?:\bto|\bin|\bor|\band|,)\s+{_STATE}\s*(?:\(\s*V\*?\s*=\s*{NUM}\s*\)\s*)?,?\s*with\s+prob(?:ability|\.)?\s*"
    rf"(?:of\s+)?{_PROB}(?!\d)(?!\.\d)",
    re.I,
)
_SURE = re.compile(rf"(?:leads|goes|moves|transitions|takes you)\s+to\s+{_STATE}", re.I)
_REWARD = re.compile(rf"\breward\s*(?:of|=|:|is)?\s*({NUM})|({NUM})\s+reward\b|\bR\s*=\s*({NUM})", re.I)
_ACTION_START = re.compile(
    r"\baction\s+['\"]?(\w+)['\"]?|['\"](\w+)['\"](?=\s+(?:gives|pays|earns|yields|has|leads))", re.I
)
_LOOSE_NUM = re.compile(rf"(?<![A-Za-z_\d.]){NUM}(?![\w])")
_WORD_STATES = {"state", "the", "a", "an", "it", "prob", "probability", "with", "which", "where", "each"}


def _transitions(text: str, values: dict[str, float]) -> list[tuple[str, float]] | None:
    """The (next state, probability) pairs of one action or of the policy; None when unclear."""
    first = [(m[2], to_float(m[1])) for m in _PROB_FIRST.finditer(text)]
    second = [(m[1], to_float(m[2])) for m in _STATE_FIRST.finditer(text)]
    if first and second:
        return None
    moves = first or second
    if not moves:
        sure = [m[1] for m in _SURE.finditer(text)]
        if len(set(sure)) != 1:
            return None
        moves = [(sure[0], 1.0)]
    names = [s for s, _ in moves]
    if len(set(names)) != len(names) or any(s in _WORD_STATES or s not in values for s in names):
        return None
    if any(not 0 < p <= 1 for _, p in moves) or abs(sum(p for _, p in moves) - 1) > 1e-9:
        return None
    return moves


def _rewards(text: str) -> list[float]:
    return [to_float(next(g for g in m.groups() if g)) for m in _REWARD.finditer(text)]


def _backup(reward: float, gamma: float, moves: list[tuple[str, float]], values: dict[str, float]) -> tuple[str, float]:
    expected = sum(p * values[s] for s, p in moves)
    total = reward + gamma * expected
    if len(moves) == 1:
        s = moves[0][0]
        text = f"{fmt(reward)} + {fmt(gamma)} × V({s}) = {fmt(reward)} + {fmt(gamma)} × {fmt(values[s])} = {fmt(total)}"
    else:
        inner = " + ".join(f"{fmt(p)} × {fmt(values[s])}" for s, p in moves)
        text = (
            f"{fmt(reward)} + {fmt(gamma)} × ({inner}) = {fmt(reward)} + {fmt(gamma)} × {fmt(expected)} = {fmt(total)}"
        )
    return text, total


def bellman_backup(question: str) -> Worked | None:
    """One state's value from one step of the Bellman equation with given next-state values: R + γ Σ P(s') V(s')
    for the transitions of the policy (expectation), or the max over actions of that (optimality)."""
    if not re.search(r"\bbellman\b|\bbackup\b|\bbacked[- ]up\b|one[- ]step (?:look[- ]?ahead|update)", question, re.I):
        return None
    if re.search(r"π\s*\(|\bpi\s*\(|\bQ\s*\(|learning rate|\balpha\b|α|sweeps|iterations", question, re.I):
        return None  # a stochastic policy over actions, a Q-learning update or several sweeps: other calculators
    gammas = {to_float(g) for g in GAMMA.findall(question)}
    if len(gammas) != 1:
        return None
    gamma = gammas.pop()
    if not 0 <= gamma <= 1:
        return None
    values: dict[str, float] = {}
    for m in _VALUE.finditer(question):
        name, value = (m[1], m[2]) if m[1] else (m[3], m[4])
        if name in values and values[name] != to_float(value):
            return None
        values[name] = to_float(value)
    if not values:
        return None
    optimal = bool(re.search(r"optimal|optimality|\bmax\b|maximum|V\*|V\^\*|best action", question, re.I))
    starts = list(_ACTION_START.finditer(question))
    used = {gamma, *values.values()}
    if optimal:
        if len(starts) < 2:
            return None
        rows, best = [], None
        for i, m in enumerate(starts):
            segment = question[m.start() : starts[i + 1].start() if i + 1 < len(starts) else len(question)]
            rewards = set(_rewards(segment))
            moves = _transitions(segment, values)
            if len(rewards) != 1 or moves is None:
                return None
            reward = rewards.pop()
            used |= {reward, *(p for _, p in moves)}
            text, total = _backup(reward, gamma, moves, values)
            name = m[1] or m[2]
            rows.append(f"action {name}: {text}")
            best = (name, total) if best is None or total > best[1] else best
            if len({r.split(":")[0] for r in rows}) != len(rows):
                return None
        assert best is not None
        ties = [r for r in rows if abs(float(r.rsplit("= ", 1)[1].replace(",", "")) - best[1]) < 1e-9]
        if len(ties) > 1:
            return None  # a tie: the best action is not one
        steps = [*rows, f"V*(s) = max over actions = {fmt(best[1])}, by taking action {best[0]}"]
        note = (
            "The Bellman optimality backup takes the best action's immediate reward plus the discounted, "
            "probability-weighted value of where it lands; value iteration applies it to every state, "
            "sweep after sweep."
        )
        cue = r"\*\*Bellman optimality equation"
    else:
        if len(starts) > 1:
            return None  # several actions but no max asked: which policy is meant is unclear
        rewards = set(_rewards(question))
        moves = _transitions(question, values)
        if len(rewards) != 1 or moves is None:
            return None
        reward = rewards.pop()
        used |= {reward, *(p for _, p in moves)}
        text, total = _backup(reward, gamma, moves, values)
        steps = [
            "next states: " + ", ".join(f"{s} with probability {fmt(p)} (V = {fmt(values[s])})" for s, p in moves),
            f"V(s) = R + γ Σ P(s') V(s') = {text}",
        ]
        note = (
            "The Bellman expectation backup is the expected immediate reward plus the discounted, probability-weighted "
            "value of where you land; policy evaluation repeats it for every state until the values stop changing."
        )
        cue = r"\*\*Bellman expectation equation"
    if any(to_float(n) not in used for n in _LOOSE_NUM.findall(question)):
        return None  # a number whose role was not read
    return Worked("bellman_backup", "s3-mdp", cue, tuple(steps), note)


# --- epsilon decay schedules (s3-q-learning) --------------------------------------------------------------------

_UNIT = r"(steps|episodes|frames|iterations|timesteps)"
_LINEAR = re.compile(
    rf"from\s+({NUM})\s+(?:down\s+)?to\s+({NUM})\s+(?:linearly\s+)?(?:over|across|in|during)\s+(?:the\s+first\s+)?"
    rf"({NUM})\s+{_UNIT}",
    re.I,
)
_AT = re.compile(
    rf"(?:at|after)\s+(?:the\s+)?(step|episode|frame|iteration|timestep)\s+({NUM})"
    rf"|(?:at|after)\s+({NUM})\s+{_UNIT}|(?:at|after)\s+(?:the\s+)?({NUM})(?:st|nd|rd|th)\s+"
    r"(step|episode|frame|iteration|timestep)",
    re.I,
)
_FACTOR = re.compile(
    rf"(?:multipl\w*|decay(?:ed|s)?)\s+(?:(?:it|epsilon|ε|eps)\s+)?by\s+(?:a\s+factor\s+of\s+)?({NUM})"
    rf"|decay\s+(?:rate|factor)\s*(?:of|=|:|is)?\s*({NUM})|\*=\s*({NUM})",
    re.I,
)
_START = re.compile(
    rf"(?:starts?(?:ing)?\s+(?:at|from)|initial(?:ly)?(?:\s+(?:epsilon|ε|value))?\s*(?:of|=|:|is|at)?|"
    rf"eps(?:ilon)?_start\s*=|ε0\s*=|epsilon0\s*=)\s*({NUM})",
    re.I,
)
_FLOOR = re.compile(
    rf"(?:floor|minimum|min(?:imum)? value|eps(?:ilon)?_(?:min|end|final)\s*=|never (?:goes |drops )?below|"
    rf"clipped at|bottoms out at)\s*(?:of|=|:|is|at)?\s*({NUM})",
    re.I,
)


def _singular(unit: str) -> str:
    return unit.lower().rstrip("s")


def _asked(question: str) -> list[tuple[str, float]]:
    out = []
    for m in _AT.finditer(question):
        if m[1]:
            out.append((_singular(m[1]), to_float(m[2])))
        elif m[3]:
            out.append((_singular(m[4]), to_float(m[3])))
        else:
            out.append((_singular(m[6]), to_float(m[5])))
    return list(dict.fromkeys(out))


def epsilon_decay(question: str) -> Worked | None:
    """Epsilon at the steps or episodes asked: a linear schedule from ε_start to ε_end over N steps (held at
    ε_end after), or a multiplicative one, ε_k = max(ε_min, ε_0 d^k), with the episode it reaches its floor."""
    if not re.search(r"\bepsilon\b|ε|\beps\b|eps_", question, re.I):
        return None
    if not re.search(r"deca|anneal|schedule", question, re.I):
        return None
    if re.search(r"learning rate|\blr\b", question, re.I):
        return None
    linear = [m for m in _LINEAR.finditer(question)]
    factors = {to_float(next(g for g in m.groups() if g)) for m in _FACTOR.finditer(question)}
    asked = _asked(question)
    if re.search(r"\blinear(?:ly)?\b", question, re.I) and len(linear) == 1 and not factors:
        m = linear[0]
        start, end, n, unit = to_float(m[1]), to_float(m[2]), to_float(m[3]), _singular(m[4])
        if not asked or any(u != unit for u, _ in asked) or not 0 <= end < start <= 1 or n <= 0:
            return None
        slope = (start - end) / n
        steps = [f"ε falls by ({fmt(start)} - {fmt(end)}) / {fmt(n)} = {fmt(slope)} per {unit}"]
        for _, k in asked:
            if k <= n:
                value = start - slope * k
                steps.append(f"at {unit} {fmt(k)}: ε = {fmt(start)} - {fmt(k)} × {fmt(slope)} = {fmt(value)}")
            else:
                steps.append(f"at {unit} {fmt(k)}: past {unit} {fmt(n)}, ε stays at its final value {fmt(end)}")
        steps.append(f"ε reaches {fmt(end)} at {unit} {fmt(n)} and is held there")
        note = (
            "A linear schedule lowers ε by the same amount each step; decaying ε too fast freezes early mistakes, "
            "because the agent stops exploring before its Q-estimates are reliable."
        )
        return Worked("epsilon_decay", "s3-q-learning", r"is usually decayed from 1\.0", tuple(steps), note)
    if linear or len(factors) != 1:
        return None
    d = factors.pop()
    bare = not re.search(r"multipl|factor|\*=|decay rate", question, re.I)
    if not 0 < d < 1 or (bare and d < 0.9):
        return None  # "decays by 0.1" may be a subtraction
    starts = {to_float(s) for s in _START.findall(question)}
    floors = {to_float(f) for f in _FLOOR.findall(question)}
    per = re.findall(r"(?:per|each|every)\s+(step|episode|frame|iteration|timestep)", question, re.I)
    if len(starts) != 1 or len(floors) > 1 or len({_singular(p) for p in per}) != 1:
        return None
    start, unit = starts.pop(), _singular(per[0])
    floor = floors.pop() if floors else None
    if not 0 < start <= 1 or (floor is not None and not 0 < floor < start):
        return None
    if any(u != unit for u, _ in asked):
        return None
    when = re.search(r"\bwhen\b|how (?:many|long)|which (?:step|episode)|reach", question, re.I)
    if not asked and not (floor is not None and when):
        return None
    steps = [f"ε after k {unit}s = {fmt(start)} × {fmt(d)}^k" + (f", never below {fmt(floor)}" if floor else "")]
    for _, k in asked:
        raw = start * d**k
        line = f"after {fmt(k)} {unit}s: {fmt(start)} × {fmt(d)}^{fmt(k)} = {fmt(raw)}"
        if floor is not None and raw < floor:
            line += f", below the floor, so ε = {fmt(floor)}"
        steps.append(line)
    if floor is not None:
        k_floor = math.ceil(math.log(floor / start) / math.log(d) - 1e-12)
        steps.append(
            f"floor: {fmt(start)} × {fmt(d)}^k ≤ {fmt(floor)} when k ≥ ln({fmt(floor)} / {fmt(start)}) / ln({fmt(d)}) "
            f"= {fmt(math.log(floor / start) / math.log(d), 2)}, so from {unit} {fmt(k_floor)} on ε = {fmt(floor)}"
        )
    note = (
        "Multiplicative decay lowers ε fast at first and slowly later; decaying ε too fast freezes early mistakes, "
        "so check how many of your episodes are left once ε reaches its floor."
    )
    return Worked("epsilon_decay", "s3-q-learning", r"is usually decayed from 1\.0", tuple(steps), note)


# --- a convolution's output size from prose (c-cnn-shapes) ---------------------------------------------------

_PAIR = re.compile(r"(?<![\d.])(\d{1,4})\s*[x×]\s*(\d{1,4})(?:\s*[x×]\s*(\d{1,4}))?(?![\d.])")
_KERNEL_WORDS = r"\s*(?:-\s*)?(?:conv\w*|kernels?|filters?|window)"


def _kernel(question: str) -> tuple[int | None, set[tuple[int, int]]]:
    """The one square kernel size named, and the pairs written as that kernel (not an input)."""
    sizes, spans = set(), set()
    for m in _PAIR.finditer(question):
        before = question[max(0, m.start() - 20) : m.start()]
        if m[3] is None and (
            re.match(_KERNEL_WORDS, question[m.end() :], re.I)
            or re.search(r"kernel(?:[_ ]size)?\s*(?:of|=|:|is)?\s*$", before, re.I)
        ):
            if m[1] != m[2]:
                return None, set()
            sizes.add(int(m[1]))
            spans.add((m.start(), m.end()))
    for m in re.finditer(r"kernel(?:[_ ]size)?\s*(?:of|=|:|is)?\s*(\d{1,2})(?!\s*[x×\d])", question, re.I):
        sizes.add(int(m[1]))
    return (sizes.pop() if len(sizes) == 1 else None), spans


def conv_output_prose(question: str) -> Worked | None:
    """A convolution described in words ("a 3x3 conv with stride 2 and padding 1 on a 64x64 input"): each side
    floor((n + 2p - k) / s) + 1, 'same' padding (stride 1, odd kernel) keeping n; PyTorch's defaults (stride 1,
    padding 0) stated when a value is not given."""
    if not re.search(r"\bconv\w*", question, re.I) or not re.search(
        r"output (?:size|shape|dimension|resolution|spatial|feature map|height|width)|spatial (?:size|dimension)|"
        r"size of the output|shape of the output|what size|how (?:big|large)",
        question,
        re.I,
    ):
        return None
    if re.search(
        r"\w+(?:2d|1d|3d)\s*\(|pool|dilat|transpose|deconv|upsampl|then\b|followed by|layers\b|second", question, re.I
    ):
        return None  # layer calls, several layers, pooling, dilation or transposed convolutions: other calculators
    k, kernel_spans = _kernel(question)
    if k is None:
        return None
    inputs = set()
    for m in _PAIR.finditer(question):
        if (m.start(), m.end()) in kernel_spans:
            continue
        a, b, c = int(m[1]), int(m[2]), m[3] and int(m[3])
        if c:
            if a <= 4 and b == c:
                a, b = b, c
            elif c <= 4 and a == b:
                pass
            else:
                return None
        inputs.add((a, b))
    for m in re.finditer(
        r"input(?: size| width| length)?\s*(?:of|=|:|is)\s*(\d{1,4})(?![\d.]|\s*[x×])", question, re.I
    ):
        inputs.add((int(m[1]), int(m[1])))
    if len(inputs) != 1:
        return None
    h, w = inputs.pop()
    strides = {
        int(s)
        for s in re.findall(r"stride\s*(?:of|=|:|is)?\s*(\d{1,2})\b|stride-(\d{1,2})\b", question, re.I)
        for s in s
        if s
    }
    if len(strides) > 1:
        return None
    same = bool(re.search(r"['\"]?same['\"]?\s+padding|padding\s*(?:=|:|of|is)?\s*['\"]same", question, re.I))
    valid = bool(
        re.search(
            r"['\"]?valid['\"]?\s+padding|padding\s*(?:=|:|of|is)?\s*['\"]valid|no padding|without padding|"
            r"unpadded",
            question,
            re.I,
        )
    )
    pads = {
        int(p)
        for p in re.findall(
            r"padding\s*(?:of|=|:|is)?\s*(\d{1,2})\b|pad(?:ding)?\s+(\d{1,2})\b|(\d{1,2})\s*(?:pixels?\s+(?:of\s+)?)?padding",
            question,
            re.I,
        )
        for p in p
        if p
    }
    if same + valid + bool(pads) > 1 or len(pads) > 1:
        return None
    if re.search(r"zero[- ]padd", question, re.I) and not (pads or same):
        return None  # "zero padding" may mean padding with zeros of an unstated width
    steps = []
    if strides:
        s = strides.pop()
    else:
        s = 1
        steps.append("no stride given: PyTorch's default stride=1")
    if s < 1:
        return None
    if same:
        if s != 1 or k % 2 == 0:
            return None  # PyTorch accepts padding='same' only with stride 1; an even kernel pads unevenly
        p = (k - 1) // 2
        steps.append(f"'same' padding with stride 1 and a {k}x{k} kernel: padding = ({k} - 1) / 2 = {p}")
    elif pads:
        p = pads.pop()
    else:
        p = 0
        if not valid:
            steps.append("no padding given: PyTorch's default padding=0")
    if min(h, w) + 2 * p < k:
        return None
    extra = {
        int(c)
        for c in re.findall(r"(\d+)\s+(?:filters|kernels|output channels|channels|feature maps)\b", question, re.I)
    }
    known = {k, h, w, s, p, *extra, *(int(x) for m in _PAIR.finditer(question) for x in m.groups() if x)}
    if any(to_float(n) not in known for n in _LOOSE_NUM.findall(question)):
        return None  # a number whose role was not read ("with 2 stride")
    for side, n in (("height", h), ("width", w)) if h != w else (("each side", h),):
        top = n + 2 * p - k
        out = top // s + 1
        steps.append(f"{side}: floor(({n} + 2 × {p} - {k}) / {s}) + 1 = floor({fmt(top / s)}) + 1 = {out}")
    oh, ow = ((h + 2 * p - k) // s + 1), ((w + 2 * p - k) // s + 1)
    steps.append(f"output: {oh} x {ow} per channel (the channel count is the number of filters)")
    note = (
        "The floor drops the last positions where the kernel no longer fits; with stride 1 and an odd kernel, "
        "padding (k - 1) / 2 keeps the size unchanged."
    )
    return Worked(
        "conv_output_prose",
        "c-cnn-shapes",
        r"out = floor\(\(in \+ 2 × padding - kernel\) / stride\) \+ 1",
        tuple(steps),
        note,
    )


# --- residual versus plain stack of linear branches (c-residual-connections) ---------------------------------


def residual_gain(question: str) -> Worked | None:
    """Branches that each multiply their input by a: a plain stack of n of them has derivative a^n; residual
    blocks x + a x have (1 + a)^n."""
    if not re.search(r"residual|skip connection|shortcut|resnet", question, re.I):
        return None
    factors = set()
    for m in re.finditer(
        rf"x\s*\+\s*({NUM})\s*(?:\*|·|×)?\s*x\b|F\s*\(\s*x\s*\)\s*=\s*({NUM})\s*(?:\*|·|×)?\s*x\b|"
        rf"(?:branch|block|layer)\w*\s+(?:\w+\s+){{0,2}}(?:multipl\w*|scal\w*)\s+(?:its\s+input\s+|the\s+input\s+|"
        rf"x\s+|the\s+signal\s+)?by\s+({NUM})",
        question,
        re.I,
    ):
        factors.add(to_float(next(g for g in m.groups() if g)))
    counts = {
        int(next(g for g in m.groups() if g))
        for m in re.finditer(
            r"(\d{1,4})\s+(?:residual\s+|stacked\s+|plain\s+)?(?:blocks|layers|branches)\b|(\d{1,4})-(?:block|layer)\b|"
            r"depth\s*(?:of|=|:|is)?\s*(\d{1,4})\b",
            question,
            re.I,
        )
    }
    if len(factors) != 1 or len(counts) != 1:
        return None
    a, n = factors.pop(), counts.pop()
    if n < 2 or a == 0 or not -1 < a < 10:
        return None
    plain, residual = a**n, (1 + a) ** n
    steps = [
        f"plain stack: each branch multiplies by {fmt(a)}, so {n} of them give {fmt(a)}^{n} = {_sci(plain)}",
        f"residual stack: each block computes x + {fmt(a)}x = {fmt(1 + a)}x, "
        f"so {n} give {fmt(1 + a)}^{n} = {_sci(residual)}",
    ]
    trend = "shrinks" if abs(a) < 1 else "grows" if abs(a) > 1 else "keeps size 1"
    note = (
        f"The derivative from output to input is that same product: the plain stack's derivative {trend} as "
        f"{fmt(a)}^n, while the shortcut keeps a 1 in every factor (the derivative of x + F(x) is the identity plus "
        "F'), so the gradient has a direct route back"
        + (" and the gradient reaching the first block does not vanish." if a > 0 else ".")
    )
    if re.search(
        r"(?:weights?|branch(?:es)?)\s+(?:\w+\s+){0,2}(?:start|are|were|set|initiali[sz]ed|begin|at)\s+(?:\w+\s+)?"
        r"(?:at|to|as)?\s*(?:0|zero)\b|zero(?:ed)?[- ](?:init\w*|weights?)",
        question,
        re.I,
    ):
        steps.append(
            f"all branch weights 0: each branch outputs 0, so the plain stack outputs 0 with derivative 0^{n} = 0, "
            f"while each residual block computes x + 0 = x, so the residual stack is the identity with derivative "
            f"1^{n} = 1"
        )
        note += (
            " Zero branches make the identity the easy starting point that later training improves on; residual "
            "networks still need normalization, because every addition makes the activations grow with depth."
        )
    return Worked(
        "residual_gain", "c-residual-connections", r"each residual block computes x \+ 0\.1x", tuple(steps), note
    )


def _sci(x: float) -> str:
    if x != 0 and (abs(x) < 1e-4 or abs(x) >= 1e7):
        return f"{x:.3g}".replace("e-0", "e-").replace("e+0", "e+").replace("e+", "e")
    return fmt(x)

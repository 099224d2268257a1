"""Who does what, checked against constraints written in the bank from the key: a short answer that
attaches one thing's property to another ("loc selects by integer position, iloc by label"), or
puts the steps of a procedure out of order ("call backward() to update the parameters, then step()
to compute the gradients"), uses the key's own words and fools every measure of overlap. Pure.

A question may carry, beside its key points:
- `roles`: bindings `{"who": [names], "does": [phrases]}`, at least two; a phrase belongs to its
  thing and not to the others;
- `order`: steps, each a list of alternative phrases, in the order the procedure runs;
- `exact`: match whole words instead of crude stems (where two names share a stem: eigenvector,
  eigenvalue).

The answer is read clause by clause, and a clause is cut again before a later piece (after a
comma, an arrow, "and", "then", "while", "but") that names another thing and gives some thing's phrase:
"precision goes down while recall goes up" says two things. Each part is about the thing it names
first, passing over a name in a contrast ("unlike loc", "faster than computing the inverse"). The
part is *bound* when it gives that thing one of its own phrases and *swapped* when it gives it only
another's, unless it negates ("not", "n't", "never", ...) beyond what the phrase itself says: "the
eigenvalue is not the direction" swaps nothing. Where a part names several things a phrase goes to
the nearest name ("move each point to the mean of the centroids assigned to it" gives the point
the centroid's move), a phrase inside a name is no phrase (the "faster" of "Faster R-CNN"), and
one set aside ("instead of one overall label", "rather than by position") is not given. An answer
with only swapped parts swaps the roles; so does one in which two things trade their phrases, even
if it binds a third rightly. One that binds some and swaps others one way is mixed.
The steps of `order` are found at their first mention; a later step named before an earlier one
is an inversion, unless the answer orders them in words ("after", "before", "once", "until"),
which a learner may write in either order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.learning.answer_features import split_clauses, stem

__all__ = ["RoleCheck", "check_roles"]

_WORD = re.compile(r"[a-z0-9_]+(?:[-+'][a-z0-9_]+)*")
_NEGATORS = {"not", "no", "never", "none", "neither", "nor", "cannot", "without"}
_NEGATORS |= {"avoid", "avoids", "avoiding", "prevent", "prevents", "preventing"}  # "avoids exposing the state"
_CONTRAST = {"unlike", "than", "instead", "compared", "rather", "vs", "versus", "by", "whereas"}
_CUT = re.compile(r"(,\s*|;\s*|\s*(?:->|=>|→)\s*|\s+(?:while|whilst|whereas|but|and|then)\s+)", re.I)
_INSTEAD = {"instead", "rather", "unlike"}  # "instead of one overall label" denies the phrase
_ORDER_WORDS = {"after", "before", "once", "until", "prior", "preceded", "followed"}
_FILLER = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "by", "for", "with", "and", "or", "is", "are", "be", "it", "its"}
    | {"this", "that", "as", "at", "from", "each", "every", "one"}
)


@dataclass(frozen=True)
class RoleCheck:
    bound: list[str] = field(default_factory=list)  # clauses that give a thing its own property
    swapped: list[str] = field(default_factory=list)  # clauses that give a thing another's property
    inverted: list[tuple[str, str]] = field(default_factory=list)  # (later step, earlier step) named in that order
    given: list[tuple[int, int]] = field(default_factory=list)  # (thing, thing whose phrase it was given), per swap

    @property
    def exchanged(self) -> bool:
        """Two things each given the other's phrase: "loc selects by position ... iloc by label"."""
        return any((b, a) in self.given for a, b in self.given)

    @property
    def role_swap(self) -> bool:
        """The answer says who does what the other way round: only swapped bindings, or two things
        that trade their phrases whatever else it binds rightly (a third step named correctly does not
        undo "backward() updates the parameters ... step() computes the gradients")."""
        return bool(self.swapped) and (not self.bound or self.exchanged)

    @property
    def mixed(self) -> bool:
        return bool(self.swapped) and bool(self.bound) and not self.exchanged


def _negator(word: str) -> bool:
    return word in _NEGATORS or word.endswith("n't")


def _words(text: str, exact: bool) -> list[str]:
    return [w if exact else stem(w.replace("'", "")) for w in _WORD.findall(text.lower().replace("()", ""))]


def _matches(phrase: str, words: list[str], exact: bool) -> list[list[int]]:
    """Where the phrase's words (filler left out) appear in order within the clause's words, at
    most three words apart: the positions of the words matched, once per match."""
    wanted = [w for w in _words(phrase, exact) if w not in _FILLER] or _words(phrase, exact)
    out: list[list[int]] = []
    if not wanted:  # a phrase of symbols only ("ε") has no words to find
        return out
    for start, word in enumerate(words):
        if word != wanted[0]:
            continue
        at = [start]
        for w in wanted[1:]:
            nxt = next((j for j in range(at[-1] + 1, min(len(words), at[-1] + 5)) if words[j] == w), -1)
            if nxt < 0:
                break
            at.append(nxt)
        if len(at) == len(wanted):
            out.append(at)
    return out


def _at(
    phrases: list[str], words: list[str], exact: bool, named: set[int] = frozenset(), plain: list[str] | None = None
) -> list[int]:
    """Where any of the phrases starts, leaving out a phrase found inside a thing's name (the
    "model" of "surrogate model", the "faster" of "Faster R-CNN") and, given the words as written,
    one the clause sets aside ("instead of one overall label", "rather than by position")."""
    return sorted(
        {
            m[0]
            for p in phrases
            for m in _matches(p, words, exact)
            if not named & set(m) and not (plain and _set_aside(m[0], plain, named))
        }
    )


def _set_aside(at: int, plain: list[str], named: set[int]) -> bool:
    """An "instead", "rather" or "unlike" up to four words before, with no name in between."""
    for j in range(at - 1, max(-1, at - 5), -1):
        if j in named:
            return False
        if plain[j] in _INSTEAD:
            return True
    return False


def _named(roles: list[dict], words: list[str], exact: bool) -> set[int]:
    return {i for r in roles for p in r["who"] for m in _matches(p, words, exact) for i in m}


def _first(phrases: list[str], words: list[str], exact: bool) -> int:
    found = _at(phrases, words, exact)
    return found[0] if found else -1


def _holder(mentions: dict[int, list[int]], plain: list[str]) -> int | None:
    """The thing a clause is about: the one it names first, passing over a name in a contrast or
    an agent ("unlike loc", "than SARSA", "scaled by Kubernetes", "faster than computing the
    inverse": a contrast word up to four words back, with no other thing named in between)."""
    firsts = sorted((at[0], n) for n, at in mentions.items())
    for at, n in firsts:
        start = max([at - 4] + [j + 1 for m, js in mentions.items() if m != n for j in js if j < at])
        if not any(w in _CONTRAST for w in plain[max(0, start) : at]):
            return n
    return None


def _mentions(roles: list[dict], words: list[str], exact: bool) -> dict[int, list[int]]:
    mentions = {n: _at(r["who"], words, exact) for n, r in enumerate(roles)}
    return {n: at for n, at in mentions.items() if at}


def _spans(roles: list[dict], words: list[str], exact: bool) -> dict[int, list[tuple[int, int]]]:
    """Where each thing is named, first and last word, so that a phrase after "the current
    production model" is measured from "model", not from "current"."""
    out: dict[int, list[tuple[int, int]]] = {}
    for n, r in enumerate(roles):
        spans = sorted({(m[0], m[-1]) for p in r["who"] for m in _matches(p, words, exact)})
        if spans:
            out[n] = spans
    return out


def _gap(i: int, span: tuple[int, int]) -> int:
    return max(span[0] - i, i - span[1], 0)


def _parts(clause: str, roles: list[dict], exact: bool) -> list[str]:
    """The clause cut before each later piece (after a comma, "and", "then", "while", "but", ...) that
    names a thing outside a contrast and gives some thing's phrase: "precision goes down while recall
    goes up", "assign each centroid to its nearest point, then move each point to the mean" say two
    things each. A piece without both stays with the one before ("BERT, unlike Word2Vec and GloVe,
    gives contextual vectors" is about BERT)."""
    pieces = _CUT.split(clause)
    parts = [pieces[0]]
    for cut, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        words = _words(piece, exact)
        named = _named(roles, words, exact)
        if _holder(_mentions(roles, words, exact), _words(piece, True)) is not None and any(
            _at(r["does"], words, exact, named) for r in roles
        ):
            parts.append(piece.strip())
        else:
            parts[-1] += cut + piece
    return [p.strip(" ,;") for p in parts if p.strip(" ,;")]


def _own_negation(phrases: list[str]) -> bool:  # on words as written: stems cut "never", "don't"
    return any(_negator(w) for p in phrases for w in _words(p, True))


def check_roles(answer: str, roles: list[dict] | None, order: list[list[str]] | None, exact: bool = False) -> RoleCheck:
    """The answer's clauses that bind or swap `roles`, and the steps of `order` it names out of order."""
    bound: list[str] = []
    swapped: list[str] = []
    traded: list[tuple[int, int]] = []
    for clause in (part for c in split_clauses(answer) for part in _parts(c, roles, exact)) if roles else []:
        words, plain = _words(clause, exact), _words(clause, True)
        mentions = _mentions(roles, words, exact)
        holder = _holder(mentions, plain)
        if holder is None:
            continue
        spans, named = _spans(roles, words, exact), _named(roles, words, exact)
        near = {i: min(_gap(i, sp) for sp in spans[holder]) for i in range(len(words))}  # from the holder's name
        own = _at(roles[holder]["does"], words, exact, named, plain)
        others = [
            n
            for n, r in enumerate(roles)
            if n != holder
            and any(
                all(near[i] <= _gap(i, j) for j in spans.get(n, ()))  # not nearer its own thing's name
                for i in _at(r["does"], words, exact, named, plain)
            )
        ]
        if (own and not others) or any(  # or its own phrase nearer it than another thing's name: not
            # "moves each point to the mean of the centroids assigned to it"
            all(near[i] <= _gap(i, j) for n, at in spans.items() if n != holder for j in at)
            for i in own
        ):
            bound.append(clause)
            continue
        if not others:
            continue
        allowed = 1 if any(_own_negation(roles[n]["does"]) for n in others) else 0
        if sum(_negator(w) for w in plain) <= allowed:  # "the eigenvalue is not the direction" swaps nothing
            swapped.append(clause)
            traded += [(holder, n) for n in others]
    inverted: list[tuple[str, str]] = []
    if order and len(order) >= 2:
        words = _words(answer, exact)
        if not any(w in _ORDER_WORDS for w in _words(answer, True)):
            at = [(_first(step, words, exact), step[0]) for step in order]
            seen = [(i, name) for i, name in at if i >= 0]
            for (i, a), (j, b) in zip(seen, seen[1:], strict=False):
                if j < i:
                    inverted.append((b, a))
    return RoleCheck(bound, swapped, inverted, traded)

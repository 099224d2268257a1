"""Derivatives beyond polynomials (ln, exp, sqrt, sigmoid) by the chain rule, with gradient-descent and
Newton steps, stationary points and convexity (heldout24 and heldout25 asked them; the polynomial
calculator could not read `ln`, and the answer pasted the reading's own example instead). Every figure
was computed by hand in the comment beside it."""

from __future__ import annotations

from app.answering.compute import work
from app.answering.compute.symbolic import calculus_symbolic
from tests.conftest import steps


def test_chain_rule_through_ln_with_two_descent_steps_and_the_convexity_verdict():
    text = steps(
        "f(w) = ln(1 + w^2). using the chain rule what's f'(w)? then starting at w = 2 with learning rate 0.5, "
        "where am i after two gradient descent steps and what's f there? is this function convex?"
    )
    # outer ln(u), inner u = 1 + w^2: f'(w) = (1/u)(2w) = 2w / (1 + w^2)
    assert "g(u) = ln(u) and u = w^2 + 1; g'(u) = 1/u and du/dw = 2·w" in text
    assert "f'(w) = 2·w/(w^2 + 1)" in text
    # f'(2) = 4/5 = 0.8, w = 2 - 0.4 = 1.6, f = ln(3.56) = 1.26976
    assert "step 1: f'(2) = 0.8, so w = 2 - 0.5 × (0.8) = 1.6, and f(1.6) = 1.2698" in text
    # f'(1.6) = 3.2 / 3.56 = 0.898876, w = 1.6 - 0.449438 = 1.150562, f = ln(2.323793) = 0.843200
    assert "step 2: f'(1.6) = 0.8989, so w = 1.6 - 0.5 × (0.8989) = 1.1506, and f(1.1506) = 0.8432" in text
    # f''(w) = 2(1 - w^2)/(1 + w^2)^2 < 0 once |w| > 1
    assert "f''(w) < 0 for w < -1 and w > 1, so f is not convex" in text


def test_newton_and_gradient_descent_on_x_squared_minus_ln_x():
    text = steps(
        "newton's method vs gradient descent. f(x) = x^2 - ln(x) for x > 0, starting at x0 = 1. can you do two "
        "newton steps (x <- x - f'(x)/f''(x)) and two plain GD steps with lr 0.1, and tell me where the real "
        "minimum is?"
    )
    assert "f'(x) = 2·x - 1/x" in text
    # GD: f'(1) = 1 -> 0.9; f'(0.9) = 1.8 - 1.1111 = 0.68889 -> 0.831111
    assert "step 2: f'(0.9) = 0.6889, so x = 0.9 - 0.1 × (0.6889) = 0.8311" in text
    # Newton: f''(x) = 2 + 1/x^2; 1 - 1/3 = 0.6667; f'(2/3) = 4/3 - 3/2 = -1/6, f'' = 2 + 9/4 = 4.25 -> 0.70588
    assert "Newton step 1: x = 1 - (1) / (3) = 0.6667" in text
    assert "Newton step 2: x = 0.6667 - (-0.1667) / (4.25) = 0.7059" in text
    # 2x = 1/x at x = 1/sqrt(2) = 0.70711; f = 0.5 + ln(sqrt 2) = 0.5 + 0.34657 = 0.84657
    assert "f'(x) = 0 at x = 0.7071, where f''(x) = 4: a minimum, f = 0.8466" in text


def test_a_derivative_the_learner_evaluated_is_worked_at_their_point():
    text = steps(
        "quick calc check. g(x) = ln(1 + e^(2x)). I said g'(x) = 1/(1 + e^(2x)) because the derivative of ln u is "
        "1/u, so g'(0) = 0.5. that's right isn't it?"
    )
    # u = 1 + e^(2x), du/dx = 2 e^(2x): g'(0) = 2 / 2 = 1 (the learner's 0.5 misses the inner factor 2)
    assert "du/dx = 2·exp(2·x)" in text
    assert "At x = 0: g(0) = 0.6931, g'(0) = 1" in text


def test_exp_and_sigmoid_and_a_maximum():
    # d/dx x e^-x = (1 - x) e^-x, zero at x = 1 where f'' = (x - 2) e^-x = -e^-1 = -0.36788
    text = steps("f(x) = x*exp(-x) find the maximum")
    assert "f'(x) = (1 - x)·exp(-x)" in text
    assert "f'(x) = 0 at x = 1, where f''(x) = -0.3679: a maximum, f = 0.3679" in text
    # e^x - 2 = 0 at ln 2 = 0.693147; f = 2 - 2 ln 2 = 0.613706
    assert "at x = 0.6931, where f''(x) = 2: a minimum, f = 0.6137" in steps("f(x) = exp(x) - 2x minimum?")
    # sigmoid(3x)' = 3 e^-3x / (1 + e^-3x)^2; the outer name is not the function's own letter
    text = steps("what is the derivative of g(x) = sigmoid(3x)?")
    assert "g(x) = h(u) with h(u) = 1/u" in text
    assert "g'(x) = 3·exp(-3·x)/(1 + exp(-3·x))^2" in text
    # sqrt(x^2 + 1)'' = (x^2 + 1)^(-3/2) > 0
    assert "f is convex" in steps("f(x)=sqrt(x^2+1), is it convex?")
    # ln(x)/x: f'' = (2 ln x - 3)/x^3 < 0 below e^1.5 = 4.48169 on x > 0
    assert "f''(x) < 0 for 0 < x < 4.4817, so f is not convex" in steps("f(x)=ln(x)/x is it convex")


def test_polynomials_and_unreadable_text_are_left_alone():
    assert calculus_symbolic("L(w) = (w-3)^2 at w = 1, gradient?") is None  # the polynomial calculator's
    assert calculus_symbolic("what does ln(x) do to skewed data?") is None  # no function defined
    # a word that is neither the variable nor a known function never reaches the parser
    worked = calculus_symbolic("f(x) = ln(x) + __import__('os') derivative")  # only ln(x) is read
    assert worked is not None and worked.steps == ("f'(x) = 1/x",)
    assert calculus_symbolic("f(x) = ln(y) derivative") is None  # a different variable
    kinds = [w.kind for w in work("f(w) = (w - 3)^2, start at w = 0 with lr 0.1, two gradient descent steps")]
    assert "calculus_symbolic" not in kinds


def test_a_power_tower_is_not_evaluated():
    # 9^9^9 has hundreds of millions of digits: that text is refused before SymPy evaluates it, and the longest
    # prefix that reads is ln(x)
    worked = calculus_symbolic("f(x) = ln(x) + 9^9^9 derivative")
    assert worked is not None and worked.steps == ("f'(x) = 1/x",)
    assert calculus_symbolic("f(x) = exp(x)^1000000 derivative") is None

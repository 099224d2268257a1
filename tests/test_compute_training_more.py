"""Gradient descent on a 1-D quadratic to a tolerance, git bisect's run count, and a forest's variance against a
target: every figure below was computed by hand (the arithmetic in the comments)."""

from __future__ import annotations

import re

import pytest

from app.answering.compute import work
from app.answering.compute.models import ensemble_variance
from app.answering.compute.parse import Worked, normalize
from app.answering.compute.training import bisect_runs, gd_quadratic
from tests.compute_checks import cited_document, text_of


def cited(worked: Worked) -> None:
    """The cue finds the formula's sentence in the cited reading (the tutor quotes the first chunk it matches)."""
    assert re.search(worked.cue, cited_document(worked))


# --- gd_quadratic ------------------------------------------------------------------------------------


def test_gd_quadratic_counts_steps_to_a_tolerance_for_each_learning_rate():
    worked = gd_quadratic(
        normalize(
            "practising gradient descent on L(w) = 0.5(w - 10)^2, starting from w = 0. roughly how many steps until w "
            "is within 0.01 of the minimum with eta = 0.1, 0.5, 1 and 1.5? and what happens if i push it to eta = 2?"
        )
    )
    text = text_of(worked)
    assert "L'(w) = 2 × 0.5 × (w - 10) = w - 10" in text
    assert "factor 1 - 2aη = 1 - η" in text
    assert "distance |0 - 10| = 10" in text
    # 0.9^65 × 10 = 0.010611 > 0.01, 0.9^66 × 10 = 0.0095500 ≤ 0.01
    assert "0.9^65 × 10 = 0.01061 > 0.01, 0.9^66 × 10 = 0.00955 ≤ 0.01: 66 steps" in text
    # 0.5^9 × 10 = 0.01953, 0.5^10 × 10 = 0.009766
    assert "0.5^9 × 10 = 0.01953 > 0.01, 0.5^10 × 10 = 0.009766 ≤ 0.01: 10 steps" in text
    assert "η = 1: factor 1 - 1 = 0: the first step lands exactly on w = 10: 1 step" in text
    # factor -0.5: 10 - 0.5^k × 10 with alternating sign: 0, 15, 7.5, 11.25, 9.375
    assert "w = 0, 15, 7.5, 11.25, 9.375, …" in text
    assert "|-0.5|^10 × 10 = 0.009766 ≤ 0.01: 10 steps" in text
    assert "η = 2: factor 1 - 2 = -1: w = 0, 20, 0, 20, … bounces between them forever" in text
    assert "0 < η < 1/a = 2" in text
    assert worked.note == (
        "On this loss, with η = 0.1 and 0.5 it approaches from one side, with η = 1 it lands in one step, with "
        "η = 1.5 it overshoots and alternates but converges and with η = 2 it bounces forever: gradient descent "
        "converges only for 0 < η < 2."
    )
    cited(worked)


def test_gd_quadratic_reads_other_forms_of_the_loss_start_and_tolerance():
    # f(x) = 2(x + 1)^2: factor 1 - 4η, minimum -1, distance 4
    text = text_of(
        gd_quadratic(normalize("gd on f(x) = 2(x + 1)^2 from x = 3 with lr 0.1 and 0.3, tolerance 1e-3: iterations?"))
    )
    assert "L'(x) = 2 × 2 × (x + 1) = 4(x + 1), zero at the minimum x = -1" in text
    assert "distance |3 - (-1)| = 4" in text
    # 0.6^16 × 4 = 0.0011284 > 0.001, 0.6^17 × 4 = 0.00067707
    assert "0.6^16 × 4 = 0.001128 > 0.001, 0.6^17 × 4 = 0.0006771 ≤ 0.001: 17 steps" in text
    # factor -0.2: 3, -1.8, -0.84, -1.032, -0.9936; 0.2^5 × 4 = 0.00128, 0.2^6 × 4 = 0.000256
    assert "x = 3, -1.8, -0.84, -1.032, -0.9936, …" in text
    assert "|-0.2|^5 × 4 = 0.00128 > 0.001, |-0.2|^6 × 4 = 0.000256 ≤ 0.001: 6 steps" in text

    # the reading's own L(w) = 2(w - 5)^2: η = 0.25 lands in one step; a tolerance written |w - 5| < 1e-4
    text = text_of(
        gd_quadratic(
            normalize("gradient descent on L(w) = 2(w - 5)^2 from w = 0, eta 0.25 or 0.1: steps to |w - 5| < 1e-4?")
        )
    )
    assert "η = 0.25: factor 1 - 4 × 0.25 = 0: the first step lands exactly on w = 5: 1 step" in text
    # factor 0.6 from distance 5: 0.6^18 × 5 = 0.00050779 > 0.0001 ... 0.6^21 × 5 = 0.00010968, 0.6^22 × 5 = 0.0000658
    assert "0.6^21 × 5 = 0.0001097 > 0.0001, 0.6^22 × 5 = 0.00006581 ≤ 0.0001: 22 steps" in text


def test_gd_quadratic_without_a_tolerance_compares_the_rates_asked():
    # one rate and no tolerance is `calculus`'s question (its steps), not this calculator's
    assert gd_quadratic(normalize("gradient descent on (w-3)**2 starting at w=0, lr = 0.1: first 3 steps?")) is None
    # two rates: (w - 3)^2 at 0.1: factor 0.8, distance 3: 0, 0.6, 1.08, 1.464; (10 - w)^2 is (w - 10)^2 and
    # at 1.2 the factor is -1.4: 0, 24, -9.6, 37.44, -28.416
    text = text_of(gd_quadratic(normalize("gradient descent on (w-3)**2 starting at w=0, lr = 0.1 or lr = 0.2?")))
    assert "η = 0.1: factor 1 - 2 × 0.1 = 0.8: w = 0, 0.6, 1.08, 1.464" in text
    assert "steps to come within" not in text
    text = text_of(
        gd_quadratic(normalize("gradient descent on L(w) = (10 - w)^2, starting at w = 0, eta 0.1 vs eta 1.2?"))
    )
    assert "w = 0, 24, -9.6, 37.44, -28.416, …: the distance grows 1.4 times each step, so it diverges" in text
    assert "gradient descent converges only for 0 < η < 1." in text


def test_gd_quadratic_settles_an_exact_boundary_with_fractions():
    # 0.5^2 × 1 = 0.25 exactly: within 0.25 after 2 steps, not 3
    text = text_of(gd_quadratic(normalize("gradient descent on L(w) = (w-1)^2 from w = 0, lr = 0.25, tolerance 0.25")))
    assert "0.5^1 × 1 = 0.5 > 0.25, 0.5^2 × 1 = 0.25 ≤ 0.25: 2 steps" in text
    # 0.9999^k × 4 ≤ 1e-6: k ≥ ln(2.5e-7) / ln(0.9999) = 152,010.6; shown with the digits that tell it from 1e-6
    text = text_of(
        gd_quadratic(normalize("gradient descent on L(w) = 0.5 w^2 from w = 4, lr = 0.0001, tolerance 1e-6"))
    )
    assert "0.9999^152010 × 4 = 0.00000100004 > 0.000001" in text
    assert "152,011 steps" in text
    # a start within one tolerance: 0 steps; 0.8^7 × 0.005 = 0.0010486 > 0.001, 0.8^8 × 0.005 = 0.00083886
    text = text_of(
        gd_quadratic(
            normalize("gradient descent on L(w) = (w-3)^2 from w = 2.995, lr 0.1, within 0.01 or within 0.001")
        )
    )
    assert "the start is already within 0.01 of 3: 0 steps for any η" in text
    assert "0.8^7 × 0.005 = 0.001049 > 0.001, 0.8^8 × 0.005 = 0.0008389 ≤ 0.001: 8 steps" in text


@pytest.mark.parametrize(
    "question",
    [
        "gradient descent on L(w) = 0.5(w - 10)^2 with eta = 0.1: steps to within 0.01?",  # no start
        "gradient descent on L(w) = 0.5(w - 10)^2 from w = 0: steps to within 0.01?",  # no learning rate
        "gradient descent on L(w) = (w - 3)^2, start at w = 0 or start at w = 5, lr 0.1",  # two starts
        "gradient descent on L(w) = (w - 3)^2 + (w - 1)^2 from w = 0 with lr 0.1",  # not one square
        "gradient descent on L(w) = -(w - 3)^2 from w = 0 with lr 0.1",  # a maximum, no minimum
        "gradient descent on (w - 3)^2 and on (w - 5)^2 from w = 0 with lr 0.1",  # which loss?
        "momentum on L(w) = (w - 3)^2, start w = 0, lr 0.1, beta 0.9",  # another update rule
    ],
)
def test_gd_quadratic_computes_nothing_when_a_role_is_unclear(question):
    assert gd_quadratic(normalize(question)) is None


def test_gd_quadratic_does_not_read_a_tolerance_on_the_loss_as_one_on_w():
    question = "gradient descent on L(w) = (w-3)^2 from w = 0, lr 0.1, until the loss is within 0.01"
    assert gd_quadratic(normalize(question)) is None  # one rate and no distance tolerance: `calculus` works it
    text = text_of(gd_quadratic(normalize(question.replace("lr 0.1", "lr 0.1 or lr 0.2"))))
    assert "steps to come within" not in text
    assert "w = 0, 0.6, 1.08, 1.464, 1.7712" in text


# --- bisect_runs -------------------------------------------------------------------------------------


def test_bisect_runs_against_checking_every_commit():
    worked = bisect_runs(
        normalize(
            "our model's val AUC dropped somewhere in the last ~300 commits on main. tag v2.1 was still fine. each "
            "eval run takes about 20 min. with git bisect, about how many eval runs would I need compared with "
            "checking every commit, and how does it work?"
        )
    )
    text = text_of(worked)
    assert "mark v2.1 (the last known-good commit) good" in text
    assert "300 → 150 → 75 → 38 → 19 → 10 → 5 → 3 → 2 → 1" in text  # nine halvings
    # log2 300 = 8.2288; 2^8 = 256 < 300 ≤ 512
    assert "log2 300 ≈ 8.23, and 2^8 = 256 < 300 ≤ 512 = 2^9, so at most 9 runs" in text
    assert "up to 300 runs, one per commit" in text
    # 9 × 20 = 180 min = 3 h; 300 × 20 = 6,000 min = 100 h
    assert "9 × 20 min = 180 min (3 h), against 300 × 20 min = 6,000 min (100 h)" in text
    assert "git bisect run" in text and "125 to skip" in text
    assert worked.note.startswith(
        "Bisecting needs at most 9 evaluation runs (180 min) instead of up to 300 (6,000 min)"
    )
    cited(worked)


def test_bisect_runs_other_phrasings():
    # the reading's rule of thumb: 100 commits, 2^6 = 64 < 100 ≤ 128, 7 tests
    text = text_of(bisect_runs(normalize("git bisect over 100 commits: how many tests?")))
    assert "2^6 = 64 < 100 ≤ 128 = 2^7, so at most 7 runs" in text
    # a power of two: exactly 10; 10 × 2 h = 20 h, 1,024 × 2 h = 2,048 h = 85.3 days
    text = text_of(
        bisect_runs(
            normalize("git bisect between a good release and HEAD, 1,024 commits apart, tests take 2 hours each")
        )
    )
    assert "exactly 10 runs, since 2^10 = 1,024" in text
    assert "10 × 2 h = 20 h, against 1,024 × 2 h = 2,048 h (85.3 days)" in text
    # HEAD~40 is 40 commits back: 40 suspects, 2^5 = 32 < 40 ≤ 64
    text = text_of(bisect_runs(normalize("git bisect start HEAD HEAD~40: how many builds will it check?")))
    assert "at most 6 runs" in text
    # two durations: which is one run's is unclear, so no times, the run count still
    text = text_of(bisect_runs(normalize("git bisect over 300 commits, a test takes 20 min, the build 5 min")))
    assert "at most 9 runs" in text and "per run" not in text


@pytest.mark.parametrize(
    "question",
    [
        "how does git bisect work to find which commit broke the model?",  # no count
        "binary search through the commits to find the bug",  # no count
        "git bisect over 300 commits or maybe 400 commits?",  # two counts
        "the last 300 commits changed the model: which one broke it?",  # not bisect
    ],
)
def test_bisect_runs_computes_nothing_without_one_commit_count(question):
    assert bisect_runs(normalize(question)) is None


# --- ensemble_variance with a target -----------------------------------------------------------------


FOREST = (
    "random forest: 300 trees, each tree's prediction variance is 1 and the pairwise correlation between trees is "
    "0.4. I want the forest's variance down to 0.25. do I just add more trees? if not, what correlation would I need "
    "with 300 trees?"
)


def test_ensemble_variance_target_below_the_floor_needs_less_correlated_trees():
    worked = ensemble_variance(normalize(FOREST))
    text = text_of(worked)
    assert "ρ = 0.4, B = 300: ρσ² + (1 - ρ)σ²/B = 0.4 + 0.6 / 300 = 0.402" in text  # 0.4 + 0.002
    assert "levels off at ρσ² = 0.4 × 1 = 0.4, above 0.25: no number of trees" in text
    # (0.25 - 1/300) / (1 - 1/300) = (74/300) / (299/300) = 74/299 = 0.24749
    assert "(0.25 - 1/300) / (1 - 1/300) = 0.2467 / 0.9967 ≈ 0.2475" in text
    assert "ρ ≤ 0.2475 with 300 trees" in worked.note and "max_features" in worked.note
    cited(worked)
    assert "ensemble_variance" in {w.kind for w in work(FOREST)}  # registered already: through `work` too


def test_ensemble_variance_target_in_other_words():
    # σ² = 2, ρ = 0.1, B = 50: 0.2 + 1.8/50 = 0.236; B ≥ 1.8 / (0.3 - 0.2) = 18; ρ ≤ (0.15 - 0.02)/0.98 = 0.13265
    worked = ensemble_variance(
        normalize("bagging 50 trees, sigma^2 = 2, rho = 0.1: target variance 0.3, how many trees?")
    )
    text = text_of(worked)
    assert "0.2 + 1.8 / 50 = 0.236" in text
    assert "= 1.8 / 0.1 = 18, so at least 18 trees" in text
    assert "(0.3/2 - 1/50) / (1 - 1/50) = 0.13 / 0.98 ≈ 0.1327" in text
    assert worked.note == "With ρ = 0.1 and 50 trees the forest's variance, 0.236, is already at or below 0.3."
    # σ² = 4, ρ = 0.5: floor 2 > 1; ρ ≤ (1/4 - 1/100) / (1 - 1/100) = 0.24 / 0.99 = 0.24242
    text = text_of(
        ensemble_variance(
            normalize("ensemble of 100 trees with variance 4 each, correlated at 0.5: can I get it below 1?")
        )
    )
    assert "levels off at ρσ² = 0.5 × 4 = 2, above 1" in text
    assert "= 0.24 / 0.99 ≈ 0.2424" in text
    # floor 0.05 < 0.08: B ≥ 0.95 / 0.03 = 31.67, 32 trees; with B = 10 even ρ = 0 gives 0.1 > 0.08 (13 trees)
    worked = ensemble_variance(normalize("forest of 10 trees, variance 1, correlation 0.05: variance under 0.08?"))
    text = text_of(worked)
    assert "= 0.95 / 0.03 = 31.6667, so at least 32 trees" in text
    assert "σ²/B = 1 / 10 = 0.1, above 0.08" in text and "σ²/target = 12.5, so at least 13" in text
    assert worked.note.startswith("More trees do get there")


def test_ensemble_variance_without_a_clear_target_keeps_its_old_answer():
    text = text_of(
        ensemble_variance(normalize("300 trees, variance 1, correlation 0.4, target variance 0.25 or target 0.3"))
    )
    assert "= 0.402" in text and "target" not in text  # two targets: neither is worked
    text = text_of(ensemble_variance("bagged trees each with variance 1, correlation rho = 0.5, 100 trees: variance?"))
    assert "0.5 + 0.5 / 100 = 0.505" in text and "can never go below ρσ² = 0.5" in text
    # no correlation: nothing
    assert ensemble_variance(normalize("300 trees of variance 1: can I get the variance down to 0.25?")) is None

"""Calculators for the h34 blind review (C), called directly on the normalized question as `work` would: the
s3-mdp machine example asked about by name (new, `h34_c.machine_mdp`), top-p after a temperature on logits
(extended `deep.sampling`), Little's law with an observed in-flight count (extended `systems.throughput`) and ALS
users described by how many items they rated (extended `h31_a.als_user_step`). Every figure was worked by hand
in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.deep import sampling
from app.answering.compute.h31_a import als_user_step
from app.answering.compute.h34_c import machine_mdp
from app.answering.compute.parse import normalize
from app.answering.compute.systems import throughput
from tests.compute_checks import cited_document, text_of


def _cites(worked) -> None:
    assert re.search(worked.cue, cited_document(worked))


# --- the machine example of s3-mdp --------------------------------------------------------------------------

MDP_QUESTION = (
    "Using the machine example from the MDP reading (γ = 0.9, V*(cool) = 10, V*(hot) ≈ 8.18), can you compute all "
    "four Q*(s, a) values? How much do I lose by running fast once in the cool state and then acting optimally? And "
    "what's the value of a policy that flips a fair coin between slow and fast when cool but always runs slow when hot?"
)


def test_machine_mdp_reference_question():
    worked = machine_mdp(normalize(MDP_QUESTION))
    text = text_of(worked)
    # V*(hot) = 0.9 (0.5 × 10 + 0.5 V) -> 4.5 / 0.55 = 8.1818
    assert "V*(cool) = 10, V*(hot) = 8.1818" in text
    assert "Q*(cool, slow) = R + γ Σ P(s') V*(s') = 1 + 0.9 × 10 = 10" in text
    assert "2 + 0.9 × 8.1818 = 9.3636" in text  # Q*(cool, fast)
    assert "0 + 0.9 × (0.5 × 10 + 0.5 × 8.1818) = 8.1818" in text  # Q*(hot, slow)
    assert "-5 + 0.9 × 8.1818 = 2.3636" in text  # Q*(hot, fast)
    assert "10 - 9.3636 = 0.6364" in text  # the loss of fast once in cool
    # coin flip in cool, slow in hot: V(hot) = (9/11) V(cool), V(cool) = 1.5 / (1 - 0.45 - 0.45 × 9/11) = 8.25
    assert "V(cool) = 8.25, V(hot) = 6.75" in text
    _cites(worked)


def test_machine_mdp_other_gamma_changes_the_optimal_policy():
    # γ = 0.5: fast/slow gives V(cool) = 2 + 0.5 V(hot), V(hot) = 0.25 V(cool) + 0.25 V(hot) -> V(cool) = 2.4,
    # V(hot) = 0.8 (slow/slow only 2 and 0.667); Q*(cool, slow) = 1 + 0.5 × 2.4 = 2.2, Q*(cool, fast) = 2 + 0.4 =
    # 2.4, Q*(hot, slow) = 0.5 × (1.2 + 0.4) = 0.8, Q*(hot, fast) = -5 + 0.4 = -4.6
    question = (
        "In the reading's machine example with gamma = 0.5 instead, what are Q*(cool, slow), Q*(cool, fast), "
        "Q*(hot, slow) and Q*(hot, fast)?"
    )
    text = text_of(machine_mdp(normalize(question)))
    assert "the best policy is fast when cool, slow when hot" in text
    assert "1 + 0.5 × 2.4 = 2.2" in text
    assert "2 + 0.5 × 0.8 = 2.4" in text
    assert "0 + 0.5 × (0.5 × 2.4 + 0.5 × 0.8) = 0.8" in text
    assert "-5 + 0.5 × 0.8 = -4.6" in text


def test_machine_mdp_loss_of_fast_once_when_hot():
    # γ = 0.9 from the reading: V*(hot) = 90/11 = 8.1818, Q*(hot, fast) = -5 + 0.9 × 90/11 = 26/11 = 2.3636,
    # loss 64/11 = 5.8182
    question = (
        "In the hot state, how much do I lose by running fast once and then acting optimally? "
        "(the machine example from the MDP reading)"
    )
    text = text_of(machine_mdp(normalize(question)))
    assert "8.1818 - 2.3636 = 5.8182" in text
    assert "coin-flip" not in text


def test_machine_mdp_random_when_hot_fast_when_cool():
    # cool -> fast: V(c) = 2 + 0.9 V(h); hot -> coin: V(h) = 0.5 (0.9 (0.5 V(c) + 0.5 V(h))) + 0.5 (-5 + 0.9 V(h))
    # = 0.225 V(c) + 0.675 V(h) - 2.5 -> 0.1225 V(h) = -2.05 -> V(h) = -820/49 = -16.7347, V(c) = -640/49 = -13.0612
    question = (
        "Machine example from the MDP reading, γ = 0.9: what's the value of the policy that always runs fast when cool "
        "but chooses at random between slow and fast when hot?"
    )
    text = text_of(machine_mdp(normalize(question)))
    assert "V(cool) = -13.0612, V(hot) = -16.7347" in text


@pytest.mark.parametrize(
    "question",
    [
        "What is the Bellman optimality equation for Q*?",  # no example, no numbers
        # the learner changes the model: the general MDP calculators read it
        "In the machine example from the reading, if cool/fast gave reward 3 instead, what are the Q* values?",
        # a V* that the reading's model does not give at this γ
        "Machine example from the MDP reading with γ = 0.9 and V*(cool) = 12: what are the Q*(s, a) values?",
        # not about action values, losses or policies
        "In the machine example from the MDP reading, why does fast look best in cool after one sweep?",
        # two discounts
        "Machine example from the MDP reading, γ = 0.9 or γ = 0.5: the Q* values?",
    ],
)
def test_machine_mdp_computes_nothing(question):
    assert machine_mdp(normalize(question)) is None


# --- top-p after a temperature, on logits ---------------------------------------------------------------------

TOP_P_QUESTION = (
    "My LM gives logits [2, 1, 0, −1] for four candidate next tokens and I sample with top-p = 0.9. What "
    "distribution do I actually sample from at temperature 0.5 and at temperature 1? And how many tokens survive the "
    "nucleus at T = 2?"
)


def test_top_p_at_temperatures_reference_question():
    worked = sampling(normalize(TOP_P_QUESTION))
    text = text_of(worked)
    # T = 0.5: softmax([4, 2, 0, -2]) = [0.865, 0.1171, 0.0158, 0.0021]; top two 0.982 -> 0.8808, 0.1192
    assert "T = 0.5: z / 0.5 = [4, 2, 0, -2], softmax = [0.865, 0.1171, 0.0158, 0.0021]" in text
    assert "keep 2 tokens (total 0.982)" in text
    assert "token 1 0.865 / 0.982 = 0.8808, token 2 0.1171 / 0.982 = 0.1192" in text
    # T = 1: [0.6439, 0.2369, 0.0871, 0.0321]; top two 0.8808 < 0.9, three 0.9679 -> 0.6652, 0.2447, 0.09003
    assert "T = 1: softmax = [0.6439, 0.2369, 0.0871, 0.0321]" in text
    assert "keep 3 tokens (total 0.9679)" in text
    assert "0.6652" in text and "0.2447" in text and "0.09003" in text
    # T = 2: [0.4551, 0.276, 0.1674, 0.1015]; top three 0.8985 < 0.9: all four survive
    assert "T = 2: z / 2 = [1, 0.5, 0, -0.5], softmax = [0.4551, 0.276, 0.1674, 0.1015]" in text
    assert "the top 3 reach only 0.8985): keep 4 tokens" in text
    _cites(worked)


def test_top_k_on_logits_at_two_temperatures():
    # T = 1: softmax([3, 1, 0]) = [0.8438, 0.1142, 0.042]; top-2 keeps 0.958 -> 1 / (1 + e^-2) = 0.8808, 0.1192
    # T = 0.5: softmax([6, 2, 0]) = [0.9796, 0.0179, 0.0024]; top-2 -> 1 / (1 + e^-4) = 0.982, 0.01799
    question = "Logits [3, 1, 0] with top-k = 2: what do I sample from at temperature 1 and 0.5?"
    text = text_of(sampling(normalize(question)))
    assert "T = 1: softmax = [0.8438, 0.1142, 0.042]" in text
    assert "T = 0.5: z / 0.5 = [6, 2, 0], softmax = [0.9796, 0.0179, 0.0024]" in text
    assert "0.8808" in text and "= 0.982," in text and "= 0.01799" in text


def test_nucleus_on_logits_without_temperature():
    # softmax([1, 1, 0]) = [e, e, 1] / (2e + 1) = [0.4223, 0.4223, 0.1554]; 0.4223 < 0.5, two reach 0.8446
    question = "Nucleus sampling with p = 0.5 on logits [1, 1, 0]: which tokens can be picked?"
    text = text_of(sampling(normalize(question)))
    assert "T = 1: softmax = [0.4223, 0.4223, 0.1554]" in text
    assert "keep 2 tokens (total 0.8446)" in text
    assert "never picked: token 3" in text


@pytest.mark.parametrize(
    "question",
    [
        "My logits are [2, 1, 0] and I sample at temperature 0.5: what are the probabilities?",  # no filter
        "top-p = 0.9 at a low temperature on logits [2, 1, 0]: what do I sample from?",  # T not given
        "Scores [2, 1, 0] with top-p 0.9: what do I sample from?",  # not called logits
        "How does top-p sampling differ from top-k, and what does temperature do?",  # no numbers
    ],
)
def test_top_p_on_logits_computes_nothing(question):
    assert sampling(normalize(question)) is None


# --- Little's law with an observed in-flight count -------------------------------------------------------------

SERVING_QUESTION = (
    "Load test on our Flask model API behind gunicorn -w 8 (sync workers, one request at a time each). At a steady "
    "100 req/s the load balancer shows about 32 requests in flight on average, and a single prediction takes ~70 ms. "
    "What average latency does Little's law imply, what's the max throughput of these 8 workers, and why is latency "
    "so much higher than 70 ms?"
)


def test_littles_law_in_flight_reference_question():
    worked = throughput(normalize(SERVING_QUESTION))
    text = text_of(worked)
    assert "8 / 0.07 s = 114.2857 requests per second" in text
    assert "32 / 100 = 0.32 s (320 ms)" in text
    assert "100 × 0.07 s = 7 of 8, utilization 7 / 8 = 87.5%" in text
    assert "32 - 7 = 25 wait in the queue: 25 / 100 = 0.25 s (250 ms)" in text
    _cites(worked)


def test_littles_law_small_service():
    # 5 / 60 = 0.0833 s; capacity 4 / 0.05 = 80 req/s; busy 60 × 0.05 = 3 of 4 (75%); waiting 2 -> 2/60 = 0.0333 s
    question = (
        "Our API runs 4 workers and each request takes 50 ms; at 60 requests per second we see about 5 requests in "
        "flight. What latency does Little's law give, and how much of it is queueing?"
    )
    text = text_of(throughput(normalize(question)))
    assert "4 / 0.05 s = 80 requests per second" in text
    assert "5 / 60 = 0.08333 s (83.3333 ms)" in text
    assert "utilization 3 / 4 = 75%" in text
    assert "5 - 3 = 2 wait in the queue: 2 / 60 = 0.03333 s (33.3333 ms)" in text


def test_littles_law_latency_only():
    # 50 / 200 = 0.25 s
    question = (
        "At 200 req/s the load balancer reports an average of 50 requests in flight. By Little's law, what is "
        "the average latency?"
    )
    text = text_of(throughput(normalize(question)))
    assert "50 / 200 = 0.25 s (250 ms)" in text


def test_in_flight_without_a_rate_keeps_the_capacity_steps_only():
    question = "32 requests in flight, predictions take 70 ms and we run 8 workers: what throughput can we serve?"
    text = text_of(throughput(normalize(question)))
    assert "8 / 0.07 s" in text and "concurrency / throughput" not in text


@pytest.mark.parametrize(
    "question",
    [
        # fewer in flight than 100 × 0.07 = 7 being served: the numbers do not fit
        "8 workers, each prediction 70 ms, at 100 req/s we see 3 requests in flight: what latency?",
        "What is Little's law and how does it relate latency and throughput?",  # no numbers
        "The load balancer shows 32 requests in flight: what's the latency?",  # no rate, no latency
    ],
)
def test_littles_law_in_flight_computes_nothing(question):
    assert throughput(normalize(question)) is None


# --- ALS users described by their rating counts ------------------------------------------------------------------

ALS_QUESTION = (
    "ALS with k = 1 and no biases, item factors fixed for this half-step. User A rated a single item (q = 1.5) with "
    "5 stars; user B rated ten items, every one with q = 1.5 and 5 stars. With λ = 1, what p_u does each get and "
    "what do they predict for such an item? What happens with λ = 0, and what does that say about regularization?"
)


def test_als_users_reference_question():
    worked = als_user_step(normalize(ALS_QUESTION))
    text = text_of(worked)
    assert "p = 1.5 × 5 / (1.5² + 1) = 7.5 / 3.25 = 2.3077; predicts 2.3077 × 1.5 = 3.4615" in text
    assert "p = 10 × 1.5 × 5 / (10 × 1.5² + 1) = 75 / 23.5 = 3.1915; predicts 3.1915 × 1.5 = 4.7872" in text
    assert "user A, λ = 0: p = 7.5 / 2.25 = 3.3333; predicts 3.3333 × 1.5 = 5" in text
    assert "user B, λ = 0: p = 75 / 22.5 = 3.3333; predicts 3.3333 × 1.5 = 5" in text
    _cites(worked)


def test_als_one_user_several_items():
    # 4 × 2 × 3 / (4 × 4 + 2) = 24 / 18 = 1.3333; predicts 1.3333 × 2 = 2.6667
    question = (
        "ALS, one latent factor (k = 1), no biases, item factors fixed: user X rated 4 items, all with q = 2 and "
        "rating 3, lambda = 2. What is p_u?"
    )
    text = text_of(als_user_step(normalize(question)))
    assert "p = 4 × 2 × 3 / (4 × 2² + 2) = 24 / 18 = 1.3333; predicts 1.3333 × 2 = 2.6667" in text
    assert "λ = 0" not in text


def test_als_two_users_other_numbers():
    # A: 0.5 × 4 / (0.25 + 0.5) = 2 / 0.75 = 2.6667 -> 1.3333; λ = 0: 2 / 0.25 = 8 -> 4
    # B: 5 × 0.5 × 4 / (1.25 + 0.5) = 10 / 1.75 = 5.7143 -> 2.8571; λ = 0: 10 / 1.25 = 8 -> 4
    question = (
        "Alternating least squares with k=1 and no biases, item factors fixed: user A rated one item (q = 0.5) with "
        "4 stars, user B rated 5 items each with q = 0.5 and 4 stars. Compare lambda 0.5 and lambda 0."
    )
    text = text_of(als_user_step(normalize(question)))
    assert "2 / 0.75 = 2.6667; predicts 2.6667 × 0.5 = 1.3333" in text
    assert "10 / 1.75 = 5.7143; predicts 5.7143 × 0.5 = 2.8571" in text
    assert "user A, λ = 0: p = 2 / 0.25 = 8; predicts 8 × 0.5 = 4" in text


@pytest.mark.parametrize(
    "question",
    [
        # no λ
        "ALS with k = 1 and no biases: user A rated a single item (q = 1.5) with 5 stars. What p_u does A get?",
        # two factors in one user's sentence
        "ALS k = 1, no biases: user B rated ten items, every one with q = 1.5 or q = 2 and 5 stars, λ = 1. p_u?",
        # ten items but not said to share one factor and rating
        "ALS k = 1, no biases: user B rated ten items with q = 1.5 and 5 stars, λ = 1. What is p_u?",
        # biases in the model: another update
        "ALS with user biases, k = 1: user A rated a single item (q = 1.5) with 5 stars, λ = 1. What is p_u?",
    ],
)
def test_als_users_computes_nothing(question):
    assert als_user_step(normalize(question)) is None


def test_machine_mdp_steps_aside_when_the_learner_writes_the_model_and_names_policies():
    # heldout33's question restates the machine's rewards and asks two named policies' values: `mdp_policies`
    # solves them, and a second block of Q* values would only repeat its one-step check
    question = normalize(
        "machine MDP from the reading (cool/slow: +1 stay cool; cool/fast: +2 go hot; hot/slow: 0, cool w.p. 0.5 "
        "else hot; hot/fast: -5 stay hot) but with gamma = 0.5. what are the values of the policy 'fast when cool, "
        "slow when hot' vs 'always slow'? which is better now?"
    )
    assert machine_mdp(question) is None

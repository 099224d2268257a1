"""Calculators that read a blind set's numbers wrong (a blind review found each answer's worked block false).
heldout31: `logistic` took 'weight 1 on each squared feature' as one named feature with the value 1, `anchor_count`
divided the image by one layer's stride in a chain of four layers, and `dpo_loss` mixed the chosen and rejected
changes of three labelled cases. heldout32: `dag` read a branch off a chain as one more stage. Each now computes
nothing it cannot read, and DPO works every labelled case."""

from __future__ import annotations

import re

from app.answering.compute import work
from app.answering.compute.models import logistic
from app.answering.compute.parse import normalize
from app.answering.compute.sweep_d import anchor_count, dpo_loss
from tests.compute_checks import cited_document

RING = (
    "my classes look like a ring: positives outside a circle, negatives inside. I added squared features (x1², x2²) "
    "and logistic regression learned b = -4 and weight 1 on each squared feature. what probabilities does it give "
    "the points (1, 1), (2, 1) and (0, 2), what does the decision boundary look like in the original x1-x2 plane, "
    "and what's the log-loss at (1, 1) if that point is actually positive?"
)
BACKBONE = (
    "sizing a small detector backbone for 200×200 inputs: Conv 7×7 stride 2 padding 3 -> MaxPool 3×3 stride 2 "
    "padding 1 -> Conv 3×3 stride 2 padding 1 -> MaxPool2d(2). what's the spatial size after each layer? what "
    "changes if the last pool uses ceil_mode=True? and with 9 anchors per feature-map position, how many anchors "
    "does each version give?"
)
DPO_CASES = (
    "trying to get the numbers behind DPO (beta = 0.1). relative to the frozen reference model: (a) at the very "
    "start the policy equals the reference; (b) after some training the chosen answer's log-prob is up by 3 and the "
    "rejected answer's down by 2; (c) a bad run where the chosen answer went down by 1 and the rejected went up by "
    "1. what's the DPO loss in each case? and why does DPO still need that reference model?"
)


def test_logistic_reads_no_feature_from_each():
    assert logistic(normalize(RING)) is None
    # one named feature still reads: z = 0.8 x 4 - 2 = 1.2
    one = logistic(normalize("logistic regression with weight 0.8 on calls and bias -2: a customer with 4 calls?"))
    assert one is not None and "= 1.2" in one.steps[0]


def test_anchor_count_leaves_a_chain_of_layers():
    assert anchor_count(normalize(BACKBONE)) is None
    # one backbone stride still reads: 512 / 32 = 16, 16 x 16 x 9 = 2,304
    one = anchor_count(normalize("512x512 images, backbone stride 32, 9 anchors per position: how many anchors?"))
    assert one is not None and "2,304" in " ".join(one.steps)


def test_dpo_works_each_labelled_case():
    worked = dpo_loss(normalize(DPO_CASES))
    assert worked is not None and re.search(worked.cue, cited_document(worked))
    text = " ".join(worked.steps)
    # (a) margin 0, loss ln 2; (b) 0.1 x (3 + 2) = 0.5, -ln σ(0.5) = 0.4741; (c) 0.1 x (-1 - 1) = -0.2, 0.7981
    assert "(a) Δ_chosen = 0, Δ_rejected = 0" in text and "= 0.6931" in text
    assert "(b) Δ_chosen = 3, Δ_rejected = -2" in text and "= 0.4741" in text
    assert "(c) Δ_chosen = -1, Δ_rejected = 1" in text and "= 0.7981" in text
    assert [w.kind for w in work(DPO_CASES)] == ["dpo_loss"]


def test_dpo_cases_all_or_nothing():
    # (b) names no direction for the rejected change: nothing is worked rather than a case misread
    vague = "DPO, beta = 0.1: (a) chosen up by 2 and rejected down by 1; (b) chosen up by 1 and rejected by 3. losses?"
    assert dpo_loss(normalize(vague)) is None


def test_dag_leaves_a_branch_off_the_chain():
    """heldout32: 'f_item (30) also runs right after extract' read as a stage after f_user gave a 140-minute
    critical path (it is 15 + max(10 + 25, 30) + 45 + max(8, 12) + 3 = 110); a graph is not a chain."""
    branch = (
        "nightly DAG: extract (15 min) -> clean (10) -> f_user (25); f_item (30) also runs right after extract; "
        "train (45) needs both f_user and f_item; then evaluate (8) and explain (12) run in parallel after train; "
        "publish (3) needs both. how long if run one after another vs as a DAG?"
    )
    assert not [w for w in work(branch) if w.kind == "dag"]
    chain = "extract (5 min) -> two parallel feature tasks (12 and 8 min) -> train (30 min): wall-clock as a DAG?"
    assert [w.kind for w in work(chain)] == ["dag"]


def test_heldout33_misreads_compute_nothing():
    """heldout33's blind review: a linear system's right-hand sides b = (6, 3) and (6, 4) were broadcast as shapes;
    a 40-token question was taken for BERT's limit; z-scores were worked with a -999 failure code still in the
    column (as if the learner's plan were right)."""
    system = (
        "B = [[2, 4], [1, 2]]. whats det B and rank? i want to solve B x = b for b = (6, 3) and for b = (6, 4) - how "
        "many solutions does each have? np.linalg.solve just errors out"
    )
    assert [w.kind for w in work(system)] == ["determinant_2x2"]
    pair = (
        "QA fine-tuning with BERT on (question, passage) pairs. my questions are at most 40 tokens and I cut every "
        "passage to 472 tokens, so 40 + 472 = 512 = BERT's limit, nothing gets truncated. right?"
    )
    assert not [w for w in work(pair) if w.kind == "token_chunks"]
    sentinel = (
        "our temp sensor logs -999 whenever it fails. a training sample looks like 20, 22, 21, -999, 23. i'm leaving "
        "the -999s in as numbers because StandardScaler will normalise everything anyway. fine?"
    )
    assert not [w for w in work(sentinel) if w.kind == "zscore"]
    # still worked: shapes combined, a document against a stated limit, plain values to standardize
    assert [w.kind for w in work("numpy: what shape is (4, 1) + (3,)?")] == ["broadcast"]
    assert "zscore" in [w.kind for w in work("z-scores of 20, 22, 21, 25, 23 with StandardScaler?")]


def test_item_cf_with_a_negative_similarity():
    """heldout33: the note said the prediction is pulled toward the more similar item's rating, false when a
    negative similarity drags it below every rating; the signed denominator the learner asked about is shown."""
    q = (
        "item-based CF. user rated j1 = 5, j2 = 3, j3 = 4. similarities to target item i: 0.8, 0.5 and -0.4. "
        "predicted rating for i? what if i (wrongly) used the signed sims in the denominator?"
    )
    (worked,) = [w for w in work(q) if w.kind == "item_cf"]
    text = " ".join(worked.steps)
    assert "3.9 / 1.7 = 2.2941" in text  # (4 + 1.5 - 1.6) / (0.8 + 0.5 + 0.4)
    assert "3.9 / 0.9 = 4.3333" in text  # the signed denominator 0.8 + 0.5 - 0.4
    assert "pulled toward" not in worked.note and "lowers the prediction" in worked.note


def test_heldout35_misreads_compute_nothing():
    """heldout35's blind review: `odds_multiplier` read XGBoost's "lambda = 1" beside "log-odds" as a logistic
    coefficient and told the learner one more unit of lambda multiplies the odds by e^1 (a false claim)."""
    from app.answering.compute.sweep2_b import odds_multiplier

    question = normalize(
        "Trying to see XGBoost's leaf formula w* = -G/(H + lambda) with log-loss instead of squared error. One leaf "
        "holds 5 rows with labels 1, 1, 1, 1, 0 and the current raw score (log-odds) is 0 for all of them. What are "
        "the gradients and hessians, and the leaf weight for lambda = 1 and lambda = 0?"
    )
    assert odds_multiplier(question) is None
    # a feature's coefficient is still read
    kept = "In my logistic regression the coefficient for age is 0.3. What happens to the odds?"
    assert odds_multiplier(normalize(kept)) is not None

"""Worked computations with the learner's own numbers. Pure functions, no model.

Heldout review (heldout6): about a quarter of the questions gave numbers of their own ("TP = 30,
FP = 10 ...", "a 64x64 RGB input", "f(x, y) = 3x^2 + xy at (1, 2)") and got the reading's method
with the reading's numbers, never their own result. The small model cannot be trusted with
arithmetic, so each calculator reads the numbers from the question, does the arithmetic in Python
and shows every step, citing the reading that teaches the formula. A calculator computes nothing
when it cannot tell which number is which (two candidates for one role, a role missing): showing
no result is better than showing a wrong one as the tutor's.

The calculators live by roadmap stage: `maths` (stage 1 mathematics and NumPy), `stats`
(probability, statistics, data preparation), `models` (classical ML), `deep` (neural networks, RL,
NLP) and `systems` (production and applications); and by kind across stages: `training` (how models
are trained and judged), `evaluation` (reading results: many tests, latency percentiles, top-k),
`by_hand` (procedures done by hand on a few numbers) and `sizing` (how big things are); `parse` holds
what they share. `work(question)` returns every calculator's `Worked` result that is sure of its
numbers, at most MAX_RESULTS.
"""

from __future__ import annotations

from collections.abc import Callable

from app.answering.compute.by_hand import (
    agglomerative_1d,
    batchnorm_eval,
    collapse_linear,
    corridor_q,
    differencing,
    logistic_step,
    ma_forecast,
    q_from_values,
    smote_points,
    svd_two,
    xgb_objective,
)
from app.answering.compute.deep import (
    activations,
    arima,
    attention,
    attention_memory,
    backprop,
    batchnorm,
    bpe,
    discounted,
    dqn_targets,
    epsilon_greedy,
    forward,
    lora,
    lstm,
    minibatch_updates,
    negative_sampling,
    params,
    policy_evaluation,
    policy_values,
    q_update,
    rnn_params,
    rouge,
    sampling,
    sgd_weight,
    softmax,
    tfidf,
    value_iteration,
)
from app.answering.compute.evaluation import canary_rates, latency_percentiles, multiple_testing, top_k_ranks
from app.answering.compute.maths import axis, broadcast, calculus, eigen, linalg, named_products
from app.answering.compute.models import (
    bce,
    best_constant,
    bias_variance,
    boosting,
    caught_counts,
    class_weights,
    clusters_1d,
    confusion,
    counts,
    described_counts,
    ensemble_variance,
    expanding_folds,
    gini_split,
    kmeans,
    leaf_weight,
    least_squares,
    logistic,
    multiclass,
    out_of_bag,
    pca_covariance,
    pca_silhouette,
    penalized_line,
    precision_at_prevalence,
    reg_losses,
    roc_auc,
    runs,
    variance_split,
)
from app.answering.compute.parse import Worked, fmt, normalize
from app.answering.compute.sizing import context_budget, mf_size, table_sizes
from app.answering.compute.stats import (
    bayes,
    binomial,
    coded_distances,
    count_table,
    imputed_spread,
    iqr,
    knn_scaling,
    pearson,
    pipeline,
    poisson,
    proportion_ci,
    scaling,
    zscore,
)
from app.answering.compute.systems import (
    anchor_offsets,
    average_precision,
    catchup_runs,
    cloud_cost,
    dag,
    hpa,
    iou,
    item_cf,
    mf_rating,
    nms,
    perplexity,
    ranking,
    seasonal_naive,
    sweep,
    throughput,
    yolo,
    yolo_label,
)
from app.answering.compute.training import (
    bias_variance_sum,
    cross_entropy,
    gate_decay,
    log_uniform,
    logit_bce,
    loss_gradients,
    penalty_slopes,
    perplexity_from_loss,
    q_step_sizes,
    sigmoid_depth,
    svd_pca,
)

__all__ = ["CALCULATORS", "Worked", "fmt", "work"]

MAX_RESULTS = 3  # a message asking three things at most gets three computations

# The specific ones first: a calculator named by its method (k-means, attention, perplexity) before
# the general ones that read any list or pair of arrays (products, runs over seeds, counts).
CALCULATORS: tuple[Callable[[str], Worked | None], ...] = (
    confusion,
    multiclass,
    described_counts,
    caught_counts,
    roc_auc,
    precision_at_prevalence,
    bayes,
    binomial,
    poisson,
    proportion_ci,
    nms,
    average_precision,
    iou,
    anchor_offsets,
    yolo,
    yolo_label,
    eigen,
    named_products,
    attention,
    attention_memory,
    kmeans,
    forward,
    dqn_targets,
    pipeline,
    penalized_line,
    least_squares,
    gini_split,
    variance_split,
    boosting,
    clusters_1d,
    pca_covariance,
    pca_silhouette,
    bpe,
    rouge,
    batchnorm,
    knn_scaling,
    scaling,
    imputed_spread,
    iqr,
    pearson,
    logistic_step,
    logistic,
    bce,
    best_constant,
    reg_losses,
    out_of_bag,
    bias_variance,
    ensemble_variance,
    leaf_weight,
    class_weights,
    lora,
    lstm,
    rnn_params,
    negative_sampling,
    tfidf,
    arima,
    seasonal_naive,
    backprop,
    sgd_weight,
    minibatch_updates,
    sweep,
    throughput,
    cloud_cost,
    hpa,
    perplexity,
    mf_rating,
    item_cf,
    ranking,
    params,
    axis,
    broadcast,
    calculus,
    sampling,
    activations,
    softmax,
    policy_evaluation,
    policy_values,
    value_iteration,
    discounted,
    epsilon_greedy,
    q_update,
    zscore,
    linalg,
    dag,
    expanding_folds,
    counts,
    runs,
    log_uniform,
    svd_pca,
    cross_entropy,
    bias_variance_sum,
    q_step_sizes,
    penalty_slopes,
    sigmoid_depth,
    perplexity_from_loss,
    gate_decay,
    multiple_testing,
    latency_percentiles,
    top_k_ranks,
    agglomerative_1d,
    smote_points,
    batchnorm_eval,
    differencing,
    q_from_values,
    corridor_q,
    mf_size,
    context_budget,
    svd_two,
    loss_gradients,
    ma_forecast,
    canary_rates,
    count_table,
    table_sizes,
    catchup_runs,
    collapse_linear,
    xgb_objective,
    coded_distances,
    logit_bce,
)


def work(question: str) -> list[Worked]:
    """The learner's own computations, each done step by step: every calculator sure of its numbers,
    in the order above, one result per kind, at most MAX_RESULTS; [] when none is sure."""
    question = normalize(question)
    found: list[Worked] = []
    for calculator in CALCULATORS:
        try:
            result = calculator(question)
        except (ValueError, ZeroDivisionError, OverflowError, IndexError, KeyError, TypeError):
            result = None
        if result is not None and result.steps and result.kind not in {w.kind for w in found}:
            found.append(result)
        if len(found) == MAX_RESULTS:
            break
    return found

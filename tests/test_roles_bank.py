"""The bank's role constraints read against hand-made answers written for this test (not taken from
the labelled sets): for each constrained question, one correct answer in other words and one that
says who does what the other way round. Whatever the trees say, the swap must not be graded
"correct" and the paraphrase must keep its credit. Fast: no model."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.corpus import load_corpus
from app.learning.grading import contradictions, decide
from app.learning.roles import check_roles

BANK = {q.id: q for q in load_corpus(Path(__file__).parents[1] / "corpus").questions}
CONFIDENT = {"correct": 0.9, "partially_correct": 0.05, "incorrect": 0.05}

# question id: (a correct answer, the same roles swapped)
CASES = {
    "s1-calculus-q09": (
        "It measures how fast f changes when you nudge a single variable and keep every other variable fixed.",
        "You hold the chosen variable constant and let the other variables vary to see how f changes.",
    ),
    "s1-data-cleaning-q09": (
        "Fit the scaler on the training set only and apply it unchanged to the test set, otherwise test "
        "statistics leak; a Pipeline does this inside each fold.",
        "Fit the imputer on the test data and apply it to the training data so both use the test scale; a "
        "Pipeline handles it.",
    ),
    "s1-data-cleaning-q10": (
        "After imputing you can no longer tell which values were filled in, but missingness itself can carry "
        "signal, and a flag column preserves it for the model.",
        "The imputation keeps track of which cells were missing on its own, while the indicator column hides "
        "that information from the model.",
    ),
    "s1-probability-statistics-q09": (
        "Each extra test is another chance of a false positive. Bonferroni divides alpha by the number of "
        "tests, while Benjamini-Hochberg controls the false discovery rate instead.",
        "Benjamini-Hochberg tests each hypothesis at alpha/m, while Bonferroni controls the false discovery rate.",
    ),
    "s2-unsupervised-learning-q11": (
        "It works on all pairwise distances, so memory and time grow with the square of the number of points.",
        "The number of points is not the bottleneck; the features grow quadratically.",
    ),
    "s3-mdp-q09": (
        "A reward is the immediate signal after one step, while a value is the expected discounted return "
        "from a state.",
        "The value is the immediate signal you get right away, and the reward is the expected return.",
    ),
    "s4-pipeline-automation-q10": (
        "Kubeflow fits when the team is on Kubernetes and each step needs its own image and tracked artifacts; "
        "Airflow is the general scheduler for ETL across many data systems.",
        "Airflow is the Kubernetes native choice with artifact lineage, whereas Kubeflow is for general purpose ETL.",
    ),
    "s1-eda-q10": (
        "A pattern that holds in every subgroup can reverse once the data are pooled, so the aggregate can be"
        " misleading and you should check subgroups separately.",
        "The subgroup trends are what mislead you, so trust the pooled aggregate numbers instead.",
    ),
    "s1-eda-q11": (
        "Accuracy is misleading here since predicting all negatives already gives 97%; report precision, "
        "recall or F1 instead, and split with stratification.",
        "Precision and recall are the misleading metrics with 3% positives, so evaluate with plain accuracy instead.",
    ),
    "s1-git-q10": (
        "Rebasing rewrites history, so teammates who already pulled the old commits end up with histories "
        "that diverge from yours; only rebase commits you have not pushed yet.",
        "Rebasing commits your teammates already pulled is safe, but rebasing your own unpushed local commits"
        " is risky.",
    ),
    "s1-large-datasets-q09": (
        "Let Spark or the database filter and aggregate the rows first, so only a small result comes back to "
        "pandas and fits in memory.",
        "Pull the whole table into pandas and filter and aggregate it there, then send the small summary back"
        " to the database.",
    ),
    "s1-linear-algebra-q11": (
        "np.linalg.solve is faster and numerically more stable; forming the inverse costs more work and "
        "amplifies rounding errors.",
        "Computing the inverse is the faster and more stable route, while np.linalg.solve amplifies the "
        "rounding errors.",
    ),
    "s1-probability-statistics-q10": (
        "The disease is rare, so false positives from the many healthy people outnumber the true positives: "
        "P(disease | positive) stays low even though P(positive | disease) is high.",
        "P(disease | positive) is high for an accurate test, but P(positive | disease) stays low because the "
        "disease is rare.",
    ),
    "s1-probability-statistics-q11": (
        "Statistical significance says the result is unlikely under the null hypothesis; practical "
        "significance asks whether the effect is big enough to matter in the real world.",
        "Practical significance means a small p-value, while statistical significance means the effect size "
        "is large enough to matter.",
    ),
    "s1-software-engineering-q10": (
        "An object keeps its internal state private behind its methods, and other code goes through the "
        "public interface only.",
        "Encapsulation means the methods are hidden while the internal state is public for other code to use.",
    ),
    "s2-ensemble-methods-q10": (
        "The validation set picked the number of boosting rounds, so its score is optimistic; report the "
        "final estimate on a separate untouched test set.",
        "The test set should choose the number of rounds with early stopping, and the validation score is the"
        " honest final estimate.",
    ),
    "s2-hyperparameter-tuning-q10": (
        "A Gaussian process surrogate predicts the score and its uncertainty from past trials, the "
        "acquisition function picks the next configuration trading off exploration and exploitation, and the "
        "surrogate is updated after each result.",
        "The acquisition function predicts the score and its uncertainty from past trials, and the surrogate "
        "model chooses the next configuration to try.",
    ),
    "s2-metrics-q09": (
        "The majority class dominates accuracy, so always predicting it scores high while the model misses "
        "every rare case.",
        "The rare class dominates accuracy, so a model that always predicts it scores well while missing the "
        "majority class.",
    ),
    "s2-metrics-q10": (
        "It is the chance that a random positive example is ranked above a random negative example by the "
        "model's score.",
        "It is the chance that a random negative example gets a higher score than a random positive example.",
    ),
    "s2-supervised-learning-q10": (
        "It tries feature thresholds and keeps the split with the biggest impurity decrease, using Gini or "
        "entropy for classification and variance for regression.",
        "It keeps the split with the largest impurity decrease, using variance for classification and Gini or"
        " entropy for regression.",
    ),
    "s2-supervised-learning-q11": (
        "Without regularization the weights grow toward infinity because larger weights keep lowering the "
        "log-loss; an L2 penalty keeps them finite.",
        "Adding an L2 penalty is what makes the weights grow toward infinity on separable data.",
    ),
    "s2-train-test-cv-q09": (
        "With a single split the score depends on which rows happened to land in the test set; cross-"
        "validation averages over k folds and gives a more stable estimate.",
        "A single split already gives a stable estimate, whereas cross-validation makes the score depend on luck.",
    ),
    "s2-train-test-cv-q10": (
        "Leakage happens when the scaler is fitted on the full dataset so the held-out rows shape training; "
        "prevent it by fitting only on the training folds inside a Pipeline.",
        "Leakage comes from fitting on the training folds only; prevent it by fitting the scaler on the full "
        "dataset before splitting.",
    ),
    "s2-train-test-cv-q11": (
        "The winner of many comparisons is partly lucky, so its CV score is biased upward; in nested CV the "
        "inner loop tunes the hyperparameters and the outer loop scores the whole procedure.",
        "Use nested CV, where the outer loop tunes the hyperparameters and the inner loop scores the tuning procedure.",
    ),
    "s2-unsupervised-learning-q09": (
        "Distances are dominated by features with a large numeric scale such as income in dollars; "
        "standardizing puts every feature on a comparable scale.",
        "Features with small ranges dominate the distances while large-scale features are ignored, so "
        "standardize them.",
    ),
    "s3-classical-forecasting-q09": (
        "Shuffling leaks future observations into training; instead train on the earlier part of the series "
        "and test on the most recent period.",
        "Train on the most recent period and test on the earliest part of the series.",
    ),
    "s3-classical-forecasting-q11": (
        "The residuals should look like white noise with no autocorrelation left; check the residual ACF or "
        "run a Ljung-Box test.",
        "The residuals should carry the autocorrelation structure, while the fitted values look like white noise.",
    ),
    "s3-dl-frameworks-q09": (
        "Clear the old gradients with optimizer.zero_grad(), run the forward pass and the loss, call "
        "loss.backward() to compute the gradients, then optimizer.step() updates the weights.",
        "Call optimizer.zero_grad() to clear the gradients, run the forward pass, call loss.backward() to "
        "update the weights, and optimizer.step() to compute the gradients.",
    ),
    "s3-dl-frameworks-q11": (
        "During the forward pass it records every operation into a graph, and backward() then applies the "
        "chain rule through it to get the gradients of all parameters.",
        "The backward pass records the operations, and the forward pass then applies the chain rule to get "
        "the gradients.",
    ),
    "s3-neural-networks-q10": (
        "A convolution shares one small filter over all positions, so it needs far fewer parameters, and each"
        " filter looks at a local patch; a dense layer connects all pixels to every unit.",
        "A convolutional layer connects all pixels to every unit, while a fully connected layer shares one "
        "small filter over local patches.",
    ),
    "s3-neural-networks-q11": (
        "Transformers process all positions in parallel and connect distant tokens directly, but attention "
        "costs grow quadratically with length; RNNs go step by step.",
        "RNNs process all positions in parallel, while transformers have to go token by token.",
    ),
    "s3-nlp-tasks-q09": (
        "Aspect-based sentiment analysis gives a separate sentiment per aspect, for example 'tasty food, slow"
        " service' is positive about the food and negative about the service.",
        "Aspect-based sentiment analysis assigns a single overall label to the whole review, whereas ordinary"
        " sentiment analysis labels each aspect separately.",
    ),
    "s3-q-learning-q09": (
        "The targets come from a frozen copy of the network that is updated only every C steps, so they do "
        "not move with each gradient step and training is more stable.",
        "The frozen copy is trained by gradient descent, while the online network is kept fixed to produce "
        "the targets.",
    ),
    "s3-q-learning-q11": (
        "Early estimates are wrong, so a greedy agent can get stuck; epsilon-greedy takes a random action "
        "with probability epsilon so other actions keep being tried.",
        "Epsilon-greedy takes the greedy action with probability epsilon, and the random actions are what "
        "keep it stuck.",
    ),
    "s3-sequence-models-q09": (
        "The query is compared with every key to get scores, a softmax turns them into weights, and the "
        "output is the weighted sum of the values.",
        "Every value is compared with the query to get scores, and the output is the weighted sum of the keys.",
    ),
    "s3-tokenization-embeddings-q09": (
        "Frequent words stay single tokens and rare words are split into known pieces, so almost nothing is "
        "out of vocabulary while the vocabulary stays small.",
        "Rare words are kept whole, while frequent words are split into pieces.",
    ),
    "s4-cloud-ml-q09": (
        "A managed service starts and stops the machines for you and saves engineering time but costs more "
        "per machine-hour; a bare VM gives full control but you maintain everything yourself.",
        "A bare VM starts and shuts down the machines for you, while SageMaker gives full control but you "
        "must install and maintain everything.",
    ),
    "s4-cloud-ml-q10": (
        "The always-on endpoint is billed even when idle for most of the day; batch transform runs only while"
        " scoring and then releases the instances, which is far cheaper.",
        "Batch transform is billed even when idle, so keep the real-time endpoint, which only runs while scoring.",
    ),
    "s4-cloud-ml-q11": (
        "Keys pasted into a notebook leak when it gets committed to Git, and anyone can then use them; an IAM"
        " role grants the permissions with no secret stored in the code.",
        "The IAM role leaks when the notebook is pushed to GitHub, while access keys grant permissions with "
        "no secret stored.",
    ),
    "s4-deployment-tools-q09": (
        "It blocks the release unless the candidate model matches or beats the current production model on a "
        "fixed evaluation set.",
        "It blocks the release unless the current production model beats the candidate on the evaluation set.",
    ),
    "s4-deployment-tools-q10": (
        "Without it Kubernetes sends requests to a Pod that is still loading the model; the readiness probe "
        "makes it route traffic only once the Pod is ready.",
        "The readiness probe restarts the container when it hangs, while the liveness probe decides when "
        "traffic is sent.",
    ),
    "s4-deployment-tools-q11": (
        "Docker packages the code with its libraries and model into a portable image; Kubernetes runs many "
        "replicas across machines, restarts crashed ones and scales them.",
        "Kubernetes packages the code and its dependencies, while Docker restarts crashed containers and "
        "scales the replicas.",
    ),
    "s4-experiment-tracking-q10": (
        "The best single run may just be a lucky seed; compare the mean over several seeds and look at the "
        "spread, since a stable configuration is more reliable.",
        "The mean over seeds is what contains the noise, while the best single run is the reliable signal.",
    ),
    "s4-pipeline-automation-q09": (
        "An idempotent task gives the same result however often it runs, for example by overwriting the date "
        "partition, so retries never duplicate data.",
        "An idempotent task appends new rows on every rerun, which is why retries are safe.",
    ),
    "s5-computer-vision-q09": (
        "Faster R-CNN is a two-stage detector with region proposals and is historically more accurate but "
        "slow, while YOLO predicts everything in a single forward pass and runs in real time.",
        "YOLO is the two-stage detector with region proposals, while Faster R-CNN does a single forward pass "
        "and runs in real time.",
    ),
    "s5-nlp-language-models-q09": (
        "It detects the user's intent and fills slots, tracks the dialogue state across turns, lets a policy "
        "pick the next action, and generates the reply text.",
        "It generates a reply first, then the policy picks an action, and finally intent detection works out "
        "what the user meant.",
    ),
    "s5-recommender-systems-q10": (
        "A random split trains on interactions that happen after the test ones and inflates scores; hold out "
        "each user's most recent interactions and train on the older ones.",
        "Hold out each user's oldest interactions for testing and train on their most recent ones.",
    ),
}


def _check(qid: str, answer: str):
    q = BANK[qid]
    return check_roles(answer, [b.model_dump() for b in q.roles or []], q.order, q.exact)


@pytest.mark.parametrize("qid", sorted(CASES))
def test_a_swap_is_incorrect_and_a_paraphrase_keeps_its_credit(qid):
    right, swapped = CASES[qid]
    assert decide(CONFIDENT, {}, roles=_check(qid, swapped))[0] == "incorrect", swapped
    assert decide(CONFIDENT, {}, roles=_check(qid, right))[0] == "correct", right


def test_every_constrained_question_has_a_hand_made_case():
    constrained = {i for i, q in BANK.items() if q.roles or q.order}
    assert set(CASES) <= constrained
    assert len(constrained) >= 63


# Correct answers, written for this test, that the contradiction rules' pairing test flagged because
# they put two of the key's words in one clause the key keeps apart ("train each configuration with
# several seeds"), with the same answer's roles swapped. The test now sets clauses of one reference
# sentence against each other, not of two, and flags the right RNN answer no more; where it still
# flags a right answer (a ";" contrast within one sentence), the constraints decide.
PAIRED = {
    "s4-experiment-tracking-q10": (
        "One seed can get lucky, so the top run proves little. Train each configuration with several seeds, "
        "compare the mean and look at the spread.",
        "The single best run is the stable, reliable estimate, while the mean over several seeds is just noisy luck.",
    ),
    "s3-neural-networks-q09": (
        "Backpropagation through time multiplies the gradient by the recurrent weights at each time step, so "
        "over many steps it shrinks toward zero and long-range dependencies are hard to learn; LSTM or GRU "
        "gates fix the vanishing, clipping handles gradients that explode.",
        "Backpropagation through time multiplies the gradient by the recurrent weights at each time step, so "
        "over many steps it shrinks toward zero and long-range dependencies are hard to learn; clipping "
        "fixes the vanishing, LSTM or GRU gates handle gradients that explode.",
    ),
}


@pytest.mark.parametrize("qid", sorted(PAIRED))
def test_a_paraphrase_the_pairing_test_flags_keeps_its_credit_where_the_constraints_bind_its_roles(qid):
    right, swapped = PAIRED[qid]
    flags = {a: any("pairs '" in c["reason"] for c in contradictions(a, BANK[qid].answer)) for a in (right, swapped)}
    assert flags[right] == (qid == "s4-experiment-tracking-q10"), right
    assert decide(CONFIDENT, {"c_swap": 1.0}, roles=_check(qid, right))[0] == "correct", right
    assert decide(CONFIDENT, {"c_swap": 1.0}, roles=_check(qid, swapped))[0] == "incorrect", swapped

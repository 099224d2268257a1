"""Phrasings the calculators missed (heldout13): a detector that "fires on" a share of each group,
gradient-descent steps named by number and the learning rate that makes them bounce, a worker count
with the server's name in it, and an actual rating written as "rated the film 3"; and (heldout14) a
base rate written "X% of the traffic is Y" with the chance asked for an unflagged case too, a miss rate
written "fails to detect", PCA eigenvalues "of the correlation matrix" with each component's share,
and an ARIMA coefficient "on the differenced data". Every figure below was computed by hand in the
comment next to it."""

from __future__ import annotations

from app.answering.compute import work
from tests.conftest import steps


def test_bayes_reads_a_detector_that_fires_on_a_share_of_each_group_and_a_quoted_detection_rate():
    text = steps(
        "Our spam filter fires on 90% of spam and on 4% of benign mail. About 2% of all emails are spam. When the "
        "filter fires, what is the probability the email really is spam? A colleague insists it's 90%."
    )
    # P(E) = 0.9 x 0.02 + 0.04 x 0.98 = 0.018 + 0.0392 = 0.0572; P(H | E) = 0.018 / 0.0572 = 0.314685
    assert "0.9 × 0.02 + 0.04 × 0.98 = 0.018 + 0.0392 = 0.0572" in text
    assert "0.018 / 0.0572 = 0.3147, about 31.5%" in text
    # per 10,000: 200 spam, 180 flagged; 0.04 x 9,800 = 392 false alarms; 180 + 392 = 572
    assert "so 180 of 572 flagged cases are real" in text
    # the colleague's 90% is the detection rate P(E | H), not the answer P(H | E)
    assert "The 90% is P(E | H), the share of real cases that get flagged" in text
    assert "base-rate fallacy" in text


def test_bayes_reads_goes_off_for_and_the_other_group_and_computes_nothing_with_two_detection_rates():
    text = steps(
        "an alarm goes off for 80% of break-ins and for 1% of the other nights. break-ins happen on 0.2% of all "
        "nights. if the alarm goes off, what's the chance of a real break-in?"
    )
    # P(E) = 0.8 x 0.002 + 0.01 x 0.998 = 0.0016 + 0.00998 = 0.01158; 0.0016 / 0.01158 = 0.138169
    assert "= 0.0016 + 0.00998 = 0.01158" in text
    assert "0.0016 / 0.01158 = 0.1382" in text
    assert "is P(E | H)" not in text  # nobody quoted the 80% as the answer
    # 95% of fraud and 80% of chargebacks: two detection rates, which one is P(E | H) is not clear
    assert (
        work(
            "our rule fires on 95% of fraud, fires on 3% of legit transactions, and fires on 80% of chargebacks. "
            "1% of all transactions are fraud. what's the chance it's fraud if it fires?"
        )
        == []
    )


def test_gradient_descent_gives_every_numbered_step_and_the_learning_rate_that_bounces():
    text = steps(
        "gradient descent by hand on L(w) = 3(w + 2)^2 from w = 0 with learning rate 0.05: where is w after steps "
        "1 to 3? and which learning rate makes it oscillate forever?"
    )
    # L'(w) = 6w + 12, L'' = 6. step 1: L'(0) = 12, w = 0 - 0.6 = -0.6, L = 3 x 1.4^2 = 5.88
    assert "step 1: L'(0) = 12, so w = 0 - 0.05 × (12) = -0.6, and L = 5.88" in text
    # step 2: L'(-0.6) = -3.6 + 12 = 8.4, w = -0.6 - 0.42 = -1.02, L = 3 x 0.98^2 = 2.8812
    assert "step 2: L'(-0.6) = 8.4, so w = -0.6 - 0.05 × (8.4) = -1.02, and L = 2.8812" in text
    # step 3: L'(-1.02) = -6.12 + 12 = 5.88, w = -1.02 - 0.294 = -1.314, L = 3 x 0.686^2 = 1.411788
    assert "step 3: L'(-1.02) = 5.88, so w = -1.02 - 0.05 × (5.88) = -1.314, and L = 1.4118" in text
    assert "step 4" not in text
    # bounce: 1 - 6 eta = -1 -> eta = 2 / 6 = 0.3333; minimum w = -2; from 0: 0 - 12/3 = -4, then -4 + 12/3 = 0
    assert "1 - η × 6 = -1, so η = 2 / 6 = 0.3333" in text
    assert "minimum w = -2, so w alternates between 0 and -4" in text
    assert "any η above 0.3333 makes the distance grow" in text


def test_gradient_descent_after_the_nth_step():
    text = steps("L(w) = (w - 4)^2, start at w = 0, lr 0.25: where is w after the 2nd step?")
    # L'(w) = 2w - 8. step 1: L'(0) = -8, w = 0 + 2 = 2; step 2: L'(2) = -4, w = 2 + 1 = 3, L = 1
    assert "step 2: L'(2) = -4, so w = 2 - 0.25 × (-4) = 3, and L = 1" in text
    assert "bounces" not in text  # not asked


def test_throughput_reads_a_worker_count_with_the_server_name_but_not_a_memory_size():
    text = steps(
        "inference is ~40 ms per request, one request per worker at a time. how many req/s can 5 uvicorn workers serve?"
    )
    # Little's law: 5 workers / 0.04 s = 125 requests per second
    assert "5 workers, one request at a time each: 5 / 0.04 s = 125 requests per second" in text
    # "3 GB worker footprint" is a size: only the peak is read, 150 x 0.02 = 3 workers
    sized = steps("each call takes 20 ms with a 3 GB worker footprint; how many workers for a peak of 150 req/s?")
    assert "150 × 0.02 = 3, so about 3 workers" in sized
    assert "one request at a time each" not in sized
    # two worker counts: which one serves is not clear, so no throughput is shown for either
    two = work("each request takes 25 ms. we run 4 gunicorn workers and 8 celery workers; how many requests/sec?")
    assert not any(w.kind == "throughput" for w in two)


def test_matrix_factorization_sgd_step_when_the_rating_is_written_rated_the_film():
    text = steps(
        "matrix factorization with biases: global mean 4, user bias 0.1, item bias -0.3, p_u = [0.5, 1], "
        "q_i = [0.2, -0.4]. the user rated this film 3. learning rate 0.2, lambda 0.1: error and one SGD step?"
    )
    # dot = 0.1 - 0.4 = -0.3; r_hat = 4 + 0.1 - 0.3 - 0.3 = 3.5; e = 3 - 3.5 = -0.5
    assert "error e = r - r̂ = 3 - 3.5 = -0.5" in text
    # b_u = 0.1 + 0.2 x (-0.5 - 0.01) = 0.1 - 0.102 = -0.002
    assert "= 0.1 + 0.2 × (-0.5 - 0.1 × 0.1) = -0.002" in text
    # b_i = -0.3 + 0.2 x (-0.5 + 0.03) = -0.3 - 0.094 = -0.394
    assert "= -0.3 + 0.2 × (-0.5 - 0.1 × (-0.3)) = -0.394" in text
    # p_u = [0.5 + 0.2 x (-0.1 - 0.05), 1 + 0.2 x (0.2 - 0.1)] = [0.47, 1.02]
    # q_i (old p_u) = [0.2 + 0.2 x (-0.25 - 0.02), -0.4 + 0.2 x (-0.5 + 0.04)] = [0.146, -0.492]
    assert "p_u ← p_u + η(e q_i - λ p_u) = [0.47, 1.02]" in text
    assert "with the old p_u, = [0.146, -0.492]" in text
    # new r_hat = 4 - 0.002 - 0.394 + (0.47 x 0.146 + 1.02 x (-0.492)) = 3.604 - 0.43322 = 3.17078
    assert "the prediction moves from 3.5 to 3.1708, towards the rating 3" in text


def test_bayes_reads_a_base_rate_written_x_percent_of_y_is_z_and_answers_for_an_unflagged_case_too():
    text = steps(
        "An intrusion detector catches 90% of attacks and wrongly alerts on 5% of normal sessions. Roughly 10% of "
        "incoming traffic is malicious. If a session is not flagged, how likely is it to be an attack anyway? "
        "And if it is flagged?"
    )
    # P(E) = 0.9 x 0.1 + 0.05 x 0.9 = 0.09 + 0.045 = 0.135; P(H | E) = 0.09 / 0.135 = 0.66667
    assert "0.9 × 0.1 + 0.05 × 0.9 = 0.09 + 0.045 = 0.135" in text
    assert "0.09 / 0.135 = 0.6667, about 66.7%" in text
    # P(not E) = 0.1 x 0.1 + 0.95 x 0.9 = 0.01 + 0.855 = 0.865; P(H | not E) = 0.01 / 0.865 = 0.0115607
    assert "0.1 × 0.1 + 0.95 × 0.9 = 0.01 + 0.855 = 0.865" in text
    assert "0.01 / 0.865 = 0.01156, about 1.2%" in text
    # per 10,000: 1,000 attacks, 100 missed; 9,000 normal, 8,550 passed; 100 + 8,550 = 8,650
    assert "100 of the 8,650 cases not flagged are real" in text
    # "95% of the time it is right" is not a base rate: no role for the 95%, so nothing is computed
    assert (
        work("It flags 3% of clean files, and 95% of the time it is right. If it flags a file, chance of malware?")
        == []
    )


def test_bayes_reads_fails_to_detect_as_a_miss_and_a_negative_result_asked_for():
    text = steps(
        "A screening test fails to detect 20% of cases and gives a false positive for 10% of healthy people; 4% of "
        "the people screened have the disease. If my test comes back negative, what is the probability I have it?"
    )
    # detection rate 1 - 0.2 = 0.8. P(E) = 0.8 x 0.04 + 0.1 x 0.96 = 0.032 + 0.096 = 0.128
    assert "0.8 × 0.04 + 0.1 × 0.96 = 0.032 + 0.096 = 0.128" in text
    # P(not E) = 0.2 x 0.04 + 0.9 x 0.96 = 0.008 + 0.864 = 0.872; 0.008 / 0.872 = 0.00917431
    assert "0.2 × 0.04 + 0.9 × 0.96 = 0.008 + 0.864 = 0.872" in text
    assert "0.008 / 0.872 = 0.009174" in text
    # "does not flag 10% of bad parts" is a given miss rate, not a question about unflagged parts
    given = steps(
        "the checker does not flag 10% of bad parts and flags 2% of good parts. 5% of all parts are bad. if it "
        "flags a part, what is the chance the part is bad?"
    )
    # P(E) = 0.9 x 0.05 + 0.02 x 0.95 = 0.045 + 0.019 = 0.064; 0.045 / 0.064 = 0.703125
    assert "0.9 × 0.05 + 0.02 × 0.95 = 0.045 + 0.019 = 0.064" in given
    assert "0.045 / 0.064 = 0.7031" in given
    assert "P(H | not E)" not in given


def test_pca_eigenvalues_of_a_named_matrix_give_each_share_and_the_components_to_retain():
    text = steps(
        "PCA on my features gave eigenvalues of the correlation matrix: 1.5, 3, 0.25 and 0.25. How much variance "
        "does each principal component explain, and how many should I keep to retain 80 percent?"
    )
    # sorted 3, 1.5, 0.25, 0.25; total 5; shares 0.6, 0.3, 0.05, 0.05; cumulative 60, 90, 95, 100
    assert "total variance 3 + 1.5 + 0.25 + 0.25 = 5 (largest first" in text
    assert "λ / total: 3 / 5 = 0.6, 1.5 / 5 = 0.3, 0.25 / 5 = 0.05, 0.25 / 5 = 0.05" in text
    assert "cumulative share: 60%, 90%, 95%, 100%" in text
    # 80% is first reached by the 2nd component (90%); one alone keeps 60%
    assert "keep 2 components to reach 80%: they keep 90%, while 1 keeps only 60%" in text
    # only the shares asked: 6 / 10 = 0.6, 3 / 10 = 0.3, 1 / 10 = 0.1, and no count of components to keep
    shares = steps("PCA eigenvalues 6, 3, 1: what fraction of the variance does each component carry?")
    assert "6 / 10 = 0.6, 3 / 10 = 0.3, 1 / 10 = 0.1" in shares
    assert "keep" not in shares


def test_pca_computes_nothing_with_two_lists_of_eigenvalues():
    found = work(
        "PCA: before scaling the eigenvalues were 9, 0.6, 0.4; after scaling the eigenvalues are 1.8, 0.7, 0.5. "
        "how many components keep 90% of the variance?"
    )
    assert not any(w.kind == "pca_silhouette" for w in found)


def test_arima_reads_the_coefficient_on_the_differenced_series():
    text = steps(
        "ARIMA(1,1,0) with no constant: the AR coefficient on the differenced data is 0.5. Observed y_29 = 100 and "
        "y_30 = 92. Forecasts at t = 31 and t = 32, and the long-run level?"
    )
    # last difference 92 - 100 = -8; 0.5 x -8 = -4 -> 88; 0.5 x -4 = -2 -> 86; limit 92 - 8 x 0.5 / 0.5 = 84
    assert "last difference: 92 - 100 = -8" in text
    assert "t = 31: next difference 0.5 × (-8) = -4, forecast 88" in text
    assert "t = 32: next difference 0.5 × (-4) = -2, forecast 86" in text
    assert "levels off at 92 + (-8) × 0.5 / (1 - 0.5) = 84" in text
    # "the coefficient on the lag 1 term is 0.5": the 1 could be read as the coefficient, so nothing is read
    found = work("ARIMA(1,1,0) without constant; the coefficient on the lag 1 term is 0.5. y_9 = 100 and y_10 = 92.")
    assert not any(w.kind == "arima" for w in found)


# --- heldout15: a learner's own conclusion, the mean and median asked beside the fences, a batch job "every night"


def test_bayes_reads_the_learners_conclusion_as_an_echo_and_never_as_the_base_rate():
    text = steps(
        "My blood test came back positive. The test flags 90% of people who have the disease, 5% of healthy people "
        "get flagged as well, and 1% of adults have the disease. Does this mean there's a 90% probability I'm sick?"
    )
    # P(E) = 0.9 x 0.01 + 0.05 x 0.99 = 0.009 + 0.0495 = 0.0585; P(H | E) = 0.009 / 0.0585 = 0.153846
    assert "0.9 × 0.01 + 0.05 × 0.99 = 0.009 + 0.0495 = 0.0585" in text
    assert "0.009 / 0.0585 = 0.1538, about 15.4%" in text
    # the learner's 90% is the detection rate said again, not the answer
    assert "The 90% is P(E | H), the share of real cases that get flagged" in text
    # no base rate given: the learner's "so it's a 90% chance I have it" is not a prior, so nothing is computed
    assert (
        work("The test flags 90% of sick people and 5% of healthy ones. So does that mean a 90% chance I have it?")
        == []
    )


def test_iqr_gives_the_mean_and_median_asked_beside_the_fences():
    text = steps(
        "Session lengths in a training column: 12, 15, 11, 14, 13, 60, 16. With the 1.5 IQR rule, what gets flagged, "
        "how far apart are the mean and the median, and can I drop the flagged one?"
    )
    # sorted 11, 12, 13, 14, 15, 16, 60: Q1 at position 1.5 -> 12.5, Q3 at 4.5 -> 15.5, IQR 3; fences 8 and 20
    assert "Q1 = 12.5, Q3 = 15.5 (NumPy's default percentiles), IQR = 3" in text
    assert "Flagged: 60" in text
    # 11 + 12 + 13 + 14 + 15 + 16 + 60 = 141; 141 / 7 = 20.142857; median the 4th value, 14
    assert "mean = 141 / 7 = 20.1429, median = 14" in text
    # without 60: 11 ... 16, median (13 + 14) / 2 = 13.5; the mean 20.14 is above the largest other value, 16
    assert "the median of the 6 remaining values is 13.5" in text
    assert "drags the mean (20.1429) above every unflagged value, while the median (14) stays among them" in text
    # "what does a flag mean" asks no mean: no centre is computed
    assert "median =" not in steps("1.5 IQR fences for 12, 15, 11, 14, 13, 60, 16: what does a flag mean?")


def test_cloud_cost_reads_a_batch_job_every_evening_beside_a_month_of_serving():
    text = steps(
        "Costs? Training on 8 nodes at $1.50/hour for 10 hours; spot would be 70% cheaper with 20% more time. "
        "Serving: 2 instances at $0.50/hour always on for a 31-day month, or a batch job on 2 instances for "
        "3 hours every evening."
    )
    # 8 x 10 x 1.50 = 120; spot 1.50 x 0.3 = 0.45/h, 10 x 1.2 = 12 h: 8 x 12 x 0.45 = 43.20, saving 76.80
    assert "on demand: 8 instances × 10 h × $1.50/h = $120.00 per run" in text
    assert "8 × 12 × $0.45 = $43.20 per run, saving $76.80" in text
    # 2 x 31 x 24 = 2 x 744 h x 0.50 = 744; batch 2 x 3 x 31 x 0.50 = 93, and 744 / 93 = 8
    assert "2 × (31 × 24 = 744 h) × $0.50 = $744.00" in text
    assert "a nightly batch job instead: 2 × 3 h × 31 nights × $0.50 = $93.00 a month, 8x cheaper" in text
    # an endpoint's own "12 hours a day" is not a batch job
    assert "batch" not in steps("cost of an endpoint on 2 instances at $0.50/hour, 12 hours a day, for a 31-day month?")


def test_a_z_test_for_a_rate_and_the_multiple_tests_it_sits_among():
    """heldout16: 'normal-approximation z-test ... in 400 sessions, 225 had a click; the old click rate
    is 50% ... we checked 10 different metrics the same way' got nothing."""
    text = "\n".join(
        w.text()
        for w in work(
            "Normal-approximation z-test: 500 visitors, 280 of them converted, and the old conversion rate is 50%."
            " Two-sided p-value? We also ran 5 other tests the same way."
        )
    )
    # H0 p = 0.5: mean 250, sd = sqrt(500 x 0.25) = 11.1803, z = 30 / 11.1803 = 2.68, p = erfc(2.68 / sqrt 2) = 0.00729
    assert "observed 280: z = (280 - 250) / 11.1803 = 2.68 standard deviations" in text
    assert "two-sided p-value (normal approximation) = 0.00729" in text
    # 5 tests: 5 x 0.05 = 0.25 expected; 1 - 0.95^5 = 0.2262; Bonferroni 0.05 / 5 = 0.01
    assert "P(at least one) = 1 - 0.95^5 = 0.2262; Bonferroni: use α / m = 0.01 for each" in text


def test_spearman_beside_pearson_when_asked():
    """heldout16: Pearson and Spearman asked for y = x^2 on 1..5; only Pearson was worked."""
    text = "\n".join(w.text() for w in work("x = 1, 2, 3, 4 and y = 1, 8, 27, 64: pearson r and spearman correlation?"))
    # ranks 1..4 for both (monotonic): rho = 1; Pearson: x - 2.5 = [-1.5, -0.5, 0.5, 1.5], y - 25 = [-24, -17, 2, 39]
    # sxy = 36 + 8.5 + 1 + 58.5 = 104, sxx = 5, syy = 576 + 289 + 4 + 1521 = 2390, r = 104 / sqrt(11950) = 0.9514
    assert "r = 104 / √(5 × 2,390) = 0.9514" in text
    assert "Spearman ρ = Pearson r of the ranks = 5 / √(5 × 5) = 1" in text
    assert "a curved but monotonic trend lowers r more than ρ" in text
    assert "Spearman" not in "\n".join(w.text() for w in work("x = 1, 2, 3, 4 and y = 1, 8, 27, 64: pearson r?"))


def test_r_near_zero_is_no_linear_association_not_a_weak_one():
    """heldout37: y = x^2 on x = -2..2 gave r = 0 and rho = 0 and the note said "A weak negative linear
    association", a false claim (its sign came from rounding noise)."""
    text = "\n".join(w.text() for w in work("x = -2, -1, 0, 1, 2 and y = 4, 1, 0, 1, 4: pearson r and spearman?"))
    # x - 0 = [-2, -1, 0, 1, 2], y - 2 = [2, -1, -2, -1, 2]: sxy = -4 + 1 + 0 - 1 + 4 = 0
    assert "r = 0 / √(10 × 14) = 0" in text
    assert "No linear association (r = 0)" in text and "neither number sees a U-shape" in text
    assert "weak" not in text and "negative" not in text
    # an association that is there is still named: sxy = 4, sxx = 10, syy = 5.2, r = 4 / sqrt(52) = 0.5547
    some = "\n".join(w.text() for w in work("x = 1, 2, 3, 4, 5 and y = 2, 1, 4, 3, 3: pearson r?"))
    assert "= 0.5547" in some and "A moderate positive linear association" in some

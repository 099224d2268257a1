"""Counting what a data pipeline cuts (heldout25 asked each; no calculator read them, so the answer gave
only the reading's rule): (input, target) windows from a series for an LSTM, a long document in chunks
against BERT's 512 tokens, and the folds StratifiedKFold and an unshuffled KFold make of a sorted file.
Every figure was computed by hand in the comment beside it."""

from __future__ import annotations

from app.answering.compute import work
from tests.conftest import steps


def test_windows_for_an_lstm_with_a_chronological_split_batch_shape_and_batches():
    text = steps(
        "I have 1,000 hourly readings with 3 features and want an LSTM to predict the next hour from the previous "
        "48 hours. How many (input, target) windows can I make? If the first 800 hours are for training and the "
        "last 200 for testing, how many training and test windows are there, what shape does a batch of 32 have "
        "for nn.LSTM with batch_first=True, and how many batches per epoch?"
    )
    # targets at indices 48..999: 1000 - 48 = 952; training targets 48..799: 752; test targets 800..999: 200,
    # 152 when the 48 inputs must also lie after hour 800
    assert "1,000 - 48 - 1 + 1 = 952" in text
    assert "800 - 48 - 1 + 1 = 752" in text
    assert "one per test target, 200" in text and "200 - 48 - 1 + 1 = 152" in text
    assert "(32, 48, 3)" in text and "expects (48, 32, 3)" in text
    # 752 / 32 = 23.5: 24 batches, the last 752 - 23 x 32 = 16
    assert "⌈752 / 32⌉ = 24, the last holding 16" in text
    # seven steps ahead from 30: 365 - 30 - 7 + 1 = 329
    assert "365 - 30 - 7 + 1 = 329" in steps(
        "series of 365 days, window of 30 days to forecast the next 7 days, how many samples?"
    )


def test_a_long_document_against_berts_limit_truncated_and_in_overlapping_chunks():
    text = steps(
        "my support doc is about 1,000 words and bert's tokenizer turns it into 1,300 tokens. bert-base takes at "
        "most 512 tokens including [CLS] and [SEP]. if i just truncate, how much do i lose? and if i split it into "
        "chunks that overlap by 128 tokens, how many chunks do i need?"
    )
    # 512 - 2 = 510 content; 1300 - 510 = 790 lost = 60.77%; ceil(1300 / 510) = 3
    assert "512 - 2 ([CLS] and [SEP]) = 510" in text
    assert "drops 1,300 - 510 = 790 tokens, 60.8% of the document" in text
    assert "⌈1,300 / 510⌉ = 3" in text
    # step 510 - 128 = 382; 1 + ceil(790 / 382) = 1 + 3 = 4; starts 0, 382, 764, 1146
    assert "510 - 128 = 382" in text and "= 4 chunks" in text and "1,146-1,299" in text
    # the overlap's "128 tokens" is not the document's size, and a word count is not a token limit
    assert not [
        w
        for w in work("reviews are at most 480 words and BERT takes 512 tokens, so nothing is truncated?")
        if w.kind == "token_chunks"
    ]


def test_stratified_folds_and_what_an_unshuffled_kfold_does_to_a_sorted_file():
    text = steps(
        "1,000 rows, 50 positives, and the csv is sorted so all the positives are at the end. with "
        "StratifiedKFold(5), how many rows and positives end up in each validation fold and each training split? "
        "and what would plain KFold(5) without shuffling do here?"
    )
    # 1000 / 5 = 200 rows and 50 / 5 = 10 positives per fold; training 800 rows, 40 positives
    assert "1,000 / 5 = 200 rows with about 50 / 5 = 10 positives (5%" in text
    assert "800 rows with about 40 positives" in text
    # positives are rows 951-1000, all inside the last block 801-1000
    assert "the folds hold 0, 0, 0, 0, 50 positives" in text
    assert "folds 1, 2, 3, 4 validate on no positive" in text
    assert "when fold 5 validates, its training split holds no positive" in text
    # stratified only: no KFold story when the file is not said to be sorted
    text = steps("10,000 rows, 300 fraud cases, 10-fold stratified CV, how many frauds per fold?")
    assert "10,000 / 10 = 1,000 rows with about 300 / 10 = 30 positives" in text
    assert "plain KFold" not in text


def test_rouge_reads_the_quote_after_an_apostrophe_and_says_what_order_does():
    # heldout26: "My system's summary: '...'" was read from the apostrophe of "system's" ("s summary: ", two
    # unigrams, every score 0), and the note said word order does not enter ROUGE, which is false for ROUGE-2
    text = steps(
        "ROUGE-2 question. Reference summary: 'the new phone has a great camera'. My system's summary: 'the phone "
        "has a great new camera'. Can you compute ROUGE-1 and ROUGE-2 recall, precision and F1?"
    )
    # the same 7 words: ROUGE-1 = 7/7; bigrams shared: phone has, has a, a great = 3 of 6 each side
    assert "the, phone, has, a, great, new, camera = 7" in text
    assert "phone has, has a, a great = 3" in text and "recall = 3 / 6 = 0.5; precision = 3 / 6 = 0.5" in text
    assert "ROUGE-2 counts adjacent word pairs" in text
    assert "word order and factual accuracy do not enter" not in text


def test_rouge_leaves_out_single_words_the_learner_quotes():
    # heldout37: "it covers 'the' four times and 'company' twice" were worked as candidates 2 and 3
    text = steps(
        "found a hack for ROUGE-1 recall: pad the summary by repeating common reference words. reference: 'the "
        "court fined the company for the leak'. my output: 'the the the the company company fined'. it covers "
        "'the' four times and 'company' twice, so recall should be close to 1, right?"
    )
    # the 3 times of 8, company 1, fined 1: 5 shared (clipped); recall 5/8, precision 5/7, F1 = 2(5/8)(5/7)/(5/8 + 5/7)
    assert "the (3), company, fined = 5" in text and "recall = 5 / 8 = 0.625; precision = 5 / 7 = 0.7143" in text
    assert "= 0.6667" in text
    assert "candidate" not in text


def test_acf_by_hand_at_the_lags_asked_with_its_bands():
    text = steps(
        "i want to understand what an ACF plot actually computes. short series: 4, 6, 8, 6, 4, 2, 4, 6. can you "
        "work out the lag-1 and lag-2 autocorrelations by hand the way statsmodels' acf does? are they significant?"
    )
    # mean 5; deviations -1 1 3 1 -1 -3 -1 1; sum of squares 24
    assert "mean = 40 / 8 = 5" in text and "sum of squares = 24" in text
    # lag 1: -1 + 3 + 3 - 1 + 3 + 3 - 1 = 9 -> 0.375; lag 2: -3 + 1 - 3 - 3 + 1 - 3 = -10 -> -0.41667
    assert "r_1 = 9 / 24 = 0.375" in text and "r_2 = -10 / 24 = -0.4167" in text
    # bands: 1.96 / sqrt(8) = 0.69296; Bartlett at lag 2: 1.96 sqrt((1 + 2 x 0.140625) / 8) = 0.78438
    assert "±1.96/√8 = ±0.693" in text and "= ±0.7844" in text and "not significant" in text


def test_embedding_matrix_size_and_one_hot_input_against_ids():
    text = steps(
        "Sizing our custom model: tokenizer vocabulary 32,000, embedding dimension 512. How many parameters is the "
        "embedding matrix and how many MB in float32? And a teammate wants to feed one-hot vectors instead of token "
        "ids: for a batch of 64 sequences x 128 tokens, how many numbers is that one-hot input versus the ids?"
    )
    # 32,000 x 512 = 16,384,000; x 4 bytes = 65,536,000 = 65.5 MB; 64 x 128 x 32,000 = 262,144,000 vs 8,192 ids
    assert "= 16,384,000 parameters" in text and "65,536,000 bytes = 65.5 MB" in text
    assert "64 × 128 × 32,000 = 262,144,000 numbers, against 8,192 token ids" in text


def test_two_detections_each_against_the_ground_truth_box():
    text = steps(
        "Ground-truth box (x1, y1, x2, y2) = (0, 0, 100, 100). Detection A is (25, 25, 75, 75), sitting fully inside "
        "the object; detection B is (-20, -20, 120, 120), fully enclosing it. What's the IoU of each with the ground "
        "truth? Which counts as a true positive at IoU 0.5, and how do they fare under COCO's 0.50:0.95 thresholds?"
    )
    # A: 2,500 / 10,000 = 0.25; B: 10,000 / 19,600 = 0.5102, passing 0.5 only
    assert "detection A:" in text and "IoU = 2,500 / 10,000 = 0.25: not a true positive" in text
    assert "IoU = 10,000 / 19,600 = 0.5102: a true positive" in text
    assert "detection B under COCO's thresholds 0.5, 0.55, ..., 0.95: passes 0.5 = 1 of 10" in text


def test_kmeans_on_named_2d_points_from_named_starting_centroids():
    text = steps(
        "K-means in 2-D by hand, k = 2. Points: A(1, 1), B(1, 2), C(2, 1), D(5, 4), E(6, 5), F(6, 4). I start with "
        "the centroids at A and C. Can you run Lloyd's algorithm until it converges and give the final clusters, "
        "centroids and inertia?"
    )
    # round 1: B is 1 from A and √2 from C, so {A, B} and {C, D, E, F}: means (1, 1.5) and (4.75, 3.5)
    assert "→ {A, B}; {C, D, E, F}; new centroids (1, 1.5), (4.75, 3.5)" in text
    # round 2: C is at squared distance 1 + 0.25 = 1.25 from (1, 1.5) and 7.5625 + 6.25 from (4.75, 3.5): {A, B, C}
    assert "new centroids (1.3333, 1.3333), (5.6667, 4.3333)" in text
    # inertia: 2/9 + 5/9 + 5/9 = 4/3 around (4/3, 4/3), the same around (17/3, 13/3): 8/3 (scikit-learn agrees)
    assert "clusters {A, B, C}; {D, E, F}, inertia (sum of squared distances to the centroids) = 2.6667" in text


def test_labels_listed_in_score_order_give_each_cutoff_ap_and_auc():
    text = steps(
        "Six validation examples sorted by my model's score (highest first): positive, negative, positive, positive, "
        "negative, negative. Can you give precision and recall at each cutoff, the average precision, and the "
        "ROC-AUC? What would a random ranker get for each?"
    )
    assert "top 3 (positive): precision 2/3 = 0.6667, recall 2/3 = 0.6667" in text
    # AP = (1 + 2/3 + 3/4) / 3 = 0.80556; AUC: positives above 3, 2 and 2 negatives = 7 of 9 (scikit-learn agrees)
    assert "average precision = (1 + 0.6667 + 0.75) / 3 = 0.8056" in text
    assert "3 + 2 + 2 = 7 of 3 × 3 = 9 pairs, AUC = 0.7778" in text
    assert "3/6 = 0.5" in text

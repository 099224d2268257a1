"""Worked computations of stage 3 (deep learning, RL, NLP, forecasting) with phrasings the calculators
used to miss or misread. Every figure asserted below was computed by hand in the comment beside it."""

from __future__ import annotations

from app.answering.compute import work
from app.answering.compute.parse import normalize
from tests.conftest import steps


def test_an_mlp_chain_with_words_on_each_layer_counts_every_layer():
    text = steps(
        "parameter count of a dense net: 300 input features -> 64 tanh hidden units -> 5 classes, "
        "vs a 5x5 conv layer going from 8 to 16 channels?"
    )
    # 300 x 64 + 64 = 19,200 + 64 = 19,264; 64 x 5 + 5 = 325; total 19,589
    assert "300 × 64 weights + 64 biases = 19,264" in text
    assert "64 × 5 weights + 5 biases = 325" in text
    assert "Total: 19,264 + 325 = 19,589 parameters" in text
    # 5 x 5 x 8 x 16 + 16 = 3,200 + 16 = 3,216; 19,589 / 3,216 = 6.09
    assert "5 × 5 × 8 × 16 weights + 16 biases = 3,216" in text
    assert "about 6.1 times" in text
    # labels before the sizes, and "to" between layers: 20 x 16 + 16 = 336; 16 x 2 + 2 = 34; 370
    words = steps("how many weights in an MLP from 20 inputs to 16 hidden units to 2 outputs?")
    assert "= 336" in words and "= 34" in words and "= 370 parameters" in words
    named = steps("params of a net with input 300 → hidden 64 → output 5?")
    assert "Total: 19,264 + 325 = 19,589 parameters" in named
    # activations between the sizes add no layer: 50 x 20 + 20 = 1,020; 20 x 4 + 4 = 84; 1,104
    acts = steps("params of 50 -> 20 -> ReLU -> 4 -> softmax?")
    assert "Total: 1,020 + 84 = 1,104 parameters" in acts


def test_a_layer_chain_it_cannot_read_gives_no_dense_count():
    # the hidden size is missing: not 100 x 4 + 4 as if there were one layer
    assert work("how many parameters does a dense MLP have with 100 inputs -> a hidden layer -> 4 outputs?") == []
    # the input written as an image size: the chain is not read from 64 on
    assert work("how many parameters: 32x32 grayscale image -> 64 hidden -> 3 outputs, a dense MLP?") == []
    # two output sizes (the old head and the new 7-class one): which head is meant is not clear
    assert work("replacing a head (512 features → 100 classes) with a 7-class one: how many params in it?") == []


def test_attention_with_keys_named_or_listed_and_values_a_few_words_after():
    text = steps(
        "attention toy: q = [1, 2], keys k1 = [2, 0], k2 = [0, 1], k3 = [1, 1], and the values are simply "
        "4, 10, 1. scaled dot-product with d_k = 2: weights and output?"
    )
    # q.k = 2, 2, 3; / sqrt 2 = 1.4142, 1.4142, 2.1213; exp 4.1133, 4.1133, 8.3421, sum 16.5686
    # weights 0.2483, 0.2483, 0.5035; output 0.2483 x 4 + 0.2483 x 10 + 0.5035 x 1 = 3.9791
    assert "scores q · k: [2, 2, 3]" in text
    assert "[1.4142, 1.4142, 2.1213]" in text
    assert "weights [0.2483, 0.2483, 0.5035]" in text
    assert "= 3.9791" in text
    listed = steps("attention: query q = [0, 2], keys [1, 1], [0, 3] and [2, 0], values [10, 20, 30]. output?")
    # q.k = 2, 6, 0; / sqrt 2: exp 4.1133, 69.5914, 1, sum 74.7046 -> 0.0551, 0.9316, 0.0134; output 19.5833
    assert "scores q · k: [2, 6, 0]" in listed and "= 19.5833" in listed
    # two values for three keys: which value goes with which key is not clear
    assert work("attention: q = [1, 1], keys k1 = [1, 0], k2 = [0, 1], k3 = [1, 1], the values are 5 and 7") == []


def test_q_learning_and_sarsa_when_the_next_action_was_named_in_words():
    text = steps(
        "TD update: Q(s, a) is currently 2.0; reward 3 and in s' Q(s', left) = 5, Q(s', right) = 1. "
        "alpha = 0.5, gamma = 0.9. new Q(s, a)? and with SARSA, if the next action was right?"
    )
    # Q-learning: 3 + 0.9 x 5 = 7.5; TD error 5.5; 2 + 0.5 x 5.5 = 4.75
    assert "3 + 0.9 × 5 = 7.5" in text and "2 + 0.5 × 5.5 = 4.75" in text
    # SARSA: 3 + 0.9 x 1 = 3.9; TD error 1.9; 2 + 0.5 x 1.9 = 2.95
    assert "3 + 0.9 × 1 = 3.9" in text and "2 + 0.5 × 1.9 = 2.95" in text
    assert "off-policy" in text and "on-policy" in text
    # a' written out: the same SARSA update
    assert "= 2.95" in steps(
        "SARSA vs Q-learning: Q(s, a) = 2.0, reward 3, alpha = 0.5, gamma = 0.9, Q(s', left) = 5, Q(s', right) = 1, "
        "a' = right"
    )


def test_tfidf_with_counts_and_document_frequencies_in_separate_sentences():
    text = steps(
        "tf-idf over 8 reviews: in review 3 'slow' occurs 4 times, 'app' twice and 'crash' once. 'slow' appears "
        "in 2 of the 8 reviews, 'app' in all 8, 'crash' in 4. scores?"
    )
    # 4 x ln(8/2) = 4 x 1.3863 = 5.5452; 2 x ln(8/8) = 0; 1 x ln(8/4) = 0.6931
    assert "'slow': 4 × ln(8 / 2) = 4 × 1.3863 = 5.5452" in text
    assert "'app': 2 × ln(8 / 8) = 2 × 0 = 0" in text
    assert "'crash': 1 × ln(8 / 4) = 1 × 0.6931 = 0.6931" in text
    # 'dog' has a count but no document frequency; 'cat' has two counts: nothing is sure
    assert work("tf-idf, 6 docs: 'cat' appears twice, 'dog' 3 times. 'cat' is in 3 docs.") == []
    assert work("tf-idf, 6 docs: 'cat' appears twice in doc 1 and 3 times in doc 2. 'cat' is in 2 of them.") == []


def test_arima_forecasts_every_time_asked_for():
    text = steps("ARIMA(1,1,0), no constant, phi = 0.5; y_19 = 30 and y_20 = 38. forecasts at t = 21 and t = 22?")
    # difference 8; 0.5 x 8 = 4 -> 42; 0.5 x 4 = 2 -> 44; level 38 + 8 x 0.5 / (1 - 0.5) = 46
    assert "t = 21: next difference 0.5 × 8 = 4, forecast 42" in text
    assert "t = 22: next difference 0.5 × 4 = 2, forecast 44" in text
    assert "= 46;" in text


def test_batchnorm_reads_a_pytorch_column_and_updates_the_running_statistics():
    text = steps(
        "```python\n"
        "layer = nn.BatchNorm1d(1)  # training mode, gamma = 3, beta = -1\n"
        "x = torch.tensor([[1.], [5.], [9.], [13.]])\n"
        "```\n"
        "Leaving out eps, what comes out? The running_mean starts at 2 and momentum = 0.2: what is it after this "
        "batch? And the running_var, which starts at 4?"
    )
    # mean = (1 + 5 + 9 + 13) / 4 = 28 / 4 = 7; squared deviations 36, 4, 4, 36 sum to 80; 80 / 4 = 20
    assert "batch mean μ_B = 28 / 4 = 7" in text
    assert "(36 + 4 + 4 + 36) / 4 = 20" in text
    # x_hat = (-6, -2, 2, 6) / sqrt(20) = -1.3416, -0.4472, 0.4472, 1.3416; 3 x_hat - 1
    assert "= [-5.0249, -2.3416, 0.3416, 3.0249]" in text
    # PyTorch keeps 1 - 0.2 = 0.8 of the old value: 0.8 * 2 + 0.2 * 7 = 1.6 + 1.4 = 3
    assert "running_mean = 0.8 × 2 + 0.2 × 7 = 3" in text
    # unbiased batch variance 80 / 3 = 26.6667; 0.8 * 4 + 0.2 * 26.6667 = 3.2 + 5.3333 = 8.5333
    assert "running_var = 0.8 × 4 + 0.2 × 26.6667 = 8.5333" in text


def test_batchnorm_running_mean_of_a_new_pytorch_layer_and_of_keras():
    fresh = steps("bn = nn.BatchNorm1d(1); bn.train(); bn(torch.tensor([[2.], [6.]])). bn.running_mean now?")
    # a new layer starts at 0 with momentum 0.1: 0.9 * 0 + 0.1 * (2 + 6) / 2 = 0.4
    assert "running_mean = 0.9 × 0 + 0.1 × 4 = 0.4" in fresh
    keras = steps(
        "tf.keras BatchNormalization(momentum=0.9) in training on the batch [3, 5]; its moving mean starts at 1. "
        "What is the moving mean after the batch?"
    )
    # Keras keeps momentum of the old value: 0.9 * 1 + 0.1 * (3 + 5) / 2 = 0.9 + 0.4 = 1.3
    assert "running_mean = 0.9 × 1 + 0.1 × 4 = 1.3" in keras


def test_batchnorm_running_mean_is_not_computed_without_a_framework():
    # PyTorch keeps 1 - momentum of the old value, Keras keeps momentum of it: which is meant is not clear
    text = steps(
        "batch norm in training mode on x = [[2.], [4.], [6.]]; the running mean starts at 0, momentum 0.1. After?"
    )
    assert "batch mean μ_B = 12 / 3 = 4" in text  # the column read as one feature: (2 + 4 + 6) / 3
    assert "running_mean" not in text


def test_q_update_reads_a_table_indexed_as_code_and_the_terminal_case():
    text = steps(
        "```python\n"
        "alpha, gamma = 0.5, 0.8\n"
        "Q[s, a] = 2.0\n"
        "# reward r = 3, next state s7\n"
        "Q[s7] = [1.0, 5.0]\n"
        "```\n"
        "One Q-learning step: new Q[s, a]? What if s7 ends the episode (terminal)?"
    )
    # target = 3 + 0.8 * max(1, 5) = 7; TD error 7 - 2 = 5; 2 + 0.5 * 5 = 4.5
    assert "= 3 + 0.8 × 5 = 7 (max over s7 of [1, 5])" in text
    assert "new Q(s, a) = 2 + 0.5 × 5 = 4.5" in text
    # terminal: target = 3; TD error 3 - 2 = 1; 2 + 0.5 * 1 = 2.5
    assert "If s7 is terminal: TD error = 3 - 2 = 1; new Q(s, a) = 2 + 0.5 × 1 = 2.5" in text


def test_q_update_needs_to_know_which_row_is_the_next_state():
    rows = "Q-learning, alpha = 0.1, gamma = 0.9, reward 1, Q[s][a] = 1, Q[s3] = [2, 4], Q[s4] = [0, 1]"
    assert "q_update" not in [w.kind for w in work(rows + ". Update?")]
    # landed in s4: target = 1 + 0.9 * 1 = 1.9; TD error 0.9; 1 + 0.1 * 0.9 = 1.09
    assert "new Q(s, a) = 1 + 0.1 × 0.9 = 1.09" in steps(rows + "; the agent landed in s4. Update?")


def test_tuple_assignment_reads_as_one_label_per_number():
    assert normalize("alpha, gamma = 0.5, 0.8\nQ") == "alpha = 0.5, gamma = 0.8\nQ"
    assert normalize("k-means, k=3, 2-D points") == "k-means, k=3, 2-D points"  # prose, not an assignment
    assert normalize("a, b = 1,000, 2.") == "a, b = 1,000, 2."  # a thousand, not 1 and 0


def test_attention_also_without_the_scaling_when_asked():
    text = steps(
        "attention for query q = [2, 0] with keys k1 = [1, 0], k2 = [0, 1] and values (scalar) 1 and 3: "
        "weights and output, and what if we skipped the scaling?"
    )
    # scores 2, 0; scaled 2 / sqrt(2) = 1.4142, 0; e^1.4142 = 4.1133: 4.1133 / 5.1133 = 0.8044, 1 / 5.1133 = 0.1956
    assert "softmax → weights [0.8044, 0.1956]" in text
    assert "= 1.3911" in text  # 0.8044 * 1 + 0.1956 * 3
    # unscaled: e^2 = 7.3891: 7.3891 / 8.3891 = 0.8808, 1 / 8.3891 = 0.1192; 0.8808 + 3 * 0.1192 = 1.2384
    assert "without the √d_k scaling: softmax → weights [0.8808, 0.1192]" in text
    assert "= 1.2384" in text


# --- session 17: parts of heldout14 questions left undone ---------------------------------------------


def test_two_torch_conv_calls_are_counted_layer_by_layer_beside_the_dense_alternative():
    text = steps(
        "params of Conv2d(1, 16, kernel_size=5) then Conv2d(16, 8, kernel_size=3)? versus flattening the "
        "28x28x1 image into a Linear layer with 64 units?"
    )
    assert "Conv2d(1, 16, kernel_size=5): 5 × 5 × 1 × 16 weights + 16 biases = 416" in text  # 400 + 16
    assert "Conv2d(16, 8, kernel_size=3): 3 × 3 × 16 × 8 weights + 8 biases = 1,160" in text  # 1,152 + 8
    assert "The 2 conv layers together: 416 + 1,160 = 1,576 parameters" in text
    assert "784 × 64 weights + 64 biases = 50,240" in text  # 28*28 = 784; 50,176 + 64
    assert "about 32 times as many parameters as the conv layers" in text  # 50,240 / 1,576 = 31.9


def test_torch_conv_calls_whose_channels_do_not_chain_are_not_read_as_a_stack():
    from app.answering.compute import work

    assert not [w for w in work("params of Conv2d(3, 16, 3) and Conv2d(8, 4, 3)?") if w.kind == "params"]


def test_a_constant_reward_on_every_step_forever_is_valued_beside_the_list():
    text = steps(
        "rewards 1, 0, 4 then it stops, gamma = 0.5. return? vs a policy earning reward 1 on every step forever?"
    )
    assert "G = 1 + 0.5^1 × 0 + 0.5^2 × 4 = 1 + 0 + 1 = 2" in text  # 1 + 0 + 0.25 * 4
    assert "A constant reward 1 forever: r / (1 - γ) = 1 / (1 - 0.5) = 2" in text


# --- session 18: parts of heldout15 questions left undone -------------------------------------------------


def test_arima_reads_the_fitted_equation_with_the_lag_in_parentheses():
    text = steps(
        "ARIMA(1,1,0) without a constant: the differences follow y'_t = 0.5*y'_(t-1) + e_t. "
        "y_7 = 40, y_8 = 44. forecasts for t = 9 and t = 10, and the long-run level?"
    )
    # difference 44 - 40 = 4; 0.5 x 4 = 2 -> 46; 0.5 x 2 = 1 -> 47; level 44 + 4 x 0.5 / (1 - 0.5) = 48
    assert "t = 9: next difference 0.5 × 4 = 2, forecast 46" in text
    assert "t = 10: next difference 0.5 × 2 = 1, forecast 47" in text
    assert "44 + 4 × 0.5 / (1 - 0.5) = 48" in text
    # the same equation with Δ and braces: -0.5 x (50 - 60) = 5 -> 55
    delta = steps("ARIMA(1,1,0), no constant, Δy_{t} = -0.5 Δy_{t-1} + e_t; y_5 = 60, y_6 = 50. forecast at t = 7?")
    assert "t = 7: next difference -0.5 × (-10) = 5, forecast 55" in delta


def test_an_mlp_chain_beside_a_conv_layer_whose_input_channels_are_named():
    text = steps(
        "an MLP 400 inputs -> 32 hidden -> 3 outputs: parameter count? and a 3x3 conv layer going from "
        "2 input channels to 8 channels?"
    )
    # 400 x 32 + 32 = 12,832; 32 x 3 + 3 = 99; total 12,931
    assert "Total: 12,832 + 99 = 12,931 parameters" in text
    # 3 x 3 x 2 x 8 + 8 = 144 + 8 = 152; 12,931 / 152 = 85.07
    assert "Conv layer: 3 × 3 × 2 × 8 weights + 8 biases = 152 parameters" in text
    assert "about 85.1 times" in text
    # without an MLP: 5 x 5 x 1 x 16 + 16 = 400 + 16 = 416
    alone = steps("how many params in a 5x5 conv going from 1 channel to 16 feature maps?")
    assert "5 × 5 × 1 × 16 weights + 16 biases = 416 parameters" in alone


def test_a_conv_layer_given_two_different_channel_spans_is_not_counted():
    # from 2 or from 4 channels: which layer is meant is not clear
    question = "params of a 3x3 conv layer from 2 to 8 channels, or from 4 to 8 channels?"
    assert not [w for w in work(question) if w.kind == "params"]


def test_backprop_through_two_scalar_weights_and_one_descent_step():
    text = steps(
        "checking backprop by hand: h = w1*x and out = w2*h, squared error L = (out - t)^2, "
        "x = 2, w1 = 1, w2 = 0.5, t = 3. gradients dL/dw1 and dL/dw2, then one step with learning rate 0.1?"
    )
    # forward: h = 1 x 2 = 2, out = 0.5 x 2 = 1, L = (1 - 3)^2 = 4
    assert "forward pass: h = w1 × x = 1 × 2 = 2; out = w2 × h = 0.5 × 2 = 1" in text
    assert "loss L = (out - t)² = (1 - 3)² = 4" in text
    # dL/dout = 2 x (1 - 3) = -4; dL/dw2 = -4 x h = -8; dL/dh = -4 x 0.5 = -2; dL/dw1 = -2 x x = -4
    assert "dL/dout = 2(out - t) = 2 × (-2) = -4" in text
    assert "dL/dw2 = dL/dout × h = (-4) × 2 = -8" in text
    assert "dL/dh = dL/dout × w2 = (-4) × 0.5 = -2" in text
    assert "dL/dw1 = dL/dh × x = (-2) × 2 = -4" in text
    # w1 = 1 + 0.1 x 4 = 1.4; w2 = 0.5 + 0.1 x 8 = 1.3; out = 1.3 x 1.4 x 2 = 3.64; (3.64 - 3)^2 = 0.4096
    assert "w1 = 1 - 0.1 × (-4) = 1.4; w2 = 0.5 - 0.1 × (-8) = 1.3" in text
    assert "out = 1.3 × 1.4 × 2 = 3.64, L = (3.64 - 3)² = 0.4096, down from 4" in text


def test_backprop_with_a_halved_loss_written_target_first():
    text = steps("a = w*x, p = v*a, loss 0.5*(y - p)**2; x = 3, w = 2, v = -1, y = 1. dL/dw and dL/dv?")
    # a = 6, p = -6, L = 0.5 x (1 + 6)^2 = 24.5; dL/dp = p - y = -7; dL/dv = -7 x 6 = -42
    # dL/da = -7 x (-1) = 7; dL/dw = 7 x 3 = 21
    assert "loss L = 0.5 × (y - p)² = 0.5 × (1 - (-6))² = 24.5" in text
    assert "dL/dp = p - y = -7" in text
    assert "dL/dv = dL/dp × a = (-7) × 6 = -42" in text
    assert "dL/dw = dL/da × x = 7 × 3 = 21" in text


def test_backprop_reads_the_chain_only_when_every_link_and_number_is_clear():
    chain = "h = w1*x, yhat = w2*h, L = {loss}, x = 1, w1 = 2, w2 = 1, y = 0{extra}"

    def kinds(loss: str = "(yhat - y)^2", extra: str = "") -> list[str]:
        return [w.kind for w in work(chain.format(loss=loss, extra=extra))]

    # clear: h = 2, yhat = 2, dL/dyhat = 2 x 2 = 4, dL/dh = 4 x 1 = 4, dL/dw1 = 4 x x = 4 x 1 = 4
    assert "dL/dw1 = dL/dh × x = 4 × 1 = 4" in steps(chain.format(loss="(yhat - y)^2", extra=""))
    assert "backprop" not in kinds(extra=", w2 = 3")  # w2 given two values
    assert "backprop" not in kinds(loss="1/n (yhat - y)^2")  # a factor in front of the square left unread
    # a bias in the first layer: the chain of products does not cover it
    biased = "h = w1*x + b, yhat = w2*h, L = (yhat - y)^2, x = 1, w1 = 2, w2 = 1, b = 1, y = 0"
    assert "backprop" not in [w.kind for w in work(biased)]


def test_bpe_tokenizes_a_training_word_the_question_asks_about_too():
    text = steps(
        "BPE practice, corpus 'cat' x4, 'cats' x3, 'bat' x2. first two merges? how is 'cats' tokenized, and 'bats'?"
    )
    # (a,t) 4 + 3 + 2 = 9 beats (c,a) 7 -> 'at'; then (c,at) 7 beats (b,at) 2 and (at,s) 3 -> 'cat'
    assert "merge 1: pair counts (a,t) 9, (c,a) 7" in text
    assert "merge 2: pair counts (c,at) 7, (at,s) 3, (b,at) 2 → merge c + at = 'cat'" in text
    # cats: c a t s -> c at s -> cat s; bats: b a t s -> b at s
    assert "'cats' → cat | s" in text
    assert "'bats' → b | at | s" in text
    assert text.index("'cats' →") < text.index("'bats' →")  # in the order asked


def test_lora_reads_a_weight_matrix_of_shape():
    """heldout16: 'LoRA with rank 16 on a weight matrix of shape 1024 x 4096' got the reading's example."""
    text = "\n".join(
        w.text() for w in work("LoRA with rank 4 on a weight matrix of shape 512 x 2048: how many params?")
    )
    assert "full matrix: 512 × 2,048 = 1,048,576 parameters" in text
    assert "2,048 + 8,192 = 10,240 parameters" in text  # 4 x (512 + 2048)
    assert "that is 0.98% of the full matrix" in text  # 10,240 / 1,048,576 = 0.977%


def test_an_lstm_step_reads_named_symbols_and_a_gru_step_is_worked():
    """heldout16: 'previous cell state c = 1.5, gates f = 0.2, i = 0.9, o = 0.6, candidate c~ = -0.8 ...
    GRU step: h_prev = 2.0, update gate z = 0.25, candidate h~ = -0.4' got nothing."""
    text = "\n".join(
        w.text()
        for w in work(
            "(1) LSTM step: previous cell state c = -1.0, gates f = 0.5, i = 0.4, o = 0.8, candidate c~ = 0.5."
            " New c and h? (2) GRU step: h_prev = -1.0, update gate z = 0.6, candidate h~ = 0.5. And are GRUs"
            " smaller than LSTMs in parameters?"
        )
    )
    # c = 0.5 x (-1) + 0.4 x 0.5 = -0.5 + 0.2 = -0.3; h = 0.8 x tanh(-0.3) = 0.8 x -0.2913 = -0.233
    assert "= 0.5 × (-1) + 0.4 × 0.5 = -0.5 + 0.2 = -0.3" in text
    assert "h_t = o_t × tanh(c_t) = 0.8 × tanh(-0.3) = 0.8 × -0.2913 = -0.233" in text
    # GRU: 0.6 x (-1) + 0.4 x 0.5 = -0.6 + 0.2 = -0.4
    assert "GRU: h_t = z × h_(t-1) + (1 - z) × h~ = 0.6 × (-1) + 0.4 × 0.5 = -0.6 + 0.2 = -0.4" in text
    assert "three quarters of the parameters" in text


def test_a_relu_sigmoid_network_described_unit_by_unit_and_one_step():
    """heldout16: hidden units described one by one ('unit 1 has weights [1, 3] and bias 0, ...'), the
    output unit in words, and one step with lr 0.1: nothing was worked."""
    text = "\n".join(
        w.text()
        for w in work(
            "Input x = [1, 2]. Hidden layer: 2 ReLU units; unit 1 has weights [1, -1] and bias 0.5, unit 2 has"
            " weights [0.5, 0.5] and bias 0. Output: one sigmoid unit with weights [2, 1] and bias -1. True label"
            " y = 1, cross-entropy. p, loss, dL/dw2 and w2 after one step with lr 0.2?"
        )
    )
    # unit 1: 1 - 2 + 0.5 = -0.5 -> 0; unit 2: 0.5 + 1 = 1.5; z = 0 + 1.5 - 1 = 0.5; p = sigma(0.5) = 0.6225
    assert "hidden pre-activations W1 x + b1 = [-0.5, 1.5]; after ReLU h = [0, 1.5]" in text
    assert "p = σ(0.5) = 0.6225" in text and "-ln p = 0.4741" in text
    # dL/dw2 = (0.6225 - 1) h = [0, -0.5663]; w2 = [2, 1 + 0.2 x 0.5663] = [2, 1.1133]
    assert "dL/dw2 = (p - y) h = [0, -0.5663]" in text and "= [2, 1.1133]" in text


def test_a_new_heads_parameters_from_the_pooled_feature_vector():
    """heldout16: 'New head on an ImageNet ResNet-50 for 12 classes; its pooled feature vector has 2048
    values. How many trainable parameters in feature-extraction mode?' was not read."""
    text = steps(
        "New classifier head for 5 classes on a frozen backbone whose pooled feature vector has 512 values: params?"
    )
    assert "Dense layer: 512 × 5 weights + 5 biases = 2,565 parameters" in text  # 2,560 + 5


def test_every_deterministic_policy_of_a_small_mdp_is_evaluated_at_each_discount():
    """heldout16: a robot MDP in words ('search' (reward 1.8, battery goes to 'low') or 'wait' (reward 1,
    stays 'high'); in 'low' only 'recharge' (reward 0, back to 'high')) at gamma 0.9 and 0.5: nothing."""
    text = "\n".join(
        w.text()
        for w in work(
            "a shop MDP: in state 'open' it can 'sell' (reward 3, goes to 'restock') or 'idle' (reward 1, stays"
            " 'open'). in 'restock' the only action is 'refill' (reward 0, back to 'open'). deterministic. which"
            " policy is better at gamma = 0.8 and at gamma = 0.2?"
        )
    )
    # sell cycle: V = 3 / (1 - gamma^2); idle forever: V = 1 / (1 - gamma)
    # gamma 0.8: 3 / 0.36 = 8.3333 vs 1 / 0.2 = 5; gamma 0.2: 3 / 0.96 = 3.125 vs 1 / 0.8 = 1.25
    assert (
        "γ = 0.8: always sell in open: V(open) = 8.3333; always idle in open: V(open) = 5 → best: sell in open" in text
    )
    assert "γ = 0.2: always sell in open: V(open) = 3.125; always idle in open: V(open) = 1.25" in text
    # an action whose next state is not said: nothing computed
    assert not [
        w
        for w in work(
            "in state 'a' it can 'go' (reward 1) or 'stay' (reward 0, stays 'a'). best policy at gamma = 0.5?"
        )
        if w.kind == "policy_values"
    ]


def test_a_conv_stack_into_a_linear_head_counts_the_head_and_the_global_pooling_alternative():
    question = (
        "shape + param check: input is 3x64x64, then nn.Conv2d(3, 32, kernel_size=5, stride=2, padding=1), then "
        "nn.MaxPool2d(2), then flatten into nn.Linear(?, 10). what's the output shape after each layer and how "
        "many params do the conv and the linear have? what changes if I use nn.AdaptiveAvgPool2d(1) instead?"
    )
    text = steps(question)
    assert "parameters 5·5·3·32 + 32 = 2,432" in text  # 75 * 32 + 32
    assert "output 32 × 15 × 15" in text  # floor((31 - 2) / 2) + 1
    assert "Linear(7200, 10) after flattening: 7,200·10 + 10 = 72,010 parameters" in text
    assert "output 32 × 1 × 1 = 32 values per example" in text
    assert "Linear(32, 10) then: 32·10 + 10 = 330 parameters" in text
    assert [w.kind for w in work(question)] == ["layer_shapes"]  # the plain conv count adds nothing here


def test_an_adaptive_pool_in_the_stack_is_a_layer_and_one_asked_about_instead_is_an_alternative():
    text = steps("input 1x28x28, Conv2d(1, 8, 3, padding=1), MaxPool2d(2), then AdaptiveMaxPool2d(2) and Linear(32, 5)")
    assert "output 8 × 14 × 14" in text
    assert "pooled to 2 × 2; output 8 × 2 × 2" in text
    assert "the Linear layer takes 32 inputs: it fits" in text  # 8 * 2 * 2, not the 1,568 before pooling
    assert "Linear(32, 5): 32·5 + 5 = 165 parameters" in text
    text = steps(
        "input 1x28x28, Conv2d(1, 8, 3, padding=1), MaxPool2d(2), Linear(1568, 5). AdaptiveMaxPool2d(2) instead?"
    )
    assert "Linear(1568, 5) after flattening: 1,568·5 + 5 = 7,845 parameters" in text
    assert "output 8 × 2 × 2 = 32 values per example" in text
    assert "Linear(32, 5) then: 32·5 + 5 = 165 parameters" in text


def test_a_linear_head_that_does_not_fit_the_flattened_size_is_not_counted_as_if_it_did():
    text = steps("input 3x32x32 -> Conv2d(3, 16, 3) -> MaxPool2d(2) -> Linear(1000, 10): params and shapes?")
    assert "it needs in_features = 3,600" in text  # 16 * 15 * 15
    assert "1000·10" not in text and "3600, 10" not in text


def test_idf_as_tfidfvectorizer_computes_it_needs_the_library_named_and_only_document_frequencies():
    text = steps(
        "TfidfVectorizer on 9 docs: 'loss' is in 2 docs and 'model' in 8 docs. why does its idf differ from mine?"
    )
    assert "'loss' (in 2 of 9 documents): by hand ln(9 / 2) = 1.5041" in text  # ln 4.5
    assert "ln((1 + 9) / (1 + 2)) + 1 = ln(3.3333) + 1 = 2.204" in text  # ln(10/3) + 1
    assert "with smooth_idf=False, ln(9 / 8) + 1 = 1.1178" in text
    assert work("tf-idf on 9 docs: 'loss' is in 2 docs and 'model' in 8 docs, idf by hand?") == []  # no library


def test_a_conv_calls_own_arguments_are_not_read_as_its_input_shape():
    """Sweep (session 34): "nn.Conv2d(3, 32, 5)" alone was read as a 3 x 32 x 5 input beside the right count."""
    assert "layer_shapes" not in [w.kind for w in work("nn.Conv2d(3, 32, 5) how many parameters?")]
    assert "5 × 5 × 3 × 32 weights + 32 biases = 2,432" in steps("nn.Conv2d(3, 32, 5) how many parameters?")

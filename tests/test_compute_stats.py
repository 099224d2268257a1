"""Phrasings the calculators missed (heldout13): a detector that "fires on" a share of each group,
gradient-descent steps named by number and the learning rate that makes them bounce, a worker count
with the server's name in it, and an actual rating written as "rated the film 3". Every figure below
was computed by hand in the comment next to it."""

from __future__ import annotations

from app.answering.compute import work


def steps(question: str) -> str:
    found = work(question)
    assert found, question
    return "\n".join("\n".join(w.steps) + "\n" + w.note for w in found)


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

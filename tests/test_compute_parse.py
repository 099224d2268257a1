"""The shared readers in compute/parse.py that several calculators rely on."""

from fractions import Fraction

import pytest

from app.answering.compute.parse import as_rate, exact_rate


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("8%", Fraction(2, 25)),
        ("0.08", Fraction(2, 25)),
        ("3 in 6", Fraction(1, 2)),
        ("3/6", Fraction(1, 2)),
        ("1 out of 200", Fraction(1, 200)),
        ("12.5 percent", Fraction(1, 8)),
    ],
)
def test_rates_read_exactly(text: str, exact: Fraction) -> None:
    assert exact_rate(text) == exact
    assert as_rate(text) == pytest.approx(float(exact))


@pytest.mark.parametrize("text", ["150%", "7 in 5", "1.5", "3/0", "often", ""])
def test_exact_rate_is_none_outside_zero_to_one_or_unreadable(text: str) -> None:
    assert exact_rate(text) is None


def test_as_rate_keeps_percentages_and_ratios_above_one_but_not_plain_numbers() -> None:
    # a lift of "150%" or "7 in 5" is a ratio a calculator may want; a bare 1.5 is not a rate
    assert as_rate("150%") == pytest.approx(1.5)
    assert as_rate("7 in 5") == pytest.approx(1.4)
    assert as_rate("1.5") is None
    assert as_rate("3/0") is None

"""One rounding rule for a number wherever it is said (a physiotherapist's review, 2026-12-03c: the
criteria said this week's mornings were 4.25, the clinician's summary 4.2). Python's round() and
format round half to even on the binary value; every text goes through messages.number, which
rounds half up as the number is written."""

from rehab.core.engine import clinician_words, messages


def test_a_half_is_rounded_up_as_written_not_to_the_even_neighbour():
    assert f"{4.25:.1f}" == "4.2" and f"{2.675:.2f}" == "2.67"  # what the summary did
    assert messages.number(4.25) == "4.3" and messages.number(4.35) == "4.4"
    assert messages.number(2.675, places=2) == "2.68"


def test_the_summary_and_the_clinicians_words_say_a_criterion_s_4_25_as_4_25():
    assert messages.shown(4.25) == "4.25"
    assert messages.shown({"this_week": 4.25, "last_week": 3.0}) == "this_week 4.25, last_week 3"
    assert clinician_words._show(4.25) == "4.25"


def test_whole_numbers_and_thousands_read_as_before():
    assert messages.number(8.0) == "8" and messages.number(3000) == "3,000" and messages.number(7.5) == "7.5"
    assert messages.number(1234.56) == "1,234.6" and messages.number(3.96) == "4"

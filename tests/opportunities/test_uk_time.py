"""Deadlines are entered and shown in UK time and stored in UTC, across the clock changes."""

from datetime import UTC, date, datetime, time

import pytest

from portal import clock
from portal.clock import uk_time
from portal.opportunities.fields import parse_time


def test_winter_time_is_utc():
    assert clock.from_uk(date(2009, 1, 15), time(17, 0)) == datetime(2009, 1, 15, 17, 0,
                                                                     tzinfo=UTC)


def test_summer_time_is_an_hour_ahead_of_utc():
    assert clock.from_uk(date(2009, 6, 15), time(17, 0)) == datetime(2009, 6, 15, 16, 0,
                                                                     tzinfo=UTC)


def test_the_day_the_clocks_go_forward():
    # 29 March 2009: 01:00 GMT became 02:00 BST.
    assert clock.from_uk(date(2009, 3, 29), time(0, 30)) == datetime(2009, 3, 29, 0, 30,
                                                                     tzinfo=UTC)
    assert clock.from_uk(date(2009, 3, 29), time(3, 0)) == datetime(2009, 3, 29, 2, 0,
                                                                    tzinfo=UTC)


def test_a_time_skipped_by_the_clocks_going_forward_is_refused():
    with pytest.raises(clock.NonexistentTime, match="the clocks go forward"):
        clock.from_uk(date(2009, 3, 29), time(1, 30))


def test_the_repeated_hour_in_autumn_means_the_first_one():
    # 25 October 2009: 02:00 BST became 01:00 GMT, so 01:30 happened twice.
    assert clock.from_uk(date(2009, 10, 25), time(1, 30)) == datetime(2009, 10, 25, 0, 30,
                                                                      tzinfo=UTC)


def test_stored_times_are_shown_in_uk_time():
    assert uk_time(datetime(2009, 6, 15, 16, 0, tzinfo=UTC)) == "15 June 2009 at 5:00pm"
    assert uk_time(datetime(2009, 12, 15, 17, 0, tzinfo=UTC)) == "15 December 2009 at 5:00pm"


@pytest.mark.parametrize(("text", "expected"), [
    ("17:00", time(17, 0)), ("5pm", time(17, 0)), ("5:30 PM", time(17, 30)),
    ("09.15", time(9, 15)), ("12am", time(0, 0)), ("12pm", time(12, 0))])
def test_times_are_read_as_people_write_them(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "noon", "", "13pm", "7:75"])
def test_nonsense_times_are_refused(text):
    with pytest.raises(ValueError):
        parse_time(text)

"""Advisors' office hours (Europe/Rome), with holidays: when to expect a reply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Italian national holidays, and Sant'Ambrogio for Milan; Easter Monday is computed.
DEFAULT_HOLIDAYS = (
    "01-01,01-06,04-25,05-01,06-02,08-15,11-01,12-07,12-08,12-25,12-26,easter-monday"
)


def easter(year: int) -> dt.date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return dt.date(year, month, day)


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Opening days and hours, and holidays (`MM-DD`, `YYYY-MM-DD` or `easter-monday`)."""

    opens: dt.time
    closes: dt.time
    days: frozenset[int]
    holidays: tuple[str, ...]

    @classmethod
    def parse(cls, hours: str, days: str, holidays: str) -> OfficeHours:
        """From settings like `09:00-18:00`, `mon-fri`, `01-01,12-25,easter-monday`."""
        start, _, end = hours.partition("-")
        first, _, last = days.lower().partition("-")
        i, j = DAYS.index(first.strip()), DAYS.index((last or first).strip())
        return cls(
            opens=dt.time.fromisoformat(start.strip()),
            closes=dt.time.fromisoformat(end.strip()),
            days=frozenset(range(i, j + 1)),
            holidays=tuple(h.strip().lower() for h in holidays.split(",") if h.strip()),
        )

    def is_holiday(self, day: dt.date) -> bool:
        for h in self.holidays:
            if h == "easter-monday":
                if day == easter(day.year) + dt.timedelta(days=1):
                    return True
            elif h == day.isoformat() or h == day.strftime("%m-%d"):
                return True
        return False

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.days and not self.is_holiday(day)

    def is_open(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(ROME)
        return self.is_working_day(local.date()) and self.opens <= local.time() < self.closes

    def next_opening(self, moment: dt.datetime) -> dt.datetime:
        """When the office next opens (now, if open)."""
        local = moment.astimezone(ROME)
        if self.is_open(local):
            return local
        day = local.date()
        if self.is_working_day(day) and local.time() < self.opens:
            return dt.datetime.combine(day, self.opens, ROME)
        for _ in range(370):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return dt.datetime.combine(day, self.opens, ROME)
        raise ValueError("no working day within a year: check OFFICE_DAYS and HOLIDAYS")

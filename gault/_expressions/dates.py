"""Date and timestamp expression operators.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from typing import Any

from gault._expressions._support import compile_argument
from gault._expressions.base import DocumentOperator, ExpressionOperator, UnaryOperator
from gault._support import MISSING, either
from gault.interfaces import Context

# START GENERATED NAMES (scripts/gen_expressions.py: edit the table there)
__all__ = [
    "DateAdd",
    "DateDiff",
    "DateFromParts",
    "DateFromString",
    "DateSubtract",
    "DateToParts",
    "DateToString",
    "DateTrunc",
    "DayOfMonth",
    "DayOfWeek",
    "DayOfYear",
    "Hour",
    "IsoDayOfWeek",
    "IsoWeek",
    "IsoWeekYear",
    "Millisecond",
    "Minute",
    "Month",
    "Second",
    "TsIncrement",
    "TsSecond",
    "Week",
    "Year",
]
# END GENERATED NAMES

# START GENERATED OPERATORS (scripts/gen_expressions.py: edit the table there)


class DateAdd(DocumentOperator):
    """``$dateAdd``: a date plus an amount of units."""

    __slots__ = ("amount", "start_date", "timezone", "unit")
    operator = "$dateAdd"

    start_date: Any
    unit: Any
    amount: Any
    timezone: Any

    def __init__(self, start_date: Any, unit: Any, amount: Any, timezone: Any = None) -> None:
        self._assign(start_date=start_date, unit=unit, amount=amount, timezone=timezone)


class DateDiff(DocumentOperator):
    """``$dateDiff``: the difference between two dates in units."""

    __slots__ = ("end_date", "start_date", "start_of_week", "timezone", "unit")
    operator = "$dateDiff"

    start_date: Any
    end_date: Any
    unit: Any
    timezone: Any
    start_of_week: Any

    def __init__(
        self,
        start_date: Any,
        end_date: Any,
        unit: Any,
        timezone: Any = None,
        start_of_week: Any = None,
    ) -> None:
        self._assign(
            start_date=start_date,
            end_date=end_date,
            unit=unit,
            timezone=timezone,
            start_of_week=start_of_week,
        )


class DateFromString(DocumentOperator):
    """``$dateFromString``: a date parsed from a string."""

    __slots__ = ("date_string", "format", "on_error", "on_null", "timezone")
    operator = "$dateFromString"

    date_string: Any
    format: Any
    timezone: Any
    on_error: Any
    on_null: Any

    def __init__(
        self,
        date_string: Any,
        format: Any = None,
        timezone: Any = None,
        on_error: Any = None,
        on_null: Any = None,
    ) -> None:
        self._assign(
            date_string=date_string,
            format=format,
            timezone=timezone,
            on_error=on_error,
            on_null=on_null,
        )


class DateSubtract(DocumentOperator):
    """``$dateSubtract``: a date minus an amount of units."""

    __slots__ = ("amount", "start_date", "timezone", "unit")
    operator = "$dateSubtract"

    start_date: Any
    unit: Any
    amount: Any
    timezone: Any

    def __init__(self, start_date: Any, unit: Any, amount: Any, timezone: Any = None) -> None:
        self._assign(start_date=start_date, unit=unit, amount=amount, timezone=timezone)


class DateToParts(DocumentOperator):
    """``$dateToParts``: a document of the date's parts."""

    __slots__ = ("date", "iso8601", "timezone")
    operator = "$dateToParts"

    date: Any
    timezone: Any
    iso8601: Any

    def __init__(self, date: Any, timezone: Any = None, iso8601: Any = None) -> None:
        self._assign(date=date, timezone=timezone, iso8601=iso8601)


class DateToString(DocumentOperator):
    """``$dateToString``: the date formatted as a string."""

    __slots__ = ("date", "format", "on_null", "timezone")
    operator = "$dateToString"

    date: Any
    format: Any
    timezone: Any
    on_null: Any

    def __init__(
        self, date: Any, format: Any = None, timezone: Any = None, on_null: Any = None
    ) -> None:
        self._assign(date=date, format=format, timezone=timezone, on_null=on_null)


class DateTrunc(DocumentOperator):
    """``$dateTrunc``: the date truncated to a unit."""

    __slots__ = ("bin_size", "date", "start_of_week", "timezone", "unit")
    operator = "$dateTrunc"

    date: Any
    unit: Any
    bin_size: Any
    timezone: Any
    start_of_week: Any

    def __init__(
        self,
        date: Any,
        unit: Any,
        bin_size: Any = None,
        timezone: Any = None,
        start_of_week: Any = None,
    ) -> None:
        self._assign(
            date=date, unit=unit, bin_size=bin_size, timezone=timezone, start_of_week=start_of_week
        )


class DayOfMonth(DocumentOperator):
    """``$dayOfMonth``: the day of the month (1-31)."""

    __slots__ = ("date", "timezone")
    operator = "$dayOfMonth"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class DayOfWeek(DocumentOperator):
    """``$dayOfWeek``: the day of the week (1 Sunday - 7 Saturday)."""

    __slots__ = ("date", "timezone")
    operator = "$dayOfWeek"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class DayOfYear(DocumentOperator):
    """``$dayOfYear``: the day of the year (1-366)."""

    __slots__ = ("date", "timezone")
    operator = "$dayOfYear"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class Hour(DocumentOperator):
    """``$hour``: the hour (0-23)."""

    __slots__ = ("date", "timezone")
    operator = "$hour"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class IsoDayOfWeek(DocumentOperator):
    """``$isoDayOfWeek``: the ISO weekday (1 Monday - 7 Sunday)."""

    __slots__ = ("date", "timezone")
    operator = "$isoDayOfWeek"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class IsoWeek(DocumentOperator):
    """``$isoWeek``: the ISO week number (1-53)."""

    __slots__ = ("date", "timezone")
    operator = "$isoWeek"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class IsoWeekYear(DocumentOperator):
    """``$isoWeekYear``: the ISO week-numbering year."""

    __slots__ = ("date", "timezone")
    operator = "$isoWeekYear"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class Millisecond(DocumentOperator):
    """``$millisecond``: the milliseconds (0-999)."""

    __slots__ = ("date", "timezone")
    operator = "$millisecond"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class Minute(DocumentOperator):
    """``$minute``: the minute (0-59)."""

    __slots__ = ("date", "timezone")
    operator = "$minute"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class Month(DocumentOperator):
    """``$month``: the month (1-12)."""

    __slots__ = ("date", "timezone")
    operator = "$month"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class Second(DocumentOperator):
    """``$second``: the second (0-60)."""

    __slots__ = ("date", "timezone")
    operator = "$second"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class Week(DocumentOperator):
    """``$week``: the week of the year (0-53), weeks starting on Sunday."""

    __slots__ = ("date", "timezone")
    operator = "$week"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class Year(DocumentOperator):
    """``$year``: the year."""

    __slots__ = ("date", "timezone")
    operator = "$year"

    date: Any
    timezone: Any

    def __init__(self, date: Any, timezone: Any = None) -> None:
        self._assign(date=date, timezone=timezone)


class TsIncrement(UnaryOperator):
    """``$tsIncrement``: the increment of a timestamp."""

    __slots__ = ("input",)
    operator = "$tsIncrement"

    input: Any

    def __init__(self, input: Any = MISSING, *, timestamp: Any = MISSING) -> None:
        self._assign(input=either("TsIncrement", "input", input, "timestamp", timestamp))


class TsSecond(UnaryOperator):
    """``$tsSecond``: the seconds of a timestamp."""

    __slots__ = ("input",)
    operator = "$tsSecond"

    input: Any

    def __init__(self, input: Any = MISSING, *, timestamp: Any = MISSING) -> None:
        self._assign(input=either("TsSecond", "input", input, "timestamp", timestamp))


# END GENERATED OPERATORS


class DateFromParts(ExpressionOperator):
    """``$dateFromParts``: a date built from calendar parts (``year``...) or ISO week parts
    (``iso_week_year``...), never both. The given parts are kept in ``parts``."""

    __slots__ = ("parts",)
    operator = "$dateFromParts"

    parts: dict[str, Any]

    def __init__(
        self,
        *,
        year: Any = None,
        month: Any = None,
        day: Any = None,
        iso_week_year: Any = None,
        iso_week: Any = None,
        iso_day_of_week: Any = None,
        hour: Any = None,
        minute: Any = None,
        second: Any = None,
        millisecond: Any = None,
        timezone: Any = None,
    ) -> None:
        calendar = year is not None or month is not None or day is not None
        iso = iso_week_year is not None or iso_week is not None or iso_day_of_week is not None
        if calendar and iso:
            raise TypeError("DateFromParts: give calendar parts (year...) or ISO parts, not both")
        if (year is None) == (iso_week_year is None):
            raise TypeError("DateFromParts: year or iso_week_year is required")
        parts = {
            "year": year,
            "month": month,
            "day": day,
            "isoWeekYear": iso_week_year,
            "isoWeek": iso_week,
            "isoDayOfWeek": iso_day_of_week,
            "hour": hour,
            "minute": minute,
            "second": second,
            "millisecond": millisecond,
            "timezone": timezone,
        }
        self._assign(parts={key: value for key, value in parts.items() if value is not None})

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$dateFromParts": {part: value, ...}}``."""
        return {
            "$dateFromParts": {
                key: compile_argument(self, value) for key, value in self.parts.items()
            }
        }

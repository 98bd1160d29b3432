"""``ExpressionsInterface``: the fluent methods shared by operators, ``Var`` and ``Field.expr``.

One method per operator that takes a value first; the receiver becomes that value:
``Var("price").multiply(2).gt(10)`` is ``Gt(Multiply(Var("price"), 2), 10)``. Python keywords
get a trailing underscore (``in_``, ``not_``, ``and_``, ``or_``).

The operator classes subclass this mixin, so this module cannot import them: its namespace is
the registry of operator classes by name. ``gault._expressions`` imports every operator module
(in any order), then calls ``register`` with their classes; the methods find their class here at
call time. Type checkers see the classes through the ``TYPE_CHECKING`` imports at the end.
Imports only the foundation (``gault._support``) at run time.
"""

# The classes are imported for type checkers only; at run time they come from ``register``.
# ruff: noqa: TC004

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from gault._support import MISSING, either

if TYPE_CHECKING:
    from gault._expressions.variables import Var

__all__ = ["ExpressionsInterface", "operator_class", "register"]


class ExpressionsInterface:
    """Mixin: fluent constructors of expression operators applied to this value."""

    __slots__ = ()

    def _expression_operand(self) -> Any:
        """Return the value the fluent methods apply to: the object itself by default."""
        return self

    # START GENERATED METHODS (scripts/gen_expressions.py: edit the table there)
    def abs(self) -> Abs:
        """Return :class:`Abs` applied to this value (``$abs``)."""
        return Abs(input=self._expression_operand())

    def add(self, *inputs: Any) -> Add:
        """Return :class:`Add` applied to this value (``$add``)."""
        return Add(self._expression_operand(), *inputs)

    def ceil(self) -> Ceil:
        """Return :class:`Ceil` applied to this value (``$ceil``)."""
        return Ceil(input=self._expression_operand())

    def divide(self, divisor: Any) -> Divide:
        """Return :class:`Divide` applied to this value (``$divide``)."""
        return Divide(dividende=self._expression_operand(), divisor=divisor)

    def exp(self) -> Exp:
        """Return :class:`Exp` applied to this value (``$exp``)."""
        return Exp(exponent=self._expression_operand())

    def floor(self) -> Floor:
        """Return :class:`Floor` applied to this value (``$floor``)."""
        return Floor(input=self._expression_operand())

    def ln(self) -> Ln:
        """Return :class:`Ln` applied to this value (``$ln``)."""
        return Ln(input=self._expression_operand())

    def log(self, base: Any) -> Log:
        """Return :class:`Log` applied to this value (``$log``)."""
        return Log(input=self._expression_operand(), base=base)

    def log10(self) -> Log10:
        """Return :class:`Log10` applied to this value (``$log10``)."""
        return Log10(input=self._expression_operand())

    def mod(self, divisor: Any) -> Mod:
        """Return :class:`Mod` applied to this value (``$mod``)."""
        return Mod(value1=self._expression_operand(), value2=divisor)

    def multiply(self, *inputs: Any) -> Multiply:
        """Return :class:`Multiply` applied to this value (``$multiply``)."""
        return Multiply(self._expression_operand(), *inputs)

    def pow(self, exponent: Any) -> Pow:
        """Return :class:`Pow` applied to this value (``$pow``)."""
        return Pow(input=self._expression_operand(), exponent=exponent)

    def round(self, place: Any = 0) -> Round:
        """Return :class:`Round` applied to this value (``$round``)."""
        return Round(input=self._expression_operand(), place=place)

    def sigmoid(self, on_null: Any = None) -> Sigmoid:
        """Return :class:`Sigmoid` applied to this value (``$sigmoid``)."""
        return Sigmoid(input=self._expression_operand(), on_null=on_null)

    def sqrt(self) -> Sqrt:
        """Return :class:`Sqrt` applied to this value (``$sqrt``)."""
        return Sqrt(input=self._expression_operand())

    def subtract(self, other: Any = MISSING, *, subtrahend: Any = MISSING) -> Subtract:
        """Return :class:`Subtract` applied to this value (``$subtract``)."""
        return Subtract(
            input1=self._expression_operand(),
            input2=either("subtract", "other", other, "subtrahend", subtrahend),
        )

    def trunc(self, place: Any = None) -> Trunc:
        """Return :class:`Trunc` applied to this value (``$trunc``)."""
        return Trunc(input=self._expression_operand(), place=place)

    def sin(self) -> Sin:
        """Return :class:`Sin` applied to this value (``$sin``)."""
        return Sin(input=self._expression_operand())

    def cos(self) -> Cos:
        """Return :class:`Cos` applied to this value (``$cos``)."""
        return Cos(input=self._expression_operand())

    def tan(self) -> Tan:
        """Return :class:`Tan` applied to this value (``$tan``)."""
        return Tan(input=self._expression_operand())

    def asin(self) -> Asin:
        """Return :class:`Asin` applied to this value (``$asin``)."""
        return Asin(input=self._expression_operand())

    def acos(self) -> Acos:
        """Return :class:`Acos` applied to this value (``$acos``)."""
        return Acos(input=self._expression_operand())

    def atan(self) -> Atan:
        """Return :class:`Atan` applied to this value (``$atan``)."""
        return Atan(input=self._expression_operand())

    def atan2(self, y: Any) -> Atan2:
        """Return :class:`Atan2` applied to this value (``$atan2``)."""
        return Atan2(x=self._expression_operand(), y=y)

    def asinh(self) -> Asinh:
        """Return :class:`Asinh` applied to this value (``$asinh``)."""
        return Asinh(input=self._expression_operand())

    def acosh(self) -> Acosh:
        """Return :class:`Acosh` applied to this value (``$acosh``)."""
        return Acosh(input=self._expression_operand())

    def atanh(self) -> Atanh:
        """Return :class:`Atanh` applied to this value (``$atanh``)."""
        return Atanh(input=self._expression_operand())

    def sinh(self) -> Sinh:
        """Return :class:`Sinh` applied to this value (``$sinh``)."""
        return Sinh(input=self._expression_operand())

    def cosh(self) -> Cosh:
        """Return :class:`Cosh` applied to this value (``$cosh``)."""
        return Cosh(input=self._expression_operand())

    def tanh(self) -> Tanh:
        """Return :class:`Tanh` applied to this value (``$tanh``)."""
        return Tanh(input=self._expression_operand())

    def degrees_to_radians(self) -> DegreesToRadians:
        """Return :class:`DegreesToRadians` applied to this value (``$degreesToRadians``)."""
        return DegreesToRadians(input=self._expression_operand())

    def radians_to_degrees(self) -> RadiansToDegrees:
        """Return :class:`RadiansToDegrees` applied to this value (``$radiansToDegrees``)."""
        return RadiansToDegrees(input=self._expression_operand())

    def bit_and(self, *inputs: Any) -> BitAnd:
        """Return :class:`BitAnd` applied to this value (``$bitAnd``)."""
        return BitAnd(self._expression_operand(), *inputs)

    def bit_not(self) -> BitNot:
        """Return :class:`BitNot` applied to this value (``$bitNot``)."""
        return BitNot(input=self._expression_operand())

    def bit_or(self, *inputs: Any) -> BitOr:
        """Return :class:`BitOr` applied to this value (``$bitOr``)."""
        return BitOr(self._expression_operand(), *inputs)

    def bit_xor(self, *inputs: Any) -> BitXor:
        """Return :class:`BitXor` applied to this value (``$bitXor``)."""
        return BitXor(self._expression_operand(), *inputs)

    def and_(self, *inputs: Any) -> And:
        """Return :class:`And` applied to this value (``$and``)."""
        return And(self._expression_operand(), *inputs)

    def or_(self, *inputs: Any) -> Or:
        """Return :class:`Or` applied to this value (``$or``)."""
        return Or(self._expression_operand(), *inputs)

    def cmp(self, other: Any = MISSING, *, expression2: Any = MISSING) -> Cmp:
        """Return :class:`Cmp` applied to this value (``$cmp``)."""
        return Cmp(
            lhs=self._expression_operand(),
            rhs=either("cmp", "other", other, "expression2", expression2),
        )

    def eq(self, other: Any = MISSING, *, expression2: Any = MISSING) -> Eq:
        """Return :class:`Eq` applied to this value (``$eq``)."""
        return Eq(
            lhs=self._expression_operand(),
            rhs=either("eq", "other", other, "expression2", expression2),
        )

    def ne(self, other: Any = MISSING, *, expression2: Any = MISSING) -> Ne:
        """Return :class:`Ne` applied to this value (``$ne``)."""
        return Ne(
            lhs=self._expression_operand(),
            rhs=either("ne", "other", other, "expression2", expression2),
        )

    def gt(self, other: Any = MISSING, *, expression2: Any = MISSING) -> Gt:
        """Return :class:`Gt` applied to this value (``$gt``)."""
        return Gt(
            lhs=self._expression_operand(),
            rhs=either("gt", "other", other, "expression2", expression2),
        )

    def gte(self, other: Any = MISSING, *, expression2: Any = MISSING) -> Gte:
        """Return :class:`Gte` applied to this value (``$gte``)."""
        return Gte(
            lhs=self._expression_operand(),
            rhs=either("gte", "other", other, "expression2", expression2),
        )

    def lt(self, other: Any = MISSING, *, expression2: Any = MISSING) -> Lt:
        """Return :class:`Lt` applied to this value (``$lt``)."""
        return Lt(
            lhs=self._expression_operand(),
            rhs=either("lt", "other", other, "expression2", expression2),
        )

    def lte(self, other: Any = MISSING, *, expression2: Any = MISSING) -> Lte:
        """Return :class:`Lte` applied to this value (``$lte``)."""
        return Lte(
            lhs=self._expression_operand(),
            rhs=either("lte", "other", other, "expression2", expression2),
        )

    def if_null(self, *inputs: Any) -> IfNull:
        """Return :class:`IfNull` applied to this value (``$ifNull``)."""
        return IfNull(self._expression_operand(), *inputs)

    def array_elem_at(self, index: Any) -> ArrayElemAt:
        """Return :class:`ArrayElemAt` applied to this value (``$arrayElemAt``)."""
        return ArrayElemAt(input=self._expression_operand(), index=index)

    def array_to_object(self) -> ArrayToObject:
        """Return :class:`ArrayToObject` applied to this value (``$arrayToObject``)."""
        return ArrayToObject(input=self._expression_operand())

    def concat_arrays(self, *inputs: Any) -> ConcatArrays:
        """Return :class:`ConcatArrays` applied to this value (``$concatArrays``)."""
        return ConcatArrays(self._expression_operand(), *inputs)

    def first(self) -> First:
        """Return :class:`First` applied to this value (``$first``)."""
        return First(array=self._expression_operand())

    def first_n(self, n: Any) -> FirstN:
        """Return :class:`FirstN` applied to this value (``$firstN``)."""
        return FirstN(input=self._expression_operand(), n=n)

    def in_(self, array: Any) -> In:
        """Return :class:`In` applied to this value (``$in``)."""
        return In(lhs=self._expression_operand(), rhs=array)

    def is_array(self) -> IsArray:
        """Return :class:`IsArray` applied to this value (``$isArray``)."""
        return IsArray(input=self._expression_operand())

    def last(self) -> Last:
        """Return :class:`Last` applied to this value (``$last``)."""
        return Last(array=self._expression_operand())

    def last_n(self, n: Any) -> LastN:
        """Return :class:`LastN` applied to this value (``$lastN``)."""
        return LastN(input=self._expression_operand(), n=n)

    def max_n(self, n: Any) -> MaxN:
        """Return :class:`MaxN` applied to this value (``$maxN``)."""
        return MaxN(input=self._expression_operand(), n=n)

    def min_n(self, n: Any) -> MinN:
        """Return :class:`MinN` applied to this value (``$minN``)."""
        return MinN(input=self._expression_operand(), n=n)

    def object_to_array(self) -> ObjectToArray:
        """Return :class:`ObjectToArray` applied to this value (``$objectToArray``)."""
        return ObjectToArray(input=self._expression_operand())

    def range(self, end: Any, step: Any = None) -> Range:
        """Return :class:`Range` applied to this value (``$range``)."""
        return Range(start=self._expression_operand(), end=end, step=step)

    def reverse_array(self) -> ReverseArray:
        """Return :class:`ReverseArray` applied to this value (``$reverseArray``)."""
        return ReverseArray(input=self._expression_operand())

    def size(self) -> Size:
        """Return :class:`Size` applied to this value (``$size``)."""
        return Size(input=self._expression_operand())

    def all_elements_true(self) -> AllElementsTrue:
        """Return :class:`AllElementsTrue` applied to this value (``$allElementsTrue``)."""
        return AllElementsTrue(input=self._expression_operand())

    def any_elements_true(self) -> AnyElementsTrue:
        """Return :class:`AnyElementsTrue` applied to this value (``$anyElementTrue``)."""
        return AnyElementsTrue(input=self._expression_operand())

    def set_difference(self, expression2: Any) -> SetDifference:
        """Return :class:`SetDifference` applied to this value (``$setDifference``)."""
        return SetDifference(inputs1=self._expression_operand(), inputs2=expression2)

    def set_equals(self, *inputs: Any) -> SetEquals:
        """Return :class:`SetEquals` applied to this value (``$setEquals``)."""
        return SetEquals(self._expression_operand(), *inputs)

    def set_intersection(self, *inputs: Any) -> SetIntersection:
        """Return :class:`SetIntersection` applied to this value (``$setIntersection``)."""
        return SetIntersection(self._expression_operand(), *inputs)

    def set_is_subset(self, expression2: Any) -> SetIsSubset:
        """Return :class:`SetIsSubset` applied to this value (``$setIsSubset``)."""
        return SetIsSubset(input1=self._expression_operand(), input2=expression2)

    def set_union(self, *inputs: Any) -> SetUnion:
        """Return :class:`SetUnion` applied to this value (``$setUnion``)."""
        return SetUnion(self._expression_operand(), *inputs)

    def concat(self, *inputs: Any) -> Concat:
        """Return :class:`Concat` applied to this value (``$concat``)."""
        return Concat(self._expression_operand(), *inputs)

    def ltrim(self, chars: Any = None) -> Ltrim:
        """Return :class:`Ltrim` applied to this value (``$ltrim``)."""
        return Ltrim(input=self._expression_operand(), chars=chars)

    def rtrim(self, chars: Any = None) -> Rtrim:
        """Return :class:`Rtrim` applied to this value (``$rtrim``)."""
        return Rtrim(input=self._expression_operand(), chars=chars)

    def trim(self, chars: Any = None) -> Trim:
        """Return :class:`Trim` applied to this value (``$trim``)."""
        return Trim(input=self._expression_operand(), chars=chars)

    def regex_find(self, regex: Any, options: Any = None) -> RegexFind:
        """Return :class:`RegexFind` applied to this value (``$regexFind``)."""
        return RegexFind(input=self._expression_operand(), regex=regex, options=options)

    def regex_find_all(self, regex: Any, options: Any = None) -> RegexFindAll:
        """Return :class:`RegexFindAll` applied to this value (``$regexFindAll``)."""
        return RegexFindAll(input=self._expression_operand(), regex=regex, options=options)

    def regex_match(self, regex: Any, options: Any = None) -> RegexMatch:
        """Return :class:`RegexMatch` applied to this value (``$regexMatch``)."""
        return RegexMatch(input=self._expression_operand(), regex=regex, options=options)

    def replace_one(self, find: Any, replacement: Any) -> ReplaceOne:
        """Return :class:`ReplaceOne` applied to this value (``$replaceOne``)."""
        return ReplaceOne(input=self._expression_operand(), find=find, replacement=replacement)

    def replace_all(self, find: Any, replacement: Any) -> ReplaceAll:
        """Return :class:`ReplaceAll` applied to this value (``$replaceAll``)."""
        return ReplaceAll(input=self._expression_operand(), find=find, replacement=replacement)

    def enc_str_starts_with(self, prefix: Any) -> EncStrStartsWith:
        """Return :class:`EncStrStartsWith` applied to this value (``$encStrStartsWith``)."""
        return EncStrStartsWith(input=self._expression_operand(), prefix=prefix)

    def enc_str_ends_with(self, suffix: Any) -> EncStrEndsWith:
        """Return :class:`EncStrEndsWith` applied to this value (``$encStrEndsWith``)."""
        return EncStrEndsWith(input=self._expression_operand(), suffix=suffix)

    def enc_str_contains(self, substring: Any) -> EncStrContains:
        """Return :class:`EncStrContains` applied to this value (``$encStrContains``)."""
        return EncStrContains(input=self._expression_operand(), substring=substring)

    def enc_str_normalized_eq(self, string: Any) -> EncStrNormalizedEq:
        """Return :class:`EncStrNormalizedEq` applied to this value (``$encStrNormalizedEq``)."""
        return EncStrNormalizedEq(input=self._expression_operand(), string=string)

    def split(self, delimiter: Any) -> Split:
        """Return :class:`Split` applied to this value (``$split``)."""
        return Split(input=self._expression_operand(), delimiter=delimiter)

    def str_case_cmp(self, expression2: Any) -> StrCaseCmp:
        """Return :class:`StrCaseCmp` applied to this value (``$strcasecmp``)."""
        return StrCaseCmp(input1=self._expression_operand(), input2=expression2)

    def str_len_bytes(self) -> StrLenBytes:
        """Return :class:`StrLenBytes` applied to this value (``$strLenBytes``)."""
        return StrLenBytes(input=self._expression_operand())

    def str_len_cp(self) -> StrLenCP:
        """Return :class:`StrLenCP` applied to this value (``$strLenCP``)."""
        return StrLenCP(input=self._expression_operand())

    def substr(self, start: Any, length: Any) -> Substr:
        """Return :class:`Substr` applied to this value (``$substr``)."""
        return Substr(string=self._expression_operand(), start=start, length=length)

    def sub_str_bytes(
        self,
        start: Any = MISSING,
        length: Any = MISSING,
        *,
        byte_index: Any = MISSING,
        byte_count: Any = MISSING,
    ) -> SubStrBytes:
        """Return :class:`SubStrBytes` applied to this value (``$substrBytes``)."""
        return SubStrBytes(
            input=self._expression_operand(),
            start=either("sub_str_bytes", "start", start, "byte_index", byte_index),
            length=either("sub_str_bytes", "length", length, "byte_count", byte_count),
        )

    def sub_str_cp(self, code_point_index: Any, code_point_count: Any) -> SubStrCP:
        """Return :class:`SubStrCP` applied to this value (``$substrCP``)."""
        return SubStrCP(
            input=self._expression_operand(), start=code_point_index, length=code_point_count
        )

    def to_lower(self) -> ToLower:
        """Return :class:`ToLower` applied to this value (``$toLower``)."""
        return ToLower(input=self._expression_operand())

    def to_upper(self) -> ToUpper:
        """Return :class:`ToUpper` applied to this value (``$toUpper``)."""
        return ToUpper(input=self._expression_operand())

    def date_add(self, unit: Any, amount: Any, timezone: Any = None) -> DateAdd:
        """Return :class:`DateAdd` applied to this value (``$dateAdd``)."""
        return DateAdd(
            start_date=self._expression_operand(), unit=unit, amount=amount, timezone=timezone
        )

    def date_diff(
        self, end_date: Any, unit: Any, timezone: Any = None, start_of_week: Any = None
    ) -> DateDiff:
        """Return :class:`DateDiff` applied to this value (``$dateDiff``)."""
        return DateDiff(
            start_date=self._expression_operand(),
            end_date=end_date,
            unit=unit,
            timezone=timezone,
            start_of_week=start_of_week,
        )

    def date_from_string(
        self, format: Any = None, timezone: Any = None, on_error: Any = None, on_null: Any = None
    ) -> DateFromString:
        """Return :class:`DateFromString` applied to this value (``$dateFromString``)."""
        return DateFromString(
            date_string=self._expression_operand(),
            format=format,
            timezone=timezone,
            on_error=on_error,
            on_null=on_null,
        )

    def date_subtract(self, unit: Any, amount: Any, timezone: Any = None) -> DateSubtract:
        """Return :class:`DateSubtract` applied to this value (``$dateSubtract``)."""
        return DateSubtract(
            start_date=self._expression_operand(), unit=unit, amount=amount, timezone=timezone
        )

    def date_to_parts(self, timezone: Any = None, iso8601: Any = None) -> DateToParts:
        """Return :class:`DateToParts` applied to this value (``$dateToParts``)."""
        return DateToParts(date=self._expression_operand(), timezone=timezone, iso8601=iso8601)

    def date_to_string(
        self, format: Any = None, timezone: Any = None, on_null: Any = None
    ) -> DateToString:
        """Return :class:`DateToString` applied to this value (``$dateToString``)."""
        return DateToString(
            date=self._expression_operand(), format=format, timezone=timezone, on_null=on_null
        )

    def date_trunc(
        self, unit: Any, bin_size: Any = None, timezone: Any = None, start_of_week: Any = None
    ) -> DateTrunc:
        """Return :class:`DateTrunc` applied to this value (``$dateTrunc``)."""
        return DateTrunc(
            date=self._expression_operand(),
            unit=unit,
            bin_size=bin_size,
            timezone=timezone,
            start_of_week=start_of_week,
        )

    def day_of_month(self, timezone: Any = None) -> DayOfMonth:
        """Return :class:`DayOfMonth` applied to this value (``$dayOfMonth``)."""
        return DayOfMonth(date=self._expression_operand(), timezone=timezone)

    def day_of_week(self, timezone: Any = None) -> DayOfWeek:
        """Return :class:`DayOfWeek` applied to this value (``$dayOfWeek``)."""
        return DayOfWeek(date=self._expression_operand(), timezone=timezone)

    def day_of_year(self, timezone: Any = None) -> DayOfYear:
        """Return :class:`DayOfYear` applied to this value (``$dayOfYear``)."""
        return DayOfYear(date=self._expression_operand(), timezone=timezone)

    def hour(self, timezone: Any = None) -> Hour:
        """Return :class:`Hour` applied to this value (``$hour``)."""
        return Hour(date=self._expression_operand(), timezone=timezone)

    def iso_day_of_week(self, timezone: Any = None) -> IsoDayOfWeek:
        """Return :class:`IsoDayOfWeek` applied to this value (``$isoDayOfWeek``)."""
        return IsoDayOfWeek(date=self._expression_operand(), timezone=timezone)

    def iso_week(self, timezone: Any = None) -> IsoWeek:
        """Return :class:`IsoWeek` applied to this value (``$isoWeek``)."""
        return IsoWeek(date=self._expression_operand(), timezone=timezone)

    def iso_week_year(self, timezone: Any = None) -> IsoWeekYear:
        """Return :class:`IsoWeekYear` applied to this value (``$isoWeekYear``)."""
        return IsoWeekYear(date=self._expression_operand(), timezone=timezone)

    def millisecond(self, timezone: Any = None) -> Millisecond:
        """Return :class:`Millisecond` applied to this value (``$millisecond``)."""
        return Millisecond(date=self._expression_operand(), timezone=timezone)

    def minute(self, timezone: Any = None) -> Minute:
        """Return :class:`Minute` applied to this value (``$minute``)."""
        return Minute(date=self._expression_operand(), timezone=timezone)

    def month(self, timezone: Any = None) -> Month:
        """Return :class:`Month` applied to this value (``$month``)."""
        return Month(date=self._expression_operand(), timezone=timezone)

    def second(self, timezone: Any = None) -> Second:
        """Return :class:`Second` applied to this value (``$second``)."""
        return Second(date=self._expression_operand(), timezone=timezone)

    def week(self, timezone: Any = None) -> Week:
        """Return :class:`Week` applied to this value (``$week``)."""
        return Week(date=self._expression_operand(), timezone=timezone)

    def year(self, timezone: Any = None) -> Year:
        """Return :class:`Year` applied to this value (``$year``)."""
        return Year(date=self._expression_operand(), timezone=timezone)

    def ts_increment(self) -> TsIncrement:
        """Return :class:`TsIncrement` applied to this value (``$tsIncrement``)."""
        return TsIncrement(input=self._expression_operand())

    def ts_second(self) -> TsSecond:
        """Return :class:`TsSecond` applied to this value (``$tsSecond``)."""
        return TsSecond(input=self._expression_operand())

    def is_number(self) -> IsNumber:
        """Return :class:`IsNumber` applied to this value (``$isNumber``)."""
        return IsNumber(input=self._expression_operand())

    def to_bool(self) -> ToBool:
        """Return :class:`ToBool` applied to this value (``$toBool``)."""
        return ToBool(input=self._expression_operand())

    def to_date(self) -> ToDate:
        """Return :class:`ToDate` applied to this value (``$toDate``)."""
        return ToDate(input=self._expression_operand())

    def to_decimal(self) -> ToDecimal:
        """Return :class:`ToDecimal` applied to this value (``$toDecimal``)."""
        return ToDecimal(input=self._expression_operand())

    def to_double(self) -> ToDouble:
        """Return :class:`ToDouble` applied to this value (``$toDouble``)."""
        return ToDouble(input=self._expression_operand())

    def to_int(self) -> ToInt:
        """Return :class:`ToInt` applied to this value (``$toInt``)."""
        return ToInt(input=self._expression_operand())

    def to_long(self) -> ToLong:
        """Return :class:`ToLong` applied to this value (``$toLong``)."""
        return ToLong(input=self._expression_operand())

    def to_object_id(self) -> ToObjectId:
        """Return :class:`ToObjectId` applied to this value (``$toObjectId``)."""
        return ToObjectId(input=self._expression_operand())

    def to_string(self) -> ToString:
        """Return :class:`ToString` applied to this value (``$toString``)."""
        return ToString(input=self._expression_operand())

    def to_uuid(self) -> ToUUID:
        """Return :class:`ToUUID` applied to this value (``$toUUID``)."""
        return ToUUID(input=self._expression_operand())

    def type(self) -> Type:
        """Return :class:`Type` applied to this value (``$type``)."""
        return Type(input=self._expression_operand())

    def subtype(self) -> Subtype:
        """Return :class:`Subtype` applied to this value (``$subtype``)."""
        return Subtype(expression=self._expression_operand())

    def binary_size(self) -> BinarySize:
        """Return :class:`BinarySize` applied to this value (``$binarySize``)."""
        return BinarySize(input=self._expression_operand())

    def bson_size(self) -> BsonSize:
        """Return :class:`BsonSize` applied to this value (``$bsonSize``)."""
        return BsonSize(input=self._expression_operand())

    def hash(self, algorithm: Any) -> Hash:
        """Return :class:`Hash` applied to this value (``$hash``)."""
        return Hash(input=self._expression_operand(), algorithm=algorithm)

    def hex_hash(self, algorithm: Any) -> HexHash:
        """Return :class:`HexHash` applied to this value (``$hexHash``)."""
        return HexHash(input=self._expression_operand(), algorithm=algorithm)

    def serialize_ejson(self, relaxed: Any = None, on_error: Any = None) -> SerializeEJSON:
        """Return :class:`SerializeEJSON` applied to this value (``$serializeEJSON``)."""
        return SerializeEJSON(input=self._expression_operand(), relaxed=relaxed, on_error=on_error)

    def deserialize_ejson(self, on_error: Any = None) -> DeserializeEJSON:
        """Return :class:`DeserializeEJSON` applied to this value (``$deserializeEJSON``)."""
        return DeserializeEJSON(input=self._expression_operand(), on_error=on_error)

    def merge_objects(self, *inputs: Any) -> MergeObjects:
        """Return :class:`MergeObjects` applied to this value (``$mergeObjects``)."""
        return MergeObjects(self._expression_operand(), *inputs)

    def sample_rate(self) -> SampleRate:
        """Return :class:`SampleRate` applied to this value (``$sampleRate``)."""
        return SampleRate(number=self._expression_operand())

    def to_hashed_index_key(self) -> ToHashedIndexKey:
        """Return :class:`ToHashedIndexKey` applied to this value (``$toHashedIndexKey``)."""
        return ToHashedIndexKey(input=self._expression_operand())

    def avg(self, *inputs: Any) -> Avg:
        """Return :class:`Avg` applied to this value (``$avg``)."""
        return Avg([self._expression_operand(), *inputs])

    def max(self, *inputs: Any) -> Max:
        """Return :class:`Max` applied to this value (``$max``)."""
        return Max([self._expression_operand(), *inputs])

    def min(self, *inputs: Any) -> Min:
        """Return :class:`Min` applied to this value (``$min``)."""
        return Min([self._expression_operand(), *inputs])

    def sum(self, *inputs: Any) -> Sum:
        """Return :class:`Sum` applied to this value (``$sum``)."""
        return Sum([self._expression_operand(), *inputs])

    def std_dev_pop(self, *inputs: Any) -> StdDevPop:
        """Return :class:`StdDevPop` applied to this value (``$stdDevPop``)."""
        return StdDevPop([self._expression_operand(), *inputs])

    def std_dev_samp(self, *inputs: Any) -> StdDevSamp:
        """Return :class:`StdDevSamp` applied to this value (``$stdDevSamp``)."""
        return StdDevSamp([self._expression_operand(), *inputs])

    def median(self, method: Any = "approximate") -> Median:
        """Return :class:`Median` applied to this value (``$median``)."""
        return Median(input=self._expression_operand(), method=method)

    # END GENERATED METHODS

    def percentile(self, p: Any, method: Any = "approximate") -> Percentile:
        """Return :class:`Percentile`: the approximate percentiles ``p`` of this value."""
        return Percentile(input=self._expression_operand(), p=p, method=method)

    def not_(self) -> Not:
        """Return :class:`Not` applied to this value (``$not``)."""
        return Not(self._expression_operand())

    def cond(self, then: Any, otherwise: Any) -> Cond:
        """Return :class:`Cond`: ``then`` when this value is true, else ``otherwise``."""
        return Cond(self._expression_operand(), then, otherwise)

    def switch(
        self, branches: Mapping[Any, Any] | Iterable[tuple[Any, Any]], default: Any = None
    ) -> Switch:
        """Return :class:`Switch` on this value: ``branches`` map values (compared with
        ``$eq``) to results, as a dict or ``(value, result)`` pairs; ``default`` otherwise."""
        pairs = branches.items() if isinstance(branches, Mapping) else branches
        operand = self._expression_operand()
        return Switch([(Eq(operand, case), then) for case, then in pairs], default=default)

    def filter(
        self,
        cond: Any,
        *,
        var: str | Var = "this",
        limit: Any = None,
        array_index_as: str | None = None,
    ) -> Filter:
        """Return :class:`Filter` of this array; ``cond`` may be a callable receiving a Var."""
        return Filter(
            self._expression_operand(), cond, var=var, limit=limit, array_index_as=array_index_as
        )

    def map(self, into: Any, *, var: str | Var = "this", array_index_as: str | None = None) -> Map:
        """Return :class:`Map` of this array; ``into`` may be a callable receiving a Var."""
        return Map(self._expression_operand(), into, var=var, array_index_as=array_index_as)

    def reduce(self, into: Any, *, initial_value: Any, array_index_as: str | None = None) -> Reduce:
        """Return :class:`Reduce` of this array from ``initial_value`` (0.14's order: ``into``
        first); ``into`` may be a callable receiving ``(Var("value"), Var("this"))``."""
        return Reduce(
            self._expression_operand(), initial_value, into, array_index_as=array_index_as
        )

    def zip(self, *others: Any, use_longest_length: Any = None, defaults: Any = None) -> Zip:
        """Return :class:`Zip` of this array and ``others`` (``$zip``'s ``inputs``)."""
        return Zip(
            inputs=[self._expression_operand(), *others],
            use_longest_length=use_longest_length,
            defaults=defaults,
        )

    def get_field(self, field: Any) -> GetField:
        """Return :class:`GetField`: ``field`` of this document (``$getField``)."""
        return GetField(self._expression_operand(), field)

    def set_field(self, field: Any, value: Any) -> SetField:
        """Return :class:`SetField`: this document with ``field`` set to ``value``."""
        return SetField(self._expression_operand(), field, value)

    def unset_field(self, field: Any) -> UnsetField:
        """Return :class:`UnsetField`: this document without ``field``."""
        return UnsetField(self._expression_operand(), field)

    def let(self, into: Any, *, var: str = "this") -> Let:
        """Return :class:`Let` binding this value to ``$$var`` in ``into`` (an expression or a
        callable receiving the Var)."""
        return Let({var: self._expression_operand()}, into=into)

    def convert(
        self,
        to: Any,
        *,
        subtype: Any = None,
        format: Any = None,
        byte_order: Any = None,
        on_error: Any = None,
        on_null: Any = None,
    ) -> Convert:
        """Return :class:`Convert` of this value to the type ``to`` (``$convert``)."""
        return Convert(
            self._expression_operand(),
            to,
            subtype=subtype,
            format=format,
            byte_order=byte_order,
            on_error=on_error,
            on_null=on_null,
        )

    def slice(self, n: Any, position: Any = None) -> Slice:
        """Return :class:`Slice`: ``n`` elements of this array (from ``position``)."""
        return Slice(self._expression_operand(), n, position)

    def sort_array(self, sort_by: Any) -> SortArray:
        """Return :class:`SortArray` of this array, by ``1``/``-1`` or any sort payload."""
        return SortArray(self._expression_operand(), sort_by)

    def index_of_array(self, search: Any, start: Any = None, end: Any = None) -> IndexOfArray:
        """Return :class:`IndexOfArray`: the first index of ``search`` in this array."""
        return IndexOfArray(self._expression_operand(), search, start, end)

    def index_of_bytes(
        self, search: Any = MISSING, start: Any = None, end: Any = None, *, substring: Any = MISSING
    ) -> IndexOfBytes:
        """Return :class:`IndexOfBytes`: the byte index of ``search`` in this string."""
        search = either("index_of_bytes", "search", search, "substring", substring)
        return IndexOfBytes(self._expression_operand(), search, start, end)

    def index_of_cp(
        self, search: Any = MISSING, start: Any = None, end: Any = None, *, substring: Any = MISSING
    ) -> IndexOfCP:
        """Return :class:`IndexOfCP`: the code point index of ``search`` in this string."""
        search = either("index_of_cp", "search", search, "substring", substring)
        return IndexOfCP(self._expression_operand(), search, start, end)


def register(classes: Iterable[type]) -> None:
    """Make operator classes known to the fluent methods (and ``operator_class``) by name."""
    globals().update({cls.__name__: cls for cls in classes})


def operator_class(name: str) -> type[Any]:
    """The registered operator class called ``name`` (``"And"``)."""
    kind: type[Any] = globals()[name]
    return kind


if TYPE_CHECKING:
    # START GENERATED IMPORTS (scripts/gen_expressions.py: edit the table there)
    from gault._expressions.arithmetic import (
        Abs,
        Acos,
        Acosh,
        Add,
        Asin,
        Asinh,
        Atan,
        Atan2,
        Atanh,
        BitAnd,
        BitNot,
        BitOr,
        BitXor,
        Ceil,
        Cos,
        Cosh,
        DegreesToRadians,
        Divide,
        Exp,
        Floor,
        Ln,
        Log,
        Log10,
        Mod,
        Multiply,
        Pow,
        RadiansToDegrees,
        Round,
        Sigmoid,
        Sin,
        Sinh,
        Sqrt,
        Subtract,
        Tan,
        Tanh,
        Trunc,
    )
    from gault._expressions.arrays import (
        AllElementsTrue,
        AnyElementsTrue,
        ArrayElemAt,
        ArrayToObject,
        ConcatArrays,
        Filter,
        First,
        FirstN,
        In,
        IndexOfArray,
        IsArray,
        Last,
        LastN,
        Map,
        MaxN,
        MinN,
        ObjectToArray,
        Range,
        Reduce,
        ReverseArray,
        SetDifference,
        SetEquals,
        SetIntersection,
        SetIsSubset,
        SetUnion,
        Size,
        Slice,
        SortArray,
        Zip,
    )
    from gault._expressions.conversion import (
        BinarySize,
        BsonSize,
        Convert,
        DeserializeEJSON,
        Hash,
        HexHash,
        IsNumber,
        SerializeEJSON,
        Subtype,
        ToBool,
        ToDate,
        ToDecimal,
        ToDouble,
        ToInt,
        ToLong,
        ToObjectId,
        ToString,
        ToUUID,
        Type,
    )
    from gault._expressions.dates import (
        DateAdd,
        DateDiff,
        DateFromString,
        DateSubtract,
        DateToParts,
        DateToString,
        DateTrunc,
        DayOfMonth,
        DayOfWeek,
        DayOfYear,
        Hour,
        IsoDayOfWeek,
        IsoWeek,
        IsoWeekYear,
        Millisecond,
        Minute,
        Month,
        Second,
        TsIncrement,
        TsSecond,
        Week,
        Year,
    )
    from gault._expressions.logic import (
        And,
        Cmp,
        Cond,
        Eq,
        Gt,
        Gte,
        IfNull,
        Lt,
        Lte,
        Ne,
        Not,
        Or,
        Switch,
    )
    from gault._expressions.misc import (
        Avg,
        GetField,
        Let,
        Max,
        Median,
        MergeObjects,
        Min,
        Percentile,
        SampleRate,
        SetField,
        StdDevPop,
        StdDevSamp,
        Sum,
        ToHashedIndexKey,
        UnsetField,
    )
    from gault._expressions.strings import (
        Concat,
        EncStrContains,
        EncStrEndsWith,
        EncStrNormalizedEq,
        EncStrStartsWith,
        IndexOfBytes,
        IndexOfCP,
        Ltrim,
        RegexFind,
        RegexFindAll,
        RegexMatch,
        ReplaceAll,
        ReplaceOne,
        Rtrim,
        Split,
        StrCaseCmp,
        StrLenBytes,
        StrLenCP,
        Substr,
        SubStrBytes,
        SubStrCP,
        ToLower,
        ToUpper,
        Trim,
    )
# END GENERATED IMPORTS

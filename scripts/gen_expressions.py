"""Generate the regular expression operator classes and their fluent methods from one table.

Each table row below describes one MQL operator: its class, its argument shape and arguments
(snake_case of the manual's names), its fluent method, and a one-line description. The script
rewrites the fenced ``# START GENERATED ...`` / ``# END GENERATED ...`` blocks of:

- ``gault/_expressions/<module>.py``: the operator classes of each module;
- ``gault/_expressions/fluent.py``: the fluent methods and the imports they need;
- ``gault/expressions.py``: the re-exports.

Operators with irregular shapes (``Cond``, ``Switch``, ``Filter``, ``Map``, ``Reduce``, ``Let``,
``Literal``, ``Convert``, ``Slice``, ``SortArray``, ``DateFromParts``, ``IndexOf*``, ``Not``) are
written by hand below the fences of their modules, with their methods in ``fluent.py``.

Usage: ``python scripts/gen_expressions.py`` rewrites the files; ``--check`` only compares and
exits 1 (printing a diff) when a generated block is out of date.
"""

from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gault" / "_expressions"

# Row: Class $operator shape arguments | method | description
#   shape: unary | list | doc | empty | variadic:<minimum>[:collapse]
#   arguments: comma-separated; "name=" is optional (None), "name=value" has a default;
#              "*inputs" for variadic shapes. "name~alias" also accepts the keyword "alias"
#              (the manual's name, where gault 0.14's differs); "name>other" names the
#              argument "other" in the fluent method (0.14's ``eq(other)``).
#   method: the fluent method name; "name:arg" binds the receiver to "arg" instead of the
#           first argument; "-" for none.
TABLE = """
# module arithmetic
Abs $abs unary input~number | abs | The absolute value of a number.
Add $add variadic:2 *inputs | add | The sum of numbers, or a date plus milliseconds.
Ceil $ceil unary input~number | ceil | The smallest integer greater than or equal to a number.
Divide $divide list dividende~dividend, divisor | divide | The first number divided by the second.
Exp $exp unary exponent | exp | Euler's number raised to an exponent.
Floor $floor unary input~number | floor | The largest integer less than or equal to a number.
Ln $ln unary input~number | ln | The natural logarithm of a number.
Log $log list input~number, base | log | The logarithm of a number in a base.
Log10 $log10 unary input~number | log10 | The base-10 logarithm of a number.
Mod $mod list value1~dividend, value2~divisor | mod | The remainder of the first number divided by the second.
Multiply $multiply variadic:2 *inputs | multiply | The product of numbers.
Pow $pow list input~number, exponent | pow | A number raised to an exponent.
Round $round list input~number, place=0 | round | A number rounded to ``place`` decimal places.
Sigmoid $sigmoid doc input, on_null= | sigmoid | The sigmoid (logistic) function of a number.
Sqrt $sqrt unary input~number | sqrt | The square root of a number.
Subtract $subtract list input1~minuend, input2~subtrahend>other | subtract | The difference of two numbers or dates.
Trunc $trunc list input~number, place= | trunc | A number truncated to ``place`` decimal places.
Sin $sin unary input~angle | sin | The sine of an angle in radians.
Cos $cos unary input~angle | cos | The cosine of an angle in radians.
Tan $tan unary input~angle | tan | The tangent of an angle in radians.
Asin $asin unary input~value | asin | The inverse sine (arc sine), in radians.
Acos $acos unary input~value | acos | The inverse cosine (arc cosine), in radians.
Atan $atan unary input~value | atan | The inverse tangent (arc tangent), in radians.
Atan2 $atan2 list x, y | atan2 | The inverse tangent of ``y / x``, in radians.
Asinh $asinh unary input~value | asinh | The inverse hyperbolic sine, in radians.
Acosh $acosh unary input~value | acosh | The inverse hyperbolic cosine, in radians.
Atanh $atanh unary input~value | atanh | The inverse hyperbolic tangent, in radians.
Sinh $sinh unary input~angle | sinh | The hyperbolic sine of an angle in radians.
Cosh $cosh unary input~angle | cosh | The hyperbolic cosine of an angle in radians.
Tanh $tanh unary input~angle | tanh | The hyperbolic tangent of an angle in radians.
DegreesToRadians $degreesToRadians unary input~value | degrees_to_radians | Degrees to radians.
RadiansToDegrees $radiansToDegrees unary input~value | radians_to_degrees | Radians to degrees.
BitAnd $bitAnd variadic:2 *inputs | bit_and | The bitwise AND of integers.
BitNot $bitNot unary input~value | bit_not | The bitwise NOT of an integer.
BitOr $bitOr variadic:2 *inputs | bit_or | The bitwise OR of integers.
BitXor $bitXor variadic:2 *inputs | bit_xor | The bitwise XOR of integers.

# module logic
And $and variadic:1 *inputs | and_ | True when every input is true.
Or $or variadic:1 *inputs | or_ | True when any input is true.
Cmp $cmp list lhs~expression1, rhs~expression2>other | cmp | -1, 0 or 1 as the first value is less, equal or greater.
Eq $eq list lhs~expression1, rhs~expression2>other | eq | True when the two values are equal.
Ne $ne list lhs~expression1, rhs~expression2>other | ne | True when the two values differ.
Gt $gt list lhs~expression1, rhs~expression2>other | gt | True when the first value is greater than the second.
Gte $gte list lhs~expression1, rhs~expression2>other | gte | True when the first value is greater than or equal.
Lt $lt list lhs~expression1, rhs~expression2>other | lt | True when the first value is less than the second.
Lte $lte list lhs~expression1, rhs~expression2>other | lte | True when the first value is less than or equal.
IfNull $ifNull variadic:2 *inputs | if_null | The first non-null input (the last one is the fallback).

# module arrays
ArrayElemAt $arrayElemAt list input~array, index | array_elem_at | The element at an index.
ArrayToObject $arrayToObject unary input~array | array_to_object | A document from key-value pairs.
ConcatArrays $concatArrays variadic:1 *inputs | concat_arrays | The arrays concatenated.
First $first unary array | first | The first element of an array.
FirstN $firstN doc input, n | first_n | The first ``n`` elements of an array.
In $in list lhs~expression, rhs~array | in_ | True when the value is an element of the array.
IsArray $isArray list input~expression | is_array | True when the value is an array.
Last $last unary array | last | The last element of an array.
LastN $lastN doc input, n | last_n | The last ``n`` elements of an array.
MaxN $maxN doc input, n | max_n | The ``n`` largest elements of an array.
MinN $minN doc input, n | min_n | The ``n`` smallest elements of an array.
ObjectToArray $objectToArray unary input~object | object_to_array | A document as key-value pairs.
Range $range list start, end, step= | range | The integers from ``start`` up to ``end``.
ReverseArray $reverseArray unary input~array | reverse_array | The array in reverse order.
Size $size unary input~array | size | The number of elements of an array.
Zip $zip doc inputs, use_longest_length=, defaults= | - | The arrays transposed.
AllElementsTrue $allElementsTrue list input~array | all_elements_true | True when no element is false.
AnyElementsTrue $anyElementTrue list input~array | any_elements_true | True when an element is true.
SetDifference $setDifference list inputs1~expression1, inputs2~expression2 | set_difference | Elements only in the first.
SetEquals $setEquals variadic:2 *inputs | set_equals | True when the arrays hold the same elements.
SetIntersection $setIntersection variadic:1 *inputs | set_intersection | Elements in every array.
SetIsSubset $setIsSubset list input1~expression1, input2~expression2 | set_is_subset | True when the first is a subset.
SetUnion $setUnion variadic:1 *inputs | set_union | Elements in any of the arrays.

# module strings
Concat $concat variadic:1 *inputs | concat | The strings concatenated.
Ltrim $ltrim doc input, chars= | ltrim | The string without leading whitespace (or ``chars``).
Rtrim $rtrim doc input, chars= | rtrim | The string without trailing whitespace (or ``chars``).
Trim $trim doc input, chars= | trim | The string without surrounding whitespace (or ``chars``).
RegexFind $regexFind doc input, regex, options= | regex_find | The first regex match.
RegexFindAll $regexFindAll doc input, regex, options= | regex_find_all | Every regex match.
RegexMatch $regexMatch doc input, regex, options= | regex_match | True when the regex matches.
ReplaceOne $replaceOne doc input, find, replacement | replace_one | The first match replaced.
ReplaceAll $replaceAll doc input, find, replacement | replace_all | Every match replaced.
EncStrStartsWith $encStrStartsWith doc input, prefix | enc_str_starts_with | True when an encrypted string starts with ``prefix``.
EncStrEndsWith $encStrEndsWith doc input, suffix | enc_str_ends_with | True when an encrypted string ends with ``suffix``.
EncStrContains $encStrContains doc input, substring | enc_str_contains | True when an encrypted string contains ``substring``.
EncStrNormalizedEq $encStrNormalizedEq doc input, string | enc_str_normalized_eq | True when an encrypted string equals ``string`` after normalization.
Split $split list input~string, delimiter | split | The string split on a delimiter.
StrCaseCmp $strcasecmp list input1~expression1, input2~expression2 | str_case_cmp | Case-insensitive comparison.
StrLenBytes $strLenBytes unary input~string | str_len_bytes | The number of UTF-8 bytes.
StrLenCP $strLenCP unary input~string | str_len_cp | The number of code points.
Substr $substr list string, start, length | substr | A substring by bytes (deprecated).
SubStrBytes $substrBytes list input~string, start~byte_index>start, length~byte_count>length | sub_str_bytes | A substring by bytes.
SubStrCP $substrCP list input~string, start~code_point_index, length~code_point_count | sub_str_cp | A substring.
ToLower $toLower unary input~string | to_lower | The string in lowercase.
ToUpper $toUpper unary input~string | to_upper | The string in uppercase.

# module dates
DateAdd $dateAdd doc start_date, unit, amount, timezone= | date_add | A date plus an amount of units.
DateDiff $dateDiff doc start_date, end_date, unit, timezone=, start_of_week= | date_diff | The difference between two dates in units.
DateFromString $dateFromString doc date_string, format=, timezone=, on_error=, on_null= | date_from_string | A date parsed from a string.
DateSubtract $dateSubtract doc start_date, unit, amount, timezone= | date_subtract | A date minus an amount of units.
DateToParts $dateToParts doc date, timezone=, iso8601= | date_to_parts | A document of the date's parts.
DateToString $dateToString doc date, format=, timezone=, on_null= | date_to_string | The date formatted as a string.
DateTrunc $dateTrunc doc date, unit, bin_size=, timezone=, start_of_week= | date_trunc | The date truncated to a unit.
DayOfMonth $dayOfMonth doc date, timezone= | day_of_month | The day of the month (1-31).
DayOfWeek $dayOfWeek doc date, timezone= | day_of_week | The day of the week (1 Sunday - 7 Saturday).
DayOfYear $dayOfYear doc date, timezone= | day_of_year | The day of the year (1-366).
Hour $hour doc date, timezone= | hour | The hour (0-23).
IsoDayOfWeek $isoDayOfWeek doc date, timezone= | iso_day_of_week | The ISO weekday (1 Monday - 7 Sunday).
IsoWeek $isoWeek doc date, timezone= | iso_week | The ISO week number (1-53).
IsoWeekYear $isoWeekYear doc date, timezone= | iso_week_year | The ISO week-numbering year.
Millisecond $millisecond doc date, timezone= | millisecond | The milliseconds (0-999).
Minute $minute doc date, timezone= | minute | The minute (0-59).
Month $month doc date, timezone= | month | The month (1-12).
Second $second doc date, timezone= | second | The second (0-60).
Week $week doc date, timezone= | week | The week of the year (0-53), weeks starting on Sunday.
Year $year doc date, timezone= | year | The year.
TsIncrement $tsIncrement unary input~timestamp | ts_increment | The increment of a timestamp.
TsSecond $tsSecond unary input~timestamp | ts_second | The seconds of a timestamp.

# module conversion
IsNumber $isNumber unary input~expression | is_number | True when the value is a number.
ToBool $toBool unary input~expression | to_bool | The value converted to a boolean.
ToDate $toDate unary input~expression | to_date | The value converted to a date.
ToDecimal $toDecimal unary input~expression | to_decimal | The value converted to a Decimal128.
ToDouble $toDouble unary input~expression | to_double | The value converted to a double.
ToInt $toInt unary input~expression | to_int | The value converted to a 32-bit integer.
ToLong $toLong unary input~expression | to_long | The value converted to a 64-bit integer.
ToObjectId $toObjectId unary input~expression | to_object_id | The value converted to an ObjectId.
ToString $toString unary input~expression | to_string | The value converted to a string.
ToUUID $toUUID unary input~expression | to_uuid | The string converted to a UUID.
Type $type unary input~expression | type | The BSON type name of the value.
Subtype $subtype unary expression | subtype | The binary subtype of a BinData value.
BinarySize $binarySize unary input~expression | binary_size | The size of a string or BinData in bytes.
BsonSize $bsonSize unary input~expression | bson_size | The BSON size of a document in bytes.
Hash $hash doc input, algorithm | hash | The hash of a string or BinData, as BinData.
HexHash $hexHash doc input, algorithm | hex_hash | The hash of a string or BinData, as hex.
SerializeEJSON $serializeEJSON doc input, relaxed=, on_error= | serialize_ejson | The value as Extended JSON.
DeserializeEJSON $deserializeEJSON doc input, on_error= | deserialize_ejson | Extended JSON back to BSON.

# module misc
MergeObjects $mergeObjects variadic:1 *inputs | merge_objects | The documents merged.
Rand $rand empty | - | A random float between 0 and 1.
CreateObjectId $createObjectId empty | - | A new random ObjectId.
SampleRate $sampleRate unary number~rate | sample_rate | True for a random ``rate`` share of documents.
ToHashedIndexKey $toHashedIndexKey unary input~value | to_hashed_index_key | The hashed index key.
Meta $meta unary keyword | - | Metadata of the document (``"textScore"``, ``"indexKey"``...).
Function $function doc body, args, lang=js | - | The result of a JavaScript function.
Avg $avg variadic:1:collapse *inputs | avg | The average of numbers (or of one array).
Max $max variadic:1:collapse *inputs | max | The largest value (or the largest of one array).
Min $min variadic:1:collapse *inputs | min | The smallest value (or the smallest of one array).
Sum $sum variadic:1:collapse *inputs | sum | The sum of numbers (or of one array).
StdDevPop $stdDevPop variadic:1:collapse *inputs | std_dev_pop | The population standard deviation.
StdDevSamp $stdDevSamp variadic:1:collapse *inputs | std_dev_samp | The sample standard deviation.
Median $median doc input, method=approximate | median | The approximate median of numbers.
"""

#: Public names written by hand, by module (re-exported from ``gault.expressions`` too).
HAND = {
    "base": ["ExpressionOperator"],
    "fluent": ["ExpressionsInterface"],
    "variables": ["ExpressionProxy", "Var"],
    "logic": ["Cond", "Not", "Switch"],
    "arrays": ["Filter", "IndexOfArray", "Map", "Reduce", "Slice", "SortArray"],
    "strings": ["IndexOfBytes", "IndexOfCP"],
    "dates": ["DateFromParts"],
    "conversion": ["Convert"],
    "misc": ["GetField", "Let", "Literal", "Percentile", "Raw", "SetField", "UnsetField"],
}

#: Hand-written classes that hand-written fluent methods build (imported by ``fluent.py``).
FLUENT_HAND = {
    "logic": ["Cond", "Not", "Switch"],
    "arrays": ["Filter", "IndexOfArray", "Map", "Reduce", "Slice", "SortArray", "Zip"],
    "strings": ["IndexOfBytes", "IndexOfCP"],
    "conversion": ["Convert"],
    "misc": ["GetField", "Let", "Percentile", "SetField", "UnsetField"],
}

PUBLIC_DOC = '''"""Aggregation expression operators: one class per operator of the MongoDB manual.

GENERATED by ``scripts/gen_expressions.py`` (edit the table there, then run it): this module
only re-exports the classes of ``gault._expressions``.

Every class compiles with ``compile_expression()``; arguments are compiled recursively (field
references become ``"$path"``, operators nest, predicates used as conditions become their
expression form). Fluent methods on ``Field.expr``, ``Var`` and every operator build the same
classes: ``User.price.expr.multiply(2).gt(10)``.
"""'''

SHAPE_BASES = {
    "unary": "UnaryOperator",
    "list": "ListOperator",
    "doc": "DocumentOperator",
    "empty": "EmptyOperator",
    "variadic": "VariadicOperator",
}
START = "# START GENERATED {what} (scripts/gen_expressions.py: edit the table there)"
END = "# END GENERATED {what}"


@dataclass
class Param:
    """One parameter of an operator row: its name, default (as source text), keyword alias
    and fluent-method name."""

    name: str
    default: str | None  # None: required; "None" or a literal otherwise
    alias: str | None = None
    fluent: str | None = None

    @property
    def method_name(self) -> str:
        """The parameter's name in the fluent method: the ``>`` name, else the manual's."""
        return self.fluent or self.alias or self.name

    def keyword_alias(self, fluent: bool) -> str | None:
        """The keyword alias accepted beside the parameter (in the class or the method)."""
        if not fluent:
            return self.alias
        return self.alias if self.fluent and self.alias != self.fluent else None


@dataclass
class Row:
    """One parsed line of the operator table."""

    module: str
    cls: str
    operator: str
    shape: str
    minimum: int
    collapse: bool
    params: list[Param]
    method: str | None
    receiver: str | None
    doc: str


def parse() -> list[Row]:
    """Parse ``TABLE`` into rows, each carrying the module named by the last ``# module`` line."""
    rows: list[Row] = []
    module = ""
    for line in TABLE.strip().splitlines():
        if not line.strip():
            continue
        if line.startswith("# module "):
            module = line.split()[-1]
            continue
        head, method_spec, doc = (part.strip() for part in line.split("|"))
        cls, operator, shape_spec, *rest = head.split(None, 3)
        shape, *flags = shape_spec.split(":")
        params = []
        for item in rest[0].split(",") if rest else []:
            spec, eq, default = item.strip().partition("=")
            spec, _, fluent = spec.partition(">")
            name, _, alias = spec.partition("~")
            literal = default if default.isdigit() else repr(default)
            value = (literal if default else "None") if eq else None
            params.append(Param(name, value, alias or None, fluent or None))
        method, _, receiver = method_spec.partition(":")
        rows.append(
            Row(
                module=module,
                cls=cls,
                operator=operator,
                shape=shape,
                minimum=int(flags[0]) if flags else 0,
                collapse="collapse" in flags,
                params=params,
                method=None if method == "-" else method,
                receiver=receiver or (params[0].name if params else None),
                doc=doc,
            )
        )
    return rows


def signature(params: list[Param], *, fluent: bool = False) -> str:
    """Render ``params`` as a parameter list, every one annotated ``Any``; keyword aliases
    come last, keyword-only (a parameter with an alias defaults to ``MISSING``)."""
    parts = []
    aliases = []
    for param in params:
        name = param.method_name if fluent else param.name
        alias = param.keyword_alias(fluent)
        if param.name.startswith("*"):
            parts.append(f"{name}: Any")
        elif alias is not None:
            default = "MISSING" if param.default is None else param.default
            parts.append(f"{name}: Any = {default}")
            aliases.append(f"{alias}: Any = MISSING")
        elif param.default is None:
            parts.append(
                f"{name}: Any = MISSING" if late_required(params, param, fluent) else f"{name}: Any"
            )
        else:
            parts.append(f"{name}: Any = {param.default}")
    if aliases:
        if not any(part.startswith("*") for part in parts):
            parts.append("*")
        parts.extend(aliases)
    return ", ".join(parts)


def late_required(params: list[Param], param: Param, fluent: bool) -> bool:
    """Whether the required ``param`` follows one with a default (an aliased one), so that it
    defaults to ``MISSING`` and is checked in the body."""
    before = params[: params.index(param)]
    return any(item.keyword_alias(fluent) or item.default is not None for item in before)


def argument(owner: str, param: Param, *, fluent: bool = False, params: list[Param]) -> str:
    """Render the value of ``param`` in a call: ``either(...)`` when it has a keyword alias,
    ``required(...)`` when it defaults to ``MISSING``."""
    name = param.method_name if fluent else param.name
    alias = param.keyword_alias(fluent)
    if alias is None:
        if param.default is None and late_required(params, param, fluent):
            return f'required("{owner}", "{name}", {name})'
        return name
    if param.default is None:
        return f'either("{owner}", "{name}", {name}, "{alias}", {alias})'
    return f"{alias} if {name} is {param.default} else {name}"


def render_class(row: Row) -> str:
    """Render the operator class of ``row``."""
    base = "OneOrManyOperator" if row.collapse else SHAPE_BASES[row.shape]
    lines = [
        f"class {row.cls}({base}):",
        f'    """``{row.operator}``: {row.doc[0].lower() + row.doc[1:]}"""',
        "",
    ]
    if row.shape == "variadic":
        lines.append("    __slots__ = ()")
        lines.append(f'    operator = "{row.operator}"')
        if row.minimum != 1:
            lines.append(f"    minimum = {row.minimum}")
        return "\n".join(lines)
    names = [param.name for param in row.params]
    slots = ", ".join(f'"{name}"' for name in sorted(names)) + ("," if len(names) == 1 else "")
    lines.append(f"    __slots__ = ({slots})")
    lines.append(f'    operator = "{row.operator}"')
    if row.shape == "empty":
        return "\n".join(lines)
    lines.append("")
    for name in names:
        lines.append(f"    {name}: Any")
    lines.append("")
    lines.append(f"    def __init__(self, {signature(row.params)}) -> None:")
    assigned = ", ".join(
        f"{param.name}={argument(row.cls, param, params=row.params)}" for param in row.params
    )
    lines.append(f"        self._assign({assigned})")
    return "\n".join(lines)


def render_method(row: Row) -> str:
    """Render the fluent method that applies the operator of ``row`` to the receiver."""
    assert row.method is not None and row.receiver is not None
    if row.shape == "variadic":
        rest = row.params  # the receiver is the first of the inputs
    else:
        rest = [param for param in row.params if param.name != row.receiver]
    params = ", ".join(["self", signature(rest, fluent=True)]) if rest else "self"
    if row.collapse:  # as in 0.14, ``.input`` is the list of the receiver and the others
        call = f"{row.cls}([self._expression_operand(), *inputs])"
    elif row.shape == "variadic":
        call = f"{row.cls}(self._expression_operand(), *inputs)"
    else:
        arguments = [
            f"{param.name}=self._expression_operand()"
            if param.name == row.receiver
            else f"{param.name}={argument(row.method, param, fluent=True, params=rest)}"
            for param in row.params
        ]
        call = f"{row.cls}({', '.join(arguments)})"
    return "\n".join(
        [
            f"    def {row.method}({params}) -> {row.cls}:",
            f'        """Return :class:`{row.cls}` applied to this value (``{row.operator}``)."""',
            f"        return {call}",
        ]
    )


def fence(text: str, what: str, body: str) -> str:
    """Replace what lies between the ``what`` START/END markers of ``text`` with ``body``."""
    start, end = START.format(what=what), END.format(what=what)
    head, sep, tail = text.partition(start)
    if not sep:
        raise SystemExit(f"marker not found: {start}")
    _, sep, tail = tail.partition(end)
    if not sep:
        raise SystemExit(f"marker not found: {end}")
    return f"{head}{start}\n{body}\n{end}{tail}"


def ruff_format(text: str, path: Path) -> str:
    """Return ``text`` with its imports and ``__all__`` sorted, then formatted, as ruff does."""
    ruff = str(Path(sys.executable).parent / "ruff")
    name = ["--stdin-filename", str(path)]
    fixed = subprocess.run(
        [ruff, "check", "--fix-only", "--select", "I,RUF022,RUF023", "--quiet", *name, "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return subprocess.run(
        [ruff, "format", "--line-length", "100", *name, "-"],
        input=fixed,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def render_all(rows: list[Row]) -> dict[Path, str]:
    """Render every generated file: the operator modules, ``fluent.py``, ``expressions.py``."""
    outputs: dict[Path, str] = {}
    modules = sorted({row.module for row in rows})
    for module in modules:
        path = PACKAGE / f"{module}.py"
        body = "\n\n\n".join(render_class(row) for row in rows if row.module == module)
        names = sorted([row.cls for row in rows if row.module == module] + HAND.get(module, []))
        listing = "".join(f'    "{name}",\n' for name in names)
        text = fence(path.read_text(), "NAMES", f"__all__ = [\n{listing}]")
        outputs[path] = fence(text, "OPERATORS", f"\n\n{body}\n\n")
    fluent = PACKAGE / "fluent.py"
    methods = "\n\n".join(render_method(row) for row in rows if row.method)
    text = fence(fluent.read_text(), "METHODS", methods)
    needed: dict[str, list[str]] = {}
    for row in rows:
        if row.method:
            needed.setdefault(row.module, []).append(row.cls)
    for module, names in FLUENT_HAND.items():
        needed.setdefault(module, []).extend(names)
    imports = "\n".join(
        f"    from gault._expressions.{module} import {', '.join(names)}"
        for module, names in sorted(needed.items())
    )
    outputs[fluent] = fence(text, "IMPORTS", imports)
    outputs[ROOT / "gault" / "expressions.py"] = render_public(rows)
    return {path: ruff_format(text, path) for path, text in outputs.items()}


def render_public(rows: list[Row]) -> str:
    """Render ``gault/expressions.py``, the public home re-exporting every operator."""
    by_module: dict[str, list[str]] = {module: list(names) for module, names in HAND.items()}
    for row in rows:
        by_module.setdefault(row.module, []).append(row.cls)
    imports = "\n".join(
        f"from gault._expressions.{module} import {', '.join(sorted(names))}"
        for module, names in sorted(by_module.items())
    )
    names = sorted(name for names in by_module.values() for name in names)
    listing = "".join(f'    "{name}",\n' for name in names)
    return f"""{PUBLIC_DOC}
from __future__ import annotations

{imports}
from gault._support import publish

__all__ = [
{listing}]

publish(__name__, __all__, globals())
"""


def main() -> int:
    """Regenerate the files, or with ``--check`` report stale ones and return 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args()
    stale = False
    for path, text in render_all(parse()).items():
        current = path.read_text() if path.exists() else ""
        if current == text:
            continue
        if args.check:
            stale = True
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    str(path.relative_to(ROOT)),
                    "generated",
                )
            )
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("generated expression code is out of date: run python scripts/gen_expressions.py")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())

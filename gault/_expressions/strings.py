"""String expression operators.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from typing import Any

from gault._expressions.base import (
    DocumentOperator,
    ListOperator,
    UnaryOperator,
    VariadicOperator,
)
from gault._support import MISSING, either, required

# START GENERATED NAMES (scripts/gen_expressions.py: edit the table there)
__all__ = [
    "Concat",
    "EncStrContains",
    "EncStrEndsWith",
    "EncStrNormalizedEq",
    "EncStrStartsWith",
    "IndexOfBytes",
    "IndexOfCP",
    "Ltrim",
    "RegexFind",
    "RegexFindAll",
    "RegexMatch",
    "ReplaceAll",
    "ReplaceOne",
    "Rtrim",
    "Split",
    "StrCaseCmp",
    "StrLenBytes",
    "StrLenCP",
    "SubStrBytes",
    "SubStrCP",
    "Substr",
    "ToLower",
    "ToUpper",
    "Trim",
]
# END GENERATED NAMES

# START GENERATED OPERATORS (scripts/gen_expressions.py: edit the table there)


class Concat(VariadicOperator):
    """``$concat``: the strings concatenated."""

    __slots__ = ()
    operator = "$concat"


class Ltrim(DocumentOperator):
    """``$ltrim``: the string without leading whitespace (or ``chars``)."""

    __slots__ = ("chars", "input")
    operator = "$ltrim"

    input: Any
    chars: Any

    def __init__(self, input: Any, chars: Any = None) -> None:
        self._assign(input=input, chars=chars)


class Rtrim(DocumentOperator):
    """``$rtrim``: the string without trailing whitespace (or ``chars``)."""

    __slots__ = ("chars", "input")
    operator = "$rtrim"

    input: Any
    chars: Any

    def __init__(self, input: Any, chars: Any = None) -> None:
        self._assign(input=input, chars=chars)


class Trim(DocumentOperator):
    """``$trim``: the string without surrounding whitespace (or ``chars``)."""

    __slots__ = ("chars", "input")
    operator = "$trim"

    input: Any
    chars: Any

    def __init__(self, input: Any, chars: Any = None) -> None:
        self._assign(input=input, chars=chars)


class RegexFind(DocumentOperator):
    """``$regexFind``: the first regex match."""

    __slots__ = ("input", "options", "regex")
    operator = "$regexFind"

    input: Any
    regex: Any
    options: Any

    def __init__(self, input: Any, regex: Any, options: Any = None) -> None:
        self._assign(input=input, regex=regex, options=options)


class RegexFindAll(DocumentOperator):
    """``$regexFindAll``: every regex match."""

    __slots__ = ("input", "options", "regex")
    operator = "$regexFindAll"

    input: Any
    regex: Any
    options: Any

    def __init__(self, input: Any, regex: Any, options: Any = None) -> None:
        self._assign(input=input, regex=regex, options=options)


class RegexMatch(DocumentOperator):
    """``$regexMatch``: true when the regex matches."""

    __slots__ = ("input", "options", "regex")
    operator = "$regexMatch"

    input: Any
    regex: Any
    options: Any

    def __init__(self, input: Any, regex: Any, options: Any = None) -> None:
        self._assign(input=input, regex=regex, options=options)


class ReplaceOne(DocumentOperator):
    """``$replaceOne``: the first match replaced."""

    __slots__ = ("find", "input", "replacement")
    operator = "$replaceOne"

    input: Any
    find: Any
    replacement: Any

    def __init__(self, input: Any, find: Any, replacement: Any) -> None:
        self._assign(input=input, find=find, replacement=replacement)


class ReplaceAll(DocumentOperator):
    """``$replaceAll``: every match replaced."""

    __slots__ = ("find", "input", "replacement")
    operator = "$replaceAll"

    input: Any
    find: Any
    replacement: Any

    def __init__(self, input: Any, find: Any, replacement: Any) -> None:
        self._assign(input=input, find=find, replacement=replacement)


class EncStrStartsWith(DocumentOperator):
    """``$encStrStartsWith``: true when an encrypted string starts with ``prefix``."""

    __slots__ = ("input", "prefix")
    operator = "$encStrStartsWith"

    input: Any
    prefix: Any

    def __init__(self, input: Any, prefix: Any) -> None:
        self._assign(input=input, prefix=prefix)


class EncStrEndsWith(DocumentOperator):
    """``$encStrEndsWith``: true when an encrypted string ends with ``suffix``."""

    __slots__ = ("input", "suffix")
    operator = "$encStrEndsWith"

    input: Any
    suffix: Any

    def __init__(self, input: Any, suffix: Any) -> None:
        self._assign(input=input, suffix=suffix)


class EncStrContains(DocumentOperator):
    """``$encStrContains``: true when an encrypted string contains ``substring``."""

    __slots__ = ("input", "substring")
    operator = "$encStrContains"

    input: Any
    substring: Any

    def __init__(self, input: Any, substring: Any) -> None:
        self._assign(input=input, substring=substring)


class EncStrNormalizedEq(DocumentOperator):
    """``$encStrNormalizedEq``: true when an encrypted string equals ``string`` after normalization."""

    __slots__ = ("input", "string")
    operator = "$encStrNormalizedEq"

    input: Any
    string: Any

    def __init__(self, input: Any, string: Any) -> None:
        self._assign(input=input, string=string)


class Split(ListOperator):
    """``$split``: the string split on a delimiter."""

    __slots__ = ("delimiter", "input")
    operator = "$split"

    input: Any
    delimiter: Any

    def __init__(
        self, input: Any = MISSING, delimiter: Any = MISSING, *, string: Any = MISSING
    ) -> None:
        self._assign(
            input=either("Split", "input", input, "string", string),
            delimiter=required("Split", "delimiter", delimiter),
        )


class StrCaseCmp(ListOperator):
    """``$strcasecmp``: case-insensitive comparison."""

    __slots__ = ("input1", "input2")
    operator = "$strcasecmp"

    input1: Any
    input2: Any

    def __init__(
        self,
        input1: Any = MISSING,
        input2: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            input1=either("StrCaseCmp", "input1", input1, "expression1", expression1),
            input2=either("StrCaseCmp", "input2", input2, "expression2", expression2),
        )


class StrLenBytes(UnaryOperator):
    """``$strLenBytes``: the number of UTF-8 bytes."""

    __slots__ = ("input",)
    operator = "$strLenBytes"

    input: Any

    def __init__(self, input: Any = MISSING, *, string: Any = MISSING) -> None:
        self._assign(input=either("StrLenBytes", "input", input, "string", string))


class StrLenCP(UnaryOperator):
    """``$strLenCP``: the number of code points."""

    __slots__ = ("input",)
    operator = "$strLenCP"

    input: Any

    def __init__(self, input: Any = MISSING, *, string: Any = MISSING) -> None:
        self._assign(input=either("StrLenCP", "input", input, "string", string))


class Substr(ListOperator):
    """``$substr``: a substring by bytes (deprecated)."""

    __slots__ = ("length", "start", "string")
    operator = "$substr"

    string: Any
    start: Any
    length: Any

    def __init__(self, string: Any, start: Any, length: Any) -> None:
        self._assign(string=string, start=start, length=length)


class SubStrBytes(ListOperator):
    """``$substrBytes``: a substring by bytes."""

    __slots__ = ("input", "length", "start")
    operator = "$substrBytes"

    input: Any
    start: Any
    length: Any

    def __init__(
        self,
        input: Any = MISSING,
        start: Any = MISSING,
        length: Any = MISSING,
        *,
        string: Any = MISSING,
        byte_index: Any = MISSING,
        byte_count: Any = MISSING,
    ) -> None:
        self._assign(
            input=either("SubStrBytes", "input", input, "string", string),
            start=either("SubStrBytes", "start", start, "byte_index", byte_index),
            length=either("SubStrBytes", "length", length, "byte_count", byte_count),
        )


class SubStrCP(ListOperator):
    """``$substrCP``: a substring."""

    __slots__ = ("input", "length", "start")
    operator = "$substrCP"

    input: Any
    start: Any
    length: Any

    def __init__(
        self,
        input: Any = MISSING,
        start: Any = MISSING,
        length: Any = MISSING,
        *,
        string: Any = MISSING,
        code_point_index: Any = MISSING,
        code_point_count: Any = MISSING,
    ) -> None:
        self._assign(
            input=either("SubStrCP", "input", input, "string", string),
            start=either("SubStrCP", "start", start, "code_point_index", code_point_index),
            length=either("SubStrCP", "length", length, "code_point_count", code_point_count),
        )


class ToLower(UnaryOperator):
    """``$toLower``: the string in lowercase."""

    __slots__ = ("input",)
    operator = "$toLower"

    input: Any

    def __init__(self, input: Any = MISSING, *, string: Any = MISSING) -> None:
        self._assign(input=either("ToLower", "input", input, "string", string))


class ToUpper(UnaryOperator):
    """``$toUpper``: the string in uppercase."""

    __slots__ = ("input",)
    operator = "$toUpper"

    input: Any

    def __init__(self, input: Any = MISSING, *, string: Any = MISSING) -> None:
        self._assign(input=either("ToUpper", "input", input, "string", string))


# END GENERATED OPERATORS


class IndexOfBytes(ListOperator):
    """``$indexOfBytes``: the first byte index of ``search`` in the string ``input`` (``-1``
    when absent).

    Giving ``end`` without ``start`` searches from index 0.
    """

    __slots__ = ("end", "input", "search", "start")
    operator = "$indexOfBytes"

    input: Any
    search: Any
    start: Any
    end: Any

    def __init__(
        self,
        input: Any = MISSING,
        search: Any = MISSING,
        start: Any = None,
        end: Any = None,
        *,
        string: Any = MISSING,
        substring: Any = MISSING,
    ) -> None:
        input = either("IndexOfBytes", "input", input, "string", string)
        search = either("IndexOfBytes", "search", search, "substring", substring)
        if end is not None and start is None:
            start = 0
        self._assign(input=input, search=search, start=start, end=end)


class IndexOfCP(ListOperator):
    """``$indexOfCP``: the first code point index of ``search`` in the string ``input``
    (``-1`` when absent).

    Giving ``end`` without ``start`` searches from index 0.
    """

    __slots__ = ("end", "input", "search", "start")
    operator = "$indexOfCP"

    input: Any
    search: Any
    start: Any
    end: Any

    def __init__(
        self,
        input: Any = MISSING,
        search: Any = MISSING,
        start: Any = None,
        end: Any = None,
        *,
        string: Any = MISSING,
        substring: Any = MISSING,
    ) -> None:
        input = either("IndexOfCP", "input", input, "string", string)
        search = either("IndexOfCP", "search", search, "substring", substring)
        if end is not None and start is None:
            start = 0
        self._assign(input=input, search=search, start=start, end=end)

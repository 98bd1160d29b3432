"""Every operator of the manual's lists (tests/data) has a gault class, and a fluent method."""

from __future__ import annotations

import inspect
import keyword
import pathlib
import re
import runpy
from types import ModuleType

import pytest

from gault import accumulators, expressions, window_aggregators
from gault._support import fields
from gault.expressions import ExpressionOperator, ExpressionProxy, ExpressionsInterface, Var

DATA = pathlib.Path(__file__).parent / "data"

#: Operators whose class name is not the camelCase rule (``$dateTrunc`` → ``DateTrunc``).
EXCEPTIONS: dict[str, tuple[ModuleType, str]] = {
    "$strcasecmp": (expressions, "StrCaseCmp"),
    "$substrBytes": (expressions, "SubStrBytes"),
    "$substrCP": (expressions, "SubStrCP"),
    "$anyElementTrue": (expressions, "AnyElementsTrue"),
    "$accumulator": (accumulators, "FunctionAccumulator"),
}

#: Expression classes that take no input first, hence have no fluent method.
NO_FLUENT = {"CreateObjectId", "DateFromParts", "Function", "Literal", "Meta", "Rand", "Raw"}


def read(name: str) -> list[str]:
    lines = (DATA / name).read_text().splitlines()
    return sorted({line.strip() for line in lines if line.startswith("$")})


def class_for(operator: str, module: ModuleType) -> type:
    owner, name = EXCEPTIONS.get(operator, (module, operator[1].upper() + operator[2:]))
    found = getattr(owner, name, None)
    assert isinstance(found, type), f"{operator}: no class {owner.__name__}.{name}"
    return found


def snake(name: str) -> str:
    method = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    return method + "_" if keyword.iskeyword(method) else method


def compiled_operator(instance: object) -> str:
    compiled = instance.compile_expression()  # type: ignore[attr-defined]
    return str(next(key for key in compiled if key != "window"))


def test_data_files_are_not_empty() -> None:
    assert len(read("mql_expression_operators.txt")) > 160
    assert len(read("mql_accumulators.txt")) == 25
    assert len(read("mql_window_operators.txt")) == 35


@pytest.mark.parametrize("operator", read("mql_expression_operators.txt"))
def test_expression_operator_has_a_class(operator: str) -> None:
    cls = class_for(operator, expressions)
    assert getattr(cls, "operator", None) == operator
    if cls.__module__ != accumulators.__name__:
        assert cls.__name__ in expressions.__all__


@pytest.mark.parametrize("operator", read("mql_accumulators.txt"))
def test_accumulator_has_a_class(operator: str) -> None:
    cls = class_for(operator, accumulators)
    assert issubclass(cls, accumulators.Accumulator)
    assert cls.operator == operator


#: Constructor arguments of the window operators that do not take just ``"$x"`` arguments.
WINDOW_ARGUMENTS: dict[str, tuple[list[object], dict[str, object]]] = {
    "$top": (["-x", "$y"], {}),
    "$bottom": (["-x", "$y"], {}),
    "$topN": (["-x", "$y", 2], {}),  # window TopN takes 0.14's (sort_by, output, n) (#13)
    "$bottomN": ([2, "-x", "$y"], {}),
    "$firstN": ([2, "$x"], {}),  # the window N operators take 0.14's (n, input) (#13)
    "$lastN": ([2, "$x"], {}),
    "$maxN": ([2, "$x"], {}),
    "$minN": ([2, "$x"], {}),
    "$concatArrays": (["$x"], {}),
    "$covariancePop": (["$x", "$y"], {}),
    "$covarianceSamp": (["$x", "$y"], {}),
    "$percentile": (["$x", [0.5]], {}),
    "$shift": (["$x", 1], {}),
    "$derivative": (["$x"], {"window_documents": (-1, 0)}),
    "$expMovingAvg": (["$x"], {"n": 2}),
}


@pytest.mark.parametrize("operator", read("mql_window_operators.txt"))
def test_window_operator_has_a_class(operator: str) -> None:
    cls = class_for(operator, window_aggregators)
    assert issubclass(cls, window_aggregators.WindowOperator)
    if operator in WINDOW_ARGUMENTS:
        args, kwargs = WINDOW_ARGUMENTS[operator]
    else:
        parameters = inspect.signature(cls).parameters.values()
        required = [
            p for p in parameters if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD
        ]
        args, kwargs = ["$x"] * len(required), {}
    assert compiled_operator(cls(*args, **kwargs)) == operator


def expression_classes() -> list[type]:
    return [
        value
        for name in expressions.__all__
        if isinstance(value := getattr(expressions, name), type)
        and issubclass(value, ExpressionOperator)
        and value is not ExpressionOperator
    ]


@pytest.mark.parametrize("cls", expression_classes(), ids=lambda cls: cls.__name__)
def test_every_operator_with_an_input_has_a_fluent_method(cls: type) -> None:
    if cls.__name__ in NO_FLUENT:
        return
    method = snake(cls.__name__)
    for owner in (ExpressionsInterface, Var, ExpressionProxy, ExpressionOperator):
        assert callable(getattr(owner, method, None)), f"{owner.__name__}.{method} is missing"
    returned = inspect.signature(getattr(ExpressionsInterface, method)).return_annotation
    assert returned == cls.__name__


@pytest.mark.parametrize("cls", expression_classes(), ids=lambda cls: cls.__name__)
def test_no_argument_shadows_a_fluent_method(cls: type) -> None:
    methods = {name for name in dir(ExpressionsInterface) if not name.startswith("_")}
    assert not set(fields(cls)) & methods


def test_no_fluent_set_is_exact() -> None:
    names = {cls.__name__ for cls in expression_classes()}
    assert names >= NO_FLUENT
    for name in NO_FLUENT:
        assert not hasattr(ExpressionsInterface, snake(name))


def test_generated_expression_code_is_up_to_date() -> None:
    """``python scripts/gen_expressions.py --check`` in memory: the fenced blocks match the table."""
    script = pathlib.Path(__file__).parent.parent / "scripts" / "gen_expressions.py"
    generator = runpy.run_path(str(script))
    for path, text in generator["render_all"](generator["parse"]()).items():
        assert path.read_text() == text, f"{path.name} is stale: run scripts/gen_expressions.py"

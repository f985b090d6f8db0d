"""Problems found in the input: each names a file, a line and a field."""
from __future__ import annotations

import enum
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    field: str
    message: str
    severity: Severity = Severity.ERROR
    #: found in a draft issue: reported, but never stops the build of the other weeks
    draft: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        label = "" if self.is_error else "warning: "
        return f"{where}: {self.field}: {label}{self.message}" if self.field else f"{where}: {label}{self.message}"

    def as_dict(self) -> dict:
        return {
            "path": str(self.path),
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "severity": self.severity.value,
        }


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.field, p.message))


def has_errors(problems: list[Problem], strict: bool = False) -> bool:
    return any(p.is_error or strict for p in problems)


def blocking(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build: a draft's never do (its week is left out instead)."""
    return [p for p in problems if not p.draft]


#: more warnings than this are grouped by kind unless every line is asked for
GROUP_WARNINGS_FROM = 12
_TRANSLATION = re.compile(r"^no '([^']+)' translation")


def kind_of(problem: Problem) -> str:
    """What a warning is about, for grouping a flood: 'missing translation (title.en)'."""
    field = re.sub(r"\[\d+\]", "[]", problem.field)
    if m := _TRANSLATION.match(problem.message):
        return f"missing translation ({field}.{m.group(1)})" if field else f"missing translation ({m.group(1)})"
    message = re.sub(r"'[^']*'", "'…'", problem.message.split(";")[0])
    return f"{field}: {message}" if field else message


def report_lines(problems: list[Problem], strict: bool = False, verbose: bool = False) -> list[str]:
    """Every error and every warning, or the warnings grouped by kind when there are many."""
    ordered = sort_problems(problems)
    errors = [p for p in ordered if p.is_error]
    warnings = [p for p in ordered if not p.is_error]
    grouped = not verbose and len(warnings) > GROUP_WARNINGS_FROM
    lines = [str(p) for p in (errors if grouped else ordered)]
    if grouped:
        kinds = Counter(kind_of(p) for p in warnings)
        shown = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common(8))
        more = f", {len(kinds) - 8} other kinds" if len(kinds) > 8 else ""
        lines.append(f"{len(warnings)} warnings: {shown}{more} (--verbose lists each one)")
    if problems:
        note = " (--strict: warnings count as errors)" if strict and warnings else ""
        if drafted := sum(p.draft for p in errors):
            note += f"; {drafted} of the errors are in drafts, which builds leave out"
        lines.append(f"{len(errors)} error(s), {len(warnings)} warning(s){note}")
    return lines

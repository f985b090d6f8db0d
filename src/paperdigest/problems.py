"""Problems found in the input: each names a file, a line and a field."""
from __future__ import annotations

import enum
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

"""Application and project numbers: prefix + year + "-" + serial, gap-free per series and year.

Two series, each counted per year by ``projects.models.ProjectNumberCounter``:

- application number (申报编号), given on first submission, counted by the year of
  submission: ``XM2026-0001`` is the first application submitted in 2026;
- project number (项目编号), given on approval (立项), counted by the plan year of the
  call: ``ZZKJ2026-001`` is the first project approved under the 2026 plan.

The prefixes and widths are installation settings (``PROJECTS_NUMBERING``); the serial is
zero-padded to the width and grows past it rather than failing (the 10,000th application
of a year is ``XM2026-10000``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Series:
    prefix: str
    width: int

    def format(self, year: int, serial: int) -> str:
        if serial < 1:
            raise ValueError("serial starts at 1")
        return f"{self.prefix}{year:04d}-{serial:0{self.width}d}"

    def parse(self, number: str) -> tuple[int, int] | None:
        """Return ``(year, serial)`` of a number of this series, or None when it is not one."""
        match = re.fullmatch(rf"{re.escape(self.prefix)}(\d{{4}})-(\d{{{self.width},}})", (number or "").strip())
        if match is None or int(match.group(2)) < 1:
            return None
        return int(match.group(1)), int(match.group(2))

    def year_prefix(self, year: int) -> str:
        return f"{self.prefix}{year:04d}-"


APPLICATION = Series(prefix="XM", width=4)
PROJECT = Series(prefix="ZZKJ", width=3)

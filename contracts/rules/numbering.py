"""The registration number (技术合同登记编号): 16 digits, unique and gap-free per office and year.

Policy: 技术合同认定登记管理办法 (MIIT 2026) gives every registered contract a 16-digit
number. Its inner structure is not confirmed in the measures we hold, so it is data:
``NumberFormat`` lists the segments in order and their widths. The default is

    year (4) + office code (6, the GB/T 2260 code of the office's region) + serial (6)

e.g. ``2026430200000123`` is the 123rd contract the Zhuzhou city office registered in
2026. An installation sets ``CONTRACTS_NUMBER_FORMAT`` (segments and widths) to change it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NumberFormat:
    segments: tuple[str, ...] = ("year", "office", "serial")
    year_digits: int = 4
    office_digits: int = 6
    serial_digits: int = 6

    def width(self, segment: str) -> int:
        return {"year": self.year_digits, "office": self.office_digits, "serial": self.serial_digits}[segment]

    @property
    def length(self) -> int:
        return sum(self.width(s) for s in self.segments)

    @property
    def max_serial(self) -> int:
        return 10**self.serial_digits - 1

    def describe(self) -> str:
        names = {"year": "登记年度", "office": "登记机构代码", "serial": "年度流水号"}
        return " + ".join(f"{names[s]}（{self.width(s)}位）" for s in self.segments)


DEFAULT_FORMAT = NumberFormat()


class NumberOverflow(ValueError):
    """The office used every serial of the year the format allows."""


def format_number(office_code: str, year: int, serial: int, fmt: NumberFormat = DEFAULT_FORMAT) -> str:
    """Return the registration number of ``serial`` for ``office_code`` in ``year``."""
    if not office_code.isdigit() or len(office_code) != fmt.office_digits:
        raise ValueError(f"office code must be {fmt.office_digits} digits: {office_code!r}")
    if serial < 1:
        raise ValueError("serial starts at 1")
    if serial > fmt.max_serial:
        raise NumberOverflow(f"serial {serial} exceeds {fmt.serial_digits} digits")
    values = {
        "year": f"{year:0{fmt.year_digits}d}"[-fmt.year_digits :],
        "office": office_code,
        "serial": f"{serial:0{fmt.serial_digits}d}",
    }
    return "".join(values[s] for s in fmt.segments)


@dataclass(frozen=True)
class ParsedNumber:
    office_code: str
    year: int
    serial: int


def parse_number(number: str, fmt: NumberFormat = DEFAULT_FORMAT) -> ParsedNumber | None:
    """Split a number written in ``fmt`` into its parts; None when it does not fit the format."""
    number = (number or "").strip()
    if len(number) != fmt.length or not number.isdigit():
        return None
    parts, position = {}, 0
    for segment in fmt.segments:
        width = fmt.width(segment)
        parts[segment] = number[position : position + width]
        position += width
    serial = int(parts["serial"])
    if serial < 1:
        return None
    return ParsedNumber(parts["office"], int(parts["year"]), serial)


def is_valid_number(number: str, fmt: NumberFormat = DEFAULT_FORMAT) -> bool:
    return parse_number(number, fmt) is not None

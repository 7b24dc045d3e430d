"""What a 居民身份证号 (GB 11643-1999) says about its holder: only the sex here.

The 17th character is the order code: odd for men, even for women.
"""

from __future__ import annotations

MALE = "male"
FEMALE = "female"


def gender_from_id_number(value: str) -> str:
    """Return "male" or "female" from an 18-character ID number, or "" when it cannot tell."""
    value = (value or "").strip()
    if len(value) != 18 or not value[16].isdigit():
        return ""
    return MALE if int(value[16]) % 2 else FEMALE

"""Pure policy rules of the city's S&T plan projects (科技计划项目). No Django here.

- ``numbering``  the application number (申报编号, "XM2026-0001") and the project number
                 (项目编号, "ZZKJ2026-001"): prefix + year + "-" + a gap-free serial
- ``funding``    the checks of an approval: amount above zero, within what was requested
                 and within the call's ceiling
"""

"""Pure policy rules of technology contract registration (技术合同认定登记).

Policy: 技术合同认定登记管理办法 (MIIT 2026, replacing the 2000 measures and the 2001
认定规则), 技术合同认定登记工作指引 (国科火字〔2022〕159号), and the Civil Code's book on
technology contracts. No Django here: dataclasses in, results out, ``Decimal`` yuan.

- ``catalog``     the type/subtype tree, the 11 technical fields, refusal reasons and the
                  other classifications the national statistics use
- ``amounts``     合同成交额 vs 技术交易额 and the non-technical items between them
- ``filing``      the checks of a seller's filing (dates, subtype, buyer, amounts)
- ``time_limit``  15 / 30 working days, restarted by a request for papers
- ``numbering``   the 16-digit registration number (structure configurable)
"""

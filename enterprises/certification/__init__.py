"""Certification (企业认定与培育): SME evaluation, high-tech certification, the cultivation pipeline.

A sub-app of ``enterprises`` (label ``certification``). It reads the registry and profile
only through ``enterprises.selectors`` and writes them only through ``enterprises.services``;
the policy rules it applies are the pure functions of ``enterprises.rules``.
"""

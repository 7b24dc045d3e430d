"""Workbench panels the core contributes (see bureau.core.workbench.register_panel)."""

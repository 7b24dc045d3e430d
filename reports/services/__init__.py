"""Writes of the reports app, one module per concept (indicators and targets, campaigns, reports)."""

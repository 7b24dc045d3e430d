"""Pages of the reports app: dashboards, indicators and targets, campaigns."""

"""Left-menu links and workbench panels of the reports app (registered on import)."""

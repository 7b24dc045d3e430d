"""Background job handlers of the reports app (registered on import)."""

"""Signal receivers of the core."""

"""Pure policy functions of the talent app: no Django, no database."""

"""Pages of the talent app, one module per concept (selections, experts, commissioners, programs)."""

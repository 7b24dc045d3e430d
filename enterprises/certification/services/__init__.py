"""Writes of certification, one function per business action (sme, hightech, pipeline, reminders, imports)."""

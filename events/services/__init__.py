"""Writes to groups, series and sessions, one module per subject. Every function takes an explicit actor."""

"""Writes to the network, one module per subject. Every function takes an explicit actor."""

"""Writes of the bookings app. Capacity is consumed only in `signups` (the one late lock)."""

"""Public reads for the Linked Events API: what anyone may see, so no actor. Never writes.

Only active, public groups of active organizations at active venues; unlisted groups never
appear, not even as tombstones. Nothing about people: sign-ups only as remaining places.
"""

"""The one base class for errors a user may see.

Services raise subclasses with a translated message and a stable `code`; views
show the message, tests assert on the code. Never a 500 for a domain refusal.
"""

from django.utils.functional import Promise


class DomainError(Exception):
    def __init__(self, message: str | Promise, *, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class PermissionRefused(DomainError):
    """The actor may not do this; views answer 403 (or 404 where existence is private)."""

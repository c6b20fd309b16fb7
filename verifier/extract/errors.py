"""The one exception the extraction stage raises for bad input."""


class ExtractError(Exception):
    """An input that cannot be read. The message is one line, fit for the user."""

"""Errors that end a command with one line for the user (exit code 2), never a traceback."""


class CommandError(Exception):
    """An expected failure of a command: bad arguments, missing database, lock held."""

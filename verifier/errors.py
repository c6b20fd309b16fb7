"""Errors that end a command with one line for the user, never a traceback."""

from __future__ import annotations

import signal


class CommandError(Exception):
    """An expected failure a user can fix: bad arguments, unusable --out or --db, lock held.
    One line `verifier: error: ...`, exit 2."""


class Interrupted(Exception):
    """SIGINT or SIGTERM stopped a command. Exit 130 or 143. `state` says what the stop left
    (a check during its run: recorded as interrupted; after it: recorded complete)."""

    def __init__(self, signum: int, state: str | None = None) -> None:
        super().__init__(signum)
        self.signum = signum
        self.state = state

    @property
    def signame(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

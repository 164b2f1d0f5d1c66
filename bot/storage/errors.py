"""Errors of the storage layer; messages say what was wrong and what to do."""


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""

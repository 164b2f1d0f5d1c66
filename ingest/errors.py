"""Errors of the ingestion job.

IngestError
├── LoadError      one file or page cannot be read: it is skipped, the run goes on
├── SourceError    a source root named on the command line or in sources.yaml is unusable
└── LockedError    another ingest run holds the lock
"""

from __future__ import annotations


class IngestError(Exception):
    """Base of the ingestion errors; messages say what was wrong and what to do."""


class LoadError(IngestError):
    """A file or web page that cannot be loaded; `reason` and `hint` are shown to staff."""

    def __init__(self, reason: str, hint: str = "") -> None:
        super().__init__(f"{reason}; {hint}" if hint else reason)
        self.reason = reason
        self.hint = hint


class PageGone(LoadError):
    """A web source that no longer exists (HTTP 404 or 410)."""


class SourceError(IngestError):
    """A source root that does not exist or cannot be listed."""


class LockedError(IngestError):
    """Another ingest run is in progress."""

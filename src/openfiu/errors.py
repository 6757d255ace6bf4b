"""Errors raised by openfiu. Each names the file or record and the problem."""


class OpenFIUError(Exception):
    """Base class of all openfiu errors."""


class ListFormatError(OpenFIUError):
    """A list file cannot be read at all: wrong format, malformed, unsafe or too large."""


class ListUpdateError(OpenFIUError):
    """A download of a list failed; the previous version stays in force."""


class QueryError(OpenFIUError):
    """A screening query is invalid (no name, impossible date …)."""

"""Errors raised by openfiu. Each names the file or record and the problem."""


class OpenFIUError(Exception):
    """Base class of all openfiu errors."""


class ListFormatError(OpenFIUError):
    """A list file cannot be read at all: wrong format, malformed, unsafe or too large."""


class ListUpdateError(OpenFIUError):
    """A download of a list failed; the previous version stays in force."""


class QueryError(OpenFIUError):
    """A screening query is invalid (no name, impossible date …)."""


class BatchInputError(OpenFIUError):
    """The input or output file of a batch run cannot be used at all: unknown format,
    missing file or column, unreadable header, output over the input (as opposed to one
    bad record, which is rejected and counted)."""

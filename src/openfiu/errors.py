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


class LearnedScoreError(OpenFIUError):
    """The learned score or its evaluation cannot use its input: a model file that is not
    openfiu's, a feature table missing the model's features, a labels file without labels."""


class TransactionDataError(OpenFIUError):
    """Transaction data cannot be loaded at all: missing file or required columns, not
    Parquet or CSV, empty file, unknown or ambiguous column mapping (as opposed to one bad
    row, which goes to the rejects file with its reason and is counted)."""


class SynthParameterError(OpenFIUError):
    """Parameters of a synthetic-data generator cannot be met (too few accounts for the
    typologies asked for, a negative number of days, an output folder already in use …)."""


class StoreError(OpenFIUError):
    """The case store cannot do what was asked: a database at an unknown revision, a
    decision approved by its own proposer, an attachment over the size limit, a record
    changed by someone else meanwhile (:class:`ConcurrentUpdateError`), a search without
    the justification the audit rules require, an action the user's roles do not allow."""

"""What every command shares: consoles, one-line errors, settings, progress bars, screeners.

A user error (missing file, bad list, bad option value) is printed as one red line on
stderr saying what went wrong, where, and what to do, and the command exits 1 (or 2 for a
wrong use of options) without a traceback::

    @app.command()
    @user_errors
    def load(path: Path) -> None:
        ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, ParamSpec, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from openfiu.config import Settings, get_settings
from openfiu.errors import OpenFIUError

if TYPE_CHECKING:
    from openfiu.screening import Screener

P = ParamSpec("P")
R = TypeVar("R")

USER_ERROR = 1
USAGE_ERROR = 2


def out() -> Console:
    """Console for results (stdout). Made on each call so tests capturing stdout see it."""
    return Console(highlight=False, soft_wrap=False)


def err() -> Console:
    """Console for errors, warnings and progress bars (stderr)."""
    return Console(stderr=True, highlight=False)


def fail(message: str, code: int = USER_ERROR) -> NoReturn:
    """Print ``message`` as one red line on stderr and exit with ``code``.

    Example::

        fail(f"{path}: not a list file; pass a UN XML file")
    """
    err().print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator turning openfiu errors, missing files and bad settings into :func:`fail`.

    Example::

        @user_errors
        def command() -> None:
            raise ListFormatError("x.xml: not XML")   # → "error: x.xml: not XML", exit 1
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except OpenFIUError as exc:
            fail(str(exc))
        except ValidationError as exc:
            problems = "; ".join(
                f"OPENFIU_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
                for e in exc.errors()
            )
            fail(f"bad setting: {problems}")
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            where = exc.filename or ""
            fail(f"{where}: {exc.strerror or exc}; check the path")

    return wrapper


def settings() -> Settings:
    """The installation settings, with environment errors reported as user errors."""
    return get_settings()


def store_dir(option: Path | None) -> Path:
    """The lists store: ``--store`` when given, else the configured one."""
    return option.expanduser() if option is not None else settings().store_dir


def make_progress() -> Progress:
    """A rich progress bar on stderr: description, bar, done/total, elapsed and remaining."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err(),
        transient=False,
    )


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner on stderr while slow work (loading a list, building an index) runs."""
    with err().status(message):
        yield


def load_screener(lists: Sequence[Path], store: Path | None, threshold: float | None) -> Screener:
    """A screener over ``--list`` files, or else the current downloaded UN list.

    ``threshold`` (the ``--threshold`` option) wins over ``OPENFIU_THRESHOLD``; with neither,
    the screener keeps its default.
    """
    from openfiu.lists import current_list_path
    from openfiu.screening import Screener

    conf = settings()
    paths = list(lists)
    if not paths:
        current = current_list_path(store_dir(store), "un-sc")
        if current is None:
            fail(
                f"no list to screen against: none downloaded in {store_dir(store)}; "
                "run `openfiu lists update un-sc`, pass --list FILE, or try `openfiu demo`"
            )
        paths = [current]
    for path in paths:
        if not path.is_file():
            fail(f"{path}: list file not found; check the --list path")
    chosen = threshold if threshold is not None else conf.threshold
    with status(f"Loading {len(paths)} list(s) and building the index…"):
        return Screener.from_files([str(p) for p in paths], threshold=chosen)

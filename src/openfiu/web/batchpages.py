"""Batch screening in the browser: upload a file, watch it run, read and download the
matches.

``GET /batch`` is the upload form and the user's recent runs; ``POST /batch`` checks the
file (format, a ``name`` column, the upload size limit) and the justification, then
screens it in a background thread as a stored screening run (:mod:`openfiu.web.batchjobs`)
and sends the browser to ``GET /batch/{run}``, which refreshes itself (a ``<meta>``
refresh: no script) until the run is complete or failed, then shows the matches.
``GET /batch/{run}/matches.csv`` downloads them. Runs are seen by whoever started them;
showing and downloading matches are audited (``screening.run.view``,
``screening.run.export``), and the matches join the alert queue as work items.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from openfiu.audit import record
from openfiu.errors import BatchInputError
from openfiu.store import JustificationRequiredError
from openfiu.store.models import ScreeningMatch, ScreeningRun
from openfiu.web.auth import Principal, allow
from openfiu.web.batchjobs import BatchJobs, save_upload
from openfiu.web.casecalls import call
from openfiu.web.rendering import render
from openfiu.web.state import WebState, get_state

router = APIRouter(include_in_schema=False)

SHOWN = 500
"""Most matches shown on the results page (the download has all)."""
REFRESH_SECONDS = 2
EXPORT_COLUMNS = (
    "record_id",
    "query_name",
    "score",
    "reference",
    "primary_name",
    "matched_name",
    "list_type",
    "kind",
    "status",
    "explanation",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def jobs_of(state: WebState) -> BatchJobs:
    """The app's :class:`BatchJobs` (one per process)."""
    return state.batch


def _runs(session: Session, actor: str) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(ScreeningRun)
        .where(ScreeningRun.actor == actor)
        .order_by(ScreeningRun.id.desc())
        .limit(20)
    )
    return [
        {
            "id": r.id,
            "started_at": r.started_at,
            "status": r.status,
            "file": (r.parameters or {}).get("file", "—"),
            "records": r.record_count,
            "matches": r.match_count,
            "purpose": r.purpose,
        }
        for r in rows
    ]


def _form(
    request: Request, principal: Principal, status: int = 200, error: str | None = None, **form: str
) -> Response:
    state = get_state(request)
    with state.store.transaction() as session:
        recent = _runs(session, principal.actor)
    return render(
        request,
        "batch.html",
        principal,
        status_code=status,
        runs=recent,
        error=error,
        form=form,
        max_upload=state.settings.max_upload_bytes,
    )


@router.get("/batch", response_class=HTMLResponse)
async def batch_form(
    request: Request, principal: Annotated[Principal, Depends(allow("search", page=True))]
) -> Response:
    """The upload form and this user's recent runs."""
    return await run_in_threadpool(_form, request, principal)


@router.post("/batch", response_class=HTMLResponse)
async def batch_upload(
    request: Request,
    principal: Annotated[Principal, Depends(allow("search", page=True))],
    file: Annotated[UploadFile, File()],
    justification: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Check the upload and start screening it in the background (audited as a run)."""
    state = get_state(request)
    limit = state.settings.max_upload_bytes
    filename = (file.filename or "upload").replace("/", "_").replace("\\", "_")
    if not justification.strip():
        return await run_in_threadpool(
            _form,
            request,
            principal,
            400,
            "Say why these records are screened (the justification is kept in the audit log).",
        )
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise HTTPException(413, f"the file is over {limit:,} bytes; split it and upload the parts")
    try:
        upload = await run_in_threadpool(save_upload, state.core.home, filename, content)
    except BatchInputError as exc:
        message = str(exc).replace(str(state.core.home), "…")
        return await run_in_threadpool(
            _form, request, principal, 422, message, justification=justification
        )
    list_id = state.lists[0].store_id if len(state.lists) == 1 else None
    try:
        run_id = await run_in_threadpool(
            jobs_of(state).start,
            state.store,
            state.screener,
            principal.actor,
            justification.strip(),
            upload,
            filename,
            list_version_id=list_id,
            parameters={"lists": [f"{x.source} {x.version}" for x in state.lists]},
        )
    except JustificationRequiredError as exc:
        return await run_in_threadpool(_form, request, principal, 400, str(exc))
    return Response(status_code=303, headers={"Location": f"/batch/{run_id}"})


def _own_run(session: Session, principal: Principal, run_id: int) -> ScreeningRun:
    run = session.get(ScreeningRun, run_id)
    if run is None or run.actor != principal.actor:
        raise HTTPException(404, f"no screening run {run_id} of yours; see /batch for your runs")
    return run


def _matches(session: Session, run_id: int, limit: int | None) -> list[ScreeningMatch]:
    query = (
        select(ScreeningMatch)
        .where(ScreeningMatch.run_id == run_id)
        .order_by(ScreeningMatch.score.desc(), ScreeningMatch.id)
    )
    return list(session.scalars(query.limit(limit) if limit else query))


@router.get("/batch/{run_id}", response_class=HTMLResponse)
async def batch_run(
    request: Request,
    run_id: int,
    principal: Annotated[Principal, Depends(allow("search", page=True))],
) -> Response:
    """Progress while the run works (the page refreshes itself), then its matches."""
    progress = jobs_of(get_state(request)).progress(run_id)

    def work(session: Session) -> dict[str, Any]:
        run = _own_run(session, principal, run_id)
        shown: list[ScreeningMatch] = []
        if run.status == "complete":
            shown = _matches(session, run_id, SHOWN)
            record(
                session,
                principal.actor,
                "screening.run.view",
                "screening_run",
                run_id,
                run.purpose,
                {"shown": len(shown), "via": "web"},
            )
        return {
            "run": {
                "id": run.id,
                "status": run.status,
                "purpose": run.purpose,
                "started_at": run.started_at,
                "finished_at": run.finished_at,
                "records": run.record_count,
                "matches": run.match_count,
                "error": run.error,
                "file": (run.parameters or {}).get("file", "—"),
                "total": (run.parameters or {}).get("records"),
            },
            "rows": [_row(m) for m in shown],
        }

    page = await call(request, work)
    return render(
        request,
        "batch_run.html",
        principal,
        progress=progress,
        refresh=REFRESH_SECONDS if page["run"]["status"] == "running" else None,
        shown_limit=SHOWN,
        **page,
    )


def _row(m: ScreeningMatch) -> dict[str, Any]:
    return {
        "record_id": m.record_id,
        "query_name": m.query_name,
        "score": m.score,
        "reference": m.reference,
        "primary_name": m.primary_name,
        "matched_name": m.matched_name,
        "list_type": m.list_type,
        "kind": m.kind,
        "status": m.status,
        "explanation": m.explanation,
        "key": f"match:{m.id}",
    }


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@router.get("/batch/{run_id}/matches.csv")
async def batch_download(
    request: Request,
    run_id: int,
    principal: Annotated[Principal, Depends(allow("search", page=True))],
) -> Response:
    """Every match of a complete run as CSV (audited as ``screening.run.export``)."""

    def work(session: Session) -> str:
        run = _own_run(session, principal, run_id)
        if run.status != "complete":
            raise HTTPException(
                409, f"run {run_id} is {run.status}; only complete runs have matches"
            )
        rows = _matches(session, run_id, None)
        record(
            session,
            principal.actor,
            "screening.run.export",
            "screening_run",
            run_id,
            run.purpose,
            {"matches": len(rows), "format": "csv", "via": "web"},
        )
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        for m in rows:
            data = _row(m)
            writer.writerow([_cell(data[c]) for c in EXPORT_COLUMNS])
        return out.getvalue()

    text = await call(request, work)
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="screening-run-{run_id}.csv"'},
    )


__all__ = ["router"]

"""The app factory: routes, templates, static files, and errors as a page or as JSON.

Known errors never show a traceback: a busy warehouse is 503 "the warehouse is busy being
updated, try again", a missing or unreadable warehouse a page saying which file and what
to do, an unknown id 404; ``/api/...`` answers the same as JSON ``{"error", "message",
"hint"}``.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from extractor.version import __version__

from ..database import default_path
from ..errors import (
    FileNotKept,
    ObjectNotFound,
    QueryRefused,
    QueryTimeout,
    StorageError,
    WarehouseBusy,
    WarehouseError,
    WarehouseNotFound,
    WarehouseUnreadable,
)
from . import api, pages
from .render import templates
from .store import Store

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
BUSY = "the warehouse is busy being updated, try again"

#: HTTP status and short error code of each known error.
STATUS: list[tuple[type[Exception], int, str]] = [
    (WarehouseBusy, 503, "busy"),
    (WarehouseNotFound, 503, "no_warehouse"),
    (WarehouseUnreadable, 500, "unreadable_warehouse"),
    (StorageError, 503, "storage"),
    (ObjectNotFound, 404, "not_found"),
    (FileNotKept, 404, "file_not_kept"),
    (QueryTimeout, 503, "timeout"),
    (QueryRefused, 400, "refused"),
    (WarehouseError, 400, "bad_request"),
    (ValueError, 400, "bad_request"),
]

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


def create_app(db: str | os.PathLike[str] | None = None, *, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web app over the warehouse at ``db`` (default: $EVIDENCE_DB or the default path).

    ``allowed_hosts`` restricts the Host header (``evidence serve`` on a loopback address
    allows loopback names only, so that another web site cannot reach the app through DNS
    rebinding)."""
    app = FastAPI(
        title="evidence",
        version=__version__,
        description="Facts, claims and consistency flags from policy reports, each with its source. "
                    "Read-only, except flag reviews.",
        openapi_tags=[{"name": "search"}, {"name": "facts"}, {"name": "claims"}, {"name": "flags"},
                      {"name": "documents"}, {"name": "series"}, {"name": "sql"}, {"name": "status"}],
    )
    app.state.store = Store(db if db is not None else default_path())
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for cls in (WarehouseError, ValueError, Exception):  # Exception: the 500 page, no traceback
        app.add_exception_handler(cls, _error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    return app


def describe(exc: Exception) -> tuple[int, str, str, str]:
    """(status, code, message, hint) of a known error; a 500 that says nothing of the
    internals for any other."""
    for cls, status, code in STATUS:
        if isinstance(exc, cls):
            message = BUSY if code == "busy" else str(exc)
            return status, code, message, getattr(exc, "hint", "")
    return 500, "internal", "internal error: the app could not answer this request", "see the server's log"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(request: Request, status: int, code: str, message: str, hint: str = "") -> Response:
    headers = {"Retry-After": "1"} if code == "busy" else None
    if _wants_json(request):
        return JSONResponse({"error": code, "message": message, "hint": hint}, status_code=status, headers=headers)
    return templates.TemplateResponse(request, "error.html", {"status": status, "code": code, "message": message,
                                                              "hint": hint}, status_code=status, headers=headers)


async def _error(request: Request, exc: Exception) -> Response:
    status, code, message, hint = describe(exc)
    if status == 500:
        log.error("error answering %s %s: %s", request.method, request.url.path, exc, exc_info=exc)
    return error_response(request, status, code, message, hint)


async def _http_error(request: Request, exc: Any) -> Response:
    status = int(exc.status_code)
    message = "no such page" if status == 404 else str(exc.detail)
    return error_response(request, status, "not_found" if status == 404 else "http", message)


async def _invalid(request: Request, exc: Any) -> Response:
    errors = exc.errors()
    where = ", ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}" for e in errors[:5])
    if _wants_json(request):
        return JSONResponse({"error": "invalid", "message": f"invalid request: {where}", "hint": "",
                             "detail": _plain(errors)}, status_code=422)
    return error_response(request, 422, "invalid", f"invalid request: {where}")


def _plain(errors: Any) -> Any:
    return [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in errors]

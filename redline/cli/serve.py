"""`redline serve`: the REST API (FastAPI under uvicorn) over a store; read-only unless a token is set."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from redline.cli import app
from redline.cli.common import DEFAULT_DB, ConfigOption, DbOption, err, fail, settings_for
from redline.store.db import connect


@app.command("serve")
def serve_cli(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    token_env: Annotated[str, typer.Option(help="Environment variable holding the write token; "
                                                "when it is unset or empty the server is read-only.")] = "REDLINE_TOKEN",
    max_body_mb: Annotated[float, typer.Option(min=0.001, help="Largest request body accepted, in MiB.")] = 10.0,
    config: ConfigOption = None,
) -> None:
    """Serve the dashboard at / and the API at /api/ (OpenAPI at /openapi.json, docs at /docs) while ingest
    may go on."""
    try:
        connect(db, readonly=True).close()
    except (FileNotFoundError, RuntimeError) as exc:
        fail(str(exc))
        return
    import uvicorn

    from redline.serve import create_app

    token = os.environ.get(token_env) or None
    settings = settings_for(db, config)
    application = create_app(db, token=token, max_body_bytes=int(max_body_mb * 1024 * 1024), settings=settings)
    access = f"writable (token from ${token_env})" if token else f"read-only (set ${token_env} to accept articles)"
    err.print(f"serving {db}: dashboard http://{host}:{port}/ , API http://{host}:{port}/api/, {access}",
              highlight=False, markup=False)
    uvicorn.run(application, host=host, port=port, log_level="info")

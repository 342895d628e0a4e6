"""``python -m web``: serve the web app with uvicorn on Settings.host:Settings.web_port."""

from __future__ import annotations

import logging
import sys

import uvicorn

from oefenavond.settings import Settings, SettingsError
from web.app import ConfigurationError, create_app


def main() -> int:
    """Run until stopped."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = Settings.from_env()
        app = create_app(settings)
    except (SettingsError, ConfigurationError) as error:
        print(f"web: configuration error: {error}", file=sys.stderr)
        return 2
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.web_port,
        log_level="info",
        proxy_headers=False,
        server_header=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

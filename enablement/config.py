"""Settings: where the library lives and who is using it.

Read in this order, later winning: built-in defaults, the config file
`enablement.toml` in the user config folder, `ENABLEMENT_*` environment
variables, command-line options. The defaults need no configuration at all:
a SQLite file and a blob folder inside the platform user-data folder.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

APP_NAME = "Enablement"


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    store_url: str
    user: str
    client: str = "cli"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def is_embedded(self) -> bool:
        return self.database_url.startswith("sqlite")


def config_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "enablement.toml"


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "owner"


def load_settings(
    *,
    home: Path | None = None,
    user: str | None = None,
    client: str = "cli",
    environ: Mapping[str, str] | None = None,
    config_path: Path | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    file_values = _read_config_file(config_path or config_file())

    home_value = home or env.get("ENABLEMENT_HOME") or file_values.get("home")
    home_path = (
        Path(home_value)
        if home_value
        else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    home_path = home_path.expanduser().resolve()
    database_url = (
        env.get("ENABLEMENT_DATABASE_URL")
        or file_values.get("database_url")
        or f"sqlite:///{home_path / 'library.sqlite3'}"
    )
    store_url = (
        env.get("ENABLEMENT_STORE_URL") or file_values.get("store_url") or str(home_path / "blobs")
    )
    user_name = user or env.get("ENABLEMENT_USER") or file_values.get("user") or default_user()
    return Settings(
        home=home_path,
        database_url=database_url,
        store_url=store_url,
        user=user_name,
        client=client,
    )


def with_user(settings: Settings, user: str) -> Settings:
    return replace(settings, user=user)


def _read_config_file(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        from .errors import InvalidInput

        raise InvalidInput(f"cannot read the settings file {path}: {exc}") from exc
    return {
        k: str(v) for k, v in data.items() if k in {"home", "database_url", "store_url", "user"}
    }

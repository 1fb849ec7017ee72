"""Where the demo library is built, and how it takes the place of what was there.

The demo is built in a staging folder inside the target folder and moved into
place only once complete, so a cancelled or failed build leaves the target as
it was: no half-built library ever appears where the app would open it. The
move is a handful of renames on one file system; the database goes last, so
even a crash in the middle of it leaves at most an empty library.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import func, select

STAGING_PREFIX = ".demo-build-"
DATABASE = "library.sqlite3"
LIBRARY_ENTRIES = (
    f"{DATABASE}-wal",
    f"{DATABASE}-shm",
    "blobs",
    "index",
    "cache",
    DATABASE,  # last: the library is "there" once its database is
)


class LibraryNotEmpty(Exception):
    """The target folder already holds something; the demo will not overwrite it."""


def check_home(home: Path, force: bool) -> None:
    """Refuse a folder with anything in it but a brand-new library, unless forced."""
    if home.exists() and not home.is_dir():
        raise LibraryNotEmpty(f"{home} is a file, not a folder")
    if force or not home.is_dir():
        return
    names = {p.name for p in home.iterdir() if not p.name.startswith(STAGING_PREFIX)}
    if names and not (names <= set(LIBRARY_ENTRIES) and is_brand_new(home)):
        raise LibraryNotEmpty(
            f"{home} is not empty; use --force to replace the library in it with the demo"
        )


def is_brand_new(home: Path) -> bool:
    """A library just created: current schema, no assets, only its creator as user.

    Anything unreadable counts as not new, so the demo never replaces it unasked.
    """
    from enablement.db import check_schema, make_engine
    from enablement.models import Asset, User

    database = home / DATABASE
    if not database.is_file():
        return not (home / "blobs").exists() or not any((home / "blobs").iterdir())
    engine = make_engine(f"sqlite:///{database}")
    try:
        if check_schema(engine) != "current":
            return False
        with engine.connect() as connection:
            assets = connection.scalar(select(func.count()).select_from(Asset))
            users = connection.scalar(select(func.count()).select_from(User))
        return assets == 0 and (users or 0) <= 1
    except Exception:  # a damaged library is simply not "new"
        return False
    finally:
        engine.dispose()


def make_staging(home: Path) -> Path:
    """A fresh staging folder in `home`; leftovers of a killed build are removed first."""
    home.mkdir(parents=True, exist_ok=True)
    for old in home.glob(f"{STAGING_PREFIX}*"):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=home))


def move_into_place(staging: Path, home: Path) -> None:
    """Replace the library in `home` with the one built in `staging`."""
    staged = {p.name for p in staging.iterdir()}
    names = [n for n in staged if n not in LIBRARY_ENTRIES] + [
        n for n in LIBRARY_ENTRIES if n in staged
    ]
    for name in reversed(LIBRARY_ENTRIES):  # the old database goes first
        _remove(home / name)
    for name in names:
        _remove(home / name)
        os.replace(staging / name, home / name)


def discard(staging: Path, home: Path, home_was_there: bool) -> None:
    """Remove the staging folder, and `home` too when the build created it and it is empty."""
    shutil.rmtree(staging, ignore_errors=True)
    if not home_was_there:
        with contextlib.suppress(OSError):  # something else was put there meanwhile
            home.rmdir()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()

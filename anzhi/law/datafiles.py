"""Loading the rule data in ``anzhi/law/data/`` (TOML), once per process.

A lawyer or administrator corrects a value by copying the file into the directory named by the
environment variable ``ANZHI_LAW_DATA_DIR`` and editing the copy: a file found there replaces
the packaged file of the same name (whole file, no merging — what you see is what applies).
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ENV_VAR = "ANZHI_LAW_DATA_DIR"
PACKAGE_DATA_DIR = Path(__file__).with_name("data")

_caches: list[Callable[..., Any]] = []
F = TypeVar("F", bound=Callable[..., Any])


def cached(fn: F) -> F:
    """functools.cache that ``reload()`` also clears (for values derived from data files)."""
    wrapped = functools.cache(fn)
    _caches.append(wrapped)
    return wrapped  # type: ignore[return-value]


def source(name: str) -> Path:
    """The file that supplies ``name`` (e.g. "statutes.toml"): the override or the packaged one."""
    override_dir = os.environ.get(ENV_VAR)
    if override_dir:
        candidate = Path(override_dir) / name
        if candidate.is_file():
            return candidate
    return PACKAGE_DATA_DIR / name


@cached
def load(name: str) -> dict[str, Any]:
    """Parsed content of a data file. Cached: call ``reload()`` after changing files or env."""
    path = source(name)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"法规数据文件格式错误 (bad TOML in {path}): {exc}") from exc


def reload() -> None:
    """Forget every loaded file and derived table; the next call reads the files again."""
    for fn in _caches:
        fn.cache_clear()  # type: ignore[attr-defined]

"""Importing enterprises from township spreadsheets (.xlsx, .csv).

``reader`` finds the header and streams rows; ``rows`` turns a row into the service
``data`` dict; ``engine`` validates with ``clean_enterprise`` and previews or commits in
chunks; ``jobs`` runs large imports as a ``core.Job`` through the huey task in
``registry/tasks.py``.
"""

from .engine import Report, RowError, run_import
from .reader import ImportFileError, open_table

__all__ = ["ImportFileError", "Report", "RowError", "open_table", "run_import"]

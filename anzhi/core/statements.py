"""Server-side prepared statements, for the statements whose best plan does not depend on
their values: a workflow step's lookups by primary key (``core.prepared``) and its inserts
and updates (``core.bulk``).

On PostgreSQL the settings have the server bind parameters and give psycopg a prepare
threshold no statement reaches by itself; ``prepared`` lowers it for the statements run
inside it. Parsing and planning an inspection's two dozen statements anew was about a quarter
of PostgreSQL's CPU. Every other query keeps a plan made for its own values: when
every repeated query was prepared, PostgreSQL's generic plans read the province-wide
enterprise list and the two-character name search eight times slower at 1,000,000
enterprises, and forcing custom plans on prepared statements cost more than not preparing.
"""

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def prepared(conn) -> Iterator[None]:
    """Statements executed inside are prepared on ``conn`` (a Django connection) from their
    first run; a no-op on SQLite and with ``DB_PREPARED=0``."""
    raw = conn.connection if conn.vendor == "postgresql" else None
    threshold = getattr(raw, "prepare_threshold", None)
    if threshold is None:
        yield
        return
    raw.prepare_threshold = 0
    try:
        yield
    finally:
        raw.prepare_threshold = threshold

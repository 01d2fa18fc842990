"""Reading the data of a `pg_restore --file=-` SQL script (the COPY blocks, text format), so that a PostgreSQL
backup can be checked before it is loaded."""

from __future__ import annotations

import re


def copy_rows(script: str, table: str) -> tuple[list[str], list[list[str | None]]] | None:
    """The columns and rows of one table's COPY block in a pg_restore script (text format, \\N for NULL)."""
    found = re.search(rf"^COPY public\.{table} \(([^)\n]*)\) FROM stdin;\n(.*?)^\\\.$", script, re.M | re.S)
    if found is None:
        return None
    columns = [c.strip().strip('"') for c in found.group(1).split(",")]
    rows = [[None if cell == "\\N" else _unescape(cell) for cell in line.split("\t")]
            for line in found.group(2).splitlines()]
    return columns, rows


def _unescape(cell: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(m.group(1), m.group(1)), cell)

"""The documents' data is read by workshop.queries.document_data; these names stay importable here."""

from __future__ import annotations

from workshop.queries.document_data import DOCUMENTS as DOCUMENTS
from workshop.queries.document_data import SETTLED_STATES as SETTLED_STATES
from workshop.queries.document_data import TITLES as TITLES
from workshop.queries.document_data import DocData as DocData
from workshop.queries.document_data import Line as Line
from workshop.queries.document_data import amount_due as amount_due
from workshop.queries.document_data import gather as gather

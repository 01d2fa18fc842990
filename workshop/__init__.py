"""Workshop: the after-sales service department of a 4S car dealership (core, no Qt)."""

__version__ = "0.1.0"

"""Deterministic demo data: a Guangzhou 广汽丰田 dealer's after-sales department, at three scales.

`generate(db, scale, seed)` fills an empty database; the same seed (and the same `now`) gives the same data."""

from workshop.demo.generator import DEMO_PASSWORD, DemoSummary, demo_users, generate

__all__ = ["DEMO_PASSWORD", "DemoSummary", "demo_users", "generate"]

"""Warranty claim orders and deposits (C1-C3)."""

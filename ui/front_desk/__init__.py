"""Front desk screens: search, customer and vehicle, work orders, added items (F1-F9)."""

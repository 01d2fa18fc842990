"""Write side: one module per desk. Functions take plain values, a unit of work and the acting user."""

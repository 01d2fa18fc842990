"""The special-tool crib (T1-T3): register, scan to lend and return, overdue, lost tools and charges."""

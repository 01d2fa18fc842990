"""Quality screens: QC pass/fail (F4), return visits (Q1) and complaints (Q2)."""

"""Approvals (A1-A4): the approver's inbox, the advisor's requests, the discount report, limits, and the
discount dialog other screens open."""

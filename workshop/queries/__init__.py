"""Read side: lists, boards, dashboards and search, returning plain rows for table models and charts."""

"""The PySide6 GUI. Talks to workshop.services and workshop.queries only; never imports sqlalchemy."""

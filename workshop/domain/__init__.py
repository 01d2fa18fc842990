"""Business rules as plain Python. Imports nothing from the layers below."""

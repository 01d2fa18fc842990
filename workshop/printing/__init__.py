"""Printed documents: the work order, the quote and the settlement (documents.py), labels, summaries.
Every PDF embeds a CJK TrueType font (fonts.py); there is no fallback that would print boxes."""

"""Reporters: pure functions of ``RunReport`` objects to text, JSON, Markdown and HTML."""

"""Widgets of the desktop client; they talk to the library only through ui.operations."""

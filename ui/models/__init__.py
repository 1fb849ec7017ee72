"""Thin Qt item models over plain lists of the library's dataclasses."""

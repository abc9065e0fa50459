"""Coding on the platform: codebook versions in the database, excerpts and their codes, memos,
suggestions, the work queue, double coding and REFI-QDA exchange of stored projects.

Every function takes a session and leaves committing to its caller, so a web request or a CLI
command commits the change and its audit row together, or neither.
"""

from voice.coding.errors import CodingError

__all__ = ["CodingError"]

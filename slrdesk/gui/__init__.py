"""The PySide6 application. It edits the core's exam document and keeps no copy of its own."""

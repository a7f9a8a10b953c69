"""SLR Desk: examination, classification and signed notes for the active straight-leg-raise deficit."""

__version__ = "0.1.0"

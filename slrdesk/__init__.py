"""SLR Desk: examination, classification and signed notes for an active straight-leg-raise
deficit."""

__version__ = "0.1.0"

"""The pain map's geometry (regions on the body figures) and the one description of how a mark
looks, shared by the screen and the paper."""

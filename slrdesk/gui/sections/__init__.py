"""One widget per exam section, each editing the document through the session."""

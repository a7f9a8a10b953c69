"""End-to-end tests share the GUI tests' fixtures and rules."""

from tests.gui.conftest import (  # noqa: F401 - fixtures are found by name
    make_session,
    pytest_collection_modifyitems,
    screenshot_dir,
    store,
    window,
)

"""Fixtures of the workspace tests."""

from typing import Any

import pytest

from tests.workspace.world import build_world


@pytest.fixture
def world(db) -> dict[str, Any]:
    """Street with a working committee, communities a and b, one row of each kind on each."""
    return build_world()

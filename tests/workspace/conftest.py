"""Fixtures of the workspace tests."""

from tests.conftest import shared_rows
from tests.workspace.world import build_world

# Street with a working committee, communities a and b, one row of each kind on each: built
# once per test module (tests/conftest.py shared_rows); each test starts from it untouched.
_world_rows, world = shared_rows("world", build_world)

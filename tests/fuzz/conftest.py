"""The permission matrices' world (a street of two communities, one user of every role), for
the fuzz test that walks every URL as each role."""

from tests.accounts.conftest import world, zones  # noqa: F401

"""The permission matrices' world (a street of two communities, one user of every role), for
the fuzz test that walks every URL as each role."""

from tests.accounts.conftest import (  # noqa: F401
    _matrix_rows,
    matrix,
    secretary_a,
    small_street,
    world,
    zones,
)

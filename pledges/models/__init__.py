"""Pledge lists both ways and residents' ratings (pledges), co-building projects and
contributions (projects), and the three lists a community keeps: needs, resources and the
projects made of them (lists)."""

from .lists import *  # noqa: F403
from .pledges import *  # noqa: F403
from .projects import *  # noqa: F403

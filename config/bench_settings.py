"""Production settings plus the benchmark's floor view and query counter; `make bench` only."""

from .settings import *  # noqa: F403
from .settings import MIDDLEWARE

ROOT_URLCONF = "config.bench_urls"
MIDDLEWARE = ["config.bench.QueryCountMiddleware", *MIDDLEWARE]

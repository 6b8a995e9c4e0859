"""A channel that takes its time, so that a test can kill a worker in the middle of a pass."""

import os
import time


class SlowChannel:
    name = "slow"

    def send(self, message) -> None:
        time.sleep(float(os.environ.get("SLOW_CHANNEL_SECONDS", "0.1")))

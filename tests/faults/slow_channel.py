"""A channel that takes its time, so that a test can kill a worker in the middle of a pass."""

import os
import time


class SlowChannel:
    name = "slow"

    def send(self, message) -> None:
        time.sleep(float(os.environ.get("SLOW_CHANNEL_SECONDS", "0.1")))


class SlowBatchChannel(SlowChannel):
    """The same, taking batches: the pass then sends in batches, one transaction each."""

    name = "slow_batch"

    def send_many(self, messages) -> None:
        for message in messages:
            self.send(message)

"""A connection that drops while a worker runs costs its answer or its ack, never the
service: nameko would kill the container when either raises."""

from types import SimpleNamespace

import pytest
from kombu import Queue
from nameko.messaging import QueueConsumer

from shared.entrypoints import BrokerTolerantConsumer, BrokerTolerantRpc


class DroppedMessage:
    """A message whose channel's socket was reset by the broker."""

    def __init__(self):
        self.channel = SimpleNamespace(connection=object())
        self.properties, self.delivery_info, self.headers = {}, {}, {}

    def ack(self):
        raise ConnectionResetError(104, "Connection reset by peer")

    requeue = ack


@pytest.mark.parametrize("exc_info", [None, (ValueError, ValueError("x"), None)])
def test_a_consumer_whose_ack_meets_a_reset_connection_goes_on(exc_info):
    consumer = BrokerTolerantConsumer(Queue("records.from.accounts"))
    consumer.queue_consumer = QueueConsumer.__new__(QueueConsumer)
    result = consumer.handle_result(DroppedMessage(), worker_ctx=None, result=3, exc_info=exc_info)
    assert result == (3, exc_info)


def test_an_rpc_whose_answer_cannot_be_sent_goes_on_and_leaves_the_request_unacked():
    sent = []

    class FailingRpcConsumer:
        def handle_result(self, message, result, exc_info):
            sent.append(result)
            raise ConnectionRefusedError(111, "ECONNREFUSED")

    entrypoint = BrokerTolerantRpc()
    entrypoint.rpc_consumer = FailingRpcConsumer()
    entrypoint.method_name = "put_set"
    assert entrypoint.handle_result(DroppedMessage(), None, {"ok": 1}, None) == ({"ok": 1}, None)
    assert sent == [{"ok": 1}]

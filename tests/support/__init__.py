"""What the tests and the benchmarks (`bench/`) both need to run the services on a real
broker: a private RabbitMQ vhost (`broker`), the services in this process and a look at
their insides (`services`), waiting for an asynchronous outcome (`waiting`), workbooks
built as sheet XML (`workbooks`) and filled-in information sets (`entries`).

It imports neither pytest nor a service at import time, so a benchmark can load it
before it has set the environment the services read."""

from pathlib import Path

# the repository's root folder, wherever a test module sits below tests/
REPO = Path(__file__).resolve().parents[2]

"""Benchmarks of the system, each run from the repository root as a module:

    python -m bench.pipeline          events/s through relay, broker and projection
    python -m bench.sheet_import      the information sheet import (信息批量导入)
    python -m bench.hostile_sheets    what a tiny hostile sheet costs the services

They run the services in this process on a vhost of their own, with the support code the
tests use (`tests.support`); see bench/README.md. Like the tests, they run on eventlet:
it patches the standard library here, before anything else is imported."""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

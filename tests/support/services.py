"""The services running in this process (nameko's `ServiceRunner`), and the few looks at
their insides that tests and benchmarks take: a service's container, its `Storage`, the
green threads it manages or runs workers in, the head of its event store. Everything
that reaches into nameko's private attributes is here, in one place."""

import eventlet

# the order the system starts them in: accounts bootstraps the province the others follow
SERVICES = ("accounts", "records", "audit", "reporting", "gateway")


def service_classes(*names: str) -> list:
    """The service classes of `names` (default: all five, in `SERVICES`' order); only
    those services' modules are imported."""
    from importlib import import_module

    return [
        getattr(import_module(f"services.{name}.service"), f"{name.capitalize()}Service")
        for name in names or SERVICES
    ]


def start_services(amqp_uri: str, *names: str, **config):
    """A started `ServiceRunner` with the services of `names` on the vhost of `amqp_uri`;
    `config` adds to (or overrides) the services' nameko configuration."""
    from nameko.runners import ServiceRunner

    from shared import config as settings

    runner = ServiceRunner(settings.nameko_config(AMQP_URI=amqp_uri, **config))
    for cls in service_classes(*names):
        runner.add_service(cls)
    runner.start()
    return runner


def stop_services(runner, label: str = "the services", timeout: float = 30.0) -> None:
    """Stop the runner gracefully; kill it when it has not stopped within `timeout`."""
    try:
        with eventlet.Timeout(timeout):
            runner.stop()
    except eventlet.Timeout:
        print(f"warning: {label} did not stop within {timeout:.0f}s; killing it")
        runner.kill()


def container_of(runner, service_name: str):
    return next(c for c in runner.containers if c.service_name == service_name)


def storage_of(runner, service_name: str):
    """The service's `Storage` dependency provider (its engine, store, relay, subscriptions)."""
    container = container_of(runner, service_name)
    return next(d for d in container.dependencies if d.attr_name == "storage")


def head(storage) -> int:
    """The position of the last event in the service's event store."""
    with storage.engine.connect() as conn:
        return storage.store.last_position(conn)


def managed_thread(container, identifier: str):
    """The green thread the container runs under `identifier` (e.g. "records.relay"), or None."""
    return next(
        (gt for gt, ident in list(container._managed_threads.items()) if ident == identifier), None
    )


def running_in(thread, function_name: str) -> bool:
    """True when the (suspended) green thread has `function_name` on its stack."""
    frame = getattr(thread, "gr_frame", None)
    while frame is not None:
        if frame.f_code.co_name == function_name:
            return True
        frame = frame.f_back
    return False


def serving(container, method_name: str) -> bool:
    """True while a worker of the container runs the entrypoint `method_name`."""
    return any(
        worker.entrypoint.method_name == method_name for worker in list(container._worker_threads)
    )

"""The cost of checking a relay message on the live path, per event, beside the cost of
decoding the same message from JSON (which every consumer pays first), in one run.

    python -m bench.envelope_check [--events 500] [--rounds 200]
"""

import argparse
import json
import time
import uuid

from shared.envelope import check_batch


def message(events: int) -> bytes:
    """A relay message of `events` EntryFilled envelopes, as the relay publishes it."""
    return json.dumps(
        {
            "source": "records",
            "events": [
                {
                    "source": "records",
                    "position": i,
                    "event_id": str(uuid.uuid4()),
                    "stream_id": f"teacher-{i % 50}",
                    "version": i,
                    "type": "EntryFilled",
                    "schema_version": 1,
                    "data": {
                        "teacher_id": str(uuid.uuid4()),
                        "set": "basic_info",
                        "entry_id": str(uuid.uuid4()),
                        "fields": {"ethnicity": "01", "political_status": ["13"]},
                    },
                    "metadata": {
                        "actor": {
                            "account_id": str(uuid.uuid4()),
                            "username": "T0000101",
                            "role": "teacher",
                            "org_code": "S1-U1",
                        },
                        "correlation_id": str(uuid.uuid4()),
                        "causation_id": None,
                    },
                    "occurred_at": "2026-12-02T00:00:00.000000+00:00",
                    "prev_hash": "0" * 64,
                    "hash": "1" * 64,
                }
                for i in range(1, events + 1)
            ],
        },
        ensure_ascii=False,
    ).encode()


def per_event(run, rounds: int, events: int) -> float:
    """Microseconds an event, the best of three timings of `rounds` calls."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(rounds):
            run()
        best = min(best, time.perf_counter() - started)
    return best / rounds / events * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events", type=int, default=500, help="events a message (the relay's run)"
    )
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    raw = message(args.events)
    body = json.loads(raw)
    decode = per_event(lambda: json.loads(raw), args.rounds, args.events)
    check = per_event(lambda: check_batch(body), args.rounds, args.events)
    print(f"messages of {args.events} events, best of 3 x {args.rounds}")
    print(f"{'':28} {'us/event':>9} {'events/s':>11}")
    print(f"{'json decode (anchor)':28} {decode:9.2f} {1e6 / decode:11,.0f}")
    print(f"{'envelope check':28} {check:9.2f} {1e6 / check:11,.0f}")
    print(f"check / decode: {check / decode:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

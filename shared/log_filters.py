"""Log filters of every process (wired in `shared.config.nameko_config`)."""

import logging


class RefusalsOnOneLine(logging.Filter):
    """A refusal (bad input, no access, a conflict) is an expected answer: nameko logs it
    as "(expected) error handling worker ..." with the whole traceback. Keep the line,
    drop the traceback; unexpected errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("(expected)"):
            record.exc_info = None
            record.exc_text = None
        return True

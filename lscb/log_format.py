"""Log lines that cannot be forged. A username or URL is whatever a client sent: with a newline in it, it wrote a
second line ('sign-in succeeded user=admin') into the security log. `field` writes a value as one token, and
`OneLineFormatter` (LOGGING) escapes whatever control characters any logger's message still holds; a traceback
after the message keeps its lines."""

import logging
import re

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
NEEDS_QUOTES = re.compile(r'[\s"=\\]')


def _escape(match):
    code = ord(match[0])
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(match[0]) or (
        f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    )


def one_line(text):
    """The text with its control characters (newlines too) written as escapes."""
    return CONTROL.sub(_escape, str(text))


def field(value):
    """A value for `name=value` in a log line: escaped, and quoted when it holds a space, quote, '=' or
    backslash (or is empty), so that it cannot pass for another field either."""
    text = str(value)
    if not text or NEEDS_QUOTES.search(text) or CONTROL.search(text):
        return '"' + one_line(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'
    return text


class OneLineFormatter(logging.Formatter):
    """Every record's message on one line, whoever logs it (django.request logs the path as sent)."""

    def formatMessage(self, record):  # noqa: N802 (logging's name)
        record.message = one_line(record.message)
        return super().formatMessage(record)

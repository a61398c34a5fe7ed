"""Coded reasons for skipped input and failed work.

Every skip carries a code from this table so that the store, the CLI summary and the docs say the same
thing. R1xx: ingest; R2xx: extraction; R3xx: store; R4xx/W4xx: alerts. W1xx are warnings: the input was used, but a person
should know (for example, it was not UTF-8 and was decoded as Windows-1252).

`severity` decides the exit code of a run: an `error` means some input could not be used; a `policy`
skip is a deliberate choice (an unsupported language); an `info` is a normal outcome such as a
re-ingested article that had not changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    POLICY = "policy"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    template: str

    def __call__(self, **fields: object) -> Skip:
        return Skip(self.code, self.template.format(**fields), self.severity)


@dataclass(frozen=True)
class Skip:
    """Why one input (a file, a record, an article) was not used, or a warning about it."""

    code: str
    detail: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.code} {self.detail}"


class SkipArticle(Exception):
    """Raised by a pipeline stage to skip the article it was given, with a coded reason."""

    def __init__(self, skip: Skip):
        super().__init__(str(skip))
        self.skip = skip


E = Severity.ERROR
P = Severity.POLICY
W = Severity.WARNING

# Ingest: reading inputs.
R101 = Code("R101", E, "binary file, not text ({detail})")
R102 = Code("R102", E, "too large: {size} bytes, limit {limit} bytes (setting max_input_mb)")
R103 = Code("R103", E, "not decodable as text: {detail}")
R104 = Code("R104", E, "empty input")
R105 = Code("R105", E, "malformed JSON on line {line}: {detail}")
R106 = Code("R106", E, "no text column: none of {wanted} in {available}")
R107 = Code("R107", E, "cannot read: {detail}")
R108 = Code("R108", E, "no main text found in HTML ({detail})")
R109 = Code("R109", P, "too little text after cleaning: {chars} characters, minimum {minimum} (setting min_text_chars)")
R110 = Code("R110", P, "language {language!r} is not in the accepted languages {accepted} (setting languages)")
R111 = Code("R111", E, "id {id!r} is already used by a different text in the store (use --id-prefix to keep both)")
R112 = Code("R112", E, "broken compressed data: {detail}")
R113 = Code("R113", E, "malformed {kind}: {detail}")
R114 = Code("R114", E, "record {record} has an empty or non-text {field!r} field")
R190 = Code("R190", E, "stage {stage!r} failed: {detail}")

# Warnings: the input was used.
W101 = Code("W101", W, "not valid UTF-8; decoded as {encoding}")
W102 = Code("W102", W, "record text was truncated to {limit} characters (setting max_record_chars)")

# Extraction.
R201 = Code("R201", E, "event extraction failed on article {id!r}: {detail} (stored without events; "
                       "`redline ingest --reextract` retries)")

# Store.
R301 = Code("R301", E, "store {path} has schema version {found}, newer than this redline ({known})")

# Alerts and `redline watch`: rules, delivery. Delivery failures are warnings: the alert is stored and
# retried on later passes, and the watcher goes on.
R401 = Code("R401", E, "alert rules {path}: {detail}")
W401 = Code("W401", W, "alert {alert} not delivered to webhook {url}: {detail}")
W402 = Code("W402", W, "alert {alert} not emailed via {server}: {detail}")
W403 = Code("W403", W, "watched path {path} not found; will look again next pass")
W404 = Code("W404", W, "{count} more alert(s) not sent to {target}: it was unreachable; retried next pass")

ALL_CODES: dict[str, Code] = {c.code: c for c in globals().values() if isinstance(c, Code)}

"""Delivery channels for alerts: a webhook (HTTP POST of the alert's JSON) and email (SMTP).

`send` raises `DeliveryError` with a short reason; the watcher turns it into a coded warning (W401, W402),
records it, and retries on later passes, so a down server never stops the watch. Both use only the
standard library.
"""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from redline import __version__, errors
from redline.errors import Skip


class DeliveryError(Exception):
    """An alert could not be delivered; the message says why. `unreachable`: the server could not be reached
    at all (refused, timed out), so the other alerts of this pass would fail the same way."""

    def __init__(self, message: str, *, unreachable: bool = False):
        super().__init__(message)
        self.unreachable = unreachable


@dataclass(frozen=True)
class Webhook:
    """POST each alert as a JSON object to `url`; any 2xx answer is a delivery."""

    url: str
    timeout: float
    channel: str = "webhook"

    @property
    def target(self) -> str:
        return self.url

    def send(self, alert: dict[str, Any]) -> None:
        body = json.dumps(alert, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": f"redline/{__version__}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read(1 << 16)
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            raise DeliveryError(str(exc.reason), unreachable=True) from None
        except OSError as exc:  # timeouts, resets
            raise DeliveryError(str(exc) or type(exc).__name__, unreachable=True) from None

    def warning(self, alert_id: str, detail: str) -> Skip:
        return errors.W401(alert=alert_id, url=self.url, detail=detail)


@dataclass(frozen=True)
class Email:
    """Mail each alert through the SMTP server `host:port` (plain SMTP, as a local relay offers)."""

    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    timeout: float
    channel: str = "email"

    @property
    def target(self) -> str:
        return ",".join(self.recipients)

    def send(self, alert: dict[str, Any]) -> None:
        message = email_message(alert, self.sender, self.recipients)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                refused = smtp.send_message(message)
        except (smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected) as exc:
            raise DeliveryError(str(exc) or type(exc).__name__, unreachable=True) from None
        except smtplib.SMTPException as exc:  # the server answered, and refused this mail
            raise DeliveryError(str(exc) or type(exc).__name__) from None
        except OSError as exc:  # refused connection, timeout, reset
            raise DeliveryError(str(exc) or type(exc).__name__, unreachable=True) from None
        if refused:
            raise DeliveryError(f"refused recipients: {', '.join(sorted(refused))}")

    def warning(self, alert_id: str, detail: str) -> Skip:
        return errors.W402(alert=alert_id, server=f"{self.host}:{self.port}", detail=detail)


def email_message(alert: dict[str, Any], sender: str, recipients: tuple[str, ...]) -> EmailMessage:
    """A plain-text mail: the message, the evidence, then the alert's JSON for machines."""
    message = EmailMessage()
    summary = " ".join(alert["message"].split())
    message["Subject"] = f"[redline {alert['severity']}] {summary[:120]}{'…' if len(summary) > 120 else ''}"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["X-Redline-Alert"] = alert["id"]
    evidence = alert.get("evidence") or {}
    body = [alert["message"], "",
            f"Rule: {alert['rule']} ({alert['kind']}, {alert['severity']})", f"Date: {alert.get('date') or '-'}",
            f"Dyad: {alert.get('dyad') or '-'}",
            f"Evidence (article {evidence.get('article_id')}, event {evidence.get('event_id')}):",
            f"  {evidence.get('sentence') or '-'}", "",
            f"Events: {', '.join(alert.get('event_ids') or [])}", "", "-- ", json.dumps(alert, ensure_ascii=False)]
    message.set_content("\n".join(body))
    return message

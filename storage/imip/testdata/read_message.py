"""Read an email with Python's email package and its calendar part with
python3-icalendar, as a mail client that knows iMIP (RFC 6047) would, and
print what it finds as JSON on stdout, one object per file in a list; each
calendar part, as sent, is also written to FILE.eml.calendar.ics for other
readers (ical.js).

Usage: /usr/bin/python3 read_message.py FILE.eml...
"""
import json
import sys
from datetime import datetime, timezone
from email import policy
from email.parser import BytesParser

import icalendar


def instant(component, name):
    if name not in component:
        return None
    value = component.decoded(name)
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise SystemExit("%s of %s is not a time with a zone" % (name, component.get("uid")))
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def address(value):
    return str(value).split(":", 1)[1] if ":" in str(value) else str(value)


def event(ev):
    attendees = ev.get("attendee")
    if attendees is None:
        attendees = []
    elif not isinstance(attendees, list):
        attendees = [attendees]
    return {
        "uid": str(ev.get("uid")),
        "sequence": int(ev.get("sequence", 0)),
        "summary": str(ev.get("summary")),
        "status": str(ev.get("status")),
        "start": instant(ev, "dtstart"),
        "end": instant(ev, "dtend"),
        "tzid": ev["dtstart"].params.get("TZID") if "dtstart" in ev else None,
        "organizer": address(ev.get("organizer")),
        "attendees": [{"email": address(a), "cn": a.params.get("CN"), "role": a.params.get("ROLE"),
                       "partstat": a.params.get("PARTSTAT"), "rsvp": a.params.get("RSVP")} for a in attendees],
    }


def read(path):
    calendar_out = path + ".calendar.ics"
    with open(path, "rb") as f:
        msg = BytesParser(policy=policy.default).parse(f)
    if msg.defects:
        raise SystemExit("the email has defects: %r" % msg.defects)
    out = {
        "from": str(msg["from"]),
        "to": [str(a.addr_spec) for a in msg["to"].addresses],
        "cc": str(msg["cc"]) if msg["cc"] else None,
        "subject": str(msg["subject"]),
        "content_type": msg.get_content_type(),
        "parts": [],
        "text": None,
        "method_param": None,
        "calendar": None,
    }
    for part in msg.iter_parts():
        out["parts"].append(part.get_content_type())
        if part.get_content_type() == "text/plain":
            out["text"] = part.get_content()
        elif part.get_content_type() == "text/calendar":
            out["method_param"] = part.get_param("method")
            raw = part.get_payload(decode=True)
            with open(calendar_out, "wb") as f:
                f.write(raw)
            cal = icalendar.Calendar.from_ical(raw)
            out["calendar"] = {
                "method": str(cal.get("method")),
                "text": raw.decode("utf-8"),
                "timezones": [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")],
                "events": [event(ev) for ev in cal.walk("VEVENT")],
            }
    return out


json.dump([read(path) for path in sys.argv[1:]], sys.stdout, ensure_ascii=False)

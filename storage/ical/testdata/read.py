"""Read an iCalendar file with python3-icalendar and print what a user of it
would see, as JSON on stdout: the storage/ical tests compare it with the plan.

Usage: /usr/bin/python3 read.py FILE.ics
"""
import json
import sys
from datetime import date, datetime, timezone

import icalendar


def text(component, name):
    value = component.get(name)
    return None if value is None else str(value)


def instant(component, name):
    value = component.decoded(name)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise SystemExit("%s of %s is floating" % (name, component.get("uid")))
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def categories(component):
    value = component.get("categories")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(c) for v in values for c in v.cats]


def attendees(component):
    value = component.get("attendee")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [{"email": str(a), "cn": a.params.get("CN"), "role": a.params.get("ROLE"),
             "partstat": a.params.get("PARTSTAT")} for a in values]


def main(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    out = {
        "calname": text(cal, "x-wr-calname"),
        "timezones": [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")],
        "events": [],
        "todos": [],
    }
    for ev in cal.walk("VEVENT"):
        out["events"].append({
            "uid": text(ev, "uid"),
            "summary": text(ev, "summary"),
            "description": text(ev, "description"),
            "location": text(ev, "location"),
            "status": text(ev, "status"),
            "sequence": int(ev.get("sequence", 0)),
            "categories": categories(ev),
            "start": instant(ev, "dtstart"),
            "end": instant(ev, "dtend"),
            "tzid": ev["dtstart"].params.get("TZID"),
            "attendees": attendees(ev),
        })
    for todo in cal.walk("VTODO"):
        due = todo.decoded("due") if "due" in todo else None
        out["todos"].append({
            "uid": text(todo, "uid"),
            "summary": text(todo, "summary"),
            "status": text(todo, "status"),
            "due": due.isoformat() if isinstance(due, date) else None,
        })
    json.dump(out, sys.stdout, ensure_ascii=False)


main(sys.argv[1])

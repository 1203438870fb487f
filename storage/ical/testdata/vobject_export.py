"""Serialise the sessions of a Convene plan with python3-vobject, for the
side-by-side figures of BenchmarkExportICSWholeProcess: the same sessions,
with their zones, titles, rooms, descriptions, topics and statuses, read
from the plan file with Python's sqlite3 and written as one calendar.

Usage: /usr/bin/python3 vobject_export.py PLAN OUT.ics
"""
import sqlite3
import sys
from datetime import datetime

import vobject
from dateutil import tz

STATUS = {"scheduled": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}


def main(plan, out):
    db = sqlite3.connect("file:%s?mode=ro" % plan, uri=True)
    cal = vobject.iCalendar()
    cal.add("method").value = "PUBLISH"
    stamp = datetime.now(tz.tzutc())
    zones = {}
    rows = db.execute("""
        SELECT s.uid, s.sequence, s.start_utc, s.end_utc, s.title, s.room,
               s.description, s.topics, s.status, f.timezone
        FROM session s JOIN forum f ON f.id = s.forum_id
        WHERE s.start_utc IS NOT NULL""")
    for uid, seq, start, end, title, room, desc, topics, status, zone in rows:
        loc = zones.setdefault(zone, tz.gettz(zone))
        ev = cal.add("vevent")
        ev.add("uid").value = uid
        ev.add("dtstamp").value = stamp
        ev.add("sequence").value = str(seq)
        ev.add("dtstart").value = datetime.fromtimestamp(start, loc)
        ev.add("dtend").value = datetime.fromtimestamp(end, loc)
        ev.add("summary").value = title
        if room:
            ev.add("location").value = room
        ev.add("description").value = desc
        if topics:
            ev.add("categories").value = topics.split("\n")
        ev.add("status").value = STATUS.get(status, "TENTATIVE")
    with open(out, "w", encoding="utf-8", newline="") as f:
        cal.serialize(f)


main(sys.argv[1], sys.argv[2])

"""Read a CalDAV calendar with Debian's python3-caldav and print what a
calendar client subscribed to it would see, as JSON on stdout: each event's
UID, SUMMARY, STATUS and SEQUENCE (parsed by python3-icalendar), and its
data as the server gives it. With a folder as a third argument, each event's
data is also written there as UID.ics for other readers.

Usage: /usr/bin/python3 read_caldav.py CALENDAR_URL USER [FOLDER]
(the password is read from $CALDAV_PASSWORD)
"""
import hashlib
import json
import os
import sys

import caldav

url, user = sys.argv[1], sys.argv[2]
folder = sys.argv[3] if len(sys.argv) > 3 else None
client = caldav.DAVClient(url=url, username=user, password=os.environ["CALDAV_PASSWORD"])
calendar = caldav.Calendar(client=client, url=url)
events = []
for obj in calendar.events():
    cal = obj.icalendar_instance
    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("uid"))
        events.append({
            "uid": uid,
            "summary": str(ev.get("summary")),
            "status": str(ev.get("status")),
            "sequence": int(ev.get("sequence", 0)),
            "href": str(obj.url),
        })
        if folder:
            name = hashlib.sha256(uid.encode()).hexdigest()[:16] + ".ics"
            with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as f:
                f.write(obj.data)
events.sort(key=lambda e: e["uid"])
json.dump(events, sys.stdout)

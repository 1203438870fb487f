// Read iTIP messages' calendars (RFC 5546) with Mozilla's ical.js, as
// Thunderbird reads an invitation, and print what it would show and answer
// as JSON on stdout, one object per file in a list: the storage/imip and
// command-line tests compare it with the plan. Only each file's own
// VTIMEZONEs are registered.
//
// Usage: node itip.mjs FILE.ics...
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const iso = (t) => t.toJSDate().toISOString().replace(".000Z", "Z");
const mailto = (v) => v.replace(/^mailto:/i, "");

const event = (c) => {
  const ev = new ICAL.Event(c);
  const start = c.getFirstProperty("dtstart");
  if (start && ev.startDate.zone === ICAL.Timezone.localTimezone) {
    throw new Error(`DTSTART of ${ev.uid} is floating or its TZID has no VTIMEZONE`);
  }
  const organizer = c.getFirstProperty("organizer");
  return {
    uid: ev.uid,
    sequence: ev.sequence,
    summary: ev.summary,
    status: c.getFirstPropertyValue("status"),
    start: start ? iso(ev.startDate) : null,
    end: start ? iso(ev.endDate) : null,
    tzid: start ? start.getParameter("tzid") ?? null : null,
    organizer: organizer ? mailto(organizer.getFirstValue()) : null,
    attendees: ev.attendees.map((a) => ({
      email: mailto(a.getFirstValue()),
      cn: a.getParameter("cn") ?? null,
      role: a.getParameter("role") ?? null,
      partstat: a.getParameter("partstat") ?? null,
      rsvp: a.getParameter("rsvp") ?? null,
    })),
  };
};

const read = (path) => {
  const cal = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  for (const tz of cal.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(tz);
  }
  return {
    method: cal.getFirstPropertyValue("method"),
    events: cal.getAllSubcomponents("vevent").map(event),
  };
};

process.stdout.write(JSON.stringify(process.argv.slice(2).map(read)));

// Read an iCalendar file with Mozilla's ical.js (Thunderbird's parser) and
// print what a user of it would see, as JSON on stdout: the storage/ical
// tests compare it with the plan. Only the file's own VTIMEZONEs are
// registered, so the instants printed are those its VTIMEZONEs give.
//
// Usage: node read.mjs FILE.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const cal = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
const timezones = cal.getAllSubcomponents("vtimezone");
for (const tz of timezones) {
  ICAL.TimezoneService.register(tz);
}

const iso = (t) => t.toJSDate().toISOString().replace(".000Z", "Z");
const out = {
  calname: cal.getFirstPropertyValue("x-wr-calname"),
  timezones: timezones.map((tz) => tz.getFirstPropertyValue("tzid")),
  events: cal.getAllSubcomponents("vevent").map((c) => {
    const ev = new ICAL.Event(c);
    const start = c.getFirstProperty("dtstart");
    if (ev.startDate.zone === ICAL.Timezone.localTimezone) {
      throw new Error(`DTSTART of ${ev.uid} is floating or its TZID has no VTIMEZONE`);
    }
    return {
      uid: ev.uid,
      summary: ev.summary,
      description: ev.description,
      location: ev.location,
      status: c.getFirstPropertyValue("status"),
      sequence: ev.sequence,
      categories: c.getAllProperties("categories").flatMap((p) => p.getValues()),
      start: iso(ev.startDate),
      end: iso(ev.endDate),
      tzid: start.getParameter("tzid") ?? null,
      attendees: ev.attendees.map((a) => ({
        email: a.getFirstValue(),
        cn: a.getParameter("cn") ?? null,
        role: a.getParameter("role") ?? null,
        partstat: a.getParameter("partstat") ?? null,
      })),
    };
  }),
  todos: cal.getAllSubcomponents("vtodo").map((c) => ({
    uid: c.getFirstPropertyValue("uid"),
    summary: c.getFirstPropertyValue("summary"),
    status: c.getFirstPropertyValue("status"),
    due: c.getFirstPropertyValue("due")?.toString() ?? null,
  })),
};
process.stdout.write(JSON.stringify(out));

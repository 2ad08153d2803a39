// Expand an iCalendar feed the way Thunderbird does, with Mozilla's ical.js.
//
//   node expand.mjs FROM TO < feed.ics      (FROM, TO: Unix seconds)
//
// Prints one JSON object per occurrence starting in [FROM, TO), one per line:
// {uid, recurrence_id, start_utc, end_utc, summary, status}. Times are UTC
// ("2027-03-07T08:00:00Z"), converted with the feed's own VTIMEZONE: no zone is
// registered with ICAL.TimezoneService, so a TZID without a VTIMEZONE stays
// floating (and comes out wrong), as it would in Thunderbird.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [from, to] = process.argv
  .slice(2)
  .map((value) => ICAL.Time.fromJSDate(new Date(Number(value) * 1000), true));
if (process.argv.length !== 4 || !from || !to || from.isDate) {
  process.stderr.write("usage: node expand.mjs FROM_UNIX TO_UNIX < feed.ics\n");
  process.exit(2);
}
const utc = ICAL.Timezone.utcTimezone;

function utcString(time) {
  if (!time) return null;
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
const vevents = calendar.getAllSubcomponents("vevent");
const masters = new Map();
const overrides = [];
for (const vevent of vevents) {
  if (vevent.hasProperty("recurrence-id")) {
    overrides.push(vevent);
  } else {
    // Without `exceptions`, ICAL.Event relates every RECURRENCE-ID of the whole calendar,
    // whatever its UID, so another series' override at the same wall-clock time replaces
    // this series' instance. Relate them by UID below instead (kewisch/ical.js#285).
    masters.set(text(vevent, "uid"), new ICAL.Event(vevent, { strictExceptions: true, exceptions: [] }));
  }
}
const loose = [];
for (const vevent of overrides) {
  const master = masters.get(text(vevent, "uid"));
  // Overrides are related to their master by UID (kewisch/ical.js#285).
  if (master && master.isRecurring()) master.relateException(new ICAL.Event(vevent, { exceptions: [] }));
  else loose.push(vevent);
}

const rows = [];
function emit(uid, recurrenceId, start, end, component) {
  const startUtc = start.convertToZone(utc);
  if (startUtc.compare(from) < 0 || startUtc.compare(to) >= 0) return;
  rows.push({
    uid,
    recurrence_id: utcString(recurrenceId),
    start_utc: utcString(start),
    end_utc: utcString(end),
    summary: text(component, "summary"),
    status: text(component, "status"),
  });
}

for (const [uid, event] of masters) {
  if (!event.isRecurring()) {
    emit(uid, null, event.startDate, event.endDate, event.component);
    continue;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (next.convertToZone(utc).compare(to) >= 0) break;
    const details = event.getOccurrenceDetails(next);
    emit(uid, details.recurrenceId, details.startDate, details.endDate, details.item.component);
  }
}
for (const vevent of loose) {
  const event = new ICAL.Event(vevent, { exceptions: [] });
  emit(text(vevent, "uid"), event.recurrenceId, event.startDate, event.endDate, vevent);
}

for (const row of rows) process.stdout.write(JSON.stringify(row) + "\n");

#!/usr/bin/python3
"""Reads an iCalendar file with python3-icalendar (strict about its syntax) and
prints one line per event, for the calendar feed's tests:
UID | start | end | SUMMARY | LOCATION | STATUS | DESCRIPTION (newlines as \\n)."""
import sys

import icalendar

with open(sys.argv[1], "rb") as f:
    data = f.read()
for line in data.split(b"\r\n")[:-1]:
    if len(line) > 75:
        sys.exit("line longer than 75 octets: %r" % line[:40])
calendar = icalendar.Calendar.from_ical(data)
assert calendar["VERSION"] == "2.0"
for event in calendar.walk("VEVENT"):
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND") if "DTEND" in event else None
    print(" | ".join([
        str(event["UID"]),
        start.isoformat(),
        end.isoformat() if end else "",
        str(event.get("SUMMARY", "")),
        str(event.get("LOCATION", "")),
        str(event.get("STATUS", "")),
        str(event.get("DESCRIPTION", "")).replace("\n", "\\n"),
    ]))

/*
 * Expand an iCalendar feed with libical (Evolution's and KDE's parser family).
 *
 *   expand FROM TO < feed.ics      (FROM, TO: Unix seconds)
 *
 * Prints one JSON object per occurrence starting in [FROM, TO), one per line:
 * {"uid", "recurrence_id", "start_utc", "end_utc", "summary", "status"}, times in
 * UTC ("2027-03-07T08:00:00Z").
 *
 * Times are converted with the VTIMEZONEs of the file itself: every TZID must have
 * one (icalcomponent_get_timezone on the VCALENDAR), or this exits with status 3
 * instead of falling back to libical's built-in zones. Masters are expanded with
 * icalcomponent_foreach_recurrence (RRULE minus EXDATE); an override (same UID,
 * RECURRENCE-ID) replaces the instance it names. An override that names no instance
 * is printed on its own, as libical-based clients show it.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    icalcomponent *comp;
    const char *uid;
    time_t recurrence_id;
    int used;
} Override;

typedef struct {
    Override *items;
    size_t count;
} Overrides;

typedef struct {
    icalcomponent *master;
    const char *uid;
    int recurring;
    Overrides *overrides;
    time_t from, to;
    time_t last_start; /* foreach_recurrence may report DTSTART twice */
    int have_last;
} Walk;

static icalcomponent *root;

static void die(int status, const char *message, const char *detail) {
    fprintf(stderr, "expand: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
    exit(status);
}

static char *read_all(FILE *in) {
    size_t size = 0, capacity = 1 << 16;
    char *buffer = malloc(capacity);
    size_t n;
    while ((n = fread(buffer + size, 1, capacity - size - 1, in)) > 0) {
        size += n;
        if (capacity - size - 1 == 0) {
            capacity *= 2;
            buffer = realloc(buffer, capacity);
        }
    }
    buffer[size] = '\0';
    return buffer;
}

/* A DATE-TIME property as Unix seconds, in the zone of the file's VTIMEZONE for its TZID. */
static time_t instant(icalcomponent *comp, icalproperty_kind kind) {
    icalproperty *prop = icalcomponent_get_first_property(comp, kind);
    if (!prop) die(4, "missing property", icalproperty_kind_to_string(kind));
    struct icaltimetype value = icalvalue_get_datetime(icalproperty_get_value(prop));
    icalparameter *tzid = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
    if (tzid) {
        icaltimezone *zone = icalcomponent_get_timezone(root, icalparameter_get_tzid(tzid));
        if (!zone) die(3, "no VTIMEZONE in the file for TZID", icalparameter_get_tzid(tzid));
        return icaltime_as_timet_with_zone(value, zone);
    }
    if (!icaltime_is_utc(value)) die(4, "floating time", icalproperty_get_value_as_string(prop));
    return icaltime_as_timet_with_zone(value, icaltimezone_get_utc_timezone());
}

static void json_string(const char *text) {
    if (!text) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\') printf("\\%c", *c);
        else if (*c == '\n') fputs("\\n", stdout);
        else if (*c == '\r') fputs("\\r", stdout);
        else if (*c == '\t') fputs("\\t", stdout);
        else if (*c < 0x20) printf("\\u%04x", *c);
        else putchar(*c);
    }
    putchar('"');
}

static void json_time(const time_t *moment) {
    if (!moment) {
        fputs("null", stdout);
        return;
    }
    char text[32];
    strftime(text, sizeof text, "\"%Y-%m-%dT%H:%M:%SZ\"", gmtime(moment));
    fputs(text, stdout);
}

static const char *status_of(icalcomponent *comp) {
    icalproperty *prop = icalcomponent_get_first_property(comp, ICAL_STATUS_PROPERTY);
    return prop ? icalproperty_get_value_as_string(prop) : NULL;
}

static void emit(const char *uid, const time_t *recurrence_id, time_t start, time_t end, icalcomponent *comp,
                 time_t from, time_t to) {
    if (start < from || start >= to) return;
    fputs("{\"uid\": ", stdout);
    json_string(uid);
    fputs(", \"recurrence_id\": ", stdout);
    json_time(recurrence_id);
    fputs(", \"start_utc\": ", stdout);
    json_time(&start);
    fputs(", \"end_utc\": ", stdout);
    json_time(&end);
    fputs(", \"summary\": ", stdout);
    json_string(icalcomponent_get_summary(comp));
    fputs(", \"status\": ", stdout);
    json_string(status_of(comp));
    fputs("}\n", stdout);
}

static void on_instance(icalcomponent *comp, struct icaltime_span *span, void *data) {
    Walk *walk = data;
    (void)comp;
    if (walk->have_last && span->start == walk->last_start) return;
    walk->have_last = 1;
    walk->last_start = span->start;
    if (!walk->recurring) {
        emit(walk->uid, NULL, span->start, span->end, walk->master, walk->from, walk->to);
        return;
    }
    for (size_t i = 0; i < walk->overrides->count; i++) {
        Override *o = &walk->overrides->items[i];
        if (!o->used && o->recurrence_id == span->start && strcmp(o->uid, walk->uid) == 0) {
            o->used = 1;
            emit(o->uid, &o->recurrence_id, instant(o->comp, ICAL_DTSTART_PROPERTY),
                 instant(o->comp, ICAL_DTEND_PROPERTY), o->comp, walk->from, walk->to);
            return;
        }
    }
    time_t original = span->start;
    emit(walk->uid, &original, span->start, span->end, walk->master, walk->from, walk->to);
}

int main(int argc, char **argv) {
    if (argc != 3) die(2, "usage: expand FROM_UNIX TO_UNIX < feed.ics", NULL);
    time_t from = (time_t)strtoll(argv[1], NULL, 10), to = (time_t)strtoll(argv[2], NULL, 10);

    char *text = read_all(stdin);
    root = icalparser_parse_string(text);
    if (!root || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) die(4, "not a VCALENDAR", NULL);

    /* Every TZID used must have its VTIMEZONE in the file (ICAL.md 3.2). */
    for (icalcomponent *event = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        for (icalproperty *prop = icalcomponent_get_first_property(event, ICAL_ANY_PROPERTY); prop;
             prop = icalcomponent_get_next_property(event, ICAL_ANY_PROPERTY)) {
            icalparameter *tzid = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
            if (tzid && !icalcomponent_get_timezone(root, icalparameter_get_tzid(tzid)))
                die(3, "no VTIMEZONE in the file for TZID", icalparameter_get_tzid(tzid));
        }
        if (icalcomponent_get_first_property(event, ICAL_XLICERROR_PROPERTY)) {
            icalproperty *error = icalcomponent_get_first_property(event, ICAL_XLICERROR_PROPERTY);
            die(5, "parse error", icalproperty_get_value_as_string(error));
        }
    }

    Overrides overrides = {calloc(icalcomponent_count_components(root, ICAL_VEVENT_COMPONENT) + 1,
                                  sizeof(Override)),
                           0};
    for (icalcomponent *event = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        if (icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY)) {
            Override *o = &overrides.items[overrides.count++];
            o->comp = event;
            o->uid = icalcomponent_get_uid(event);
            o->recurrence_id = instant(event, ICAL_RECURRENCEID_PROPERTY);
        }
    }

    icaltimezone *utc = icaltimezone_get_utc_timezone();
    /* A wider window, so an instance moved into [FROM, TO) from outside it still meets its override. */
    const time_t margin = 400 * 86400;
    struct icaltimetype window_start = icaltime_from_timet_with_zone(from - margin, 0, utc);
    struct icaltimetype window_end = icaltime_from_timet_with_zone(to + margin, 0, utc);
    for (icalcomponent *event = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        if (icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY)) continue;
        Walk walk = {event, icalcomponent_get_uid(event),
                     icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY) != NULL,
                     &overrides, from, to, 0, 0};
        icalcomponent_foreach_recurrence(event, window_start, window_end, on_instance, &walk);
    }
    for (size_t i = 0; i < overrides.count; i++) {
        Override *o = &overrides.items[i];
        if (!o->used)
            emit(o->uid, &o->recurrence_id, instant(o->comp, ICAL_DTSTART_PROPERTY),
                 instant(o->comp, ICAL_DTEND_PROPERTY), o->comp, from, to);
    }
    free(overrides.items);
    icalcomponent_free(root);
    free(text);
    return 0;
}

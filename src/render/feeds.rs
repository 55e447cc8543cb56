//! Review calendars: `reviews.ics` with one all-day event per review that is due (upcoming,
//! or overdue: it stays on its due date, marked overdue, until the review is recorded), and
//! one feed per owner under `reviews/`, so owners can subscribe from their calendar
//! application.
//!
//! Each event's UID is derived from the document id only, so when a review date moves the
//! calendar client updates the event instead of adding a second one.

use ics::properties::{Categories, Description, DtEnd, DtStart, Summary, URL};
use ics::{escape_text, Event, ICalendar};
use jiff::civil::Date;
use jiff::ToSpan;

use crate::kinds::CalendarEntry;
use crate::model::{Document, Isms};

use super::pages::reviews::{documents_by_owner, owner_slug, tracked};
use super::{put, PageSink, RenderError};

fn ics_date(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// Something whose review a calendar shows: a document, or the SoA (soa.yaml with document
/// control).
struct Reviewed<'a> {
    /// Lower case in the event's UID; stable while the thing keeps its id.
    id: &'a str,
    title: &'a str,
    owner: Option<&'a str>,
    version: Option<&'a str>,
    source: &'a str,
    /// Its page in the site.
    page: &'a str,
    next: Date,
}

impl<'a> Reviewed<'a> {
    fn document(doc: &'a Document) -> Option<Reviewed<'a>> {
        let front = &doc.source.front;
        Some(Reviewed {
            id: doc.id(),
            title: doc.title(),
            owner: front.owner.as_ref().map(|o| o.value.as_str()),
            version: front.version.as_deref(),
            source: doc.rel_path(),
            page: &doc.page,
            next: doc.review?.next?,
        })
    }

    /// The SoA, when soa.yaml has document control and a next review date.
    fn soa(isms: &'a Isms) -> Option<Reviewed<'a>> {
        let review = crate::model::review::soa_review(&isms.soa, &isms.config, isms.today)?;
        let control = &isms.soa.control;
        Some(Reviewed {
            id: "SoA",
            title: "Statement of Applicability",
            owner: control.owner.as_ref().map(|o| o.value.as_str()),
            version: control.version.as_deref(),
            source: crate::source::soa::SOA_FILE,
            page: "soa.html",
            next: review.next?,
        })
    }
}

/// A stable, globally unique id for the review event of `item`.
fn event_uid(isms: &Isms, item: &Reviewed) -> String {
    format!(
        "review-{}@{}.annexa",
        item.id.to_lowercase(),
        organisation_slug(isms)
    )
}

fn organisation_slug(isms: &Isms) -> String {
    crate::model::slug::slugify(if isms.config.organisation.is_empty() {
        &isms.config.title
    } else {
        &isms.config.organisation
    })
}

fn event<'a>(isms: &Isms, item: &Reviewed) -> Event<'a> {
    let next = item.next;
    let stamp = format!("{}T000000Z", ics_date(isms.today));
    let mut event = Event::new(event_uid(isms, item), stamp);
    let mut start = DtStart::new(ics_date(next));
    start.append(ics::parameters!("VALUE" => "DATE"));
    event.push(start);
    let mut end = DtEnd::new(ics_date(next.checked_add(1.day()).unwrap_or(next)));
    end.append(ics::parameters!("VALUE" => "DATE"));
    event.push(end);
    let overdue = next < isms.today;
    event.push(Summary::new(escape_text(format!(
        "{}Review {} {}",
        if overdue { "OVERDUE: " } else { "" },
        item.id,
        item.title
    ))));
    let mut description = format!("Review of {} ({}).", item.title, item.id);
    if overdue {
        let days = next.until(isms.today).map_or(0, |s| s.get_days());
        description.push_str(&format!(
            " Overdue: due on {next}, {days} days before {}.",
            isms.today
        ));
    }
    if let Some(owner) = item.owner {
        description.push_str(&format!(" Owner: {owner}."));
    }
    if let Some(version) = item.version {
        description.push_str(&format!(" Current version: {version}."));
    }
    description.push_str(&format!(" Source: {}.", item.source));
    event.push(Description::new(escape_text(description)));
    event.push(Categories::new(if overdue {
        "ISMS review,Overdue"
    } else {
        "ISMS review"
    }));
    if let Some(base) = &isms.config.base_url {
        event.push(URL::new(format!("{base}{}", item.page)));
    }
    event
}

/// A calendar of the due reviews of `items`: upcoming ones and overdue ones (on their due
/// date, which a calendar shows in the past until the review is recorded and the date
/// moves).
fn record_event<'a>(isms: &Isms, entry: &CalendarEntry) -> Event<'a> {
    let stamp = format!("{}T000000Z", ics_date(isms.today));
    let mut event = Event::new(
        format!("{}@{}.annexa", entry.uid, organisation_slug(isms)),
        stamp,
    );
    let mut start = DtStart::new(ics_date(entry.date));
    start.append(ics::parameters!("VALUE" => "DATE"));
    event.push(start);
    let mut end = DtEnd::new(ics_date(
        entry.date.checked_add(1.day()).unwrap_or(entry.date),
    ));
    end.append(ics::parameters!("VALUE" => "DATE"));
    event.push(end);
    event.push(Summary::new(escape_text(entry.summary.clone())));
    let mut description = format!("{}.", entry.summary);
    if let Some(owner) = &entry.owner {
        description.push_str(&format!(" Owner: {owner}."));
    }
    description.push_str(&format!(" Source: {}.", entry.source));
    event.push(Description::new(escape_text(description)));
    event.push(Categories::new(entry.category));
    if let Some(base) = &isms.config.base_url {
        event.push(URL::new(format!("{base}{}", entry.page)));
    }
    event
}

/// Every record kind's dated entries (treatment actions…).
fn record_entries(isms: &Isms) -> Vec<CalendarEntry> {
    let mut entries: Vec<CalendarEntry> = crate::kinds::parts()
        .flat_map(|part| (part.calendar)(isms))
        .collect();
    entries.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.uid.cmp(&b.uid)));
    entries
}

fn calendar(
    name: &str,
    isms: &Isms,
    mut items: Vec<Reviewed>,
    entries: &[&CalendarEntry],
) -> String {
    let mut calendar = ICalendar::new("2.0", "-//annexa//ISMS reviews//EN");
    calendar.push(ics::components::Property::new(
        "X-WR-CALNAME",
        escape_text(name.to_string()),
    ));
    items.sort_by(|a, b| a.next.cmp(&b.next).then_with(|| a.id.cmp(b.id)));
    for item in &items {
        calendar.add_event(event(isms, item));
    }
    for entry in entries {
        calendar.add_event(record_event(isms, entry));
    }
    calendar.to_string()
}

/// Writes `reviews.ics` and `reviews/<owner>.ics`. Returns how many feeds.
pub fn write_feeds(isms: &Isms, sink: &dyn PageSink) -> Result<usize, RenderError> {
    let all: Vec<&Document> = tracked(isms).collect();
    let soa = || Reviewed::soa(isms);
    let title = format!("{} reviews", isms.config.title);
    let items = all
        .iter()
        .filter_map(|d| Reviewed::document(d))
        .chain(soa())
        .collect();
    let entries = record_entries(isms);
    let every_entry: Vec<&CalendarEntry> = entries.iter().collect();
    put(
        sink,
        "reviews.ics",
        calendar(&title, isms, items, &every_entry).as_bytes(),
    )?;
    let mut feeds = 1;
    let mut owners = documents_by_owner(isms);
    // The SoA's owner gets its review too, even one who owns no document.
    if let Some(owner) = soa().and_then(|s| s.owner) {
        owners.entry(owner.to_string()).or_default();
    }
    // And the owner of a record's entry (an action's owner) gets it.
    for entry in &entries {
        if let Some(owner) = &entry.owner {
            owners.entry(owner.clone()).or_default();
        }
    }
    for (owner, documents) in owners {
        let mut items: Vec<Reviewed> = documents
            .into_iter()
            .filter(|d| all.iter().any(|a| a.id() == d.id()))
            .filter_map(Reviewed::document)
            .collect();
        items.extend(soa().filter(|s| s.owner == Some(owner.as_str())));
        let own: Vec<&CalendarEntry> = entries
            .iter()
            .filter(|e| e.owner.as_deref() == Some(owner.as_str()))
            .collect();
        if items.is_empty() && own.is_empty() {
            continue;
        }
        let name = format!("{} reviews: {owner}", isms.config.title);
        put(
            sink,
            &format!("reviews/{}.ics", owner_slug(&owner)),
            calendar(&name, isms, items, &own).as_bytes(),
        )?;
        feeds += 1;
    }
    Ok(feeds)
}

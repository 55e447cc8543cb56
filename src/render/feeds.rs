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

use crate::model::{Document, Isms};

use super::pages::reviews::{documents_by_owner, owner_slug, tracked};
use super::{put, PageSink, RenderError};

fn ics_date(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// A stable, globally unique id for the review event of `doc`.
fn event_uid(isms: &Isms, doc: &Document) -> String {
    let org = crate::model::slug::slugify(if isms.config.organisation.is_empty() {
        &isms.config.title
    } else {
        &isms.config.organisation
    });
    format!("review-{}@{org}.annexa", doc.id().to_lowercase())
}

fn event<'a>(isms: &Isms, doc: &'a Document, next: Date) -> Event<'a> {
    let stamp = format!("{}T000000Z", ics_date(isms.today));
    let mut event = Event::new(event_uid(isms, doc), stamp);
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
        doc.id(),
        doc.title()
    ))));
    let front = &doc.source.front;
    let mut description = format!("Review of {} ({}).", doc.title(), doc.id());
    if overdue {
        let days = next.until(isms.today).map_or(0, |s| s.get_days());
        description.push_str(&format!(
            " Overdue: due on {next}, {days} days before {}.",
            isms.today
        ));
    }
    if let Some(owner) = &front.owner {
        description.push_str(&format!(" Owner: {}.", owner.value));
    }
    if let Some(version) = &front.version {
        description.push_str(&format!(" Current version: {version}."));
    }
    description.push_str(&format!(" Source: {}.", doc.rel_path()));
    event.push(Description::new(escape_text(description)));
    event.push(Categories::new(if overdue {
        "ISMS review,Overdue"
    } else {
        "ISMS review"
    }));
    if let Some(base) = &isms.config.base_url {
        event.push(URL::new(format!("{base}{}", doc.page)));
    }
    event
}

/// A calendar of the due reviews of `documents`: upcoming ones and overdue ones (on their
/// due date, which a calendar shows in the past until the review is recorded and the date
/// moves).
fn calendar(isms: &Isms, name: &str, documents: &[&Document]) -> String {
    let mut calendar = ICalendar::new("2.0", "-//annexa//ISMS reviews//EN");
    calendar.push(ics::components::Property::new(
        "X-WR-CALNAME",
        escape_text(name.to_string()),
    ));
    let mut upcoming: Vec<(Date, &Document)> = documents
        .iter()
        .filter_map(|d| Some((d.review?.next?, *d)))
        .collect();
    upcoming.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id().cmp(b.1.id())));
    for (next, doc) in upcoming {
        calendar.add_event(event(isms, doc, next));
    }
    calendar.to_string()
}

/// Writes `reviews.ics` and `reviews/<owner>.ics`. Returns how many feeds.
pub fn write_feeds(isms: &Isms, sink: &dyn PageSink) -> Result<usize, RenderError> {
    let all: Vec<&Document> = tracked(isms).collect();
    let title = format!("{} reviews", isms.config.title);
    put(sink, "reviews.ics", calendar(isms, &title, &all).as_bytes())?;
    let mut feeds = 1;
    for (owner, documents) in documents_by_owner(isms) {
        let documents: Vec<&Document> = documents
            .into_iter()
            .filter(|d| all.iter().any(|a| a.id() == d.id()))
            .collect();
        if !documents
            .iter()
            .any(|d| d.review.is_some_and(|r| r.next.is_some()))
        {
            continue;
        }
        let name = format!("{} reviews: {owner}", isms.config.title);
        put(
            sink,
            &format!("reviews/{}.ics", owner_slug(&owner)),
            calendar(isms, &name, &documents).as_bytes(),
        )?;
        feeds += 1;
    }
    Ok(feeds)
}

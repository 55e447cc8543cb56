//! The manual's parts in order: cover, document control table, contents with page numbers,
//! every published document with its metadata block, the Statement of Applicability.

use crate::catalog::catalog;
use crate::diagnostic::Diagnostic;
use crate::model::{Document, Isms};
use crate::render::view::handbook_order;
use crate::source::Classification;

use super::layout::{fit, Flow, Font, Page, MARGIN, PAGE_WIDTH, TOP};
use super::text::{blocks, Block};

const BODY: f32 = 10.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

pub(super) fn marking(level: Classification) -> String {
    level.key().to_uppercase()
}

/// A document's classification; none written counts as internal (as for publishing).
fn level(doc: &Document) -> Classification {
    doc.source
        .front
        .classification
        .unwrap_or(Classification::Internal)
}

fn running_header(doc: &Document) -> String {
    match &doc.source.front.version {
        Some(v) => format!("{} v{v} · {}", doc.id(), doc.title()),
        None => format!("{} · {}", doc.id(), doc.title()),
    }
}

/// The document control table: one row per document.
fn control_table(flow: &mut Flow, isms: &Isms, order: &[usize]) {
    flow.line("Document control", Font::Bold, 16.0, 0.0);
    flow.space(6.0);
    let columns = [
        ("Id", 0.0, 70.0),
        ("Title", 72.0, 170.0),
        ("Version", 245.0, 45.0),
        ("Status", 292.0, 55.0),
        ("Approved", 349.0, 55.0),
        ("Owner", 406.0, 77.0),
    ];
    flow.row(&columns, Font::Bold, 8.5);
    flow.rule();
    for &i in order {
        let doc = &isms.documents[i];
        let front = &doc.source.front;
        let approved = front.approved.map(|d| d.to_string()).unwrap_or_default();
        let owner = front.owner.as_ref().map(|o| o.value.as_str()).unwrap_or("");
        let cells = [
            (doc.id(), 0.0, 70.0),
            (doc.title(), 72.0, 170.0),
            (front.version.as_deref().unwrap_or(""), 245.0, 45.0),
            (front.status.key(), 292.0, 55.0),
            (approved.as_str(), 349.0, 55.0),
            (owner, 406.0, 77.0),
        ];
        flow.row(&cells, Font::Regular, 8.5);
    }
}

/// What a `[[ID]]` shows: as on the HTML page, a published document's title, a control's id
/// and title, and for a document this manual leaves out only `unpublished document`.
fn reference_text(isms: &Isms, id: &str) -> String {
    if let Some(doc) = isms.document(id) {
        return if doc.published {
            doc.title().to_string()
        } else {
            crate::render::markdown::UNPUBLISHED_TEXT.to_string()
        };
    }
    if let Some(crate::catalog::ParsedControlRef::Current(control)) =
        crate::catalog::ParsedControlRef::parse(id)
    {
        if let Some(c) = catalog().control(&control) {
            return format!("{} {}", c.id, c.title);
        }
    }
    id.to_string()
}

/// One document: its metadata block, then its body.
fn document(flow: &mut Flow, isms: &Isms, doc: &Document) -> Result<(), Diagnostic> {
    let front = &doc.source.front;
    flow.line(doc.id(), Font::Mono, 9.0, 0.0);
    flow.paragraph(doc.title(), Font::Bold, 16.0, 0.0, None);
    flow.space(4.0);
    let mut meta: Vec<(&str, String)> = vec![("Status", front.status.key().to_string())];
    if let Some(v) = &front.version {
        meta.push(("Version", v.clone()));
    }
    if let Some(o) = &front.owner {
        meta.push(("Owner", o.value.clone()));
    }
    if let Some(a) = &front.approver {
        meta.push(("Approver", a.value.clone()));
    }
    if let Some(d) = front.approved {
        meta.push(("Approved", d.to_string()));
    }
    meta.push(("Classification", level(doc).key().to_string()));
    if let Some(d) = front.last_reviewed {
        meta.push(("Last reviewed", d.to_string()));
    }
    if let Some(next) = doc.review.and_then(|r| r.next) {
        meta.push(("Next review", next.to_string()));
    }
    if let Some(change) = isms
        .history
        .as_ref()
        .and_then(|h| h.last_change(doc.rel_path()))
    {
        meta.push((
            "Last change",
            format!("{} ({})", change.date, change.short()),
        ));
    }
    if let Some(r) = &doc.in_review {
        let version = r
            .version
            .as_deref()
            .map(|v| format!(" (version {v})"))
            .unwrap_or_default();
        meta.push((
            "Revision",
            format!(
                "a revision{version} is {}; this is the last approved version, from commit {} of {}",
                r.status.label().to_lowercase(),
                r.approved_in.short(),
                r.approved_in.date
            ),
        ));
    }
    let controls: Vec<String> = doc.current_controls().map(ToString::to_string).collect();
    if !controls.is_empty() {
        meta.push(("Controls", controls.join(", ")));
    }
    for (label, value) in &meta {
        let lines = super::layout::wrap(value, Font::Regular, 9.0, TEXT_WIDTH - 90.0);
        for (n, line) in lines.iter().enumerate() {
            let label = if n == 0 { *label } else { "" };
            flow.row(
                &[(label, 0.0, 88.0), (line.as_str(), 90.0, TEXT_WIDTH - 90.0)],
                Font::Regular,
                9.0,
            );
        }
    }
    flow.rule();
    let text = isms.body_text(doc)?;
    let name = |id: &str| reference_text(isms, id);
    for block in blocks(&text, &name) {
        match block {
            Block::Heading(1, text)
                if crate::render::markdown::repeats_title(&text, doc.title()) => {}
            Block::Heading(level, text) => {
                let size = match level {
                    1 => 14.0,
                    2 => 12.5,
                    3 => 11.0,
                    _ => 10.0,
                };
                flow.space(6.0);
                flow.need(size * 3.0);
                flow.paragraph(&text, Font::Bold, size, 0.0, None);
            }
            Block::Paragraph(text) => {
                flow.paragraph(&text, Font::Regular, BODY, 0.0, None);
                flow.space(4.0);
            }
            Block::Item(depth, marker, text) => {
                let indent = 14.0 * depth as f32;
                flow.paragraph(&text, Font::Regular, BODY, indent, Some(&marker));
            }
            Block::Code(lines) => {
                for line in lines {
                    flow.line(
                        &fit(&line, Font::Mono, 8.5, TEXT_WIDTH - 10.0),
                        Font::Mono,
                        8.5,
                        10.0,
                    );
                }
                flow.space(4.0);
            }
            Block::Row(cells, header) => {
                let font = if header { Font::Bold } else { Font::Regular };
                flow.paragraph(&cells.join("  |  "), font, 9.0, 0.0, None);
                if header {
                    flow.rule();
                }
            }
            Block::Rule => flow.rule(),
        }
    }
    Ok(())
}

/// Entries of the table of contents that fit on one page.
const TOC_PER_PAGE: usize = 40;

/// The manual as pages, and how many documents it holds.
pub fn pages(isms: &Isms) -> Result<(Vec<Page>, usize), Diagnostic> {
    let order = handbook_order(isms);
    let highest = order
        .iter()
        .map(|&i| level(&isms.documents[i]))
        .max()
        .unwrap_or(Classification::Internal);
    let overall = marking(highest);
    // Cover and control table first; the contents' pages are reserved, then filled in once
    // the documents are set and their first pages known.
    let mut flow = Flow::new();
    flow.new_part("ISMS manual", &overall);
    flow.space(180.0);
    flow.paragraph(&isms.config.organisation, Font::Bold, 22.0, 0.0, None);
    flow.paragraph(&isms.config.title, Font::Regular, 16.0, 0.0, None);
    flow.space(16.0);
    flow.line(&format!("Issued {}", isms.today), Font::Regular, 11.0, 0.0);
    if let Some(v) = &isms.soa.control.version {
        flow.line(
            &format!("Statement of Applicability version {v}"),
            Font::Regular,
            11.0,
            0.0,
        );
    }
    flow.line(
        &format!("{} documents", order.len()),
        Font::Regular,
        11.0,
        0.0,
    );
    flow.space(16.0);
    flow.line(&format!("Classification: {overall}"), Font::Bold, 11.0, 0.0);
    flow.new_part("Document control", &overall);
    control_table(&mut flow, isms, &order);
    let entries = order.len() + usize::from(isms.has_soa);
    let toc_pages = entries.div_ceil(TOC_PER_PAGE).max(1);
    let toc_start = flow.pages.len();
    for _ in 0..toc_pages {
        flow.new_part("Contents", &overall);
    }
    let mut toc = Vec::with_capacity(entries);
    for &i in &order {
        let doc = &isms.documents[i];
        flow.new_part(&running_header(doc), &marking(level(doc)));
        toc.push((format!("{}  {}", doc.id(), doc.title()), flow.page_index()));
        document(&mut flow, isms, doc)?;
    }
    if isms.has_soa {
        let header = match &isms.soa.control.version {
            Some(v) => format!("Statement of Applicability v{v}"),
            None => "Statement of Applicability".to_string(),
        };
        flow.new_part(&header, &overall);
        toc.push(("Statement of Applicability".to_string(), flow.page_index()));
        super::soa::table(&mut flow, isms);
    }
    let mut pages = flow.pages;
    for (n, chunk) in toc.chunks(TOC_PER_PAGE).enumerate() {
        let page = &mut pages[toc_start + n];
        let mut y = TOP;
        if n == 0 {
            y -= 20.0;
            page.runs.push(super::layout::Run {
                x: MARGIN,
                y,
                font: Font::Bold,
                size: 16.0,
                text: "Contents".into(),
            });
            y -= 8.0;
        }
        for (title, index) in chunk {
            y -= 14.0;
            let number = (index + 1).to_string();
            let w = super::layout::width(&number, Font::Regular, 10.0);
            page.runs.push(super::layout::Run {
                x: MARGIN,
                y,
                font: Font::Regular,
                size: 10.0,
                text: fit(title, Font::Regular, 10.0, TEXT_WIDTH - 40.0),
            });
            page.runs.push(super::layout::Run {
                x: PAGE_WIDTH - MARGIN - w,
                y,
                font: Font::Regular,
                size: 10.0,
                text: number,
            });
        }
    }
    Ok((pages, order.len()))
}

//! Re-rendering after edits inside document bodies (serve's fast path): only the edited
//! documents' pages and what shows their bodies.

use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;

use crate::model::Isms;

use super::site::{document_parts, DocumentParts, PartsCache};
use super::{pages, view, PageSink, RenderError, RenderReport, Templates};

/// Re-renders after edits that changed only the bodies of the `changed` documents: not their
/// front matter, headings, links, control mentions or amount of raw HTML, so that what other
/// pages show of them is as it was. Renders their pages, print.html (the other documents'
/// sections from `cache`, its shell from `print_ends`, the pieces before and after the
/// documents) and, when one of them cites a 2013 control, transition.html (which shows the
/// line). The search index is left to `search_index`. Returns None when the parts of a
/// document are missing from `cache`, or when the site gains its first highlighted code
/// block or loses its last: the caller then renders everything.
pub fn render_body_edits(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    cache: &dyn PartsCache,
    changed: &[usize],
    print_ends: &(Bytes, Bytes),
) -> Result<Option<RenderReport>, RenderError> {
    // A document without a page in this build (classified above it) shows nowhere.
    let changed: Vec<usize> = changed
        .iter()
        .copied()
        .filter(|&i| isms.documents[i].published)
        .collect();
    let changed = changed.as_slice();
    let order = view::handbook_order(isms);
    let mut parts: Vec<Option<Arc<DocumentParts>>> = order
        .iter()
        .map(|&i| {
            if changed.contains(&i) {
                None
            } else {
                cache.reuse(i)
            }
        })
        .collect();
    if parts
        .iter()
        .zip(&order)
        .any(|(p, i)| p.is_none() && !changed.contains(i))
    {
        return Ok(None);
    }
    // Whether the site has highlighted code (and so assets/syntax.css) before the edit: the
    // parts of the edited documents in `cache` are still those of their last render.
    let had_code = order
        .iter()
        .any(|&i| cache.reuse(i).is_some_and(|p| p.has_code));
    let had_diagram = order
        .iter()
        .any(|&i| cache.reuse(i).is_some_and(|p| p.has_diagram));
    let print = pages::print::PrintPlan::new(isms, &order);
    let fresh: Vec<(usize, Arc<DocumentParts>)> = changed
        .par_iter()
        .map(|&index| {
            let rendered = Arc::new(document_parts(isms, templates, sink, &print, index)?);
            cache.keep(index, &rendered);
            Ok((index, rendered))
        })
        .collect::<Result<_, RenderError>>()?;
    for (index, rendered) in fresh {
        if let Some(at) = order.iter().position(|&i| i == index) {
            parts[at] = Some(rendered);
        }
    }
    if parts.iter().flatten().any(|p| p.has_code) != had_code
        || parts.iter().flatten().any(|p| p.has_diagram) != had_diagram
    {
        // The first code block or diagram, or the last one gone: the stylesheet or the
        // diagram renderer comes or goes.
        return Ok(None);
    }
    sink.put_streamed("print.html", &mut |out| {
        out.push(&print_ends.0)
            .map_err(RenderError::writing("print.html"))?;
        for section in parts
            .iter()
            .flatten()
            .filter_map(|p| p.print_section.as_ref())
        {
            out.push(section)
                .map_err(RenderError::writing("print.html"))?;
        }
        out.push(&print_ends.1)
            .map_err(RenderError::writing("print.html"))
    })?;
    let mut pages = changed.len() + 1;
    let cites_2013 = changed.iter().any(|&i| {
        let doc = &isms.documents[i];
        !doc.scan.legacy_mentions.is_empty()
            || doc
                .links
                .iter()
                .any(|t| matches!(t, crate::model::Target::LegacyControl(_)))
    });
    if cites_2013 {
        pages::controls::transition_page(isms, templates, sink)?;
        pages += 1;
    }
    Ok(Some(RenderReport {
        pages,
        documents: changed.len(),
    }))
}

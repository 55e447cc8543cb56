//! Markdown bodies to HTML: resolved cross-references, stable heading ids, highlighted code.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use crate::catalog::catalog;
use crate::model::body::{markdown_options, LinkSyntax, MAX_RAW_HTML_TAGS};
use crate::model::{Document, Isms, Target};

use super::diagram::{diagram_block, is_diagram};
use super::highlight::code_block;
use super::sanitize::sanitize;
use super::search::Lead;
use super::urls::{control_href, document_href};
use crate::config::RawHtml;

/// A rendered body.
pub struct RenderedBody {
    pub html: String,
    pub has_code: bool,
    /// Whether the body has a Mermaid diagram (its page loads the renderer).
    pub has_diagram: bool,
    /// The body's text without markup, as written (what search indexes): the text of text
    /// and code spans, every other event a space (the same as `search::plain_text`), except
    /// that `[[ID]]` of a document this build leaves out adds nothing: its id is not
    /// searchable.
    pub text: String,
    /// The opening of the text, from the first paragraph: what a search result shows.
    pub excerpt: String,
}

/// What `[[ID]]` shows when the document is not published in this build: the same for a
/// draft and a classified document, so the text tells neither which nor what.
pub const UNPUBLISHED_TEXT: &str = "unpublished document";

/// Where a resolved reference leads from a page `root` levels below the site root, and the
/// text a `[[...]]` without `|text` shows.
struct LinkPlan {
    href: Option<String>,
    text: String,
    title: Option<String>,
}

fn plan(isms: &Isms, target: &Target, written: &str, root: &str) -> LinkPlan {
    let catalog = catalog();
    match target {
        Target::Document { index, anchor } => {
            let doc = &isms.documents[*index];
            let heading = anchor
                .as_ref()
                .and_then(|a| doc.scan.headings.iter().find(|h| &h.id == a));
            let text = match heading {
                Some(h) => format!("{} § {}", doc.title(), h.text),
                None => doc.title().to_string(),
            };
            if doc.published {
                let mut href = document_href(root, doc);
                if let Some(a) = anchor {
                    href.push('#');
                    href.push_str(a);
                }
                LinkPlan {
                    href: Some(href),
                    text,
                    title: Some(doc.id().to_string()),
                }
            } else {
                // Not published here (a draft, or classified above this build): nothing of it
                // may show, not its title and not its id (`[[ID]]` shows `UNPUBLISHED_TEXT`;
                // `[[ID|text]]` and Markdown links keep the author's text).
                LinkPlan {
                    href: None,
                    text: UNPUBLISHED_TEXT.to_string(),
                    title: Some("not published in this build".to_string()),
                }
            }
        }
        Target::Control(id) => {
            let title = catalog
                .control(id)
                .map(|c| c.title.as_str())
                .unwrap_or_default();
            LinkPlan {
                href: Some(control_href(root, id)),
                text: format!("{id} {title}"),
                title: None,
            }
        }
        Target::LegacyControl(id) => {
            let legacy = catalog.legacy_control(id);
            let href = crate::catalog::successors(id)
                .first()
                .map(|s| control_href(root, &s.id));
            let title = legacy.map(|l| l.title.as_str()).unwrap_or_default();
            LinkPlan {
                href,
                text: format!("{id} {title} (2013)"),
                title: Some(format!(
                    "ISO/IEC 27001:2013 control; in 2022: {}",
                    crate::catalog::successor_ids(id)
                )),
            }
        }
        Target::FrameworkControl(control) => {
            let framework = isms.frameworks.get(&control.framework);
            let title = framework
                .and_then(|f| f.control(&control.control))
                .map(|c| c.title.as_str())
                .unwrap_or_default();
            let has_pages = isms
                .framework_coverage
                .iter()
                .any(|c| c.id == control.framework);
            LinkPlan {
                href: has_pages.then(|| {
                    format!(
                        "{root}{}",
                        super::urls::framework_control_page(&control.framework, &control.control)
                    )
                }),
                text: format!("{} {title}", control.control),
                title: framework.map(|f| f.name.clone()),
            }
        }
        Target::InPage(anchor) => LinkPlan {
            href: Some(format!("#{anchor}")),
            text: written.to_string(),
            title: None,
        },
        Target::Static(path) => LinkPlan {
            href: Some(format!("{root}{path}")),
            text: written.to_string(),
            title: None,
        },
        Target::External => LinkPlan {
            href: Some(written.to_string()),
            text: written.to_string(),
            title: None,
        },
        Target::Url(url) => LinkPlan {
            href: Some(url.clone()),
            text: written.to_string(),
            title: None,
        },
        Target::Empty => LinkPlan {
            href: None,
            text: written.to_string(),
            title: None,
        },
        Target::Broken(_) => LinkPlan {
            href: None,
            text: written.to_string(),
            title: None,
        },
    }
}

/// Renders `body`, the Markdown body of `doc` (see `Isms::body_text`), for a page whose path
/// to the site root is `root` (`""` or `"../"`).
pub fn render_body(isms: &Isms, doc: &Document, body: &str, root: &str) -> RenderedBody {
    let mut events: Vec<Event> = Vec::new();
    let mut link_index = 0;
    let mut heading_index = 0;
    let mut code: Option<(String, String)> = None;
    let mut has_code = false;
    let mut has_diagram = false;
    // For each open link and image: how it is closed.
    let mut open_links: Vec<Close> = Vec::new();
    let mut open_images: Vec<Close> = Vec::new();
    let mut skipping_link_text = false;
    // Inside `[[ID]]` of a document left out: its id stays out of the search text too.
    let mut withheld_text = false;
    let raw_html = match isms.config.raw_html {
        RawHtml::Sanitize if doc.scan.raw_html_tags > MAX_RAW_HTML_TAGS => RawHtml::Escape,
        mode => mode,
    };
    let mut has_raw_html = false;
    // The raw HTML header the body opens with: left out when it repeats the title (the page
    // shows it), else its headings become paragraphs.
    let (header_blocks, drop_header) = match &doc.scan.html_header {
        Some(header) => (header.blocks, header.repeats(doc.title())),
        None => (0, false),
    };
    let mut html_blocks = 0;
    let mut in_header = false;
    let mut text = String::with_capacity(body.len());
    let mut lead = Lead::default();

    for event in Parser::new_ext(body, markdown_options()) {
        lead.see(&event, withheld_text);
        match &event {
            Event::Text(_) | Event::Code(_) if withheld_text => {}
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => text.push(' '),
        }
        if skipping_link_text && !matches!(event, Event::End(TagEnd::Link)) {
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = doc
                    .scan
                    .headings
                    .get(heading_index)
                    .map(|h| CowStr::from(h.id.clone()));
                heading_index += 1;
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = doc.links.get(link_index).unwrap_or(&Target::External);
                let syntax = doc.scan.links.get(link_index).map(|l| l.syntax);
                link_index += 1;
                let plan = plan(isms, target, &dest_url, root);
                let link_title = plan.title.map(CowStr::from).unwrap_or(title);
                match plan.href {
                    Some(href) => {
                        events.push(Event::Start(Tag::Link {
                            link_type: if matches!(link_type, LinkType::WikiLink { .. }) {
                                LinkType::Inline
                            } else {
                                link_type
                            },
                            dest_url: href.into(),
                            title: link_title,
                            id,
                        }));
                        open_links.push(Close::Tag);
                    }
                    None if matches!(target, Target::Empty) => open_links.push(Close::Nothing),
                    None => {
                        let class = if matches!(target, Target::Broken(_)) {
                            "broken-link"
                        } else {
                            "unpublished-link"
                        };
                        events.push(Event::Html(
                            format!(
                                "<span class=\"{class}\" title=\"{}\">",
                                super::highlight::escape_html(&link_title)
                            )
                            .into(),
                        ));
                        open_links.push(Close::Span);
                    }
                }
                if syntax == Some(LinkSyntax::Wiki { piped: false }) {
                    withheld_text = matches!(target, Target::Document { index, .. } if !isms.documents[*index].published);
                    events.push(Event::Text(plan.text.into()));
                    skipping_link_text = true;
                }
            }
            Event::End(TagEnd::Link) => {
                skipping_link_text = false;
                withheld_text = false;
                match open_links.pop() {
                    Some(Close::Span) => events.push(Event::Html("</span>".into())),
                    Some(Close::Nothing) => {}
                    _ => events.push(Event::End(TagEnd::Link)),
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = doc.links.get(link_index).unwrap_or(&Target::External);
                link_index += 1;
                let href = plan(isms, target, &dest_url, root).href.unwrap_or_default();
                match shown_as_text(isms, target, &href) {
                    Some(why) => {
                        // The alt text, which follows as the image's text events, in its place.
                        events.push(Event::Html(
                            format!(
                                "<span class=\"image-alt\" title=\"{}\">",
                                super::highlight::escape_html(&why)
                            )
                            .into(),
                        ));
                        open_images.push(Close::Span);
                    }
                    None => {
                        events.push(Event::Start(Tag::Image {
                            link_type,
                            dest_url: href.into(),
                            title,
                            id,
                        }));
                        open_images.push(Close::Tag);
                    }
                }
            }
            Event::End(TagEnd::Image) => match open_images.pop() {
                Some(Close::Span) => events.push(Event::Html("</span>".into())),
                _ => events.push(Event::End(TagEnd::Image)),
            },
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, body)) = code.take() {
                    if is_diagram(&language) {
                        has_diagram = true;
                        events.push(Event::Html(diagram_block(&body).into()));
                    } else {
                        has_code |= !language.trim().is_empty();
                        events.push(Event::Html(code_block(&body, &language).into()));
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                html_blocks += 1;
                in_header = html_blocks <= header_blocks;
                if !(in_header && drop_header) {
                    events.push(Event::Start(Tag::HtmlBlock));
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if !(in_header && drop_header) {
                    events.push(Event::End(TagEnd::HtmlBlock));
                }
                in_header = false;
            }
            Event::Html(_) if in_header && drop_header => {}
            Event::Html(raw) if in_header && raw_html != RawHtml::Escape => {
                has_raw_html = true;
                events.push(Event::Html(
                    crate::model::html_header::demote_headings(&raw).into(),
                ));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                has_raw_html = true;
                match raw_html {
                    RawHtml::Escape => events.push(Event::Text(raw)),
                    RawHtml::Sanitize | RawHtml::Allow => events.push(Event::Html(raw)),
                }
            }
            other => events.push(other),
        }
    }
    drop_title_heading(&mut events, doc.title());
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let html = alignment_classes(html);
    // annexa's own markup is safe; only bodies with raw HTML pay for the sanitiser.
    let html = if has_raw_html && raw_html == RawHtml::Sanitize {
        super::remote_images::hide_remote_images(&sanitize(&html), &isms.config.image_hosts)
    } else {
        html
    };
    RenderedBody {
        html,
        has_code,
        has_diagram,
        text,
        excerpt: lead.finish(),
    }
}

/// Whether a heading's text repeats the document's title (case, spaces and a trailing
/// period aside).
pub fn repeats_title(text: &str, title: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches('.')
            .to_lowercase()
    };
    !title.trim().is_empty() && norm(text) == norm(title)
}

/// Leaves out the body's opening `# Title` when it repeats the document's title, which the
/// page already shows above the body: files written for GitHub open with one.
fn drop_title_heading(events: &mut Vec<Event>, title: &str) {
    let Some(Event::Start(Tag::Heading {
        level: HeadingLevel::H1,
        ..
    })) = events.first()
    else {
        return;
    };
    let Some(end) = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(HeadingLevel::H1))))
    else {
        return;
    };
    let text: String = events[1..end]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if repeats_title(&text, title) {
        events.drain(..=end);
    }
}

/// How an open link or image of the body is closed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Close {
    /// As written (`</a>`, the end of `<img>`).
    Tag,
    /// `</span>`: it became a span (a broken or unpublished link, an image shown as text).
    Span,
    /// Nothing: it became its text alone (`[text]()`).
    Nothing,
}

/// Why an image is shown as its alt text instead, if it is: it has no target, or another
/// host serves it and annexa.toml does not allow that host (the site loads nothing from other
/// hosts unless told to: its Content-Security-Policy would block it, and it fails offline).
fn shown_as_text(isms: &Isms, target: &Target, href: &str) -> Option<String> {
    use crate::model::external::{host_allowed, remote_host};
    match target {
        Target::Empty => Some("image without an address".to_string()),
        Target::External | Target::Url(_) => {
            let host = remote_host(href)?;
            (!host_allowed(&isms.config.image_hosts, &host)).then(|| {
                format!("image from {host}, not loaded (see annexa.toml: [images] allow_hosts)")
            })
        }
        _ => None,
    }
}

/// Table cell alignment as classes: pulldown-cmark writes `style` attributes, which the
/// site's Content-Security-Policy (no inline styles) would ignore.
fn alignment_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::isms_of;

    #[test]
    fn an_opening_heading_that_repeats_the_title_is_left_out() {
        let render = |title: &str, body: &str| {
            let isms = isms_of(&format!(
                "---\nid: POL-A\ntitle: {title}\nstatus: approved\n---\n{body}"
            ));
            render_body(&isms, &isms.documents[0], body, "../").html
        };
        let html = render(
            "Access Control Policy",
            "# Access  control policy.\n\nText.\n",
        );
        assert!(!html.contains("<h1"), "{html}");
        assert!(html.contains("<p>Text.</p>"));
        // Another first heading, a later one, or a second-level one stays.
        for body in [
            "# Purpose\n\nText.\n",
            "Intro.\n\n# Access Control Policy\n",
            "## Access Control Policy\n\nText.\n",
        ] {
            let html = render("Access Control Policy", body);
            assert!(html.contains("<h"), "{body}: {html}");
        }
    }

    #[test]
    fn body_text_is_what_search_indexes() {
        let body = "# Title\n\n## Scope\n\nSee [[POL-A]], [[A.5.15]] and [x](https://e.org). `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```yaml\nk: v\n```\n";
        let isms = isms_of(&format!(
            "---\nid: POL-A\ntitle: A\nstatus: approved\n---\n{body}"
        ));
        let rendered = render_body(&isms, &isms.documents[0], body, "../");
        assert_eq!(rendered.text, crate::render::search::plain_text(body));
        assert!(rendered.has_code);
        assert!(
            rendered
                .excerpt
                .starts_with("See POL-A, A.5.15 and x. code"),
            "the excerpt starts at the first paragraph: {:?}",
            rendered.excerpt
        );
        assert!(
            rendered.html.contains("href=\"../controls/a-5-15.html\""),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn mermaid_fences_are_diagrams_and_other_fences_keep_highlighting() {
        let isms = isms_of("---\nid: POL-A\ntitle: A\nstatus: approved\n---\nx\n");
        let doc = &isms.documents[0];
        let both = "```mermaid\nflowchart LR\n  A --> B\n```\n\n```yaml\nk: v\n```\n";
        let rendered = render_body(&isms, doc, both, "../");
        assert!(rendered.has_diagram && rendered.has_code);
        assert!(
            rendered.html.contains("<pre class=\"code diagram-source\"><code class=\"language-mermaid\">flowchart LR\n  A --&gt; B\n</code></pre>"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("hl-code"), "{}", rendered.html);

        let only = render_body(&isms, doc, "```mermaid\ngraph TD\n  A --> B\n```\n", "../");
        assert!(only.has_diagram);
        assert!(
            !only.has_code,
            "a diagram alone needs no highlighting stylesheet"
        );

        // Raw HTML sends the body through the sanitiser, which keeps the diagram's class.
        let raw = render_body(
            &isms,
            doc,
            "<b>x</b>\n\n```mermaid\ngraph TD\n  A --> B\n```\n",
            "../",
        );
        assert!(
            raw.html.contains("class=\"code diagram-source\""),
            "{}",
            raw.html
        );

        let none = render_body(&isms, doc, "```text\nmermaid\n```\n", "../");
        assert!(!none.has_diagram);
    }

    #[test]
    fn empty_links_and_external_images() {
        let body = "[![approved](https://img.shields.io/badge/-approved-green)]() and [plain]() and ![logo](https://cdn.example.org/logo.png \"Logo\") and ![none]()\n";
        let text = format!("---\nid: POL-A\ntitle: A\nstatus: approved\n---\n{body}");
        let mut isms = isms_of(&text);
        let html = render_body(&isms, &isms.documents[0], body, "../").html;
        assert!(!html.contains("<a") && !html.contains("<img"), "{html}");
        assert!(html.contains("<span class=\"image-alt\" title=\"image from img.shields.io, not loaded (see annexa.toml: [images] allow_hosts)\">approved</span>"), "{html}");
        assert!(html.contains(" and plain and "), "{html}");
        assert!(
            html.contains(">logo</span>") && html.contains(">none</span>"),
            "{html}"
        );
        isms.config.image_hosts = vec!["img.shields.io".into(), "*.example.org".into()];
        let html = render_body(&isms, &isms.documents[0], body, "../").html;
        assert!(
            html.contains(
                "<img src=\"https://img.shields.io/badge/-approved-green\" alt=\"approved\""
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<img src=\"https://cdn.example.org/logo.png\" alt=\"logo\" title=\"Logo\""
            ),
            "{html}"
        );
        assert!(
            !html.contains("<a"),
            "an empty link stays text around an allowed image: {html}"
        );
    }

    #[test]
    fn raw_html_headers() {
        let header = "<h1 align=\"center\">🛡️ Access Control Policy</h1>\n<p align=\"center\"><img src=\"../static/b.svg\" alt=\"badge\"></p>\n\n## Scope\n\n<h2>Kept</h2>\n";
        let text = format!(
            "---\nid: POL-A\ntitle: Access Control Policy\nstatus: approved\n---\n{header}"
        );
        let isms = isms_of(&text);
        let html = render_body(&isms, &isms.documents[0], header, "../").html;
        assert!(
            !html.contains("Access Control Policy") && !html.contains("badge"),
            "{html}"
        );
        assert!(
            html.contains("<h2>Kept</h2>"),
            "raw HTML further down is untouched: {html}"
        );
        let other = text.replace("title: Access Control Policy", "title: Access Rules");
        let isms = isms_of(&other);
        let html = render_body(&isms, &isms.documents[0], header, "../").html;
        assert!(
            html.contains("<p class=\"html-heading\">🛡️ Access Control Policy</p>"),
            "{html}"
        );
        assert!(!html.contains("<h1"), "{html}");
    }
}

//! `external-resource`: images the reader's browser would fetch from another host.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Location};
use crate::model::body::LinkSyntax;
use crate::model::external::{host_allowed, remote_host};
use crate::model::{Document, Isms, Target};

/// One warning per host and document, at the host's first image, with how many there are.
pub fn external_images(isms: &Isms) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    isms.documents
        .par_iter()
        .flat_map_iter(|doc| document_images(isms, doc))
        .collect()
}

fn document_images(isms: &Isms, doc: &Document) -> Vec<Diagnostic> {
    // host → (first image's byte range in the body, count)
    let mut hosts: BTreeMap<String, (std::ops::Range<usize>, usize)> = BTreeMap::new();
    for (link, target) in doc.scan.links.iter().zip(&doc.links) {
        if link.syntax != LinkSyntax::Image {
            continue;
        }
        let url = match target {
            Target::External => link.dest.as_str(),
            Target::Url(url) => url.as_str(),
            _ => continue,
        };
        let Some(host) = remote_host(url) else {
            continue;
        };
        if host_allowed(&isms.config.image_hosts, &host) {
            continue;
        }
        hosts
            .entry(host)
            .or_insert_with(|| (link.range.clone(), 0))
            .1 += 1;
    }
    // Images in raw HTML count too, but not those of a header left out (see raw-html-title).
    let dropped = doc
        .scan
        .html_header
        .as_ref()
        .filter(|h| h.repeats(doc.title()))
        .map(|h| h.range.clone());
    if isms.config.raw_html == crate::config::RawHtml::Sanitize {
        for (src, range) in &doc.scan.html_images {
            if dropped.as_ref().is_some_and(|d| d.contains(&range.start)) {
                continue;
            }
            let Some(host) = remote_host(src) else {
                continue;
            };
            if host_allowed(&isms.config.image_hosts, &host) {
                continue;
            }
            let entry = hosts.entry(host).or_insert_with(|| (range.clone(), 0));
            entry.1 += 1;
            if range.start < entry.0.start {
                entry.0 = range.clone();
            }
        }
    }
    let text = &doc.source.file.text;
    let mut found: Vec<(String, std::ops::Range<usize>, usize)> = hosts
        .into_iter()
        .map(|(host, (range, count))| (host, range, count))
        .collect();
    found.sort_by_key(|(_, range, _)| range.start);
    found
        .into_iter()
        .map(|(host, range, count)| {
            let what = if count == 1 {
                "an image".to_string()
            } else {
                format!("{count} images")
            };
            crate::lint::registry::EXTERNAL_RESOURCE
                .report(format!(
                    "{} shows {what} from `{host}`: shown as alt text, since the site loads nothing from other hosts",
                    doc.id()
                ))
                .at(Location::in_text(
                    doc.rel_path(),
                    text,
                    doc.source.body_offset + range.start,
                    range.len(),
                ))
                .with_help(format!(
                    "copy the image into static/ and link it there, or allow the host in annexa.toml: `[images] allow_hosts = [\"{host}\"]` (the pages' Content-Security-Policy then allows it; readers' browsers fetch from it, and offline the image is missing)"
                ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::isms_of;

    #[test]
    fn one_warning_per_host_with_the_count() {
        let mut isms = isms_of("---\nid: POL-A\ntitle: A\nstatus: approved\n---\n![a](https://img.shields.io/a) ![b](https://img.shields.io/b)\n\n![c](//badgen.net/c) [link](https://img.shields.io/) ![d](../static/d.png) ![e](data:image/png;base64,AA)\n\n![f](https://IMG.shields.io/f)\n\n<p align=\"center\"><img src=\"https://img.shields.io/g\" alt=\"g\"></p>\n");
        let found: Vec<(String, usize, usize)> = external_images(&isms)
            .into_iter()
            .map(|d| {
                let l = d.location.unwrap_or_else(|| Location::whole_file(""));
                (d.message, l.line, l.column)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("POL-A shows 4 images from `img.shields.io`: shown as alt text, since the site loads nothing from other hosts".to_string(), 6, 1),
                ("POL-A shows an image from `badgen.net`: shown as alt text, since the site loads nothing from other hosts".to_string(), 8, 1),
            ]
        );
        isms.config.image_hosts = vec!["img.shields.io".into()];
        assert_eq!(external_images(&isms).len(), 1);
        // A raw HTML header that repeats the title is left out, and its images with it.
        let header = isms_of("---\nid: POL-A\ntitle: A\n---\n<h1 align=\"center\">A</h1>\n<p><img src=\"https://img.shields.io/x\"></p>\n\nText <img src=\"https://badgen.net/y\">\n");
        let messages: Vec<String> = external_images(&header)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(messages, ["POL-A shows an image from `badgen.net`: shown as alt text, since the site loads nothing from other hosts"]);
    }
}

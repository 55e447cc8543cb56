//! The search index: a table of rows (documents, Annex A controls, overview pages) and an
//! inverted index of normalised terms, written at build time as `assets/search-index.js` (a
//! script assigning a global, so that it loads from file:// where fetch() cannot) and
//! searched in the browser by the theme's `search.js`.
//!
//! Format `annexa-search/2` (a JSON object assigned to `window.annexaSearchIndex`):
//! - `rows`: `[kind, id, title, label, status key, url, controls, excerpt]` (see `Row`):
//!   first one per published document in handbook order (kind `d`; label its type, controls
//!   its 2022 ids joined by spaces, excerpt the opening of its body, `EXCERPT_CHARS` at
//!   most), then one per Annex A control in catalogue order (kind `c`; label its theme,
//!   status its SoA decision, excerpt the SoA's justification), then one per overview page
//!   (kind `p`; excerpt what the page holds). Urls are relative to the site root.
//! - `terms`: every indexed term, sorted by UTF-16 code units (JavaScript's string order, so
//!   the browser finds prefixes by binary search).
//! - `postings`: for each term, the rows containing it: ascending row numbers of `rows`,
//!   delta-encoded in base 36 and joined by `,` (`"0,3,a"` = rows 0, 3, 13).
//! - `stop`: the stop words left out, so the browser drops the same ones from queries.
//! - `statuses`: status key → label (documents' statuses and controls' SoA decisions).
//!
//! Terms: a document always contributes the terms of its id, title, type and controls; of
//! its body, at most `term_cap(n)` distinct terms, the most distinctive first (frequent in
//! it, rare elsewhere). A control contributes its id (`a.7.4`; the browser also reads `7.4`
//! as `a.7.4`), title, theme, justification and the 2013 ids it replaces; the ids of its
//! documents are not its terms (a document's row names its controls). A page contributes
//! its title and description (`rows::OVERVIEW_PAGES`).
//!
//! Size: small sites keep every term; 10,000 documents keep ~100 body terms each and a
//! 160-character excerpt: 5.5 MB in all, of which excerpts 1.6 MB (README, "Search").
//!
//! The browser's tokenizer (themes/default/static/search.js) must match `tokens`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use crate::model::Document;
use crate::source::Status;

mod excerpt;
mod rows;
mod tokens;

pub use excerpt::{excerpt, Lead, EXCERPT_CHARS};
pub use rows::{control_rows, page_rows, OVERVIEW_PAGES};
pub use tokens::{for_each_term, plain_text, tokens, STOP_WORDS};

/// The index's format, written into it (the browser checks it).
pub const FORMAT: &str = "annexa-search/2";

/// Documents whose index terms are chosen at a time (see `SearchIndex::from_terms`).
const CHOICE_CHUNK: usize = 512;

/// Body terms the whole index may hold, spread over the documents …
const TERM_BUDGET: usize = 1_000_000;
/// … but never fewer than this many per document, nor more than this many.
const MIN_TERMS_PER_DOC: usize = 100;
const MAX_TERMS_PER_DOC: usize = 2_000;

/// How many distinct body terms each of `n` documents may contribute.
pub fn term_cap(n: usize) -> usize {
    (TERM_BUDGET / n.max(1)).clamp(MIN_TERMS_PER_DOC, MAX_TERMS_PER_DOC)
}

/// FNV-1a: a fast hash for the index's many short terms (SipHash's protection against
/// crafted keys is not needed for counting words; iteration order never reaches the output).
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// One document as the index sees it.
#[derive(Clone, Debug)]
pub struct IndexDoc {
    pub id: String,
    pub title: String,
    pub doc_type: String,
    pub status: Status,
    /// Page, relative to the site root.
    pub url: String,
    /// 2022 control ids (`A.5.15`).
    pub controls: Vec<String>,
    /// Plain text of the body.
    pub body: String,
}

/// What a row of the index is: a document, an Annex A control or an overview page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Document,
    Control,
    Page,
}

impl Kind {
    /// How the index writes it: one letter (the index has a row per document).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Document => "d",
            Kind::Control => "c",
            Kind::Page => "p",
        }
    }
}

/// A row of the index's table, written as the array
/// `[kind, id, title, label, status, url, controls, excerpt]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: Kind,
    /// A document's or control's id; empty for a page.
    pub id: String,
    pub title: String,
    /// A document's type, a control's theme; empty for a page.
    pub label: String,
    /// A key of the index's `statuses`; empty when there is nothing to say.
    pub status: &'static str,
    /// Page, relative to the site root.
    pub url: String,
    /// For a document, the 2022 controls it lists, joined by spaces.
    pub controls: String,
    /// What the result shows under its title (the browser highlights the query in it).
    pub excerpt: String,
}

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (
            self.kind.key(),
            &self.id,
            &self.title,
            &self.label,
            self.status,
            &self.url,
            &self.controls,
            &self.excerpt,
        )
            .serialize(serializer)
    }
}

/// The built index, ready to serialise.
#[derive(Serialize)]
pub struct SearchIndex {
    format: &'static str,
    stop: &'static [&'static str],
    statuses: BTreeMap<&'static str, &'static str>,
    rows: Vec<Row>,
    terms: Vec<String>,
    postings: Vec<String>,
}

/// JavaScript's string order: by UTF-16 code units.
fn utf16_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `n` in base 36, lower case.
fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Ascending row numbers, delta-encoded in base 36, joined by `,`.
fn encode_postings(rows: &[u32]) -> String {
    let mut out = String::with_capacity(rows.len() * 3);
    let mut previous = 0;
    for (i, &row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&base36((row - previous) as usize));
        previous = row;
    }
    out
}

/// The terms of one document, kept compact because the index needs those of every document
/// at once: its field terms (always indexed) and its distinct body terms with their counts.
#[derive(Debug, Default)]
pub struct DocTerms {
    fields: Vec<String>,
    /// Distinct body terms, in ascending order, each followed by `\n` (terms hold no spaces).
    body: String,
    /// How often each body term occurs (saturating: the score only ranks terms).
    counts: Vec<u16>,
    /// The opening of the body (see `Lead`).
    excerpt: String,
}

impl DocTerms {
    /// The terms of a document with these fields and this plain body text, which opens
    /// with `excerpt`.
    pub fn new(
        id: &str,
        title: &str,
        doc_type: &str,
        controls: &[String],
        body: &str,
        excerpt: &str,
    ) -> DocTerms {
        let mut fields = tokens(id);
        fields.extend(tokens(title));
        fields.extend(tokens(doc_type));
        for control in controls {
            fields.extend(tokens(control));
        }
        fields.sort();
        fields.dedup();
        let mut counted: FastMap<String, u16> = FastMap::default();
        for_each_term(body, |term| match counted.get_mut(term) {
            Some(count) => *count = count.saturating_add(1),
            None => {
                counted.insert(term.to_string(), 1);
            }
        });
        let mut sorted: Vec<(String, u16)> = counted.into_iter().collect();
        sorted.sort_unstable();
        let mut terms = DocTerms {
            fields,
            body: String::with_capacity(sorted.iter().map(|(t, _)| t.len() + 1).sum()),
            counts: Vec::with_capacity(sorted.len()),
            excerpt: excerpt.to_string(),
        };
        for (term, count) in sorted {
            terms.body.push_str(&term);
            terms.body.push('\n');
            terms.counts.push(count);
        }
        terms
    }

    /// The terms of a row that has fields only (a control, a page): every term of `texts`.
    pub fn of_fields(texts: &[&str]) -> DocTerms {
        let mut fields: Vec<String> = texts.iter().flat_map(|t| tokens(t)).collect();
        fields.sort();
        fields.dedup();
        DocTerms {
            fields,
            ..DocTerms::default()
        }
    }

    /// The distinct body terms and how often each occurs.
    fn body_terms(&self) -> impl Iterator<Item = (&str, u16)> {
        self.body
            .split_terminator('\n')
            .zip(self.counts.iter().copied())
    }
}

/// Picks at most `cap` body terms: highest term frequency × a whole-number inverse document
/// frequency first, then alphabetically (integer scores keep the choice byte-for-byte stable).
fn chosen_body_terms<'a>(
    terms: &'a DocTerms,
    df: &FastMap<&str, usize>,
    n: usize,
    cap: usize,
) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = terms
        .body_terms()
        .filter(|(term, _)| {
            terms
                .fields
                .binary_search_by(|f| f.as_str().cmp(term))
                .is_err()
        })
        .map(|(term, tf)| {
            let docs = df.get(term).copied().unwrap_or(1).max(1);
            let idf = 1 + (n * 16 / docs).max(1).ilog2() as usize;
            (tf as usize * idf, term)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.truncate(cap);
    scored.into_iter().map(|(_, term)| term).collect()
}

impl IndexDoc {
    fn row(&self) -> Row {
        Row {
            kind: Kind::Document,
            id: self.id.clone(),
            title: self.title.clone(),
            label: self.doc_type.clone(),
            status: self.status.key(),
            url: self.url.clone(),
            controls: self.controls.join(" "),
            excerpt: excerpt(&self.body, EXCERPT_CHARS),
        }
    }
}

/// The row of a published document whose terms are `terms`.
pub fn row_of(doc: &Document, terms: &DocTerms) -> Row {
    let controls: Vec<String> = doc.current_controls().map(ToString::to_string).collect();
    Row {
        kind: Kind::Document,
        id: doc.id().to_string(),
        title: doc.title().to_string(),
        label: doc.doc_type.clone(),
        status: doc.source.front.status.key(),
        url: doc.page.clone(),
        controls: controls.join(" "),
        excerpt: terms.excerpt.clone(),
    }
}

/// The terms of `doc`, whose body as plain text is `body_text`, opening with `excerpt`.
pub fn terms_of(doc: &Document, body_text: &str, excerpt: &str) -> DocTerms {
    let controls: Vec<String> = doc.current_controls().map(ToString::to_string).collect();
    DocTerms::new(
        doc.id(),
        doc.title(),
        &doc.doc_type,
        &controls,
        body_text,
        excerpt,
    )
}

impl SearchIndex {
    /// Builds the index of `docs`, in the order given (the row numbers of `docs`).
    pub fn build(docs: &[IndexDoc]) -> SearchIndex {
        let terms: Vec<DocTerms> = docs
            .par_iter()
            .map(|d| {
                let opening = excerpt(&d.body, EXCERPT_CHARS);
                DocTerms::new(&d.id, &d.title, &d.doc_type, &d.controls, &d.body, &opening)
            })
            .collect();
        let rows = docs.iter().map(IndexDoc::row).collect();
        SearchIndex::from_terms(rows, &terms.iter().collect::<Vec<_>>())
    }

    /// Builds the index of rows given with their terms, in that order. The body terms of
    /// each document are capped by the number of documents (`term_cap`).
    pub fn from_terms(rows: Vec<Row>, per_doc: &[&DocTerms]) -> SearchIndex {
        let mut df: FastMap<&str, usize> = FastMap::default();
        for terms in per_doc {
            for (term, _) in terms.body_terms() {
                *df.entry(term).or_insert(0) += 1;
            }
        }
        debug_assert_eq!(rows.len(), per_doc.len(), "one set of terms per row");
        let n = rows.iter().filter(|r| r.kind == Kind::Document).count();
        let cap = term_cap(n);
        // Row numbers are pushed in ascending order, so each posting list comes out sorted.
        // The terms are chosen in parallel, a chunk of documents at a time, so that only a
        // chunk's choices are held besides the postings.
        let mut postings: FastMap<&str, Vec<u32>> = FastMap::default();
        for (chunk_index, chunk) in per_doc.chunks(CHOICE_CHUNK).enumerate() {
            let chosen: Vec<Vec<&str>> = chunk
                .par_iter()
                .map(|terms| {
                    let mut all: Vec<&str> = terms.fields.iter().map(String::as_str).collect();
                    all.extend(chosen_body_terms(terms, &df, n, cap));
                    all
                })
                .collect();
            for (i, terms) in chosen.iter().enumerate() {
                let row = u32::try_from(chunk_index * CHOICE_CHUNK + i).unwrap_or(u32::MAX);
                for term in terms {
                    postings.entry(term).or_default().push(row);
                }
            }
        }
        let mut terms: Vec<(&str, Vec<u32>)> = postings.into_iter().collect();
        terms.sort_by(|a, b| utf16_cmp(a.0, b.0));
        SearchIndex {
            format: FORMAT,
            stop: STOP_WORDS,
            statuses: Status::ALL
                .iter()
                .map(|s| (s.key(), s.label()))
                .chain(rows::control_statuses())
                .collect(),
            rows,
            postings: terms
                .iter()
                .map(|(_, rows)| encode_postings(rows))
                .collect(),
            terms: terms.into_iter().map(|(t, _)| t.to_string()).collect(),
        }
    }

    /// Number of indexed terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The index as `assets/search-index.js`.
    pub fn to_js(&self) -> String {
        // Written into one buffer: the index is megabytes at 10,000 documents.
        let mut js = format!(
            "/* annexa search index ({}), generated: do not edit. */\nwindow.annexaSearchIndex = ",
            self.format
        )
        .into_bytes();
        if serde_json::to_writer(&mut js, self).is_err() {
            js.extend_from_slice(b"{}");
        }
        js.extend_from_slice(b";\n");
        String::from_utf8(js).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn doc(id: &str, title: &str, controls: &[&str], body: &str) -> IndexDoc {
        IndexDoc {
            id: id.to_string(),
            title: title.to_string(),
            doc_type: "policy".to_string(),
            status: Status::Approved,
            url: format!("docs/{}.html", id.to_lowercase()),
            controls: controls.iter().map(ToString::to_string).collect(),
            body: body.to_string(),
        }
    }

    /// The rows a term's posting list names.
    pub(super) fn rows(index: &SearchIndex, term: &str) -> Vec<usize> {
        let Some(i) = index.terms.iter().position(|t| t == term) else {
            return Vec::new();
        };
        let mut row = 0;
        index.postings[i]
            .split(',')
            .map(|d| {
                row += usize::from_str_radix(d, 36).unwrap_or(usize::MAX / 2);
                row
            })
            .collect()
    }

    #[test]
    fn base36_deltas() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(encode_postings(&[0, 3, 16]), "0,3,d");
        assert_eq!(encode_postings(&[5]), "5");
    }

    #[test]
    fn finds_documents_by_id_title_control_and_body() {
        let index = SearchIndex::build(&[
            doc(
                "POL-AC",
                "Access Control Policy",
                &["A.5.15"],
                "Least privilege.",
            ),
            doc("POL-BAK", "Backup Policy", &["A.8.13"], "Restore tests."),
        ]);
        assert_eq!(rows(&index, "pol-ac"), [0]);
        assert_eq!(rows(&index, "access"), [0]);
        assert_eq!(rows(&index, "a.5.15"), [0]);
        assert_eq!(rows(&index, "restore"), [1]);
        assert_eq!(rows(&index, "policy"), [0, 1]);
        assert_eq!(index.rows[0].controls, "A.5.15");
        assert_eq!(index.rows[0].excerpt, "Least privilege.");
        assert_eq!(index.rows[1].url, "docs/pol-bak.html");
    }

    #[test]
    fn terms_are_in_javascript_order() {
        let index = SearchIndex::build(&[doc("X-1", "zeta alpha ﬃ 𝔸lpha", &[], "")]);
        let mut sorted = index.terms.clone();
        sorted.sort_by(|a, b| utf16_cmp(a, b));
        assert_eq!(index.terms, sorted);
    }

    #[test]
    fn body_terms_are_capped_but_fields_are_not() {
        let body: String = (0..3000).map(|i| format!("word{i} ")).collect();
        let index = SearchIndex::build(&[doc("BIG-1", "Large Handbook", &["A.5.1"], &body)]);
        let cap = term_cap(1);
        assert_eq!(cap, MAX_TERMS_PER_DOC);
        let body_terms = index.terms.iter().filter(|t| t.starts_with("word")).count();
        assert_eq!(body_terms, cap);
        for field in ["big-1", "big", "large", "handbook", "a.5.1", "policy"] {
            assert_eq!(rows(&index, field), [0], "{field}");
        }
        assert_eq!(term_cap(10_000), MIN_TERMS_PER_DOC);
        assert_eq!(term_cap(5_000), 200);
    }

    #[test]
    fn distinctive_terms_win_the_cap() {
        // Two documents share "common"; "rare" is only in the first: with room for one body
        // term, the first keeps "rare" although "common" is as frequent in it.
        let docs = [
            doc("A-1", "One", &[], "common rare"),
            doc("A-2", "Two", &[], "common"),
        ];
        let per_doc: Vec<DocTerms> = docs
            .iter()
            .map(|d| DocTerms::new(&d.id, &d.title, &d.doc_type, &d.controls, &d.body, ""))
            .collect();
        let mut df = FastMap::default();
        for t in &per_doc {
            for (term, _) in t.body_terms() {
                *df.entry(term).or_insert(0) += 1;
            }
        }
        assert_eq!(chosen_body_terms(&per_doc[0], &df, 2, 1), ["rare"]);
    }

    #[test]
    fn output_is_deterministic_javascript() {
        let docs = [
            doc(
                "POL-AC",
                "Access Control Policy",
                &["A.5.15"],
                "alpha beta gamma",
            ),
            doc("POL-IS", "Information Security Policy", &[], "gamma delta"),
        ];
        let first = SearchIndex::build(&docs).to_js();
        let second = SearchIndex::build(&docs).to_js();
        assert_eq!(first, second);
        let json = first
            .split_once("window.annexaSearchIndex = ")
            .and_then(|(_, rest)| rest.strip_suffix(";\n"))
            .expect("assigns the global");
        let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
        assert_eq!(value["format"], "annexa-search/2");
        assert_eq!(
            value["rows"][1],
            serde_json::json!([
                "d",
                "POL-IS",
                "Information Security Policy",
                "policy",
                "approved",
                "docs/pol-is.html",
                "",
                "gamma delta"
            ])
        );
        assert_eq!(value["statuses"]["in-review"], "In review");
        assert_eq!(
            value["terms"].as_array().map(Vec::len),
            value["postings"].as_array().map(Vec::len)
        );
    }
}

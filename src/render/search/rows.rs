//! The index's rows besides documents: one per Annex A control (id, title, theme, the SoA's
//! justification, the 2013 ids it replaces) and one per overview page (SoA, coverage,
//! reviews, register …), so that search finds what an auditor looks for, not only documents.

use crate::catalog::{catalog, Control};
use crate::model::Isms;
use crate::source::soa::Implementation;

use super::excerpt::excerpt;
use super::{DocTerms, Kind, Row};
use crate::render::urls::control_page;

/// Characters of a control's excerpt (its justification): the index holds 93 of them.
const JUSTIFICATION_CHARS: usize = 320;

/// The pages over all documents: path, title (as the page's heading), and what the page
/// holds, in words an auditor searches for (indexed, and shown as the result's excerpt).
pub const OVERVIEW_PAGES: &[(&str, &str, &str)] = &[
    (
        "soa.html",
        "Statement of Applicability",
        "The SoA: every Annex A control of ISO/IEC 27001:2022, whether it is applicable, the \
         justification, its implementation status and the documents that implement it. \
         Download it as an Excel spreadsheet (soa.xlsx) or as CSV (soa.csv).",
    ),
    (
        "coverage.html",
        "Control coverage",
        "Which applicable Annex A controls are documented by approved documents, by theme, \
         the gaps, and the controls new in 2022.",
    ),
    (
        "transition.html",
        "2013 → 2022 transition",
        "Where documents still cite ISO/IEC 27001:2013 Annex A control ids, and the 2022 \
         controls that replace them.",
    ),
    (
        "register.html",
        "Document register",
        "The register of controlled documents: id, title, type, version, owner, approver, \
         approval and review dates, classification. Download it as CSV (register.csv).",
    ),
    (
        "reviews.html",
        "Reviews",
        "Document reviews overdue, due soon and never reviewed, with the next review dates. \
         Subscribe to reviews.ics in a calendar.",
    ),
    (
        "owners.html",
        "Owners",
        "The documents of each owner, their reviews due, and a calendar per owner.",
    ),
    (
        "documents.html",
        "All documents",
        "Every published document by type: policies, procedures, standards, records.",
    ),
    (
        "print.html",
        "Print view",
        "The whole manual in one page, to print or to save as PDF.",
    ),
    (
        "index.html",
        "Home",
        "The dashboard: documentation coverage of Annex A, reviews due, documents in review \
         and drafts, and the current warnings.",
    ),
];

/// The status keys of control rows and their labels (besides the documents' statuses).
pub fn control_statuses() -> Vec<(&'static str, &'static str)> {
    let mut all = vec![
        ("applicable", "Applicable"),
        ("not-applicable", "Not applicable"),
        ("undecided", "Not decided in the SoA"),
    ];
    all.extend(Implementation::ALL.iter().map(|s| (s.key(), s.label())));
    all
}

/// The status key of `control`: its implementation status when the SoA gives one, else
/// whether it is applicable; empty without a soa.yaml.
fn control_status(isms: &Isms, control: &Control) -> &'static str {
    match isms.soa.decisions.get(&control.id) {
        Some(d) if !d.applicable => "not-applicable",
        Some(d) => d.status.map_or("applicable", Implementation::key),
        None if isms.has_soa => "undecided",
        None => "",
    }
}

/// One row per Annex A control, in catalogue order, with its terms.
pub fn control_rows(isms: &Isms) -> Vec<(Row, DocTerms)> {
    catalog()
        .controls
        .iter()
        .map(|control| {
            let justification = isms
                .soa
                .decisions
                .get(&control.id)
                .and_then(|d| d.justification.as_deref())
                .unwrap_or("");
            let replaces: Vec<&str> = control.replaces.iter().map(|id| id.as_str()).collect();
            let mut texts = vec![
                control.id.as_str(),
                control.title.as_str(),
                control.theme.label(),
                justification,
            ];
            texts.extend(replaces);
            let row = Row {
                kind: Kind::Control,
                id: control.id.to_string(),
                title: control.title.clone(),
                label: control.theme.label().to_string(),
                status: control_status(isms, control),
                url: control_page(&control.id),
                controls: String::new(),
                excerpt: excerpt(justification, JUSTIFICATION_CHARS),
            };
            (row, DocTerms::of_fields(&texts))
        })
        .collect()
}

/// One row per overview page, with its terms.
pub fn page_rows() -> Vec<(Row, DocTerms)> {
    OVERVIEW_PAGES
        .iter()
        .map(|&(url, title, about)| {
            let row = Row {
                kind: Kind::Page,
                id: String::new(),
                title: title.to_string(),
                label: String::new(),
                status: "",
                url: url.to_string(),
                controls: String::new(),
                excerpt: about.to_string(),
            };
            (row, DocTerms::of_fields(&[title, about]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::rows;
    use super::*;
    use crate::model::for_tests::scanned;
    use crate::model::ModelInput;
    use crate::render::site::search_index;

    const SOA: &str = "framework: iso27001-2022\ncontrols:\n  A.7.4:\n    applicable: false\n    justification: Surveillance is provided by the landlord under the lease.\n  A.7.1:\n    applicable: true\n    status: partial\n    justification: Offices have badge readers.\n";

    fn isms(soa: Option<&str>) -> Isms {
        Isms::build(ModelInput {
            config: crate::config::Config::default(),
            today: jiff::civil::date(2026, 11, 25),
            documents: vec![scanned(
                "---\nid: POL-PHY\ntitle: Physical Security Policy\nstatus: approved\ncontrols: [A.7.4]\n---\n## Purpose\n\nGuards patrol the site.\n",
            )],
            static_files: Default::default(),
            soa: soa.map(|text| crate::source::soa::parse(text).0),
            include_drafts: true,
            frameworks: Default::default(),
            applicability: Default::default(),
            data: Default::default(),
        })
    }

    fn row_at<'a>(index: &'a super::super::SearchIndex, url: &str) -> (usize, &'a Row) {
        index
            .rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.url == url)
            .unwrap_or_else(|| panic!("no row for {url}"))
    }

    #[test]
    fn controls_are_rows_found_by_id_title_theme_justification_and_2013_id() {
        let isms = isms(Some(SOA));
        let doc_terms = DocTerms::new(
            "POL-PHY",
            "Physical Security Policy",
            "policy",
            &["A.7.4".to_string()],
            "Guards patrol the site.",
            "Guards patrol the site.",
        );
        let index = search_index(&isms, &[0], &[&doc_terms]);
        assert_eq!(index.rows[0].kind, Kind::Document);
        assert_eq!(index.rows[0].excerpt, "Guards patrol the site.");
        let (a74, row) = row_at(&index, "controls/a-7-4.html");
        assert_eq!(row.kind, Kind::Control);
        assert_eq!(
            (row.id.as_str(), row.title.as_str(), row.label.as_str()),
            ("A.7.4", "Physical security monitoring", "Physical")
        );
        assert_eq!(row.status, "not-applicable");
        assert_eq!(
            row.excerpt,
            "Surveillance is provided by the landlord under the lease."
        );
        // The control's id finds the control and the document that lists it.
        assert_eq!(rows(&index, "a.7.4"), [0, a74]);
        for term in ["physical", "monitoring", "landlord", "lease"] {
            assert!(rows(&index, term).contains(&a74), "{term}");
        }
        // A.7.1 replaces the 2013 controls A.11.1.1 and A.11.1.2; its status is from the SoA.
        let (a71, row) = row_at(&index, "controls/a-7-1.html");
        assert_eq!(row.status, "partial");
        assert_eq!(rows(&index, "a.11.1.1"), [a71]);
        // Every control of the catalogue has a row; the statuses name every status used.
        let controls = index.rows.iter().filter(|r| r.kind == Kind::Control);
        assert_eq!(controls.count(), catalog().controls.len());
        for row in &index.rows {
            assert!(
                row.status.is_empty() || index.statuses.contains_key(row.status),
                "{row:?}"
            );
        }
        let (_, undecided) = row_at(&index, "controls/a-5-1.html");
        assert_eq!(undecided.status, "undecided");
    }

    #[test]
    fn without_an_soa_controls_have_no_status_and_no_excerpt() {
        let index = search_index(&isms(None), &[], &[]);
        let (_, row) = row_at(&index, "controls/a-7-4.html");
        assert_eq!((row.status, row.excerpt.as_str()), ("", ""));
    }

    #[test]
    fn overview_pages_are_rows_found_by_their_titles() {
        let index = search_index(&isms(None), &[], &[]);
        let (soa, row) = row_at(&index, "soa.html");
        assert_eq!(
            (row.kind, row.title.as_str()),
            (Kind::Page, "Statement of Applicability")
        );
        for term in [
            "statement",
            "applicability",
            "soa",
            "spreadsheet",
            "soa.xlsx",
        ] {
            assert_eq!(rows(&index, term), [soa], "{term}");
        }
        for (url, _, _) in OVERVIEW_PAGES {
            row_at(&index, url);
        }
        let (register, _) = row_at(&index, "register.html");
        assert!(rows(&index, "register").contains(&register));
        let (coverage, _) = row_at(&index, "coverage.html");
        assert!(rows(&index, "coverage").contains(&coverage));
    }
}

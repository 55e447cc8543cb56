//! The records of a generated project (`ANNEXA_BENCH_RECORDS=N`): N records spread over
//! every record kind and register, valid against the generated documents' ids, the roles
//! of annexa.toml and the applicable controls, so that `annexa build` reports no error.
//!
//! For N: N/4 nonconformities, N/4 suppliers, N/10 internal audits (the programme over the
//! certification cycle and a report for each audit held), 2 + N/500 management reviews,
//! N incidents in incidents.csv, N/100 objectives with N/50 KPIs measured monthly for 24
//! months plus the five computed ones, N/2 assets (at least 500 with risks, which name
//! `AS-0000`–`AS-0499`), N/20 obligations and certification.yaml. The same N and seed give
//! the same bytes.

use std::fmt::Write as _;

use super::{date, day, doc_rng, Rng, ROLES};

/// How many records to add (`ANNEXA_BENCH_RECORDS`, default none).
pub fn record_count() -> usize {
    std::env::var("ANNEXA_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// How many of each kind N records give.
pub struct Counts {
    pub nonconformities: usize,
    pub suppliers: usize,
    pub audits: usize,
    pub reviews: usize,
    pub incidents: usize,
    pub objectives: usize,
    pub measured_kpis: usize,
    pub assets: usize,
    pub obligations: usize,
}

impl Counts {
    pub fn new(records: usize, risks: usize) -> Counts {
        let assets = records / 2;
        Counts {
            nonconformities: records / 4,
            suppliers: records / 4,
            audits: (records / 10).max(1),
            reviews: 2 + records / 500,
            incidents: records,
            objectives: (records / 100).max(1),
            measured_kpis: (records / 50).max(1),
            assets: if risks > 0 { assets.max(500) } else { assets },
            obligations: (records / 20).max(1),
        }
    }

    /// The Markdown files among the records (what the floor renders besides documents).
    pub fn markdown_files(&self) -> usize {
        self.nonconformities + self.suppliers + self.held_audits() + self.reviews
    }

    /// Internal audits planned before today have a report (`status: done`).
    fn held_audits(&self) -> usize {
        (0..self.audits)
            .filter(|&k| audit_day(k, self.audits) < today())
            .count()
    }
}

fn today() -> i64 {
    day(2026, 11, 25)
}

/// The certification cycle: decision and expiry.
fn cycle() -> (i64, i64) {
    (day(2024, 5, 20), day(2027, 5, 19))
}

/// The clauses of ISO/IEC 27001:2022 an audit programme covers (4.1–10.2).
const CLAUSES: [&str; 24] = [
    "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "7.1", "7.2", "7.3",
    "7.4", "7.5", "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.1", "10.2", "6.1.2",
];

const SEVERITIES: [(&str, usize); 4] = [("low", 50), ("medium", 32), ("high", 15), ("critical", 3)];
const CATEGORIES: [&str; 8] = [
    "phishing",
    "malware",
    "access",
    "availability",
    "data",
    "cloud",
    "device",
    "physical",
];
const CLASSIFICATIONS: [&str; 4] = ["public", "internal", "confidential", "restricted"];
const ASSET_TYPES: [&str; 9] = [
    "information",
    "service",
    "application",
    "database",
    "storage",
    "hardware",
    "site",
    "server",
    "network",
];

/// The day internal audit `k` of `count` is planned: spread over the cycle's months.
fn audit_day(k: usize, count: usize) -> i64 {
    let (start, end) = cycle();
    let span = (end - start - 45) as usize;
    start + 15 + (k * span / count) as i64
}

fn audit_id(k: usize, count: usize) -> String {
    let (y, _, _) = super::civil_from_days(audit_day(k, count));
    format!("IA-{y}-{k:04}")
}

/// The day management review `k` of `count` is held (the last one is planned).
fn review_day(k: usize, count: usize) -> i64 {
    let start = day(2024, 6, 10);
    let last_held = day(2026, 10, 20);
    if k + 1 == count {
        return day(2027, 6, 15);
    }
    let held = count - 1;
    start + ((last_held - start) as usize * k / held.saturating_sub(1).max(1)) as i64
}

fn nc_id(i: usize) -> String {
    format!("NC-{i:05}")
}

fn supplier_id(i: usize) -> String {
    format!("SUP-{i:04}")
}

fn asset_id(i: usize) -> String {
    format!("AS-{i:04}")
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// Everything the records refer to in the generated project.
pub struct Context<'a> {
    pub seed: u64,
    /// Ids of the documents in force (records relate to them).
    pub documents: &'a [&'a str],
    /// The applicable Annex A controls.
    pub controls: &'a [String],
    pub counts: Counts,
}

impl Context<'_> {
    fn rng(&self, kind: u64, index: usize) -> Rng {
        doc_rng(self.seed ^ (kind << 40), index, 9)
    }

    fn documents(&self, rng: &mut Rng, k: usize) -> Vec<String> {
        rng.sample(self.documents.len(), k)
            .into_iter()
            .map(|d| self.documents[d].to_string())
            .collect()
    }

    fn controls(&self, rng: &mut Rng, k: usize) -> Vec<String> {
        rng.sample(self.controls.len(), k)
            .into_iter()
            .map(|c| self.controls[c].clone())
            .collect()
    }
}

/// Every record file as (path relative to the project, text).
pub fn files(cx: &Context) -> Vec<(String, String)> {
    let c = &cx.counts;
    let mut out = vec![
        ("certification.yaml".to_string(), certification()),
        ("audits/programme.yaml".to_string(), programme(cx)),
        ("assets.yaml".to_string(), assets(cx)),
        ("obligations.yaml".to_string(), obligations(cx)),
        ("incidents.csv".to_string(), incidents(cx)),
        ("objectives.yaml".to_string(), objectives(cx)),
    ];
    for k in 0..c.measured_kpis {
        out.push((format!("measurements/KPI-M{k:04}.csv"), measurements(cx, k)));
    }
    for i in 0..c.suppliers {
        out.push((format!("suppliers/{}.md", supplier_id(i)), supplier(cx, i)));
    }
    for i in 0..c.nonconformities {
        out.push((
            format!("nonconformities/{}.md", nc_id(i)),
            nonconformity(cx, i),
        ));
    }
    for k in 0..c.audits {
        if audit_day(k, c.audits) < today() {
            let id = audit_id(k, c.audits);
            out.push((format!("audits/{id}.md"), audit_report(cx, k)));
        }
    }
    for k in 0..c.reviews {
        out.push((
            format!("management-reviews/MR-{k:03}.md"),
            management_review(cx, k),
        ));
    }
    out
}

fn certification() -> String {
    "# Generated by annexa's benchmark harness (benches/support/records.rs).\n\
     standard: iso27001-2022\n\
     body: Benchmark Certification GmbH\n\
     certificate: BM-27001\n\
     scope: Everything the generated documents describe\n\
     certified: 2024-05-20\n\
     expires: 2027-05-19\n\
     audits:\n\
     \x20 - { kind: stage-1, date: 2024-02-27, result: passed }\n\
     \x20 - { kind: stage-2, date: 2024-04-15, result: passed }\n\
     \x20 - { kind: surveillance-1, date: 2025-04-22, result: passed }\n\
     \x20 - { kind: surveillance-2, planned: 2026-12-08 }\n"
        .to_string()
}

/// The audit programme: every clause and applicable control in some audit's scope.
fn programme(cx: &Context) -> String {
    let count = cx.counts.audits;
    let mut out =
        String::from("# The internal audit programme, generated for the benchmarks.\naudits:\n");
    for k in 0..count {
        let (y, m, _) = super::civil_from_days(audit_day(k, count));
        let mut clauses: Vec<String> = (0..CLAUSES.len())
            .filter(|c| c % count == k)
            .map(|c| format!("\"{}\"", CLAUSES[c]))
            .collect();
        if clauses.is_empty() {
            clauses.push(format!("\"{}\"", CLAUSES[k % CLAUSES.len()]));
        }
        let mut controls: Vec<String> = (0..cx.controls.len())
            .filter(|c| c % count == k)
            .map(|c| cx.controls[c].clone())
            .collect();
        if controls.is_empty() {
            controls.push(cx.controls[k % cx.controls.len()].clone());
        }
        let _ = write!(
            out,
            "  - id: {}\n    title: Internal audit {k} of the cycle\n    planned: {y:04}-{m:02}\n    auditor: External consultant\n    scope:\n",
            audit_id(k, count)
        );
        let _ = writeln!(out, "      clauses: {}", list(&clauses));
        let _ = writeln!(out, "      controls: {}", list(&controls));
        out.push_str("      processes: [Risk management]\n");
    }
    out
}

/// The nonconformities an audit raised: those whose index is `k` modulo the audits.
fn findings(cx: &Context, k: usize) -> Vec<String> {
    let audits = cx.counts.audits;
    (0..cx.counts.nonconformities)
        .skip(k)
        .step_by(audits)
        .filter(|i| i.is_multiple_of(3))
        .map(nc_id)
        .collect()
}

fn audit_report(cx: &Context, k: usize) -> String {
    let count = cx.counts.audits;
    let id = audit_id(k, count);
    let held = audit_day(k, count);
    let reviews = cx.counts.reviews;
    let reported_to = (0..reviews.saturating_sub(1))
        .find(|&r| review_day(r, reviews) >= held)
        .map(|r| format!("reported_to: MR-{r:03}\n"))
        .unwrap_or_default();
    let mut rng = cx.rng(1, k);
    format!(
        "---\nid: {id}\ntitle: \"Internal audit {k}\"\nstatus: done\ndate: {}\nauditors: [External consultant]\n\
         owner: ISMS Manager\nclassification: internal\nfindings: {}\n{reported_to}related: {}\n---\n\n\
         ## Summary\n\nThe audit sampled the records of its scope.\n\n## Conclusion\n\nThe ISMS conforms, \
         with the findings listed.\n",
        date(held),
        list(&findings(cx, k)),
        list(&cx.documents(&mut rng, 2)),
    )
}

fn nonconformity(cx: &Context, i: usize) -> String {
    let mut rng = cx.rng(2, i);
    let c = &cx.counts;
    let (start, _) = cycle();
    let raised =
        start + 20 + (i * (today() - start - 30) as usize / c.nonconformities.max(1)) as i64;
    let age = today() - raised;
    let grade = *rng.weighted(&[
        ("major", 10),
        ("minor", 50),
        ("observation", 25),
        ("opportunity", 15),
    ]);
    let audit = i % c.audits;
    let source = if i.is_multiple_of(3) && audit_day(audit, c.audits) < today() {
        audit_id(audit, c.audits)
    } else if i % 3 == 1 && c.incidents > 0 {
        format!("INC-{:06}", rng.below(c.incidents))
    } else {
        "Observed by the process owner".to_string()
    };
    let status = match age {
        a if a > 400 => "closed",
        a if a > 250 => *rng.pick(&["closed", "verified"]),
        a if a > 120 => *rng.pick(&["implemented", "verified"]),
        a if a > 30 => *rng.pick(&["planned", "implemented"]),
        _ => "open",
    };
    let owner = *rng.pick(&ROLES);
    let mut out = format!(
        "---\nid: {}\ntitle: Nonconformity {i} in the {} process\nowner: {owner}\ngrade: {grade}\nsource: {source}\n\
         raised: {}\nclauses: [\"{}\"]\ncontrols: {}\nstatus: {status}\nclassification: internal\n",
        nc_id(i),
        i % 41,
        date(raised),
        rng.pick(&CLAUSES),
        list(&{
            let k = rng.range(1, 2);
            cx.controls(&mut rng, k)
        }),
    );
    if status != "open" {
        out.push_str("correction: The immediate problem was corrected the same week.\n");
        out.push_str("root_cause: The process did not say who checks the result.\n");
        out.push_str("actions:\n");
        let done_all = matches!(status, "implemented" | "verified" | "closed");
        for a in 0..rng.range(1, 3) {
            let due = raised + 30 + rng.below(90) as i64;
            let done = if done_all {
                format!(
                    ", done: {}",
                    date((due - rng.below(20) as i64).min(today() - 1))
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  - {{ id: CA-{i:05}-{a}, action: Corrective action {a} for nonconformity {i}, owner: {owner}, due: {}{done} }}",
                date(due)
            );
        }
        let check = raised + 200;
        match status {
            "verified" | "closed" => {
                let _ = writeln!(
                    out,
                    "effectiveness: {{ due: {}, checked: {}, by: CISO, effective: true }}",
                    date(check),
                    date(check.min(today() - 1))
                );
            }
            "implemented" => {
                let _ = writeln!(
                    out,
                    "effectiveness: {{ due: {}, by: CISO }}",
                    date(check.max(today() + 10))
                );
            }
            _ => {}
        }
    }
    let _ = write!(
        out,
        "---\n\nWhat was found, where, and the requirement it did not meet: see [[{}]].\n",
        cx.documents[rng.below(cx.documents.len())]
    );
    out
}

fn supplier(cx: &Context, i: usize) -> String {
    let mut rng = cx.rng(3, i);
    let criticality = *rng.weighted(&[("low", 30), ("medium", 35), ("high", 25), ("critical", 10)]);
    let clauses: &[&str] = match criticality {
        "low" => &["confidentiality"],
        "medium" => &["confidentiality"],
        "high" => &[
            "confidentiality",
            "security-requirements",
            "incident-notification",
            "right-to-audit",
        ],
        _ => &[
            "confidentiality",
            "security-requirements",
            "incident-notification",
            "right-to-audit",
            "subcontracting",
            "data-return",
            "exit-plan",
        ],
    };
    let status = *rng.weighted(&[("active", 85), ("onboarding", 10), ("offboarded", 5)]);
    let data = *rng.pick(&CLASSIFICATIONS);
    let start = day(2019, 1, 1) + rng.below(2000) as i64;
    let mut out = format!(
        "---\nid: {}\ntitle: Supplier {i} of {} services\ntype: supplier\nstatus: {status}\nowner: {}\n\
         classification: internal\ncriticality: {criticality}\nservices: [Service {}, Support]\ndata: {data}\n",
        supplier_id(i),
        super::SYSTEMS[i % super::SYSTEMS.len()],
        rng.pick(&ROLES),
        i % 97,
    );
    out.push_str("certifications:\n");
    for standard in ["ISO/IEC 27001", "SOC 2 Type II"]
        .iter()
        .take(rng.range(0, 2))
    {
        let _ = writeln!(
            out,
            "  - {{ standard: {standard}, expires: {} }}",
            date(today() + 90 + rng.below(900) as i64)
        );
    }
    if out.ends_with("certifications:\n") {
        out.truncate(out.len() - "certifications:\n".len());
        out.push_str("certifications: []\n");
    }
    let _ = writeln!(
        out,
        "contract: {{ start: {}, end: {}, clauses: {} }}",
        date(start),
        date(today() + 200 + rng.below(1500) as i64),
        list(&clauses.iter().map(|c| c.to_string()).collect::<Vec<_>>())
    );
    if matches!(data, "confidential" | "restricted") {
        let _ = writeln!(out, "dpa: {}", date(start));
    } else {
        out.push_str("dpa: false\n");
    }
    let _ = writeln!(
        out,
        "last_assessed: {}",
        date(today() - 10 - rng.below(300) as i64)
    );
    if cx.counts.assets > 0 {
        let k = rng.range(0, 3);
        let assets: Vec<String> = rng
            .sample(cx.counts.assets, k)
            .into_iter()
            .map(asset_id)
            .collect();
        let _ = writeln!(out, "assets: {}", list(&assets));
    }
    let k = rng.range(1, 2);
    let related = cx.documents(&mut rng, k);
    let _ = write!(
        out,
        "related: {}\n---\n\nWhat the supplier provides and how it was assessed ([[{}]]).\n\n## Assessment\n\n\
         The yearly review found no exceptions relevant to the services used.\n",
        list(&related),
        related[0]
    );
    out
}

fn assets(cx: &Context) -> String {
    let mut out = String::from("# The asset inventory, generated for the benchmarks.\nassets:\n");
    for i in 0..cx.counts.assets {
        let mut rng = cx.rng(4, i);
        let supplier = if cx.counts.suppliers > 0 && rng.percent(50) {
            format!(
                ", supplier: {}",
                supplier_id(rng.below(cx.counts.suppliers))
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  - {{ id: {}, name: Asset {i}, type: {}, owner: {}, classification: {}{supplier}, location: \"Site {}\" }}",
            asset_id(i),
            rng.pick(&ASSET_TYPES),
            rng.pick(&ROLES),
            rng.pick(&CLASSIFICATIONS),
            i % 13
        );
    }
    out
}

fn obligations(cx: &Context) -> String {
    let mut out =
        String::from("# The legal register, generated for the benchmarks.\nobligations:\n");
    for i in 0..cx.counts.obligations {
        let mut rng = cx.rng(5, i);
        let kind = *rng.pick(&["law", "regulation", "contract", "standard"]);
        let status = *rng.weighted(&[("compliant", 75), ("partial", 15), ("non-compliant", 10)]);
        let mut applies = vec!["Customer data".to_string()];
        if cx.counts.assets > 0 {
            applies.push(asset_id(rng.below(cx.counts.assets)));
        }
        let n_controls = rng.range(1, 4);
        let _ = write!(
            out,
            "  - id: OBL-{i:04}\n    title: Obligation {i} ({kind})\n    kind: {kind}\n    jurisdiction: EU\n    \
             source: Article {i} of the applicable act\n    owner: {}\n    applies_to: {}\n    controls: {}\n    \
             status: {status}\n    last_reviewed: {}\n    review_every: 12 months\n",
            rng.pick(&ROLES),
            list(&applies),
            list(&cx.controls(&mut rng, n_controls)),
            date(today() - 5 - rng.below(330) as i64)
        );
        if status != "compliant" {
            let _ = writeln!(
                out,
                "    actions:\n      - {{ action: Close the gap of obligation {i}, owner: {}, due: {} }}",
                rng.pick(&ROLES),
                date(today() + 30 + rng.below(300) as i64)
            );
        }
    }
    out
}

/// A date-time `YYYY-MM-DDTHH:MM` from minutes since 1970.
fn datetime(minutes: i64) -> String {
    let (d, m) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    format!("{}T{:02}:{:02}", date(d), m / 60, m % 60)
}

/// N incidents over the 24 months before today, in time order.
fn incidents(cx: &Context) -> String {
    let mut out =
        String::from("id,title,severity,occurred,detected,resolved,category,nonconformity\n");
    let count = cx.counts.incidents;
    let start = (today() - 730) * 1440;
    let span = 725 * 1440;
    for i in 0..count {
        let mut rng = cx.rng(6, i);
        let occurred = start + (i as i64 * span) / count.max(1) as i64;
        let detected = occurred + 15 + rng.below(48 * 60) as i64;
        let resolved = if i + count / 100 + 1 > count {
            String::new()
        } else {
            datetime(detected + 60 + rng.below(96 * 60) as i64)
        };
        let nonconformity = if cx.counts.nonconformities > 0 && rng.percent(5) {
            nc_id(rng.below(cx.counts.nonconformities))
        } else {
            String::new()
        };
        let category = *rng.pick(&CATEGORIES);
        let _ = writeln!(
            out,
            "INC-{i:06},Incident {i} ({category}),{},{},{},{resolved},{category},{nonconformity}",
            rng.weighted(&SEVERITIES),
            datetime(occurred),
            datetime(detected),
        );
    }
    out
}

/// The five computed KPIs, then the measured ones `KPI-M0000`….
fn objectives(cx: &Context) -> String {
    let c = &cx.counts;
    let computed = [
        "  - { id: KPI-MTTD, title: Mean time to detect, unit: hours, direction: lower, target: 24, frequency: monthly, owner: CISO, source: incidents, metric: mttd }",
        "  - { id: KPI-MTTR, title: Mean time to resolve, unit: hours, direction: lower, target: 72, frequency: monthly, owner: CISO, source: incidents, metric: mttr }",
        "  - { id: KPI-INC, title: Incidents per quarter, unit: incidents, direction: lower, target: 1000, frequency: quarterly, owner: CISO, source: incidents, metric: count }",
        "  - { id: KPI-DOCS, title: Documents reviewed on time, unit: \"%\", direction: higher, target: 90, frequency: quarterly, owner: ISMS Manager, source: reviews, metric: documents-reviewed-on-time }",
        "  - { id: KPI-CAPA, title: Nonconformities closed on time, unit: \"%\", direction: higher, target: 80, frequency: quarterly, owner: ISMS Manager, source: nonconformities, metric: closed-on-time }",
    ];
    let mut kpi_ids: Vec<String> = ["KPI-MTTD", "KPI-MTTR", "KPI-INC", "KPI-DOCS", "KPI-CAPA"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    kpi_ids.extend((0..c.measured_kpis).map(|k| format!("KPI-M{k:04}")));

    let mut out =
        String::from("# Objectives and KPIs, generated for the benchmarks.\nobjectives:\n");
    for o in 0..c.objectives {
        let mut rng = cx.rng(7, o);
        let kpis: Vec<String> = kpi_ids
            .iter()
            .enumerate()
            .filter(|(k, _)| k % c.objectives == o)
            .map(|(_, id)| id.clone())
            .collect();
        let _ = write!(
            out,
            "  - id: OBJ-{o:03}\n    title: Objective {o}\n    owner: {}\n    due: {}\n    plan: The plan of objective {o}\n    \
             resources: Two people for a quarter\n    evaluation: Monthly values against the target\n    status: open\n    kpis: {}\n",
            rng.pick(&ROLES),
            date(today() + 30 + rng.below(400) as i64),
            list(&kpis)
        );
    }
    out.push_str("kpis:\n");
    for line in computed {
        out.push_str(line);
        out.push('\n');
    }
    for k in 0..c.measured_kpis {
        let mut rng = cx.rng(8, k);
        let higher = rng.percent(60);
        let link = if c.nonconformities > 0 && rng.percent(20) {
            format!(
                ", nonconformities: [{}]",
                nc_id(rng.below(c.nonconformities))
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  - {{ id: KPI-M{k:04}, title: Measured KPI {k}, unit: \"%\", direction: {}, target: {}, frequency: monthly, owner: {}{link} }}",
            if higher { "higher" } else { "lower" },
            if higher { 90 } else { 10 },
            rng.pick(&ROLES),
        );
    }
    out
}

/// 24 months of values, 2024-11 to 2026-10 (the last month ended before today).
fn measurements(cx: &Context, k: usize) -> String {
    let mut rng = cx.rng(9, k);
    let mut out = String::from("period,value,note\n");
    for month in 0..24 {
        let (y, m) = (2024 + (10 + month) / 12, (10 + month) % 12 + 1);
        let value = 70 + rng.below(31);
        let note = if rng.percent(10) { "manual count" } else { "" };
        let _ = writeln!(out, "{y:04}-{m:02},{value},{note}");
    }
    out
}

fn management_review(cx: &Context, k: usize) -> String {
    let count = cx.counts.reviews;
    let when = review_day(k, count);
    let held = k + 1 < count;
    let mut rng = cx.rng(10, k);
    let mut out = format!(
        "---\nid: MR-{k:03}\ntitle: Management review {k}\nowner: CISO\nstatus: {}\ndate: {}\n\
         attendees: [CEO, CTO, CISO, ISMS Manager]\ntop_management: [CEO, CTO]\nclassification: internal\n",
        if held { "held" } else { "planned" },
        date(when)
    );
    if held {
        out.push_str(
            "inputs:\n  previous_actions: All actions of the last review done.\n  issues: No change of context.\n  \
             interested_parties: No new requirements.\n  nonconformities: See the CAPA tracker.\n  \
             monitoring: KPIs mostly on target.\n  audit_results: Internal audits as planned.\n  \
             objectives: On track.\n  feedback: Customer survey positive.\n  risk: No risk above appetite.\n  \
             improvement: Automate the evidence collection.\n",
        );
        out.push_str(
            "decisions:\n  - Continue the programme as planned.\nchanges: [None]\nactions:\n",
        );
        for a in 0..rng.range(1, 3) {
            let due = when + 60 + rng.below(120) as i64;
            let done = if due < today() {
                format!(", done: {}", date(due - 5))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  - {{ id: MR-{k:03}-A{a}, action: Review action {a}, owner: {}, due: {}{done} }}",
                rng.pick(&ROLES),
                date(due)
            );
        }
    }
    out.push_str("---\n\nMinutes of the management review.\n");
    out
}

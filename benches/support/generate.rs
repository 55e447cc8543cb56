//! Synthetic ISMS projects for the benchmarks.
//!
//! `generate(root, n, seed)` writes an `annexa.toml`, a `soa.yaml` deciding all 93 controls
//! of ISO/IEC 27001:2022 Annex A, and `n` documents of about 6 KB each under `policies/`,
//! `procedures/`, `standards/` and `records/` (topic sub-folders, at most
//! [`MAX_PER_FOLDER`] files in one folder). Every document has realistic front matter,
//! `##`/`###` headings, paragraphs, bullet lists, one table, one fenced code block and 5–10
//! `[[ID]]` cross-references (some `[[ID#heading]]`, some `[[ID|text]]`) to other generated
//! documents. References never break; about 5% of the documents are overdue for review on
//! [`TODAY`]. The same `n` and `seed` give the same bytes. With `ANNEXA_BENCH_RISKS` it adds
//! risk records, with `ANNEXA_BENCH_RECORDS` the records of every other kind (`records.rs`).

#[path = "records.rs"]
pub mod records;

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The `--today` the generated review dates are spread around.
pub const TODAY: &str = "2026-11-25";

/// No generated folder holds more documents than this.
pub const MAX_PER_FOLDER: usize = 400;

/// What `generate` wrote.
pub struct Summary {
    pub documents: usize,
    pub files: usize,
    pub bytes: u64,
    pub folders: usize,
    pub max_per_folder: usize,
    /// Documents that `annexa build --today TODAY` reports as overdue.
    pub overdue: usize,
    pub drafts: usize,
}

/// splitmix64: small, fast and good enough to make test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn weighted<'a, T>(&mut self, items: &'a [(T, usize)]) -> &'a T {
        let total: usize = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        for (item, weight) in items {
            if roll < *weight {
                return item;
            }
            roll -= weight;
        }
        &items[items.len() - 1].0
    }

    /// `k` distinct indices of `0..n`, in random order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

/// An independent stream for document `index` in pass `pass`.
fn doc_rng(seed: u64, index: usize, pass: u64) -> Rng {
    let mut mix =
        Rng::new(seed ^ (index as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93) ^ (pass << 56));
    Rng::new(mix.next_u64())
}

/// annexa's heading ids (GitHub's algorithm) on the ASCII text generated here: lower case,
/// everything but letters, digits, `_`, `-` and spaces removed, each space a `-`.
pub fn slugify(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Dates: days since 1970-01-01 (proleptic Gregorian calendar).

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn day(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d)
}

// ---------------------------------------------------------------------------------------
// Vocabulary.

struct Kind {
    prefix: &'static str,
    folder: &'static str,
    type_name: &'static str,
    weight: usize,
    sections: &'static [&'static str],
}

const KINDS: [Kind; 4] = [
    Kind {
        prefix: "POL",
        folder: "policies",
        type_name: "policy",
        weight: 15,
        sections: &[
            "Policy statements",
            "Requirements",
            "Exceptions",
            "Compliance and enforcement",
            "Risk considerations",
            "Training and awareness",
        ],
    },
    Kind {
        prefix: "PRO",
        folder: "procedures",
        type_name: "procedure",
        weight: 35,
        sections: &[
            "Triggers and inputs",
            "Procedure steps",
            "Escalation",
            "Tooling",
            "Records and evidence",
            "Metrics",
        ],
    },
    Kind {
        prefix: "STD",
        folder: "standards",
        type_name: "standard",
        weight: 25,
        sections: &[
            "Technical requirements",
            "Configuration baseline",
            "Verification",
            "Deviations",
            "Tooling",
            "Reference architecture",
        ],
    },
    Kind {
        prefix: "REC",
        folder: "records",
        type_name: "record",
        weight: 25,
        sections: &[
            "Summary",
            "Findings",
            "Actions",
            "Evidence",
            "Sign-off",
            "Open points",
        ],
    },
];

/// (folder name, title words, noun used in sentences)
const TOPICS: [(&str, &str, &str); 16] = [
    ("access-control", "Access Control", "access control"),
    ("asset-management", "Asset Management", "asset management"),
    ("backup", "Backup and Restore", "backup and restore"),
    (
        "business-continuity",
        "Business Continuity",
        "business continuity",
    ),
    (
        "change-management",
        "Change Management",
        "change management",
    ),
    ("cloud-security", "Cloud Security", "cloud security"),
    ("cryptography", "Cryptography", "key management"),
    ("data-protection", "Data Protection", "data protection"),
    (
        "hr-security",
        "Human Resources Security",
        "personnel security",
    ),
    (
        "incident-management",
        "Incident Management",
        "incident handling",
    ),
    (
        "logging-monitoring",
        "Logging and Monitoring",
        "logging and monitoring",
    ),
    ("network-security", "Network Security", "network security"),
    (
        "physical-security",
        "Physical Security",
        "physical security",
    ),
    (
        "secure-development",
        "Secure Development",
        "secure development",
    ),
    (
        "supplier-security",
        "Supplier Security",
        "supplier management",
    ),
    (
        "vulnerability-management",
        "Vulnerability Management",
        "vulnerability management",
    ),
];

/// Written to `annexa.toml` as the allowed owners and approvers.
pub const ROLES: [&str; 10] = [
    "CISO",
    "CEO",
    "CTO",
    "Head of IT",
    "Head of People",
    "Head of Engineering",
    "Head of Legal",
    "DPO",
    "ISMS Manager",
    "Facilities Manager",
];

const APPROVERS: [&str; 3] = ["CISO", "CEO", "CTO"];

const POLICY_SCOPES: [&str; 12] = [
    "",
    " for Cloud Workloads",
    " for Corporate IT",
    " for Remote Staff",
    " for Production Systems",
    " for Customer Data",
    " for Office Locations",
    " for Third Parties",
    " for Development Teams",
    " for Mobile Devices",
    " for Contractors",
    " for the Payments Platform",
];

const PROCEDURE_ACTIONS: [&str; 14] = [
    "Onboarding",
    "Quarterly Review",
    "Exception Handling",
    "Escalation",
    "Emergency Change",
    "Key Rotation",
    "Access Recertification",
    "Evidence Collection",
    "Offboarding",
    "Restore Test",
    "Triage",
    "Supplier Assessment",
    "Patch Deployment",
    "Log Review",
];

const STANDARD_SUBJECTS: [&str; 8] = [
    "Baseline Configuration",
    "Technical Requirements",
    "Minimum Controls",
    "Hardening",
    "Naming and Tagging",
    "Retention Rules",
    "Encryption Settings",
    "Monitoring Thresholds",
];

const RECORD_KINDS: [&str; 7] = [
    "Review Record",
    "Test Report",
    "Meeting Minutes",
    "Audit Evidence",
    "Risk Acceptance",
    "Training Record",
    "Exception Register",
];

const SUBSECTIONS: [&str; 24] = [
    "Preconditions",
    "Approval",
    "Implementation",
    "Monitoring",
    "Exceptions",
    "Reporting",
    "Cloud services",
    "On-premises systems",
    "Service accounts",
    "Privileged access",
    "Third parties",
    "Retention",
    "Encryption",
    "Logging",
    "Testing",
    "Communication",
    "Timelines",
    "Responsibilities of managers",
    "Automation",
    "Metrics and KPIs",
    "Remote work",
    "Mobile devices",
    "Customer commitments",
    "Legal requirements",
];

const SYSTEMS: [&str; 12] = [
    "production systems",
    "the customer platform",
    "corporate laptops",
    "the identity provider",
    "cloud accounts",
    "the data warehouse",
    "the payment service",
    "office networks",
    "CI/CD pipelines",
    "SaaS applications",
    "backup storage",
    "mobile devices",
];

const PERIODS: [&str; 5] = ["month", "quarter", "six months", "year", "week"];

const SENTENCES: [&str; 28] = [
    "The {role} is accountable for {topic} across {system}.",
    "Changes to {system} that affect {topic} are recorded in the change log and approved before deployment.",
    "Exceptions to this {doc} require a documented risk acceptance signed by the {role}.",
    "Evidence of {topic} activities is retained for at least {num} years and made available to auditors on request.",
    "Every {period}, the {role} checks that the measures described here are still effective.",
    "Deviations are reported to the ISMS Manager within {num} working days.",
    "Where automated tooling is available, the checks run at least once per {period} and their results are kept.",
    "Staff who carry out {topic} tasks complete role-specific training before they are granted access to {system}.",
    "The requirements apply to employees, contractors and suppliers who handle information of the organisation.",
    "Findings are rated by their risk and tracked to closure in the ISMS action log.",
    "The {role} may grant a temporary exception for up to {num} months when compensating measures are in place.",
    "All activities are logged with the name of the person, the date and the outcome.",
    "Managers make sure that their teams know this {doc} and follow it in daily work.",
    "Tickets for {topic} use the template `{key}` so that the evidence is complete.",
    "**Important:** access to {system} is removed on the last working day at the latest.",
    "The effectiveness of the measures is reported to the management review once per {period}.",
    "Suppliers with access to {system} are bound by equivalent contractual obligations.",
    "Failures are treated as information security events and handled under the incident process.",
    "The configuration is kept in version control and every change is peer reviewed.",
    "Metrics include the number of open findings, the median time to close and overdue actions.",
    "Where this {doc} conflicts with a customer contract, the stricter requirement applies.",
    "The {role} consults the DPO when personal data is affected.",
    "Results older than {num} months are archived in the records system with restricted access.",
    "A documented handover is required when responsibilities change between teams.",
    "Risk owners confirm the residual risk after the measures have been implemented.",
    "Requests are approved by the owner of the information and by the {role}.",
    "The setting `{key}` must not be changed without an approved change request.",
    "Test results are compared with the targets defined in the ISMS objectives.",
];

const REF_SENTENCES: [&str; 6] = [
    "See {ref} for the details.",
    "This complements {ref}.",
    "The requirements of {ref} apply in addition.",
    "Escalations follow {ref}.",
    "The evidence is collected as described in {ref}.",
    "Related rules are set out in {ref}.",
];

const KEYS: [&str; 10] = [
    "isms.review",
    "access.mfa_required",
    "backup.retention_days",
    "log.forwarding",
    "crypto.min_tls",
    "change.approval",
    "incident.severity",
    "asset.owner_tag",
    "vuln.sla_days",
    "supplier.tier",
];

const BULLETS: [&str; 14] = [
    "all {system} operated by the organisation",
    "employees, contractors and temporary staff",
    "suppliers that process information on our behalf",
    "information classified internal or higher",
    "development, test and production environments",
    "remote and mobile working",
    "information held in SaaS applications",
    "paper records and removable media",
    "privileged and service accounts",
    "backups and archives",
    "logs and monitoring data",
    "customer data processed under contract",
    "the offices and the network room",
    "systems acquired through mergers and acquisitions",
];

const RESPONSIBILITIES: [&str; 10] = [
    "Owns this document and approves changes",
    "Carries out the activities described here",
    "Monitors compliance and reports deviations",
    "Provides the tooling and keeps it running",
    "Is consulted on personal data",
    "Reviews the evidence during internal audits",
    "Approves exceptions and accepts residual risk",
    "Informs the teams about changes",
    "Keeps the records complete",
    "Escalates unresolved findings",
];

/// Controls no document implements: excluded in `soa.yaml` with a justification.
const EXCLUDED: [(&str, &str); 5] = [
    ("A.7.4", "No company-operated premises or data centre; building surveillance is provided by the landlord under the lease."),
    ("A.7.6", "No secure areas are defined because no information processing facilities are located in the offices."),
    ("A.7.11", "Power and other utilities of the hosting infrastructure are the responsibility of the cloud provider."),
    ("A.7.12", "The organisation owns no cabling carrying information processing traffic."),
    ("A.8.30", "Software development is not outsourced; all development is done by employees."),
];

/// All 93 controls of ISO/IEC 27001:2022 Annex A, in catalogue order.
pub fn all_controls() -> Vec<String> {
    let mut ids = Vec::with_capacity(93);
    for (theme, count) in [(5, 37), (6, 8), (7, 14), (8, 34)] {
        for n in 1..=count {
            ids.push(format!("A.{theme}.{n}"));
        }
    }
    ids
}

// ---------------------------------------------------------------------------------------
// Pass 1: what each document is.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Approved,
    InReview,
    Draft,
    Retired,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Approved => "approved",
            Status::InReview => "in-review",
            Status::Draft => "draft",
            Status::Retired => "retired",
        }
    }

    fn in_force(self) -> bool {
        matches!(self, Status::Approved | Status::InReview)
    }
}

struct Plan {
    id: String,
    kind: usize,
    topic: usize,
    title: String,
    status: Status,
    overdue: bool,
    rel_path: String,
    /// `(level, text)`; the text's slug is the heading id.
    headings: Vec<(u8, String)>,
    controls: Vec<usize>,
}

fn title_for(kind: usize, topic: usize, rng: &mut Rng) -> String {
    let words = TOPICS[topic].1;
    match kind {
        0 => format!("{words} Policy{}", rng.pick(&POLICY_SCOPES)),
        1 => format!("{words} {} Procedure", rng.pick(&PROCEDURE_ACTIONS)),
        2 => format!("{words} {} Standard", rng.pick(&STANDARD_SUBJECTS)),
        _ => format!(
            "{words} {} {} Q{}",
            rng.pick(&RECORD_KINDS),
            rng.range(2024, 2026),
            rng.range(1, 4)
        ),
    }
}

fn plan_headings(kind: usize, rng: &mut Rng) -> Vec<(u8, String)> {
    let mut headings = vec![
        (2, "1. Purpose".to_string()),
        (2, "2. Scope".to_string()),
        (2, "3. Roles and responsibilities".to_string()),
    ];
    let sections = KINDS[kind].sections;
    let mut number = 4;
    for s in rng.sample(sections.len(), 3) {
        headings.push((2, format!("{number}. {}", sections[s])));
        let subs = rng.range(1, 3);
        for (k, sub) in rng.sample(SUBSECTIONS.len(), subs).into_iter().enumerate() {
            headings.push((3, format!("{number}.{} {}", k + 1, SUBSECTIONS[sub])));
        }
        number += 1;
    }
    headings.push((2, format!("{number}. References")));
    headings
}

fn plan(n: usize, seed: u64, applicable: &[usize]) -> Vec<Plan> {
    let kind_weights: Vec<(usize, usize)> = KINDS
        .iter()
        .enumerate()
        .map(|(i, k)| (i, k.weight))
        .collect();
    let statuses = [
        (Status::Approved, 85),
        (Status::Draft, 6),
        (Status::InReview, 5),
        (Status::Retired, 4),
    ];
    let mut numbers = [0usize; 4];
    let mut plans: Vec<Plan> = (0..n)
        .map(|i| {
            let mut rng = doc_rng(seed, i, 1);
            let kind = *rng.weighted(&kind_weights);
            numbers[kind] += 1;
            let id = format!("{}-{:04}", KINDS[kind].prefix, numbers[kind]);
            let topic = rng.below(TOPICS.len());
            let title = title_for(kind, topic, &mut rng);
            let status = *rng.weighted(&statuses);
            // 6% of the 85% approved: about 5% of all documents are overdue.
            let overdue = status == Status::Approved && rng.percent(6);
            let headings = plan_headings(kind, &mut rng);
            let count = rng.range(3, 8);
            let mut controls: Vec<usize> = rng
                .sample(applicable.len(), count)
                .into_iter()
                .map(|c| applicable[c])
                .collect();
            controls.sort_unstable();
            Plan {
                id,
                kind,
                topic,
                title,
                status,
                overdue,
                rel_path: String::new(),
                headings,
                controls,
            }
        })
        .collect();

    // Folders: <type folder>/<topic>/, split into part-NN/ when a topic gets too many.
    let mut counts = vec![[0usize; TOPICS.len()]; KINDS.len()];
    for p in &plans {
        counts[p.kind][p.topic] += 1;
    }
    let mut positions = vec![[0usize; TOPICS.len()]; KINDS.len()];
    for p in &mut plans {
        let position = positions[p.kind][p.topic];
        positions[p.kind][p.topic] += 1;
        let mut folder = format!("{}/{}", KINDS[p.kind].folder, TOPICS[p.topic].0);
        if counts[p.kind][p.topic] > MAX_PER_FOLDER {
            let _ = write!(folder, "/part-{:02}", position / MAX_PER_FOLDER + 1);
        }
        let mut stem = slugify(&p.title);
        stem.truncate(48);
        let stem = stem.trim_end_matches('-');
        p.rel_path = format!("{folder}/{}-{stem}.md", p.id.to_lowercase());
    }
    plans
}

// ---------------------------------------------------------------------------------------
// Pass 2: the text of each document.

struct Writer<'a> {
    rng: Rng,
    topic: &'a str,
    doc: &'a str,
}

impl Writer<'_> {
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = start + rest[start..].find('}').unwrap_or(0);
            let value: String = match &rest[start + 1..end] {
                "role" => self.rng.pick(&ROLES).to_string(),
                "topic" => self.topic.to_string(),
                "system" => self.rng.pick(&SYSTEMS).to_string(),
                "doc" => self.doc.to_string(),
                "period" => self.rng.pick(&PERIODS).to_string(),
                "num" => self.rng.range(2, 12).to_string(),
                "key" => self.rng.pick(&KEYS).to_string(),
                other => other.to_string(),
            };
            out.push_str(&value);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// A paragraph of `lo..=hi` different sentences, with `extra` sentences mixed in after
    /// the first.
    fn paragraph(&mut self, lo: usize, hi: usize, extra: &[String]) -> String {
        let count = self.rng.range(lo, hi);
        let mut sentences: Vec<String> = self
            .rng
            .sample(SENTENCES.len(), count)
            .into_iter()
            .map(|s| self.fill(SENTENCES[s]))
            .collect();
        for e in extra {
            let at = self.rng.range(1, sentences.len());
            sentences.insert(at, e.clone());
        }
        let mut text = sentences.join(" ");
        text.push_str("\n\n");
        text
    }

    fn bullets(&mut self) -> String {
        let mut out = String::new();
        let count = self.rng.range(4, 7);
        for (k, b) in self
            .rng
            .sample(BULLETS.len(), count)
            .into_iter()
            .enumerate()
        {
            let item = self.fill(BULLETS[b]);
            let end = if k + 1 == count { '.' } else { ';' };
            let _ = writeln!(out, "- {item}{end}");
        }
        out.push('\n');
        out
    }

    fn table(&mut self, owner: &str) -> String {
        let mut out = String::from("| Role | Responsibility | Deputy |\n|---|---|---|\n");
        let rows = self.rng.range(4, 6);
        let others: Vec<&str> = ROLES.iter().copied().filter(|r| *r != owner).collect();
        let mut picked = self.rng.sample(others.len(), rows - 1);
        picked.sort_unstable();
        let roles = std::iter::once(owner).chain(picked.into_iter().map(|r| others[r]));
        for role in roles {
            let duty = self.rng.pick(&RESPONSIBILITIES);
            let deputy = self.rng.pick(&ROLES);
            let _ = writeln!(out, "| {role} | {duty} | {deputy} |");
        }
        out.push('\n');
        out
    }

    fn code_block(&mut self, id: &str) -> String {
        let n1 = self.rng.range(7, 400);
        let n2 = self.rng.range(1, 90);
        let key = *self.rng.pick(&KEYS);
        let system = slugify(self.rng.pick::<&str>(&SYSTEMS));
        let role = slugify(self.rng.pick::<&str>(&ROLES));
        let (lang, code) = match self.rng.below(5) {
            0 => (
                "yaml",
                format!(
                    "# {id}: settings for {system}\n{key}:\n  enabled: true\n  retention_days: {n1}\n  \
                     alert_threshold: {n2}\n  owners:\n    - {role}\n    - isms-manager\n  \
                     exceptions: []\n"
                ),
            ),
            1 => (
                "bash",
                format!(
                    "#!/usr/bin/env bash\n# Collects the evidence for {id}\nset -euo pipefail\n\
                     out=\"evidence/{id}-$(date +%F).txt\"\n\
                     find /var/log/{system} -type f -mtime -{n2} -print | sort > \"$out\"\n\
                     if [ \"$(wc -l < \"$out\")\" -gt {n1} ]; then\n  echo \"review needed: {key}\" >&2\nfi\n"
                ),
            ),
            2 => (
                "json",
                format!(
                    "{{\n  \"document\": \"{id}\",\n  \"setting\": \"{key}\",\n  \"enabled\": true,\n  \
                     \"limit\": {n1},\n  \"grace_days\": {n2},\n  \"owners\": [\"{role}\", \"isms-manager\"]\n}}\n"
                ),
            ),
            3 => (
                "python",
                format!(
                    "# Flags findings older than the SLA ({id})\nimport csv\nimport datetime\n\n\
                     SLA_DAYS = {n2}\n\n\ndef overdue(rows, today):\n    for row in rows:\n        \
                     opened = datetime.date.fromisoformat(row[\"opened\"])\n        \
                     if (today - opened).days > SLA_DAYS:\n            yield row[\"id\"]\n\n\n\
                     with open(\"{system}.csv\") as f:\n    print(list(overdue(csv.DictReader(f), datetime.date.today())))\n"
                ),
            ),
            _ => (
                "toml",
                format!(
                    "# {id}: tool configuration for {system}\n[{key}]\nenabled = true\nlimit = {n1}\n\
                     grace_days = {n2}\nowners = [\"{role}\", \"isms-manager\"]\n\n[{key}.report]\n\
                     format = \"csv\"\n"
                ),
            ),
        };
        format!("```{lang}\n{code}```\n\n")
    }
}

/// A `[[...]]` reference to `target`, sometimes to one of its headings, sometimes with text.
fn reference(target: &Plan, rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=29 => {
            let (_, heading) = rng.pick(&target.headings);
            format!("[[{}#{}]]", target.id, slugify(heading))
        }
        30..=44 => format!(
            "[[{}|the {} {}]]",
            target.id, TOPICS[target.topic].2, KINDS[target.kind].type_name
        ),
        _ => format!("[[{}]]", target.id),
    }
}

/// The front matter, and the document's owner.
fn front_matter(
    plan: &Plan,
    controls: &[String],
    related: &[&str],
    rng: &mut Rng,
) -> (String, &'static str) {
    let kind = &KINDS[plan.kind];
    let owner = *rng.pick(&ROLES);
    let approver = *rng.pick(&APPROVERS);
    let classification = *rng.weighted(&[
        ("internal", 50),
        ("confidential", 25),
        ("restricted", 15),
        ("public", 10),
    ]);
    let major = if plan.status == Status::Draft {
        0
    } else {
        rng.range(1, 4)
    };
    let minor = rng.range(0, 9);
    let today = day(2026, 11, 25);
    // Review every 12 months: overdue when reviewed before 2025-11-25.
    let last_reviewed = match plan.status {
        _ if plan.overdue => day(2024, 7, 1) + rng.below(500) as i64,
        Status::Retired => day(2023, 1, 1) + rng.below(700) as i64,
        _ => day(2025, 12, 1) + rng.below(355) as i64,
    };
    let approved = last_reviewed
        - if rng.percent(60) {
            0
        } else {
            rng.below(400) as i64
        };

    let mut out = String::with_capacity(1024);
    out.push_str("---\n");
    let _ = writeln!(out, "id: {}", plan.id);
    let _ = writeln!(out, "title: {}", plan.title);
    let _ = writeln!(out, "type: {}", kind.type_name);
    let _ = writeln!(out, "status: {}", plan.status.as_str());
    let _ = writeln!(out, "version: \"{major}.{minor}\"");
    let _ = writeln!(out, "owner: {owner}");
    if plan.status != Status::Draft {
        let _ = writeln!(out, "approver: {approver}");
        let _ = writeln!(out, "approved: {}", date(approved));
    }
    let _ = writeln!(out, "classification: {classification}");
    if plan.status != Status::Draft {
        let _ = writeln!(out, "last_reviewed: {}", date(last_reviewed));
    }
    out.push_str("review_every: 12 months\n");
    let _ = writeln!(out, "controls: [{}]", controls.join(", "));
    let _ = writeln!(out, "related: [{}]", related.join(", "));
    out.push_str("history:\n");
    let entries = if plan.status == Status::Draft {
        1
    } else {
        rng.range(1, 3)
    };
    let changes = [
        "Annual review without changes",
        "Updated the scope and the roles",
        "Aligned with ISO/IEC 27001 2022",
        "Clarified the evidence requirements",
        "New tooling and updated responsibilities",
        "First version",
    ];
    let mut when = if plan.status == Status::Draft {
        today - rng.range(1, 60) as i64
    } else {
        approved
    };
    for k in 0..entries {
        let change = if k + 1 == entries && minor == 0 {
            "First version"
        } else {
            rng.pick(&changes[..5])
        };
        let version = format!("{major}.{}", minor.saturating_sub(k));
        let _ = writeln!(
            out,
            "  - {{ version: \"{version}\", date: {}, change: {change}, author: {owner} }}",
            date(when)
        );
        when -= 365 + rng.below(30) as i64;
    }
    out.push_str("---\n");
    (out, owner)
}

fn document(plans: &[Plan], in_force: &[usize], index: usize, seed: u64) -> String {
    let plan = &plans[index];
    let mut rng = doc_rng(seed, index, 2);
    let ids = all_controls();
    let controls: Vec<String> = plan.controls.iter().map(|&c| ids[c].clone()).collect();

    // 5–10 distinct targets, almost always documents in force.
    let wanted = rng.range(5, 10).min(plans.len() - 1);
    let mut targets: Vec<usize> = Vec::with_capacity(wanted);
    while targets.len() < wanted {
        let t = if rng.percent(98) && !in_force.is_empty() {
            *rng.pick(in_force)
        } else {
            rng.below(plans.len())
        };
        if t != index && !targets.contains(&t) {
            targets.push(t);
        }
    }
    let related_count = rng.range(0, 3).min(targets.len());
    let related: Vec<&str> = targets[..related_count]
        .iter()
        .map(|&t| plans[t].id.as_str())
        .collect();
    let (front, owner) = front_matter(plan, &controls, &related, &mut rng);
    let refs: Vec<String> = targets
        .iter()
        .map(|&t| reference(&plans[t], &mut rng))
        .collect();
    let inline = refs.len().div_ceil(2);

    let kind = &KINDS[plan.kind];
    let mut w = Writer {
        rng: doc_rng(seed, index, 3),
        topic: TOPICS[plan.topic].2,
        doc: kind.type_name,
    };
    // One chunk list per heading, in heading order.
    let mut chunks: Vec<Vec<String>> = vec![Vec::new(); plan.headings.len()];
    let shown: Vec<String> = controls
        .iter()
        .take(3)
        .map(|c| format!("[[{c}]]"))
        .collect();
    chunks[0].push(format!(
        "This {} describes how the organisation handles {} and implements {}. {}",
        kind.type_name,
        TOPICS[plan.topic].2,
        shown.join(", "),
        w.paragraph(2, 3, &[])
    ));
    chunks[1].push(w.paragraph(2, 3, &[]));
    chunks[1].push(format!("This {} applies to:\n\n", kind.type_name));
    chunks[1].push(w.bullets());
    chunks[2].push(w.paragraph(2, 3, &[]));
    chunks[2].push(w.table(owner));

    let body_sections: Vec<usize> = (3..plan.headings.len() - 1).collect();
    for &section in &body_sections {
        chunks[section].push(w.paragraph(1, 2, &[]));
    }
    for (k, r) in refs[..inline].iter().enumerate() {
        let section = body_sections[k * body_sections.len() / inline];
        let template = *w.rng.pick(&REF_SENTENCES);
        let with_ref = template.replace("{ref}", r);
        chunks[section].push(w.paragraph(2, 4, &[with_ref]));
    }
    let code_at = *w.rng.pick(&body_sections);
    chunks[code_at].push(format!(
        "The following example shows the configuration used for {}:\n\n",
        w.rng.pick(&SYSTEMS)
    ));
    chunks[code_at].push(w.code_block(&plan.id));
    let mut list = String::from("The following documents apply together with this one:\n\n");
    for r in &refs[inline..] {
        let _ = writeln!(list, "- {r}");
    }
    list.push('\n');
    let last = plan.headings.len() - 1;
    chunks[last].push(list);
    chunks[last].push(format!(
        "This {} is reviewed every 12 months and after significant changes.\n\n",
        kind.type_name
    ));

    // Paragraphs until the file reaches its size (5.3–6.3 KB).
    let target = w.rng.range(5300, 6300);
    let heading_bytes: usize = plan
        .headings
        .iter()
        .map(|(l, t)| t.len() + *l as usize + 3)
        .sum();
    let mut size =
        front.len() + heading_bytes + chunks.iter().flatten().map(String::len).sum::<usize>();
    let mut turn = 0;
    while size < target {
        let section = body_sections[turn % body_sections.len()];
        let p = w.paragraph(3, 6, &[]);
        size += p.len();
        chunks[section].push(p);
        turn += 1;
    }

    let mut text = front;
    text.reserve(size);
    text.push('\n');
    for ((level, heading), chunk) in plan.headings.iter().zip(&chunks) {
        for _ in 0..*level {
            text.push('#');
        }
        let _ = write!(text, " {heading}\n\n");
        for c in chunk {
            text.push_str(c);
        }
    }
    while text.ends_with("\n\n") {
        text.pop();
    }
    text
}

fn annexa_toml(n: usize) -> String {
    let roles: Vec<String> = ROLES.iter().map(|r| format!("\"{r}\"")).collect();
    format!(
        "# Generated by annexa's benchmark harness (benches/support/generate.rs).\n\
         title = \"Synthetic ISMS Manual ({n} documents)\"\n\
         organisation = \"Benchmark Industries GmbH\"\n\
         version = \"2026.4\"\n\
         default_review = \"12 months\"\n\
         warn_before = \"30 days\"\n\
         logo = \"logo.svg\"\n\
         roles = [{}]\n",
        roles.join(", ")
    )
}

fn soa_yaml(seed: u64) -> String {
    let mut rng = Rng::new(seed ^ 0x50A);
    let mut out = String::from(
        "# Statement of Applicability, generated for the benchmarks.\nframework: iso27001-2022\ncontrols:\n",
    );
    let reasons = [
        "Required by the risk assessment and by customer contracts.",
        "Addresses risks identified in the annual risk assessment.",
        "Required by the GDPR and by contractual obligations.",
        "Needed to protect customer data processed on the platform.",
        "Baseline control expected by customers and auditors.",
    ];
    for id in all_controls() {
        let _ = writeln!(out, "  {id}:");
        if let Some((_, why)) = EXCLUDED.iter().find(|(e, _)| *e == id) {
            out.push_str("    applicable: false\n");
            let _ = writeln!(out, "    justification: \"{why}\"");
        } else {
            let status = *rng.weighted(&[("implemented", 80), ("partial", 12), ("planned", 8)]);
            out.push_str("    applicable: true\n");
            let _ = writeln!(out, "    status: {status}");
            let _ = writeln!(out, "    justification: \"{}\"", rng.pick(&reasons));
        }
    }
    out
}

/// How many risk records to add (`ANNEXA_BENCH_RISKS`, default none).
pub fn risk_count() -> usize {
    std::env::var("ANNEXA_BENCH_RISKS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

const RISK_CRITERIA: &str = "likelihood: [Rare, Unlikely, Possible, Likely, Almost certain]
impact: [Negligible, Minor, Moderate, Major, Severe]
levels: [{ name: Low, max: 4 }, { name: Medium, max: 9 }, { name: High, max: 16 }, { name: Critical, max: 25 }]
appetite: Medium
acceptance: { Low: [Risk owner, CISO, CEO], Medium: [Risk owner, CISO, CEO], High: [CEO], Critical: [] }
";

/// Risk record `index`: ratings, a treatment with controls and actions, some accepted (by
/// the CEO, who may accept up to High), one in ten closed (with every action done).
fn risk(index: usize, seed: u64, controls: &[String]) -> String {
    let mut rng = doc_rng(seed ^ 0x5249_534b, index, 7);
    let owner = *rng.pick(&ROLES);
    let (l, i) = (rng.range(1, 5), rng.range(1, 5));
    let (rl, ri) = (rng.range(1, l), rng.range(1, i));
    let how_many = rng.range(1, 3);
    let picked: Vec<&String> = rng
        .sample(controls.len(), how_many)
        .into_iter()
        .map(|c| &controls[c])
        .collect();
    let treatment = *rng.weighted(&[
        ("mitigate", 70),
        ("accept", 20),
        ("transfer", 5),
        ("avoid", 5),
    ]);
    let closed = rng.percent(10);
    let mut text = format!(
        "---\nid: R-{index:05}\ntitle: Risk {index} to the {} service\nowner: {owner}\nstatus: {}\n\
         identified: {}\nassets: [AS-{:04}]\nthreat: Threat {index}\nvulnerability: Weakness {index}\n\
         inherent: {{ likelihood: {l}, impact: {i} }}\ntreatment: {treatment}\ncontrols: [{}]\n",
        index % 37,
        if closed { "closed" } else { "open" },
        date(day(2025, 1, 1) + rng.below(600) as i64),
        rng.below(500),
        picked.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "),
    );
    text.push_str("actions:\n");
    for a in 0..rng.range(1, 3) {
        let due = date(day(2026, 1, 1) + rng.below(730) as i64);
        let done = if closed || rng.percent(40) {
            format!(", done: {due}")
        } else {
            String::new()
        };
        text.push_str(&format!(
            "  - {{ id: RT-{index}-{a}, action: Action {a} for risk {index}, owner: {owner}, due: {due}{done} }}\n"
        ));
    }
    text.push_str(&format!("residual: {{ likelihood: {rl}, impact: {ri} }}\n"));
    if (treatment == "accept" || rng.percent(10)) && rl * ri <= 16 {
        text.push_str(&format!(
            "acceptance: {{ by: CEO, date: 2026-03-01, expires: {} }}\n",
            date(day(2026, 6, 1) + rng.below(700) as i64)
        ));
    }
    text.push_str(&format!(
        "last_reviewed: {}\nreview_every: 12 months\n---\n\nThe scenario of risk {index}: how it arises, what it would cost, what is done about it.\n",
        date(day(2025, 12, 1) + rng.below(300) as i64)
    ));
    text
}

/// Writes the project into `root` (which must not exist or be empty).
pub fn generate(root: &Path, n: usize, seed: u64) -> io::Result<Summary> {
    let ids = all_controls();
    let applicable: Vec<usize> = (0..ids.len())
        .filter(|&i| !EXCLUDED.iter().any(|(e, _)| *e == ids[i]))
        .collect();
    let plans = plan(n, seed, &applicable);
    let in_force: Vec<usize> = (0..n).filter(|&i| plans[i].status.in_force()).collect();

    fs::create_dir_all(root)?;
    let mut bytes = 0u64;
    let mut put = |rel: &str, text: &str| -> io::Result<()> {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        bytes += text.len() as u64;
        fs::write(path, text)
    };
    put("annexa.toml", &annexa_toml(n))?;
    put("soa.yaml", &soa_yaml(seed))?;
    put(
        "README.md",
        &format!(
            "# Synthetic ISMS\n\n{n} generated documents (seed {seed}) for annexa's benchmarks.\n\
             Build with `annexa build --today {TODAY}`.\n"
        ),
    )?;
    put(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"32\" viewBox=\"0 0 120 32\">\
         <rect width=\"32\" height=\"32\" rx=\"6\" fill=\"#1f4e79\"/>\
         <text x=\"40\" y=\"22\" font-family=\"sans-serif\" font-size=\"16\">Benchmark</text></svg>\n",
    )?;
    let risks = risk_count();
    if risks > 0 {
        put("risk-criteria.yaml", RISK_CRITERIA)?;
        let applicable_ids: Vec<String> = applicable.iter().map(|&i| ids[i].clone()).collect();
        for index in 0..risks {
            put(
                &format!("risks/R-{index:05}.md"),
                &risk(index, seed, &applicable_ids),
            )?;
        }
    }
    let record_files = if records::record_count() > 0 {
        let documents: Vec<&str> = in_force.iter().map(|&i| plans[i].id.as_str()).collect();
        let controls: Vec<String> = applicable.iter().map(|&i| ids[i].clone()).collect();
        let cx = records::Context {
            seed,
            documents: &documents,
            controls: &controls,
            counts: records::Counts::new(records::record_count(), risks),
        };
        let files = records::files(&cx);
        for (rel, text) in &files {
            put(rel, text)?;
        }
        files.len()
    } else {
        0
    };
    let mut folders = std::collections::BTreeMap::<&str, usize>::new();
    for index in 0..n {
        let rel = &plans[index].rel_path;
        let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
        *folders.entry(folder).or_default() += 1;
        put(rel, &document(&plans, &in_force, index, seed))?;
    }
    Ok(Summary {
        documents: n,
        files: n + 4 + risks + usize::from(risks > 0) + record_files,
        bytes,
        folders: folders.len(),
        max_per_folder: folders.values().copied().max().unwrap_or(0),
        overdue: plans.iter().filter(|p| p.overdue).count(),
        drafts: plans.iter().filter(|p| p.status == Status::Draft).count(),
    })
}

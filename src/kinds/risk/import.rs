//! `annexa import risks FILE.xlsx|FILE.csv`: a risk register kept in a spreadsheet becomes
//! one `risks/<id>.md` record per row. Columns are recognised by their headings (the names
//! of risks.csv, and the usual names of other registers), `--map COLUMN=field` names the
//! rest; every value that cannot be used is reported with its row and column, and nothing
//! that exists is overwritten.

use std::collections::BTreeSet;
use std::path::Path;

use jiff::civil::Date;

use crate::source::front_matter::valid_id;
use crate::source::table::{column_name, serial_date, Table};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Id,
    Title,
    Owner,
    Status,
    Identified,
    Assets,
    Threat,
    Vulnerability,
    InherentLikelihood,
    InherentImpact,
    Treatment,
    Controls,
    ResidualLikelihood,
    ResidualImpact,
    AcceptedBy,
    AcceptedOn,
    AcceptanceExpires,
    LastReviewed,
    ReviewEvery,
    Action,
    ActionOwner,
    ActionDue,
    ActionDone,
    Description,
    /// Figures annexa computes (scores, levels, counts, links): read past.
    Ignore,
}

/// Field names for `--map`, and the headings each is recognised by (lower case, words
/// separated by single spaces).
const FIELDS: &[(Field, &str, &[&str])] = &[
    (
        Field::Id,
        "id",
        &[
            "id",
            "risk id",
            "ref",
            "risk ref",
            "reference",
            "risk no",
            "no",
            "risk number",
            "number",
        ],
    ),
    (
        Field::Title,
        "title",
        &[
            "title",
            "risk",
            "risk title",
            "risk name",
            "name",
            "risk scenario",
            "scenario",
            "risk description",
        ],
    ),
    (
        Field::Owner,
        "owner",
        &["owner", "risk owner", "responsible", "accountable"],
    ),
    (Field::Status, "status", &["status", "risk status", "state"]),
    (
        Field::Identified,
        "identified",
        &[
            "identified",
            "date identified",
            "identified on",
            "date raised",
            "raised",
            "date added",
            "created",
        ],
    ),
    (
        Field::Assets,
        "assets",
        &[
            "assets",
            "asset",
            "affected assets",
            "asset ids",
            "asset id",
        ],
    ),
    (
        Field::Threat,
        "threat",
        &["threat", "threats", "threat source", "cause"],
    ),
    (
        Field::Vulnerability,
        "vulnerability",
        &["vulnerability", "vulnerabilities", "weakness"],
    ),
    (
        Field::InherentLikelihood,
        "inherent.likelihood",
        &[
            "inherent likelihood",
            "likelihood",
            "probability",
            "inherent probability",
            "gross likelihood",
            "likelihood inherent",
            "likelihood before treatment",
        ],
    ),
    (
        Field::InherentImpact,
        "inherent.impact",
        &[
            "inherent impact",
            "impact",
            "consequence",
            "inherent consequence",
            "gross impact",
            "impact inherent",
            "impact before treatment",
        ],
    ),
    (
        Field::Treatment,
        "treatment",
        &[
            "treatment",
            "treatment option",
            "risk treatment",
            "risk response",
            "response",
            "decision",
        ],
    ),
    (
        Field::Controls,
        "controls",
        &[
            "controls",
            "annex a controls",
            "iso controls",
            "iso 27001 controls",
            "controls selected",
            "control",
        ],
    ),
    (
        Field::ResidualLikelihood,
        "residual.likelihood",
        &[
            "residual likelihood",
            "residual probability",
            "net likelihood",
            "likelihood residual",
            "likelihood after treatment",
            "target likelihood",
        ],
    ),
    (
        Field::ResidualImpact,
        "residual.impact",
        &[
            "residual impact",
            "residual consequence",
            "net impact",
            "impact residual",
            "impact after treatment",
            "target impact",
        ],
    ),
    (
        Field::AcceptedBy,
        "acceptance.by",
        &[
            "accepted by",
            "acceptance by",
            "risk accepted by",
            "approved by",
        ],
    ),
    (
        Field::AcceptedOn,
        "acceptance.date",
        &["accepted on", "acceptance date", "date accepted"],
    ),
    (
        Field::AcceptanceExpires,
        "acceptance.expires",
        &[
            "acceptance expires",
            "acceptance expiry",
            "accepted until",
            "expires",
            "expiry",
        ],
    ),
    (
        Field::LastReviewed,
        "last_reviewed",
        &[
            "last reviewed",
            "last review",
            "reviewed",
            "review date",
            "date reviewed",
        ],
    ),
    (
        Field::ReviewEvery,
        "review_every",
        &[
            "review every",
            "review frequency",
            "review interval",
            "review cycle",
        ],
    ),
    (
        Field::Action,
        "action",
        &[
            "action",
            "treatment action",
            "treatment plan",
            "actions",
            "mitigation",
            "mitigating action",
            "planned action",
        ],
    ),
    (
        Field::ActionOwner,
        "action.owner",
        &["action owner", "treatment owner"],
    ),
    (
        Field::ActionDue,
        "action.due",
        &["due", "due date", "action due", "target date", "deadline"],
    ),
    (
        Field::ActionDone,
        "action.done",
        &[
            "done",
            "completed",
            "completed on",
            "date completed",
            "action done",
        ],
    ),
    (
        Field::Description,
        "description",
        &[
            "description",
            "details",
            "notes",
            "comments",
            "comment",
            "narrative",
            "rationale",
        ],
    ),
    (
        Field::Ignore,
        "ignore",
        &[
            "inherent score",
            "inherent level",
            "residual score",
            "residual level",
            "score",
            "level",
            "risk level",
            "risk score",
            "rating",
            "open actions",
            "overdue actions",
            "next review",
            "page",
        ],
    ),
];

/// The `--map` field names.
pub fn field_names() -> Vec<&'static str> {
    FIELDS.iter().map(|(_, name, _)| *name).collect()
}

/// A heading as compared: lower case, words of letters and digits.
fn normalise(heading: &str) -> String {
    heading
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn field_of_heading(heading: &str) -> Option<Field> {
    let wanted = normalise(heading);
    FIELDS
        .iter()
        .find(|(_, _, names)| names.contains(&wanted.as_str()))
        .map(|(field, _, _)| *field)
}

/// Options from the command line.
pub struct Options {
    pub maps: Vec<(String, String)>,
    pub today: Date,
}

/// A value or row that could not be used.
#[derive(Debug, PartialEq)]
pub struct Problem {
    /// 1-based, as the spreadsheet shows it.
    pub row: usize,
    /// `E ("Likelihood")`, or None for the whole row.
    pub column: Option<String>,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written, relative to the project.
    pub written: Vec<String>,
    /// Files that exist and were left alone.
    pub existing: Vec<String>,
    pub problems: Vec<Problem>,
    /// Per file written, the fields still to fill in.
    pub to_fill: Vec<(String, Vec<&'static str>)>,
    /// Columns read past (not recognised, not mapped): (column, heading).
    pub unused_columns: Vec<String>,
}

/// Reads the risks of `table` and writes them under `project/risks/`. Fails (writing
/// nothing) only when the table has no heading row it can recognise or a `--map` is wrong.
pub fn import(project: &Path, table: &Table, options: &Options) -> Result<Report, String> {
    let (header_row, columns) = header(table, &options.maps)?;
    let mut report = Report::default();
    let headings: Vec<String> = table.rows[header_row]
        .iter()
        .map(|c| c.text.clone())
        .collect();
    for (i, field) in columns.iter().enumerate() {
        if field.is_none() && headings.get(i).is_some_and(|h| !h.is_empty()) {
            report
                .unused_columns
                .push(format!("{} (\"{}\")", column_name(i), headings[i]));
        }
    }
    if !columns.contains(&Some(Field::Title)) {
        return Err(format!(
            "{}: no column holds the risks' titles (headings read on row {}: {}); name it with --map \"HEADING=title\"",
            table.source,
            header_row + 1,
            headings.iter().filter(|h| !h.is_empty()).cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    let folder = project.join("risks");
    let mut taken: BTreeSet<String> = existing_ids(&folder);
    let day_first = date_order(table, header_row, &columns);
    let mut next_number = 1;
    for (r, row) in table.rows.iter().enumerate().skip(header_row + 1) {
        if row.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        let mut reading = RowReader {
            row: r + 1,
            headings: &headings,
            problems: &mut report.problems,
            day_first,
        };
        let Some(risk) = reading.risk(row, &columns) else {
            continue;
        };
        let id = match &risk.id {
            Some(id) => id.clone(),
            None => loop {
                let candidate = format!("R-{next_number:03}");
                next_number += 1;
                if !taken.contains(&candidate.to_lowercase()) {
                    break candidate;
                }
            },
        };
        let rel = format!("risks/{id}.md");
        if folder.join(format!("{id}.md")).exists() {
            report.existing.push(rel);
            continue;
        }
        if !taken.insert(id.to_lowercase()) {
            report.problems.push(Problem {
                row: r + 1,
                column: None,
                message: format!("the id {id} is used by an earlier row or an existing risk; the row is not imported"),
            });
            continue;
        }
        let text = risk.front_matter(&id, &table.source, r + 1, options.today);
        std::fs::create_dir_all(&folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        write_new(&folder.join(format!("{id}.md")), &text)
            .map_err(|e| format!("cannot write {rel}: {e}"))?;
        report.to_fill.push((rel.clone(), risk.missing()));
        report.written.push(rel);
    }
    Ok(report)
}

/// Writes `text` to a file that must not exist yet (never replaces one).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

fn existing_ids(folder: &Path) -> BTreeSet<String> {
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".md").map(str::to_lowercase)
        })
        .collect()
}

/// The heading row (the first of the first 20 rows naming at least two fields) and each
/// column's field. A heading under a merged group heading ("Inherent" over "Likelihood" and
/// "Impact") is read with the group's name first.
fn header(table: &Table, maps: &[(String, String)]) -> Result<(usize, Vec<Option<Field>>), String> {
    let mut mapped: Vec<(String, Field)> = Vec::new();
    for (heading, field) in maps {
        let found = FIELDS
            .iter()
            .find(|(_, name, _)| name.eq_ignore_ascii_case(field.trim()))
            .map(|(f, _, _)| *f)
            .ok_or_else(|| {
                let close = crate::diagnostic::did_you_mean(field, field_names())
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                format!(
                    "--map {heading}={field}: `{field}` is not a field; {close}the fields are: {}",
                    field_names().join(", ")
                )
            })?;
        mapped.push((normalise(heading), found));
    }
    let mut best: Option<(usize, Vec<Option<Field>>, usize)> = None;
    for r in 0..table.rows.len().min(20) {
        let groups = group_headings(table, r);
        let columns: Vec<Option<Field>> = table.rows[r]
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let own = normalise(&cell.text);
                if own.is_empty() {
                    return None;
                }
                let grouped = groups.get(i).map(|g| format!("{g} {own}"));
                for name in grouped.iter().chain([&own]) {
                    if let Some((_, f)) = mapped.iter().find(|(h, _)| h == name) {
                        return Some(*f);
                    }
                }
                for name in grouped.iter().chain([&own]) {
                    if let Some(f) = field_of_heading(name) {
                        return Some(f);
                    }
                }
                None
            })
            .map(|f| f.filter(|f| *f != Field::Ignore).or(None))
            .collect();
        let score = table.rows[r]
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                let own = normalise(&c.text);
                !own.is_empty()
                    && (field_of_heading(&own).is_some()
                        || groups
                            .get(*i)
                            .is_some_and(|g| field_of_heading(&format!("{g} {own}")).is_some())
                        || mapped.iter().any(|(h, _)| *h == own))
            })
            .count();
        if score >= 2 && best.as_ref().is_none_or(|b| score > b.2) {
            best = Some((r, columns, score));
            // The first row that names most of its cells is the heading row.
            if score * 2 >= table.rows[r].iter().filter(|c| !c.text.is_empty()).count() {
                break;
            }
        }
    }
    let (row, mut columns, _) = best.ok_or_else(|| {
        format!(
            "{}: no row in the first 20 looks like column headings (Id, Title, Owner, Likelihood, Impact, Treatment…); name the columns with --map \"HEADING=field\"",
            table.source
        )
    })?;
    // Ignored columns are known: they are not "unused".
    for (i, cell) in table.rows[row].iter().enumerate() {
        if field_of_heading(&cell.text) == Some(Field::Ignore) && columns.get(i) == Some(&None) {
            columns[i] = Some(Field::Ignore);
        }
    }
    Ok((row, columns))
}

/// For each column of heading row `r`, the merged group heading above it (carried to the
/// right until the next one), normalised.
fn group_headings(table: &Table, r: usize) -> Vec<String> {
    let Some(above) = r.checked_sub(1).map(|a| &table.rows[a]) else {
        return Vec::new();
    };
    let mut current = String::new();
    (0..table.rows[r].len())
        .map(|i| {
            if let Some(cell) = above.get(i).filter(|c| !c.text.is_empty()) {
                current = normalise(&cell.text);
            }
            current.clone()
        })
        .collect()
}

/// Whether dates like 03/04/2026 in the date columns are day first (most of the world) or
/// month first (US): decided by any date whose first or second number is above 12; None
/// when nothing decides.
fn date_order(table: &Table, header: usize, columns: &[Option<Field>]) -> Option<bool> {
    for row in table.rows.iter().skip(header + 1) {
        for (i, cell) in row.iter().enumerate() {
            if !columns.get(i).copied().flatten().is_some_and(is_date_field) {
                continue;
            }
            let parts: Vec<&str> = cell.text.split(['/', '.', '-']).collect();
            if let [a, b, y] = parts.as_slice() {
                if y.len() == 4 {
                    let (a, b) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
                    if a > 12 {
                        return Some(true);
                    }
                    if b > 12 {
                        return Some(false);
                    }
                }
            }
        }
    }
    None
}

fn is_date_field(field: Field) -> bool {
    matches!(
        field,
        Field::Identified
            | Field::AcceptedOn
            | Field::AcceptanceExpires
            | Field::LastReviewed
            | Field::ActionDue
            | Field::ActionDone
    )
}

/// One row's values, ready to write.
#[derive(Default)]
struct Imported {
    id: Option<String>,
    title: String,
    owner: Option<String>,
    status: Option<&'static str>,
    identified: Option<Date>,
    assets: Vec<String>,
    threat: Option<String>,
    vulnerability: Option<String>,
    inherent: (Option<String>, Option<String>),
    treatment: Option<&'static str>,
    controls: Vec<String>,
    residual: (Option<String>, Option<String>),
    accepted_by: Option<String>,
    accepted_on: Option<Date>,
    acceptance_expires: Option<Date>,
    last_reviewed: Option<Date>,
    review_every: Option<String>,
    action: Option<String>,
    action_owner: Option<String>,
    action_due: Option<Date>,
    action_done: Option<Date>,
    description: Vec<String>,
}

struct RowReader<'a> {
    row: usize,
    headings: &'a [String],
    problems: &'a mut Vec<Problem>,
    day_first: Option<bool>,
}

impl RowReader<'_> {
    fn problem(&mut self, column: usize, message: String) {
        let heading = self.headings.get(column).cloned().unwrap_or_default();
        self.problems.push(Problem {
            row: self.row,
            column: Some(format!("{} (\"{heading}\")", column_name(column))),
            message,
        });
    }

    fn risk(
        &mut self,
        row: &[crate::source::table::Cell],
        columns: &[Option<Field>],
    ) -> Option<Imported> {
        let mut out = Imported::default();
        for (i, cell) in row.iter().enumerate() {
            let Some(field) = columns.get(i).copied().flatten() else {
                continue;
            };
            let text = cell.text.trim();
            if text.is_empty() {
                continue;
            }
            match field {
                Field::Id => {
                    let id = text.replace(' ', "-");
                    if valid_id(&id) {
                        out.id = Some(id);
                    } else {
                        self.problem(i, format!("`{text}` cannot be an id (it names a file); an id is generated instead"));
                    }
                }
                Field::Title => out.title = one_line(text),
                Field::Owner => out.owner = Some(one_line(text)),
                Field::Status => match normalise(text).as_str() {
                    "open" | "active" | "new" | "in progress" | "ongoing" | "identified" | "assessed" | "treated" | "monitoring" => out.status = Some("open"),
                    "closed" | "resolved" | "retired" | "done" | "archived" => out.status = Some("closed"),
                    _ => self.problem(i, format!("the status `{text}` is neither open nor closed; the risk is imported as open")),
                },
                Field::Identified => out.identified = self.date(i, cell),
                Field::Assets => out.assets = split_list(text),
                Field::Threat => out.threat = Some(one_line(text)),
                Field::Vulnerability => out.vulnerability = Some(one_line(text)),
                Field::InherentLikelihood => out.inherent.0 = self.rating(i, text),
                Field::InherentImpact => out.inherent.1 = self.rating(i, text),
                Field::ResidualLikelihood => out.residual.0 = self.rating(i, text),
                Field::ResidualImpact => out.residual.1 = self.rating(i, text),
                Field::Treatment => match normalise(text).split(' ').next().unwrap_or("") {
                    "mitigate" | "mitigation" | "reduce" | "reduction" | "modify" | "modification" | "treat" | "control" => out.treatment = Some("mitigate"),
                    "accept" | "accepted" | "acceptance" | "retain" | "retention" | "tolerate" => out.treatment = Some("accept"),
                    "avoid" | "avoidance" | "terminate" | "eliminate" => out.treatment = Some("avoid"),
                    "transfer" | "share" | "sharing" | "insure" | "insurance" => out.treatment = Some("transfer"),
                    _ => self.problem(i, format!("`{text}` is not a treatment: use mitigate (reduce, modify), accept (retain), avoid or transfer (share)")),
                },
                Field::Controls => out.controls = split_list(text),
                Field::AcceptedBy => out.accepted_by = Some(one_line(text)),
                Field::AcceptedOn => out.accepted_on = self.date(i, cell),
                Field::AcceptanceExpires => out.acceptance_expires = self.date(i, cell),
                Field::LastReviewed => out.last_reviewed = self.date(i, cell),
                Field::ReviewEvery => match review_interval(text) {
                    Some(interval) => out.review_every = Some(interval),
                    None => self.problem(i, format!("`{text}` is not a review interval: write e.g. `12 months`, `quarterly` or `annually`")),
                },
                Field::Action => out.action = Some(one_line(text)),
                Field::ActionOwner => out.action_owner = Some(one_line(text)),
                Field::ActionDue => out.action_due = self.date(i, cell),
                Field::ActionDone => out.action_done = self.date(i, cell),
                Field::Description => out.description.push(text.to_string()),
                Field::Ignore => {}
            }
        }
        if out.title.is_empty() {
            self.problems.push(Problem {
                row: self.row,
                column: None,
                message: "the row has no title; it is not imported".into(),
            });
            return None;
        }
        Some(out)
    }

    /// A likelihood or impact: a number (`4`, `4 - Likely`, `Likely (4)`) or a name, kept
    /// as written for `annexa check` to place on the criteria's scale.
    fn rating(&mut self, column: usize, text: &str) -> Option<String> {
        let digits: String = text
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if let Ok(n) = digits.parse::<u32>() {
            if (1..=10).contains(&n) {
                return Some(n.to_string());
            }
            self.problem(column, format!("`{text}` is not on a scale of 1 to 10"));
            return None;
        }
        if text.chars().all(|c| c.is_alphabetic() || c == ' ') {
            return Some(one_line(text));
        }
        self.problem(
            column,
            format!("`{text}` is neither a number nor a name on the scale"),
        );
        None
    }

    /// A date: YYYY-MM-DD, a date cell or an Excel serial, DD.MM.YYYY, or DD/MM/YYYY and
    /// MM/DD/YYYY when the column's other dates tell which.
    fn date(&mut self, column: usize, cell: &crate::source::table::Cell) -> Option<Date> {
        let text = cell.text.trim();
        if let Ok(date) = crate::calendar::parse_date(text) {
            return Some(date);
        }
        let serial = cell.number.or_else(|| text.parse::<f64>().ok());
        if let Some(date) = serial
            .filter(|n| (20_000.0..80_000.0).contains(n))
            .and_then(serial_date)
        {
            return crate::calendar::parse_date(&date).ok();
        }
        let parts: Vec<&str> = text.split(['/', '.', '-']).map(str::trim).collect();
        if let [a, b, y] = parts.as_slice() {
            if let (Ok(a), Ok(b), Ok(y)) = (a.parse::<i16>(), b.parse::<i8>(), y.parse::<i16>()) {
                let a8 = a as i8;
                let dotted = text.contains('.');
                let candidates = match (dotted, self.day_first) {
                    (true, _) | (false, Some(true)) => vec![(a8, b)],
                    (false, Some(false)) => vec![(b, a8)],
                    (false, None) if a > 12 => vec![(a8, b)],
                    (false, None) if b > 12 => vec![(b, a8)],
                    (false, None) => {
                        self.problem(
                            column,
                            format!(
                                "`{text}` could be day/month or month/day: write it as YYYY-MM-DD"
                            ),
                        );
                        return None;
                    }
                };
                let y = if (0..100).contains(&y) { 2000 + y } else { y };
                if let Some(date) = candidates
                    .into_iter()
                    .find_map(|(d, m)| Date::new(y, m, d).ok())
                {
                    return Some(date);
                }
            }
        }
        self.problem(
            column,
            format!("`{text}` is not a date: write it as YYYY-MM-DD"),
        );
        None
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn review_interval(text: &str) -> Option<String> {
    let normal = normalise(text);
    let named = match normal.as_str() {
        "annually" | "annual" | "yearly" | "every year" | "1 year" => Some("12 months"),
        "half yearly" | "semi annually" | "semiannually" | "biannually" => Some("6 months"),
        "quarterly" | "every quarter" => Some("3 months"),
        "monthly" | "every month" => Some("1 month"),
        _ => None,
    };
    if let Some(named) = named {
        return Some(named.into());
    }
    crate::calendar::Interval::parse(text.trim())
        .ok()
        .map(|i| i.to_string())
}

/// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn quoted_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| quoted(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn rating_yaml(rating: &(Option<String>, Option<String>)) -> Option<String> {
    let value = |v: &String| match v.parse::<u32>() {
        Ok(n) => n.to_string(),
        Err(_) => quoted(v),
    };
    match rating {
        (Some(l), Some(i)) => Some(format!(
            "{{ likelihood: {}, impact: {} }}",
            value(l),
            value(i)
        )),
        _ => None,
    }
}

impl Imported {
    /// The fields a usable risk needs that the row did not give.
    fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.owner.is_none() {
            missing.push("owner");
        }
        if rating_yaml(&self.inherent).is_none() {
            missing.push("inherent");
        }
        if self.treatment.is_none() {
            missing.push("treatment");
        }
        if self.treatment == Some("accept") && self.accepted_by.is_none() {
            missing.push("acceptance");
        }
        if self.last_reviewed.is_none() {
            missing.push("last_reviewed");
        }
        missing
    }

    fn front_matter(&self, id: &str, source: &str, row: usize, today: Date) -> String {
        let mut out = String::from("---\n");
        out.push_str(&format!(
            "# Imported from {source}, row {row}, by `annexa import risks` on {today}.\n"
        ));
        out.push_str(&format!("id: {}\n", quoted(id)));
        out.push_str(&format!("title: {}\n", quoted(&self.title)));
        out.push_str("type: risk\n");
        if let Some(owner) = &self.owner {
            out.push_str(&format!("owner: {}\n", quoted(owner)));
        }
        out.push_str(&format!("status: {}\n", self.status.unwrap_or("open")));
        if let Some(date) = self.identified {
            out.push_str(&format!("identified: {date}\n"));
        }
        if !self.assets.is_empty() {
            out.push_str(&format!("assets: {}\n", quoted_list(&self.assets)));
        }
        if let Some(threat) = &self.threat {
            out.push_str(&format!("threat: {}\n", quoted(threat)));
        }
        if let Some(vulnerability) = &self.vulnerability {
            out.push_str(&format!("vulnerability: {}\n", quoted(vulnerability)));
        }
        if let Some(rating) = rating_yaml(&self.inherent) {
            out.push_str(&format!("inherent: {rating}\n"));
        }
        if let Some(treatment) = self.treatment {
            out.push_str(&format!("treatment: {treatment}\n"));
        }
        if !self.controls.is_empty() {
            out.push_str(&format!("controls: {}\n", quoted_list(&self.controls)));
        }
        if let Some(action) = &self.action {
            let mut parts = vec![format!("action: {}", quoted(action))];
            if let Some(owner) = &self.action_owner {
                parts.push(format!("owner: {}", quoted(owner)));
            }
            if let Some(due) = self.action_due {
                parts.push(format!("due: {due}"));
            }
            if let Some(done) = self.action_done {
                parts.push(format!("done: {done}"));
            }
            out.push_str(&format!("actions:\n  - {{ {} }}\n", parts.join(", ")));
        }
        if let Some(rating) = rating_yaml(&self.residual) {
            out.push_str(&format!("residual: {rating}\n"));
        }
        if let Some(by) = &self.accepted_by {
            let mut parts = vec![format!("by: {}", quoted(by))];
            if let Some(date) = self.accepted_on {
                parts.push(format!("date: {date}"));
            }
            if let Some(expires) = self.acceptance_expires {
                parts.push(format!("expires: {expires}"));
            }
            out.push_str(&format!("acceptance: {{ {} }}\n", parts.join(", ")));
        }
        if let Some(date) = self.last_reviewed {
            out.push_str(&format!("last_reviewed: {date}\n"));
        }
        if let Some(every) = &self.review_every {
            out.push_str(&format!("review_every: {every}\n"));
        }
        out.push_str("---\n");
        if !self.description.is_empty() {
            out.push('\n');
            for paragraph in &self.description {
                out.push_str(paragraph.trim());
                out.push_str("\n\n");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::table::read_csv;

    fn options() -> Options {
        Options {
            maps: Vec::new(),
            today: jiff::civil::date(2026, 11, 28),
        }
    }

    #[test]
    fn headings_are_recognised_under_merged_groups() {
        let csv = b"Risk register 2026,,,,,\n,,Inherent,,Residual,\nRef,Risk,Likelihood,Impact,Likelihood,Impact\nR-1,Theft,4,5,2,3\n";
        let table = read_csv("r.csv", csv).unwrap();
        let (row, columns) = header(&table, &[]).unwrap();
        assert_eq!(row, 2);
        assert_eq!(
            columns,
            vec![
                Some(Field::Id),
                Some(Field::Title),
                Some(Field::InherentLikelihood),
                Some(Field::InherentImpact),
                Some(Field::ResidualLikelihood),
                Some(Field::ResidualImpact)
            ]
        );
    }

    #[test]
    fn rows_become_files_and_problems_are_placed() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "Id,Title,Owner,Likelihood,Impact,Treatment,Identified,Due date,Action\n\
                   R-1,Theft of laptops,CISO,4,5,Reduce,03/04/2026,25/12/2026,Encrypt disks\n\
                   ,,,,,,,,\n\
                   ,Untitled owner,,11,x1,Ignore,2026-02-30,,\n\
                   R 2,\"Quoted: \"\"title\"\" # hash\",CEO,Likely (4),Major,retain,45658,,\n";
        let table = read_csv("r.csv", csv.as_bytes()).unwrap();
        let report = import(dir.path(), &table, &options()).unwrap();
        assert_eq!(
            report.written,
            vec!["risks/R-1.md", "risks/R-001.md", "risks/R-2.md"]
        );
        let r1 = std::fs::read_to_string(dir.path().join("risks/R-1.md")).unwrap();
        assert!(r1.contains("identified: 2026-04-03\n"), "{r1}");
        assert!(r1.contains("due: 2026-12-25"), "{r1}");
        assert!(r1.contains("treatment: mitigate\n"));
        let r2 = std::fs::read_to_string(dir.path().join("risks/R-2.md")).unwrap();
        assert!(r2.contains("identified: 2025-01-01\n"), "{r2}");
        assert!(
            r2.contains("inherent: { likelihood: 4, impact: \"Major\" }"),
            "{r2}"
        );
        let parsed = crate::source::front_matter::parse("risks/R-2.md", &r2);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.front.unwrap().title, "Quoted: \"title\" # hash");
        let places: Vec<(usize, Option<&str>)> = report
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_deref()))
            .collect();
        assert_eq!(
            places,
            vec![
                (4, Some("D (\"Likelihood\")")),
                (4, Some("F (\"Treatment\")")),
                (4, Some("G (\"Identified\")")),
            ],
            "{:?}",
            report.problems
        );
        // A second run writes nothing and replaces nothing.
        let again = import(dir.path(), &table, &options()).unwrap();
        assert_eq!(again.existing.len(), 2);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("risks/R-1.md")).unwrap(),
            r1
        );
    }

    #[test]
    fn maps_name_unknown_columns_and_bad_maps_fail() {
        let csv = b"Nr,Beschreibung,Eigner\n1,Brand im Lager,CEO\n";
        let table = read_csv("r.csv", csv).unwrap();
        let mut opts = options();
        assert!(import(Path::new("/nonexistent"), &table, &opts).is_err());
        opts.maps = vec![("Beschreibung".into(), "titel".into())];
        let error = import(Path::new("/nonexistent"), &table, &opts).unwrap_err();
        assert!(error.contains("did you mean `title`?"), "{error}");
        let dir = tempfile::tempdir().unwrap();
        opts.maps = vec![
            ("Beschreibung".into(), "title".into()),
            ("Eigner".into(), "owner".into()),
        ];
        let report = import(dir.path(), &table, &opts).unwrap();
        assert_eq!(report.written, vec!["risks/R-001.md"]);
        assert_eq!(report.unused_columns, vec!["A (\"Nr\")"]);
    }
}

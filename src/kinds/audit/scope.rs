//! What an internal audit covers (`scope: { clauses, controls, processes }`) and when it is
//! planned (`2026-02` or a date), read at file:line:col: clause ids against the clause
//! catalogue, control ids against Annex A, each with a did-you-mean.

use jiff::civil::Date;

use crate::catalog::clauses::{clause, closest_clause, touches};
use crate::catalog::{catalog, ControlId, ParsedControlRef};
use crate::source::yaml::{Node, Reader};
use crate::source::Spanned;

use super::lints::UNKNOWN_CLAUSE;

pub const SCOPE_EXAMPLE: &str =
    "{ clauses: [\"4\", \"5\", \"6.1\"], controls: [A.5.1, A.5.2], processes: [Risk management] }";

/// An audit's scope. Ids that are not in the catalogues are reported and left out.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Clause ids as in the catalogue (`6.1`): each covers its sub-clauses.
    pub clauses: Vec<Spanned<String>>,
    pub controls: Vec<Spanned<ControlId>>,
    pub processes: Vec<String>,
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty() && self.controls.is_empty() && self.processes.is_empty()
    }

    /// Whether the scope takes in clause `id` (it names it, a clause above it, or one of its
    /// sub-clauses: auditing 9.2.2 is auditing part of 9.2).
    pub fn has_clause(&self, id: &str) -> bool {
        self.clauses.iter().any(|c| touches(&c.value, id))
    }

    pub fn has_control(&self, id: &ControlId) -> bool {
        self.controls.iter().any(|c| &c.value == id)
    }
}

/// Reads `scope:` (a mapping of `clauses`, `controls`, `processes`).
pub fn read_scope(reader: &mut Reader, node: &Node, what: &str) -> Scope {
    let mut scope = Scope::default();
    let Some(fields) = reader.fields(
        node,
        what,
        &["clauses", "controls", "processes"],
        SCOPE_EXAMPLE,
    ) else {
        return scope;
    };
    if let Some(value) = fields.get("clauses") {
        scope.clauses = read_clauses(reader, value, &format!("the `clauses` of {what}"));
    }
    if let Some(value) = fields.get("controls") {
        for written in reader.text_list(value, &format!("the `controls` of {what}"), "[A.5.1]") {
            if let Some(id) = annex_a(reader, &written) {
                scope.controls.push(Spanned {
                    value: id,
                    span: written.span,
                });
            }
        }
    }
    if let Some(value) = fields.get("processes") {
        scope.processes = reader
            .text_list(
                value,
                &format!("the `processes` of {what}"),
                "[Risk management]",
            )
            .into_iter()
            .map(|p| p.value)
            .collect();
    }
    scope
}

/// A list of clause ids of ISO/IEC 27001:2022 (4 to 10.2); an id the catalogue does not
/// know is `unknown-clause`, with the closest one.
pub fn read_clauses(reader: &mut Reader, node: &Node, what: &str) -> Vec<Spanned<String>> {
    let mut out = Vec::new();
    for written in reader.text_list(node, what, "[\"4.3\", \"9.2\"]") {
        match clause(&written.value) {
            Some(known) => out.push(Spanned {
                value: known.id.clone(),
                span: written.span,
            }),
            None => {
                let help = match closest_clause(&written.value) {
                    Some(close) => format!("did you mean `{close}`? (write clause numbers in quotes: \"{close}\")"),
                    None => "write a clause of ISO/IEC 27001:2022 from \"4\" to \"10.2\", in quotes (\"6.1.2\")".into(),
                };
                let location = reader.locate(written.span);
                reader.diagnostics.push(
                    UNKNOWN_CLAUSE
                        .report(format!(
                            "`{}` in {what} is not a clause of ISO/IEC 27001:2022",
                            written.value
                        ))
                        .at(location)
                        .with_help(help),
                );
            }
        }
    }
    out
}

/// An Annex A control of ISO/IEC 27001:2022, or an error with the closest one.
fn annex_a(reader: &mut Reader, written: &Spanned<String>) -> Option<ControlId> {
    let catalog = catalog();
    if let Some(ParsedControlRef::Current(id)) = ParsedControlRef::parse(&written.value) {
        if catalog.control(&id).is_some() {
            return Some(id);
        }
    }
    let help = match catalog.closest_control(&written.value) {
        Some(close) => format!("did you mean `{}` ({})?", close.id.as_str(), close.title),
        None => "write an Annex A control of ISO/IEC 27001:2022, such as `A.5.1`".into(),
    };
    reader.error(
        written.span,
        format!(
            "`{}` is not an ISO/IEC 27001:2022 Annex A control",
            written.value
        ),
        help,
    );
    None
}

/// When an audit is planned: a month (`2026-02`) or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Planned {
    pub first: Date,
    pub last: Date,
    /// Whether a single day was written.
    pub day: bool,
}

impl Planned {
    /// The text it was written as: `2026-02` or `2026-02-12`.
    pub fn label(&self) -> String {
        if self.day {
            self.first.to_string()
        } else {
            format!("{:04}-{:02}", self.first.year(), self.first.month())
        }
    }

    /// Parses `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Planned> {
        let text = text.trim();
        if let Ok(day) = crate::calendar::parse_date(text) {
            return Some(Planned {
                first: day,
                last: day,
                day: true,
            });
        }
        let (year, month) = text.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let first = jiff::civil::Date::new(year.parse().ok()?, month.parse().ok()?, 1).ok()?;
        Some(Planned {
            first,
            last: first.last_of_month(),
            day: false,
        })
    }
}

/// Reads a planned month or day.
pub fn read_planned(reader: &mut Reader, node: &Node, what: &str) -> Option<Planned> {
    let text = reader.text(node, what, "2026-02")?;
    let planned = Planned::parse(&text.value);
    if planned.is_none() {
        reader.error(
            node.span,
            format!("{what}: `{}` is not a month or a date", text.value),
            "write the month as YYYY-MM (`2026-02`) or the day as YYYY-MM-DD",
        );
    }
    planned
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::registry::{INVALID_FRONT_MATTER, UNKNOWN_FIELD};

    fn scope_of(text: &str) -> (Scope, Vec<(String, usize, usize)>) {
        let mut reader = Reader::new("f.yaml", text, &INVALID_FRONT_MATTER, &UNKNOWN_FIELD);
        let root = reader.parse().unwrap();
        let scope = read_scope(&mut reader, &root, "the scope");
        let found = reader
            .diagnostics
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (d.name.to_string(), l.line, l.column)
            })
            .collect();
        (scope, found)
    }

    #[test]
    fn clauses_and_controls_are_checked_where_written() {
        let (scope, found) = scope_of(
            "clauses: [\"4\", \"6.1\", \"11.2\"]\ncontrols: [A.5.1, A.5.99]\nprocesess: [x]\n",
        );
        assert_eq!(
            found,
            [
                ("unknown-field".to_string(), 3, 1),
                ("unknown-clause".to_string(), 1, 23),
                ("invalid-front-matter".to_string(), 2, 19),
            ]
        );
        assert!(scope.has_clause("6.1.2") && scope.has_clause("4.3") && !scope.has_clause("5.1"));
        assert_eq!(scope.controls.len(), 1);
    }

    #[test]
    fn a_month_or_a_day() {
        let month = Planned::parse("2026-02").unwrap();
        assert_eq!((month.first.day(), month.last.day()), (1, 28));
        assert_eq!(month.label(), "2026-02");
        assert_eq!(Planned::parse("2026-02-12").unwrap().label(), "2026-02-12");
        for bad in ["2026-13", "26-02", "2026/02", "Feb 2026", "2026-2"] {
            assert!(Planned::parse(bad).is_none(), "{bad}");
        }
    }
}

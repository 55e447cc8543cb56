//! One control's decision, as soa.yaml and `applicability/<framework>.yaml` both write it:
//! `applicable`, `status`, `justification` and `reasons`, read with the positioned reader.

use super::reasons::Reason;
use super::soa::{Decision, Implementation};
use super::yaml::{Node, Reader};

pub const DECISION_KEYS: &[&str] = &["applicable", "status", "justification", "reasons"];

/// The decision written under the control key `key` (whose id is `id`). None when a field
/// could not be used (its error is reported): a half-read decision is not taken as made.
pub fn read_decision(reader: &mut Reader, id: &str, key: &Node, value: &Node) -> Option<Decision> {
    let example = "applicable: true\n    status: implemented\n    justification: …";
    let before = reader.diagnostics.len();
    let what = format!("the decision for {id}");
    let fields = reader.fields(value, &what, DECISION_KEYS, example)?;
    let applicable = reader
        .required(&fields, "applicable", &what, "true")
        .and_then(|n| reader.choice(n, &format!("`applicable` of {id}"), &["true", "false"]))
        .map(|a| a == "true");
    let keys = Implementation::ALL.map(Implementation::key);
    let status = fields.get("status").and_then(|n| {
        let key = reader.choice(n, &format!("the status of {id}"), &keys)?;
        Implementation::ALL.into_iter().find(|s| s.key() == key)
    });
    let justification = fields
        .get("justification")
        .and_then(|n| {
            reader.text(
                n,
                &format!("the justification of {id}"),
                "justification: Why",
            )
        })
        .map(|j| j.value)
        .filter(|j| !j.is_empty());
    // `justification:` written with nothing after it: a decision still to be made.
    let empty_justification = fields
        .entry("justification")
        .filter(|(_, v)| justification.is_none() && (v.is_null() || v.as_text().is_none()))
        .map(|(k, _)| reader.locate(k.span));
    let reasons = fields
        .get("reasons")
        .map(|n| read_reasons(reader, id, n))
        .unwrap_or_default();
    if reader.failed_since(before) {
        return None;
    }
    Some(Decision {
        applicable: applicable?,
        status,
        justification,
        reasons,
        empty_justification,
        location: reader.locate(key.span),
    })
}

/// `reasons: [legal, risk]` (or one word), in the order of `Reason::ALL`, each once.
fn read_reasons(reader: &mut Reader, id: &str, node: &Node) -> Vec<Reason> {
    let keys = Reason::ALL.map(Reason::key);
    let items = if node.as_text().is_some() {
        std::slice::from_ref(node)
    } else {
        reader.list(
            node,
            &format!("the reasons of {id}"),
            "reasons: [legal, contractual, business, risk]",
        )
    };
    let what = format!("a reason for including {id}");
    let chosen: Vec<&str> = items
        .iter()
        .filter_map(|item| reader.choice(item, &what, &keys))
        .collect();
    Reason::ALL
        .into_iter()
        .filter(|r| chosen.contains(&r.key()))
        .collect()
}

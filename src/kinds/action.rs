//! Actions as the record kinds share them (risk treatment, corrective actions, management
//! review actions): `{ id, action, owner, due, done }`, read at file:line:col, and where one
//! stands on a given day.

use jiff::civil::Date;

use crate::diagnostic::Span;
use crate::source::yaml::{Node, Reader};

/// One action: what is to be done, by whom, by when, and when it was done.
#[derive(Clone, Debug)]
pub struct Action {
    pub id: Option<String>,
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub done: Option<Date>,
    pub span: Span,
}

impl Action {
    /// Its id, else its text: how diagnostics and pages name it.
    pub fn name(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.action)
    }
}

/// Reads the list `node` of actions; `what` names one ("a treatment action"), `example` is
/// a whole action as it would be written.
pub fn read_actions(reader: &mut Reader, node: &Node, what: &str, example: &str) -> Vec<Action> {
    let list_example = format!("actions:\n  - {example}");
    reader
        .list(node, "`actions`", &list_example)
        .iter()
        .filter_map(|item| read_action(reader, item, what, example))
        .collect()
}

/// Reads one action.
pub fn read_action(reader: &mut Reader, node: &Node, what: &str, example: &str) -> Option<Action> {
    let fields = reader.fields(
        node,
        what,
        &["id", "action", "owner", "due", "done"],
        example,
    )?;
    let text = |reader: &mut Reader, key: &str, example: &str| {
        fields
            .get(key)
            .and_then(|v| reader.nonempty_text(v, &format!("the action's `{key}`"), example))
            .map(|t| t.value)
    };
    let id = text(reader, "id", "A-1");
    let owner = text(reader, "owner", "Head of IT");
    let action = reader
        .required(&fields, "action", what, "What is to be done")
        .and_then(|v| reader.nonempty_text(v, "the action's `action`", "What is to be done"));
    let due = fields
        .get("due")
        .and_then(|v| reader.date(v, "the action's `due`", "2026-03-31"));
    let done = fields
        .get("done")
        .and_then(|v| reader.date(v, "the action's `done`", "2026-03-20"));
    Some(Action {
        id,
        action: action?.value,
        owner,
        due,
        done,
        span: node.span,
    })
}

/// Where an action stands on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionState {
    Done,
    Overdue,
    Open,
}

impl ActionState {
    pub fn of(action: &Action, today: Date) -> ActionState {
        match (action.done, action.due) {
            (Some(_), _) => ActionState::Done,
            (None, Some(due)) if due < today => ActionState::Overdue,
            _ => ActionState::Open,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ActionState::Done => "done",
            ActionState::Overdue => "overdue",
            ActionState::Open => "open",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionState::Done => "Done",
            ActionState::Overdue => "Overdue",
            ActionState::Open => "Open",
        }
    }
}

/// An action as template values, with its state on `today`.
#[derive(serde::Serialize, Clone)]
pub struct ActionView {
    pub id: Option<String>,
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub done: Option<String>,
    pub state: &'static str,
    pub state_label: &'static str,
}

impl ActionView {
    pub fn new(action: &Action, today: Date) -> ActionView {
        let state = ActionState::of(action, today);
        ActionView {
            id: action.id.clone(),
            action: action.action.clone(),
            owner: action.owner.clone(),
            due: action.due.map(|d| d.to_string()),
            done: action.done.map(|d| d.to_string()),
            state: state.key(),
            state_label: state.label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::registry::{INVALID_FRONT_MATTER, UNKNOWN_FIELD};
    use crate::source::yaml::parse;

    fn read(text: &str) -> (Vec<Action>, Vec<String>) {
        let node = parse(text).unwrap();
        let mut reader = Reader::new("x.md", text, &INVALID_FRONT_MATTER, &UNKNOWN_FIELD);
        let actions = read_actions(&mut reader, &node, "an action", "{ action: X }");
        let messages = reader
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.location.as_ref().map_or(0, |l| l.line),
                    d.location.as_ref().map_or(0, |l| l.column),
                    d.message
                )
            })
            .collect();
        (actions, messages)
    }

    #[test]
    fn actions_are_read_with_their_dates_and_state() {
        let (actions, messages) =
            read("- { id: A-1, action: Fix it, owner: CISO, due: 2026-03-31, done: 2026-03-20 }\n- { action: Later, due: 2026-01-01 }\n");
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(actions.len(), 2);
        assert_eq!(actions[0].name(), "A-1");
        assert_eq!(actions[1].name(), "Later");
        let today = jiff::civil::date(2026, 2, 1);
        assert_eq!(ActionState::of(&actions[0], today), ActionState::Done);
        assert_eq!(ActionState::of(&actions[1], today), ActionState::Overdue);
        assert_eq!(
            ActionState::of(&actions[1], jiff::civil::date(2025, 12, 1)),
            ActionState::Open
        );
    }

    #[test]
    fn a_bad_action_is_reported_at_its_place() {
        let (actions, messages) = read("- { owner: CISO, due: 2026-13-01, dun: 2026-01-01 }\n");
        assert!(actions.is_empty());
        assert!(
            messages.iter().any(|m| m.contains("unknown key `dun`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("1:3") && m.contains("has no `action`")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("`due`")), "{messages:?}");
    }
}

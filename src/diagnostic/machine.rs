//! Machine-readable diagnostics for CI: JSON objects and GitHub workflow commands.

use super::{Diagnostic, Level};

/// One diagnostic as a single-line JSON object with name, level, file, line, column,
/// message and help.
pub fn json_line(d: &Diagnostic) -> String {
    let location = d.location.as_ref();
    let value = serde_json::json!({
        "name": d.name,
        "level": d.level,
        "file": location.map(|l| l.file.as_str()),
        "line": location.map(|l| l.line).filter(|&l| l > 0),
        "column": location.map(|l| l.column).filter(|&c| c > 0),
        "message": d.message,
        "help": d.help,
        "related": d.related.iter().map(|(l, label)| serde_json::json!({
            "file": l.file, "line": l.line, "column": l.column, "label": label,
        })).collect::<Vec<_>>(),
    });
    value.to_string()
}

/// One diagnostic as a GitHub Actions workflow command, e.g.
/// `::error file=a.md,line=3,col=5,title=broken-reference::message`.
pub fn github_line(d: &Diagnostic) -> String {
    let command = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    };
    let mut properties = Vec::new();
    if let Some(l) = &d.location {
        properties.push(format!("file={}", escape_property(&l.file)));
        if l.line > 0 {
            properties.push(format!("line={}", l.line));
            properties.push(format!("col={}", l.column));
        }
    }
    properties.push(format!("title={}", escape_property(d.name)));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    fn sample() -> Diagnostic {
        Diagnostic::new("review-overdue", Level::Warning, "review was due 100% late")
            .at(Location::in_text("a,b.md", "x: 1\n", 3, 1))
            .with_help("review it")
    }

    #[test]
    fn github_escapes() {
        assert_eq!(
            github_line(&sample()),
            "::warning file=a%2Cb.md,line=1,col=4,title=review-overdue::review was due 100%25 late%0Ahelp: review it"
        );
    }

    #[test]
    fn json_has_every_field() {
        let v: serde_json::Value = serde_json::from_str(&json_line(&sample())).unwrap_or_default();
        assert_eq!(v["name"], "review-overdue");
        assert_eq!(v["level"], "warning");
        assert_eq!(v["line"], 1);
        assert_eq!(v["column"], 4);
        assert_eq!(v["help"], "review it");
    }
}

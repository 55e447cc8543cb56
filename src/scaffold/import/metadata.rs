//! What a plain Markdown policy says about itself: its title (the first heading) and the
//! metadata near its top, written as lines (`**Owner:** CISO`, `- Version: 1.2`) or as a
//! table (`| Owner | CISO |` rows, or a header row of names over one row of values).

/// A front matter field that metadata can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Id,
    Status,
    Version,
    Owner,
    Approver,
    Approved,
    Classification,
    LastReviewed,
    ReviewEvery,
    NextReview,
}

impl Field {
    /// The front matter key.
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Status => "status",
            Field::Version => "version",
            Field::Owner => "owner",
            Field::Approver => "approver",
            Field::Approved => "approved",
            Field::Classification => "classification",
            Field::LastReviewed => "last_reviewed",
            Field::ReviewEvery => "review_every",
            Field::NextReview => "next_review",
        }
    }

    /// The field a metadata name stands for (`Document Owner`, `Last updated`, `Review
    /// frequency`), compared without case, punctuation or emphasis.
    pub fn named(name: &str) -> Option<Field> {
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let field = match name.as_str() {
            "id" | "document id" | "doc id" | "document number" | "document no" | "policy id"
            | "policy number" | "document reference" | "document ref" | "reference" => Field::Id,
            "status" | "document status" | "policy status" => Field::Status,
            "version" | "document version" | "policy version" | "version number" | "revision"
            | "rev" => Field::Version,
            "owner" | "document owner" | "policy owner" | "process owner" | "owned by"
            | "responsible" | "responsible person" | "responsible party" => Field::Owner,
            "approver" | "approved by" | "approval authority" | "authorised by"
            | "authorized by" => Field::Approver,
            "approved" | "approval date" | "date approved" | "approved on" | "date of approval"
            | "effective date" | "effective from" | "effective" => Field::Approved,
            "classification"
            | "data classification"
            | "information classification"
            | "document classification"
            | "confidentiality"
            | "sensitivity" => Field::Classification,
            "last reviewed" | "last review" | "last review date" | "date last reviewed"
            | "reviewed" | "review date" | "last updated" | "last update" | "updated"
            | "last modified" | "date last updated" => Field::LastReviewed,
            "review cycle" | "review frequency" | "review interval" | "review period"
            | "review schedule" | "reviewed every" => Field::ReviewEvery,
            "next review" | "next review date" | "next review due" | "review due" | "review by" => {
                Field::NextReview
            }
            _ => return None,
        };
        Some(field)
    }
}

/// A metadata value as written, with the 1-based line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub field: Field,
    pub value: String,
    pub line: usize,
}

/// What a document's text says about it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The first heading's text, without its markup.
    pub title: Option<String>,
    /// Values in the order written; the first of a field counts.
    pub values: Vec<Written>,
}

impl Metadata {
    /// The first value written for `field`.
    pub fn get(&self, field: Field) -> Option<&Written> {
        self.values.iter().find(|w| w.field == field)
    }
}

/// How far from the top metadata is looked for: it sits under the title, before the body.
const TOP_LINES: usize = 60;

/// Reads `text` (a document without front matter).
pub fn read(text: &str) -> Metadata {
    let lines: Vec<&str> = text.lines().collect();
    let mut metadata = Metadata::default();
    let mut in_fence: Option<&str> = None;
    let mut headings = 0;
    let mut table: Vec<(usize, &str)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if let Some(fence) = in_fence {
            if trimmed.starts_with(fence) {
                in_fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = Some(&trimmed[..3]);
            continue;
        }
        let heading = atx_heading(trimmed).or_else(|| {
            let next = lines.get(index + 1)?.trim();
            let underline = !next.is_empty()
                && (next.bytes().all(|b| b == b'=') || next.bytes().all(|b| b == b'-'));
            (underline && !trimmed.is_empty() && !trimmed.starts_with('|'))
                .then(|| plain_text(trimmed))
        });
        if let Some(heading) = heading {
            headings += 1;
            if metadata.title.is_none() && !heading.is_empty() {
                metadata.title = Some(heading);
            } else if headings > 1 {
                // Metadata sits between the title and the first section.
                break;
            }
            continue;
        }
        if index >= TOP_LINES {
            break;
        }
        if trimmed.starts_with('|') {
            table.push((index + 1, trimmed));
            continue;
        }
        if !table.is_empty() {
            metadata.values.extend(table_values(&table));
            table.clear();
        }
        if let Some(written) = metadata_line(trimmed, index + 1) {
            metadata.values.push(written);
        }
    }
    metadata.values.extend(table_values(&table));
    metadata
}

/// The text of an ATX heading line (`## 2. Scope ##` → `2. Scope`).
fn atx_heading(line: &str) -> Option<String> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    let rest = rest.trim_end_matches('#').trim_end();
    // `{#custom-id}` after the heading is not part of its text.
    let rest = match rest.rfind(" {#") {
        Some(at) if rest.ends_with('}') => &rest[..at],
        _ => rest,
    };
    Some(plain_text(rest))
}

/// Text without inline Markdown: emphasis, code ticks, links (their text stays), images and
/// raw HTML tags.
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '`' => {}
            '_' if out.is_empty()
                || out.ends_with(' ')
                || chars.peek().is_none_or(|n| !n.is_alphanumeric()) => {}
            '!' if chars.peek() == Some(&'[') => {}
            '[' | ']' => {
                if c == ']' && chars.peek() == Some(&'(') {
                    // Skip the link's destination.
                    for d in chars.by_ref() {
                        if d == ')' {
                            break;
                        }
                    }
                }
            }
            '<' => {
                // Skip a tag; keep a lone `<`.
                let rest: String = chars.clone().take_while(|&d| d != '>').collect();
                if rest.starts_with(|d: char| d.is_ascii_alphabetic() || d == '/')
                    && chars.clone().any(|d| d == '>')
                {
                    for d in chars.by_ref() {
                        if d == '>' {
                            break;
                        }
                    }
                } else {
                    out.push(c);
                }
            }
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `**Owner:** CISO`, `**Owner**: CISO`, `- Version: 1.2`, `*Last updated*: 2025-03-01`,
/// `> Status: Draft`: a known name, a colon and a value.
fn metadata_line(line: &str, number: usize) -> Option<Written> {
    let line = line
        .trim_start_matches(['-', '*', '+', '>'])
        .trim_start()
        .trim_end_matches('\\')
        .trim_end();
    let (name, value) = line.split_once(':')?;
    if name.len() > 40 || value.trim_start().starts_with("//") {
        return None;
    }
    let field = Field::named(&plain_text(name))?;
    let value = plain_text(value);
    (!value.is_empty()).then_some(Written {
        field,
        value,
        line: number,
    })
}

/// The cells of a table row, without their markup.
fn cells(row: &str) -> Vec<String> {
    let row = row.trim().trim_start_matches('|').trim_end_matches('|');
    row.split('|').map(|c| plain_text(c.trim())).collect()
}

fn is_delimiter(row: &str) -> bool {
    let cells = cells(row);
    !cells.is_empty()
        && cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// The values of a metadata table: rows of name and value (the header row too, as in
/// `| Owner | CISO |`), or a header row of names over a row of values.
fn table_values(rows: &[(usize, &str)]) -> Vec<Written> {
    let rows: Vec<(usize, Vec<String>)> = rows
        .iter()
        .filter(|(_, row)| !is_delimiter(row))
        .map(|(line, row)| (*line, cells(row)))
        .collect();
    let Some((_, header)) = rows.first() else {
        return Vec::new();
    };
    let named: Vec<Option<Field>> = header.iter().map(|c| Field::named(c)).collect();
    // A header of names (at least two, and no value among them) over a row of values.
    if named.iter().filter(|f| f.is_some()).count() >= 2 && named[0].is_some() {
        if let Some((line, values)) = rows.get(1) {
            return named
                .iter()
                .zip(values)
                .filter_map(|(field, value)| {
                    Some(Written {
                        field: (*field)?,
                        value: value.clone(),
                        line: *line,
                    })
                })
                .filter(|w| !w.value.is_empty())
                .collect();
        }
    }
    rows.iter()
        .filter_map(|(line, row)| {
            let [name, value, ..] = row.as_slice() else {
                return None;
            };
            let field = Field::named(name)?;
            (!value.is_empty()).then(|| Written {
                field,
                value: value.clone(),
                line: *line,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(&'static str, String)> {
        read(text)
            .values
            .into_iter()
            .map(|w| (w.field.key(), w.value))
            .collect()
    }

    #[test]
    fn the_title_is_the_first_heading_without_markup() {
        for (text, title) in [
            (
                "# Access Control Policy\n\nText.\n",
                "Access Control Policy",
            ),
            ("Intro line\n\n## **Backup** `Policy` ##\n", "Backup Policy"),
            (
                "Password Standard\n=================\n\nText\n",
                "Password Standard",
            ),
            (
                "# 🔐 [Encryption](x.md) Policy {#enc}\n",
                "🔐 Encryption Policy",
            ),
            ("```\n# not a heading\n```\n# Real\n", "Real"),
            ("#hashtag\n\nNo heading.\n", ""),
        ] {
            assert_eq!(read(text).title.unwrap_or_default(), title, "{text:?}");
        }
    }

    #[test]
    fn metadata_lines_in_their_usual_shapes() {
        let text = "# Access Control Policy\n\n**Owner:** Head of IT  \n**Version**: v2.1\n- *Last updated*: 1 March 2025\n> Review cycle: Annually\nClassification: Internal\nSee: the rules below.\nStatus: Approved\n\n## Purpose\n\nOwner: not metadata, a section's text\n";
        assert_eq!(
            values(text),
            vec![
                ("owner", "Head of IT".to_string()),
                ("version", "v2.1".to_string()),
                ("last_reviewed", "1 March 2025".to_string()),
                ("review_every", "Annually".to_string()),
                ("classification", "Internal".to_string()),
                ("status", "Approved".to_string()),
            ]
        );
        assert_eq!(read(text).get(Field::Owner).map(|w| w.line), Some(3));
    }

    #[test]
    fn metadata_tables_by_rows_and_by_columns() {
        let rows = "# Policy\n\n| Field | Value |\n|---|---|\n| Document Owner | CISO |\n| Version | 2.0 |\n| Approved | 12 March 2025 |\n| Review Frequency | Every 2 years |\n\nText.\n";
        assert_eq!(
            values(rows),
            vec![
                ("owner", "CISO".to_string()),
                ("version", "2.0".to_string()),
                ("approved", "12 March 2025".to_string()),
                ("review_every", "Every 2 years".to_string()),
            ]
        );
        let columns = "# Procedure\n\n| Version | Owner | Last Reviewed | Notes |\n|:--|:--|:--|---|\n| 1.4 | **SOC Lead** | 2025-01-10 | x |\n| 1.3 | SOC | 2024-01-01 | y |\n";
        assert_eq!(
            values(columns),
            vec![
                ("version", "1.4".to_string()),
                ("owner", "SOC Lead".to_string()),
                ("last_reviewed", "2025-01-10".to_string()),
            ]
        );
        let headerless = "| Owner | CISO |\n|---|---|\n| Status | Draft |\n\n# Title\n";
        assert_eq!(
            values(headerless),
            vec![
                ("owner", "CISO".to_string()),
                ("status", "Draft".to_string())
            ]
        );
        // A table in a section is content, not metadata.
        assert!(values("# T\n\n## Roles\n\n| Owner | CISO |\n|---|---|\n").is_empty());
    }
}

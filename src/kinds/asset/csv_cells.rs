//! CSV text as rows of cells that keep their byte offsets, so a register read from a
//! spreadsheet export reports a bad value at its line and column like a YAML file does.

/// One cell: its text (trimmed, quotes undone) and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub offset: usize,
    /// Bytes it spans in the file (quotes included).
    pub len: usize,
}

/// The rows of `text`: the delimiter (`,`, `;` or tab) is the one the first non-blank line
/// uses most; blank lines are skipped. A quote left open runs to the end of the file.
pub fn rows(text: &str) -> Vec<Vec<Cell>> {
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|&d| first_line.matches(d).count())
        .unwrap_or(',');
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cell = String::new();
    let mut start = 0;
    let mut quoted = false;
    let mut chars = text.char_indices().peekable();
    let finish = |row: &mut Vec<Cell>, cell: &mut String, start: usize, end: usize| {
        row.push(Cell {
            text: cell.trim().to_string(),
            offset: start,
            len: end - start,
        });
        cell.clear();
    };
    while let Some((at, c)) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek().map(|(_, n)| *n) == Some('"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            '\r' => {}
            '\n' => {
                finish(&mut row, &mut cell, start, at);
                if !(row.len() == 1 && row[0].text.is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
                start = at + 1;
            }
            c if c == delimiter => {
                finish(&mut row, &mut cell, start, at);
                start = at + 1;
            }
            c => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        finish(&mut row, &mut cell, start, text.len());
        if !(row.len() == 1 && row[0].text.is_empty()) {
            rows.push(row);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_their_places() {
        let text = "id;name\r\n\nA-1;\"Db; \"\"prod\"\"\"\nA-2;x";
        let rows = rows(text);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1][1].text, "Db; \"prod\"");
        assert_eq!(&text[rows[1][1].offset..rows[1][1].offset + 1], "\"");
        assert_eq!(rows[2][0].text, "A-2");
        assert_eq!(&text[rows[2][1].offset..], "x");
    }
}

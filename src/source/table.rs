//! Spreadsheets as tables: a CSV file or a sheet of an .xlsx workbook read into rows of text
//! cells, each cell keeping its row and column as a spreadsheet shows them (row 7, column E),
//! so an importer can say where a value it cannot use was written.

use std::path::Path;

/// One cell's text; a date stored as a date (or as an Excel serial number in a date cell)
/// comes as `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    /// Whether the workbook stored a number (an Excel date serial may hide in one).
    pub number: Option<f64>,
}

/// A table: every row as read, blank rows included (so row numbers stay true).
#[derive(Debug)]
pub struct Table {
    /// Where it came from: `register.xlsx, sheet "Risks"`.
    pub source: String,
    pub rows: Vec<Vec<Cell>>,
    /// A CSV file's text as read (decoded), and for each row the byte offset in it where each
    /// cell starts: how a reader of a project's data files points at file:line:col. Empty for
    /// a workbook.
    pub text: String,
    pub offsets: Vec<Vec<usize>>,
    /// For `location`: incidents.csv locates a cell of every row.
    pub lines: crate::diagnostic::LineStarts,
}

impl Table {
    /// Where cell `column` of row `row` (both 0-based) was written in the CSV text of `file`;
    /// the row's start when the cell is missing, the whole file for a workbook.
    pub fn location(&self, file: &str, row: usize, column: usize) -> crate::diagnostic::Location {
        let Some(starts) = self.offsets.get(row) else {
            return crate::diagnostic::Location::whole_file(file);
        };
        let offset = starts.get(column).or(starts.first()).copied().unwrap_or(0);
        let len = self
            .rows
            .get(row)
            .and_then(|r| r.get(column))
            .map_or(1, |c| c.text.chars().count().max(1));
        self.lines.locate(file, &self.text, offset, len)
    }
}

/// The byte offsets where the cells of the record starting at `start` begin (after leading
/// blanks), reading quotes as CSV does.
fn cell_starts(text: &str, start: usize, delimiter: u8) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    let mut i = start;
    // A record after a CRLF line end may be said to start at its `\n`.
    while i < bytes.len() && (bytes[i] == b'\r' || bytes[i] == b'\n') {
        i += 1;
    }
    loop {
        while i < bytes.len() && (bytes[i] == b' ' || (bytes[i] == b'\t' && delimiter != b'\t')) {
            i += 1;
        }
        starts.push(i);
        let mut quoted = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'"' {
                if quoted && bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = !quoted;
                }
            } else if !quoted && (b == delimiter || b == b'\n' || b == b'\r') {
                break;
            }
            i += 1;
        }
        if i < bytes.len() && bytes[i] == delimiter {
            i += 1;
            continue;
        }
        return starts;
    }
}

/// The spreadsheet name of column `index` (0 → A, 26 → AA).
pub fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Reads `path`: `.csv` (comma, semicolon or tab separated, found from the header line) or
/// `.xlsx`/`.xlsm` (the sheet `sheet`, else the first sheet). The error says what to do.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, String> {
    let name = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" | "tsv" => {
            if sheet.is_some() {
                return Err(format!("{name} is a CSV file: it has no sheets; leave out --sheet"));
            }
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))?;
            read_csv(&name, &bytes)
        }
        "xlsx" | "xlsm" => read_xlsx(path, &name, sheet),
        _ => Err(format!(
            "{name}: annexa reads .csv and .xlsx files; save the spreadsheet in one of those formats"
        )),
    }
}

/// A CSV file's rows. A UTF-8 byte order mark is dropped; text that is not UTF-8 is read as
/// Windows-1252 (what Excel writes on Windows).
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    };
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| first_line.matches(d as char).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut offsets = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{name}, row {}: {e}", n + 1))?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        offsets.push(cell_starts(&text, start, delimiter));
        rows.push(
            record
                .iter()
                .map(|c| Cell {
                    text: c.trim().to_string(),
                    number: None,
                })
                .collect(),
        );
    }
    Ok(Table {
        source: name.to_string(),
        rows,
        text,
        offsets,
        lines: Default::default(),
    })
}

fn windows_1252(byte: u8) -> char {
    // The printable range 0x80–0x9F differs from Latin-1; the rest is the same.
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[(byte - 0x80) as usize],
        _ => byte as char,
    }
}

fn read_xlsx(path: &Path, name: &str, sheet: Option<&str>) -> Result<Table, String> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        open_workbook(path).map_err(|e| format!("cannot read {name} as an .xlsx workbook: {e}"))?;
    let names = workbook.sheet_names();
    let chosen = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "{name} has no sheet \"{wanted}\"; its sheets are: {}",
                    names.join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| format!("{name} has no sheets"))?,
    };
    let range = workbook
        .worksheet_range(&chosen)
        .map_err(|e| format!("cannot read the sheet \"{chosen}\" of {name}: {e}"))?;
    // Rows and columns before the used range are blank: keep them so positions stay true.
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![
            Cell {
                text: String::new(),
                number: None
            };
            left as usize
        ];
        for value in row {
            cells.push(match value {
                Data::Empty => Cell {
                    text: String::new(),
                    number: None,
                },
                Data::String(s) => Cell {
                    text: s.trim().to_string(),
                    number: None,
                },
                Data::Float(f) => Cell {
                    text: number_text(*f),
                    number: Some(*f),
                },
                Data::Int(i) => Cell {
                    text: i.to_string(),
                    number: Some(*i as f64),
                },
                Data::Bool(b) => Cell {
                    text: b.to_string(),
                    number: None,
                },
                Data::DateTime(d) => Cell {
                    text: serial_date(d.as_f64()).unwrap_or_else(|| d.as_f64().to_string()),
                    number: Some(d.as_f64()),
                },
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell {
                    text: s.get(..10).unwrap_or(s).to_string(),
                    number: None,
                },
                Data::Error(e) => Cell {
                    text: format!("#{e:?}"),
                    number: None,
                },
            });
        }
        rows.push(cells);
    }
    Ok(Table {
        source: format!("{name}, sheet \"{chosen}\""),
        rows,
        text: String::new(),
        offsets: Vec::new(),
        lines: Default::default(),
    })
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`, for serials from 1900 to
/// 2200.
pub fn serial_date(serial: f64) -> Option<String> {
    if !(1.0..=110_000.0).contains(&serial) {
        return None;
    }
    let base = jiff::civil::date(1899, 12, 30);
    base.checked_add(jiff::Span::new().days(serial.floor() as i64))
        .ok()
        .map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_like_a_spreadsheet() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(serial_date(45_658.0).as_deref(), Some("2025-01-01"));
        assert_eq!(serial_date(45_658.75).as_deref(), Some("2025-01-01"));
        assert_eq!(serial_date(0.5), None);
    }

    #[test]
    fn csv_delimiters_and_encodings() {
        let table = read_csv("x.csv", b"\xEF\xBB\xBFId;Title\r\nR-1;Caf\xC3\xA9\r\n").unwrap();
        assert_eq!(table.rows[1][1].text, "Café");
        let table = read_csv("x.csv", b"Id,Title\nR-1,Caf\xE9 \x80\n").unwrap();
        assert_eq!(table.rows[1][1].text, "Café €");
    }

    #[test]
    fn csv_cells_keep_their_places() {
        let text =
            "period,value,note\n2026-01, 4.5 ,\"a, \"\"quoted\"\" note\"\r\n2026-02,x,last\n";
        let table = read_csv("m.csv", text.as_bytes()).unwrap();
        let at = table.location("m.csv", 1, 1);
        assert_eq!((at.line, at.column, at.len), (2, 10, 3));
        let at = table.location("m.csv", 2, 1);
        assert_eq!((at.line, at.column), (3, 9));
        let at = table.location("m.csv", 1, 2);
        assert_eq!((at.line, at.column), (2, 15));
        assert_eq!(table.location("m.csv", 9, 0).line, 0);
    }
}

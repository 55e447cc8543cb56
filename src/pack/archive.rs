//! The pack's zip file, written the same way every time: entries in the order given, one
//! fixed timestamp, fixed permissions, deflate, no extra fields.

use std::io::{Read, Seek, Write};

use jiff::civil::Date;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Zip timestamps start in 1980: an earlier build date is stored as 1980-01-01.
fn timestamp(date: Date) -> DateTime {
    let year = u16::try_from(date.year()).unwrap_or(1980);
    DateTime::from_date_and_time(
        year,
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
        0,
        0,
        0,
    )
    .unwrap_or_default()
}

/// Writes `entries` (zip path, contents) in their order into `out`, every one dated `date`
/// at midnight with permissions 0644.
pub fn write<W: Write + Seek>(
    out: W,
    date: Date,
    entries: &[(String, Vec<u8>)],
) -> zip::result::ZipResult<W> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(timestamp(date))
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(out);
    for (name, data) in entries {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(data)?;
    }
    zip.finish()
}

/// One entry read back: its contents, or why they could not be read (a damaged entry
/// fails its CRC or its deflate stream).
pub struct ReadEntry {
    pub name: String,
    pub contents: Result<Vec<u8>, String>,
}

/// Every file entry of a zip archive, in archive order; folders are skipped.
pub fn read_all<R: Read + Seek>(reader: R) -> Result<Vec<ReadEntry>, String> {
    let mut archive = ZipArchive::new(reader).map_err(|e| e.to_string())?;
    let mut entries = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let mut file = match archive.by_index(index) {
            Ok(file) => file,
            Err(e) => {
                entries.push(ReadEntry {
                    name: format!("entry #{}", index + 1),
                    contents: Err(e.to_string()),
                });
                continue;
            }
        };
        if file.is_dir() {
            continue;
        }
        let name = match file.name() {
            Ok(name) => name.into_owned(),
            Err(e) => format!("entry #{} (unreadable name: {e})", index + 1),
        };
        let mut data = Vec::new();
        let contents = file
            .read_to_end(&mut data)
            .map(|_| data)
            .map_err(|e| e.to_string());
        entries.push(ReadEntry { name, contents });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn sample() -> Vec<(String, Vec<u8>)> {
        vec![
            ("MANIFEST.txt".to_string(), b"m".to_vec()),
            ("site/a.html".to_string(), b"<p>a</p>".repeat(50)),
        ]
    }

    #[test]
    fn the_same_entries_give_the_same_bytes() {
        let date = jiff::civil::date(2026, 11, 25);
        let a = write(Cursor::new(Vec::new()), date, &sample())
            .unwrap()
            .into_inner();
        let b = write(Cursor::new(Vec::new()), date, &sample())
            .unwrap()
            .into_inner();
        assert_eq!(a, b);
        let c = write(
            Cursor::new(Vec::new()),
            jiff::civil::date(2026, 11, 26),
            &sample(),
        )
        .unwrap()
        .into_inner();
        assert_ne!(a, c, "the date is in the entries");
    }

    #[test]
    fn entries_read_back_in_order_with_their_contents() {
        let date = jiff::civil::date(1970, 1, 1);
        let bytes = write(Cursor::new(Vec::new()), date, &sample())
            .unwrap()
            .into_inner();
        let read = read_all(Cursor::new(bytes)).unwrap();
        let names: Vec<&str> = read.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["MANIFEST.txt", "site/a.html"]);
        assert_eq!(read[1].contents.as_deref().unwrap(), b"<p>a</p>".repeat(50));
    }

    #[test]
    fn what_is_not_a_zip_is_an_error() {
        assert!(read_all(Cursor::new(b"plain text".to_vec())).is_err());
    }
}

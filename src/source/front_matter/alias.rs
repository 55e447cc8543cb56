//! `aliases:`: the site-absolute paths a document was published at before (by Hugo, Zola or
//! another site), each of which gets a redirect page, and the file of the site that serves
//! one.

use super::types::Spanned;
use crate::lint::registry::INVALID_ALIAS;
use crate::source::yaml::{Node, Reader};

/// The file in the built site that answers the site-absolute path `path`, as web servers map
/// paths to files: `/security-policies/vendor/` and `/security-policies/vendor` →
/// `security-policies/vendor/index.html`, `/old/policy.html` → itself. Err says why `path`
/// cannot be an alias.
pub fn alias_file(path: &str) -> Result<String, &'static str> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err("an alias is a path from the site's root: it starts with `/`");
    };
    if rest.starts_with('/') || path.contains("://") {
        return Err("an alias is a path on this site, not an address on another one");
    }
    if path.contains(['?', '#', '\\']) || path.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err("an alias is a path without spaces, `?`, `#` or `\\`");
    }
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Err("an alias may not contain `.` or `..` segments");
    }
    if segments.iter().any(|s| s.starts_with('.')) {
        return Err("an alias may not name a hidden file or folder");
    }
    let Some(last) = segments.last() else {
        return Err("`/` is the site's home page, which annexa makes");
    };
    if rest.ends_with('/') {
        return Ok(format!("{}/index.html", segments.join("/")));
    }
    match last.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()) {
        Some(ext) if ext == "html" || ext == "htm" => Ok(segments.join("/")),
        Some(_) => Err("a redirect is an HTML page: an alias ends with `/`, `.html` or a name without an extension"),
        None => Ok(format!("{}/index.html", segments.join("/"))),
    }
}

/// Reads `aliases:`, reporting each entry that cannot be one (`invalid-alias`) and keeping
/// the others.
pub fn read_aliases(reader: &mut Reader, value: &Node) -> Vec<Spanned<String>> {
    let entries = reader.text_list(value, "`aliases`", "aliases: [/security-policies/vendor/]");
    let mut kept = Vec::with_capacity(entries.len());
    for entry in entries {
        match alias_file(entry.value.trim()) {
            Ok(_) => kept.push(Spanned {
                value: entry.value.trim().to_string(),
                span: entry.span,
            }),
            Err(problem) => {
                let location = reader.locate(entry.span);
                reader.diagnostics.push(
                    INVALID_ALIAS
                        .report(format!("`{}` cannot be an alias: {problem}", entry.value))
                        .at(location)
                        .with_help("write the path the document had on the old site, e.g. `aliases: [/security-policies/vendor/]`"),
                );
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_files() {
        for (path, file) in [
            (
                "/security-policies/vendor/",
                "security-policies/vendor/index.html",
            ),
            (
                "/security-policies/vendor",
                "security-policies/vendor/index.html",
            ),
            ("/old//policy.html", "old/policy.html"),
            ("/Policies/AC.HTM", "Policies/AC.HTM"),
            ("/v1.2/", "v1.2/index.html"),
        ] {
            assert_eq!(alias_file(path).as_deref(), Ok(file), "{path}");
        }
        for bad in [
            "security/vendor/",
            "//evil.example.org/x",
            "https://example.org/x",
            "/a/../b/",
            "/a/./b",
            "/",
            "/old policy/",
            "/x?page=2",
            "/x#top",
            "/.git/config",
            "/policy.pdf",
        ] {
            assert!(alias_file(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_entries_are_reported_at_their_place() {
        let parsed = super::super::parse(
            "p.md",
            "---\nid: A\ntitle: T\naliases:\n  - /ok/\n  - ../up/\n  - /a/../b/\n---\n",
        );
        let found: Vec<(&str, usize, usize)> = parsed
            .diagnostics
            .iter()
            .map(|d| {
                let l = d.location.as_ref();
                (d.name, l.map_or(0, |l| l.line), l.map_or(0, |l| l.column))
            })
            .collect();
        assert_eq!(found, [("invalid-alias", 6, 5), ("invalid-alias", 7, 5)]);
        let aliases = parsed.front.map(|f| f.aliases).unwrap_or_default();
        assert_eq!(aliases.len(), 1);
        assert_eq!(aliases[0].value, "/ok/");
    }
}

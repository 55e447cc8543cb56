//! Templates: the default theme compiled into the binary, overridden file by file by the
//! project's folder of theme overrides (`templates/`, or annexa.toml's `[theme] overrides`).
//! Compiled once per build.

use std::path::Path;

use include_dir::{include_dir, Dir};

use crate::diagnostic::{Diagnostic, Location};

/// The default theme: `templates/*.html` and `static/**` (copied to the site's `assets/`).
pub static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The compiled templates of a build.
pub struct Templates {
    tera: tera::Tera,
    /// The project's folder of theme overrides, where a template's error is reported.
    folder: String,
}

/// Reads the project's template overrides (`<folder>/*.html`).
fn project_overrides(project: &Path, folder: &str) -> Result<Vec<(String, String)>, Diagnostic> {
    let dir = project.join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut overrides = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            crate::lint::registry::TEMPLATE_ERROR
                .report(format!("cannot read this template: {e}"))
                .at(Location::whole_file(&format!("{folder}/{name}")))
        })?;
        overrides.push((name, text));
    }
    overrides.sort();
    Ok(overrides)
}

/// Escapes `&`, `<`, `>`, `"` and `'` (tera's default also escapes `/`, which makes every
/// relative URL unreadable in the output).
fn escape_html_text(text: &str) -> String {
    super::highlight::escape_html(text)
}

/// Where a tera error is: the template it names (`'base.html'`) and the `--> line:col` of a
/// syntax error, in the project's template of that name (in `folder`).
fn error_location(text: &str, sources: &[(String, String)], folder: &str) -> Location {
    let name = text.split('\'').nth(1).unwrap_or("");
    let file = format!("{folder}/{name}");
    let Some((_, source)) = sources
        .iter()
        .find(|(n, _)| n == name)
        .filter(|_| !name.is_empty())
    else {
        return Location::whole_file(folder);
    };
    let position = text.split(" --> ").nth(1).and_then(|rest| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((
            line.trim().parse::<usize>().ok()?,
            column.parse::<usize>().ok()?,
        ))
    });
    match position {
        Some((line, column)) => Location::at_line_column(&file, source, line, column, 1),
        None => Location::whole_file(&file),
    }
}

/// The name of a macro that calls itself, directly or through other macros of the same file
/// (`self::name(...)`). Tera has no recursion limit, so such a template could overflow the
/// stack and abort the build.
fn recursive_macro(text: &str) -> Option<String> {
    use std::collections::BTreeMap;
    let mut calls: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for block in text.split("{%").skip(1) {
        let block = block.trim_start_matches('-').trim_start();
        let Some(rest) = block.strip_prefix("macro ") else {
            continue;
        };
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let body = text
            .split(&format!("macro {name}"))
            .nth(1)
            .and_then(|b| b.split("endmacro").next())
            .unwrap_or("");
        let called = body
            .split("self::")
            .skip(1)
            .map(|call| {
                call.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .collect();
        calls.insert(name, called);
    }
    // Depth-first search for a cycle in the call graph.
    fn reaches(
        calls: &BTreeMap<String, Vec<String>>,
        from: &str,
        target: &str,
        seen: &mut Vec<String>,
    ) -> bool {
        for next in calls.get(from).into_iter().flatten() {
            if next == target {
                return true;
            }
            if !seen.contains(next) {
                seen.push(next.clone());
                if reaches(calls, next, target, seen) {
                    return true;
                }
            }
        }
        false
    }
    calls
        .keys()
        .find(|name| reaches(&calls, name, name, &mut Vec::new()))
        .cloned()
}

fn tera_error_text(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

impl Templates {
    /// Compiles the theme's templates with the project's overrides (in its folder `folder`)
    /// on top.
    pub fn load(project: &Path, folder: &str) -> Result<Templates, Diagnostic> {
        let mut sources: Vec<(String, String)> = THEME
            .get_dir("templates")
            .map(|dir| {
                dir.files()
                    .filter_map(|f| {
                        let name = f.path().file_name()?.to_string_lossy().into_owned();
                        Some((name, f.contents_utf8()?.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (name, text) in project_overrides(project, folder)? {
            match sources.iter_mut().find(|(n, _)| *n == name) {
                Some(existing) => existing.1 = text,
                None => sources.push((name, text)),
            }
        }
        for (name, text) in &sources {
            if let Some(cycle) = recursive_macro(text) {
                return Err(crate::lint::registry::TEMPLATE_ERROR.report(format!("macro `{cycle}` in {name} calls itself; recursive macros are not supported"),
                )
                .at(Location::whole_file(&format!("{folder}/{name}")))
                .with_help("unbounded recursion would crash the build: write the markup without recursion"));
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html_text);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| {
                let text = tera_error_text(&e);
                crate::lint::registry::TEMPLATE_ERROR.report(text.clone())
                    .at(error_location(&text, &sources, folder))
                    .with_help("fix the template syntax (tera, like Jinja2); remove the file to use the theme's own")
            })?;
        Ok(Templates {
            tera,
            folder: folder.to_string(),
        })
    }

    /// Renders `name` with `context`.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            crate::lint::registry::TEMPLATE_ERROR.report(tera_error_text(&e))
                .at(Location::whole_file(&format!("{}/{name}", self.folder)))
                .with_help("a project template may only use the variables the theme's template of the same name uses")
        })
    }
}

/// The theme's static files (path under `static/`, contents), for the site's `assets/`.
pub fn theme_assets() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    if let Some(dir) = THEME.get_dir("static") {
        collect(dir, &mut files);
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let rel = file
            .path()
            .strip_prefix("static")
            .unwrap_or(file.path())
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_recursive_macros() {
        assert_eq!(
            recursive_macro("{% macro r(n) %}{{ self::r(n=n+1) }}{% endmacro r %}").as_deref(),
            Some("r")
        );
        let mutual = "{% macro a() %}{{ self::b() }}{% endmacro %}{%- macro b() %}{{ self::a() }}{% endmacro %}";
        assert_eq!(recursive_macro(mutual).as_deref(), Some("a"));
        let fine = "{% macro row(d) %}<tr>{{ d }}</tr>{% endmacro %}{% macro table(x) %}{{ self::row(d=x) }}{% endmacro %}";
        assert_eq!(recursive_macro(fine), None);
    }
}

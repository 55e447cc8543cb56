//! annexa.toml: the project's settings. Every setting has a default; unknown ones are errors.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::calendar::{Interval, IntervalUnit};
use crate::diagnostic::{did_you_mean, Diagnostic, Location};
use crate::source::Classification;

pub const CONFIG_FILE: &str = "annexa.toml";

/// The settings of a project, with defaults filled in.
#[derive(Clone, Debug)]
pub struct Config {
    /// What to do with raw HTML in documents: `sanitize` (default), `escape` or `allow`.
    pub raw_html: RawHtml,
    /// The manual's title, shown in the header and on the cover.
    pub title: String,
    /// The organisation that owns the ISMS.
    pub organisation: String,
    /// The version of the manual as a whole (shown on the home page and the cover).
    pub version: String,
    /// Absolute URL the site is published at; only used for canonical links.
    pub base_url: Option<String>,
    /// Globs (relative to the project) of Markdown files that are not documents.
    pub exclude: Vec<String>,
    /// Review interval for documents that set neither `review_every` nor `next_review`.
    pub default_review: Interval,
    /// How long before the review date a document counts as "due soon".
    pub warn_before: Interval,
    /// The longest time between two held management reviews (9.3).
    pub management_review_every: Interval,
    /// The roles that may own or approve documents; empty means any.
    pub roles: Vec<String>,
    /// A logo in the project's `static/` folder, shown in the header.
    pub logo: Option<String>,
    /// `[lints]`: level overrides by lint name, in file order.
    pub lints: Vec<LintSetting>,
    /// `[types.<name>]`: id prefix and folder per document type, for `annexa new`.
    pub types: BTreeMap<String, TypeSetting>,
    /// `[publish] max_classification`: documents classified above it are left out of the
    /// site entirely (`--max-classification` overrides it).
    pub max_classification: Option<Classification>,
    /// `frameworks = [...]`: the frameworks whose ids `controls:` and `[[…]]` resolve in
    /// (built-in ids or `frameworks/<id>.yaml`), each with where it is written.
    pub frameworks: Vec<FrameworkSetting>,
    /// `[site] show_diagnostics_detail`: the home page's findings show their lint name and
    /// file:line, as `annexa check` does. Off for published sites (readers get sentences
    /// that link to the document or control); `annexa serve` turns it on.
    pub show_diagnostics_detail: bool,
    /// `[navigation] pinned`: documents listed first in the sidebar, in this order, with
    /// where each id is written (an unknown id is reported there).
    pub pinned: Vec<Pinned>,
    /// `[theme] overrides`: the folder at the project root whose `*.html` files replace the
    /// theme's templates (default `templates`). It holds no documents; a folder of that
    /// name elsewhere is an ordinary folder.
    pub theme_overrides: String,
    /// `[images] allow_hosts`: hosts whose images pages show (lower case). Images from other
    /// hosts are shown as their alt text; these widen the pages' Content-Security-Policy.
    pub image_hosts: Vec<String>,
    /// `[links] origin`: the web site that site-absolute links (`/privacy-policy/`) no
    /// document's `aliases:` claims belong to (`https://www.example.com`, no `/` at the end).
    pub links_origin: Option<String>,
}

/// The folder of theme overrides when annexa.toml does not name one.
pub const DEFAULT_THEME_OVERRIDES: &str = "templates";

/// `[theme]` in annexa.toml.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    overrides: Option<toml::Spanned<String>>,
}

/// Why `name` cannot be the folder of theme overrides, if it cannot: it must be one folder
/// at the project root that annexa reads for nothing else.
fn theme_overrides_problem(name: &str) -> Option<String> {
    let mut components = Path::new(name).components();
    let single = matches!(
        (components.next(), components.next()),
        (Some(std::path::Component::Normal(_)), None)
    ) && !name.contains(['/', '\\']);
    if !single {
        return Some(format!(
            "[theme] overrides: `{name}` is not a folder name at the project root"
        ));
    }
    let reserved = crate::source::FIXED_SETTINGS_DIRS
        .iter()
        .find(|d| d.eq_ignore_ascii_case(name));
    reserved.map(|d| format!("[theme] overrides: `{name}` is already annexa's `{d}/` folder"))
}

/// One id of `[navigation] pinned`.
#[derive(Clone, Debug)]
pub struct Pinned {
    pub id: String,
    pub location: Location,
}

/// `[navigation]` in annexa.toml.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNavigation {
    pinned: Option<Vec<toml::Spanned<String>>>,
}

/// `[images]` in annexa.toml.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawImages {
    allow_hosts: Option<Vec<toml::Spanned<String>>>,
}

/// `[links]` in annexa.toml.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    origin: Option<toml::Spanned<String>>,
}

/// `[site]` in annexa.toml: how the published site presents itself.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSite {
    show_diagnostics_detail: Option<bool>,
}

/// One entry of `frameworks = [...]` in annexa.toml.
#[derive(Clone, Debug)]
pub struct FrameworkSetting {
    pub id: String,
    /// Where it is written (the whole file for the default).
    pub location: Location,
}

/// The frameworks a project has when annexa.toml does not say.
pub const DEFAULT_FRAMEWORKS: &[&str] = &["iso27001-2022"];

/// `[publish]` in annexa.toml.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPublish {
    max_classification: Option<toml::Spanned<String>>,
}

/// Parses a classification level (`public`, `internal`, `confidential`, `restricted`).
pub fn parse_classification(text: &str) -> Option<Classification> {
    Classification::ALL
        .into_iter()
        .find(|c| c.key() == text.trim().to_lowercase())
}

/// What to do with raw HTML in Markdown bodies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep safe markup, remove scripts, event handlers, `javascript:` URLs, iframes, forms.
    #[default]
    Sanitize,
    /// Show the HTML as text.
    Escape,
    /// Keep it as written: only for repositories whose every author is trusted.
    Allow,
}

/// `[types.<name>]` as written, with where each value is. `prefix` and `folder` may be left
/// out for a built-in type (its defaults stay).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTypeSetting {
    prefix: Option<toml::Spanned<String>>,
    folder: Option<toml::Spanned<String>>,
    ids: Option<toml::Spanned<String>>,
}

/// How `annexa new` makes the id of a new document of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdStyle {
    /// Follow the ids the project already has for the type (numbered when there are none).
    Auto,
    /// `POL-001`, `POL-002`, …
    Numbered,
    /// `POL-RW` for "Remote Working Policy": the initials of the title's words.
    Initials,
}

impl IdStyle {
    const KEYS: [&'static str; 3] = ["auto", "numbered", "initials"];

    fn parse(text: &str) -> Option<IdStyle> {
        match text.trim().to_lowercase().as_str() {
            "auto" => Some(IdStyle::Auto),
            "numbered" => Some(IdStyle::Numbered),
            "initials" => Some(IdStyle::Initials),
            _ => None,
        }
    }
}

/// How `annexa new` names and files documents of one type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeSetting {
    /// Id prefix: `POL` gives `POL-001` or `POL-RW`.
    pub prefix: String,
    /// Folder (relative to the project) new documents of this type go to.
    pub folder: String,
    /// Numbered or initials ids; `Auto` follows the project's documents of the type.
    pub ids: IdStyle,
}

impl TypeSetting {
    /// The prefix must make valid ids, and the folder must stay inside the project.
    /// Errors name the field at fault.
    fn check(&self) -> Result<(), (&'static str, String)> {
        let prefix_ok = self.prefix.starts_with(|c: char| c.is_ascii_alphanumeric())
            && self
                .prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && self.prefix.len() <= 20;
        if !prefix_ok {
            return Err((
                "prefix",
                format!(
                    "prefix `{}` may only use letters, digits, `-` and `_`",
                    self.prefix
                ),
            ));
        }
        let folder = std::path::Path::new(&self.folder);
        let inside = !self.folder.is_empty()
            && folder
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Err((
                "folder",
                format!(
                    "folder `{}` must be a relative path inside the project, without `..`",
                    self.folder
                ),
            ));
        }
        Ok(())
    }
}

/// The built-in types: (type, prefix, folder).
pub const DEFAULT_TYPES: &[(&str, &str, &str)] = &[
    ("policy", "POL", "policies"),
    ("procedure", "PRO", "procedures"),
    ("standard", "STD", "standards"),
    ("guideline", "GDL", "guidelines"),
    ("plan", "PLN", "plans"),
    ("record", "REC", "records"),
    ("manual", "MAN", "isms"),
    // A record kind (src/kinds): `annexa new risk` writes a risk record.
    ("risk", "R", "risks"),
];

/// The level a `[lints]` entry sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LintLevelSetting {
    Allow,
    Warn,
    Error,
}

/// One entry of `[lints]`: `review-overdue = "error"`.
#[derive(Clone, Debug)]
pub struct LintSetting {
    pub name: String,
    pub level: LintLevelSetting,
    /// Where the lint's name is written in annexa.toml.
    pub location: Location,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            raw_html: RawHtml::Sanitize,
            max_classification: None,
            frameworks: DEFAULT_FRAMEWORKS
                .iter()
                .map(|id| FrameworkSetting {
                    id: id.to_string(),
                    location: Location::whole_file(CONFIG_FILE),
                })
                .collect(),
            show_diagnostics_detail: false,
            pinned: Vec::new(),
            theme_overrides: DEFAULT_THEME_OVERRIDES.to_string(),
            image_hosts: Vec::new(),
            links_origin: None,
            title: "ISMS Manual".to_string(),
            organisation: String::new(),
            version: String::new(),
            base_url: None,
            exclude: Vec::new(),
            default_review: Interval::new(12, IntervalUnit::Months),
            warn_before: Interval::new(30, IntervalUnit::Days),
            management_review_every: Interval::new(12, IntervalUnit::Months),
            roles: Vec::new(),
            logo: None,
            lints: Vec::new(),
            types: DEFAULT_TYPES
                .iter()
                .map(|(name, prefix, folder)| {
                    (
                        name.to_string(),
                        TypeSetting {
                            prefix: prefix.to_string(),
                            folder: folder.to_string(),
                            ids: IdStyle::Auto,
                        },
                    )
                })
                .collect(),
        }
    }
}

/// annexa.toml as written; every field optional.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    organisation: Option<String>,
    version: Option<String>,
    base_url: Option<toml::Spanned<String>>,
    exclude: Option<Vec<String>>,
    default_review: Option<toml::Spanned<String>>,
    warn_before: Option<toml::Spanned<String>>,
    management_review_every: Option<toml::Spanned<String>>,
    roles: Option<Vec<String>>,
    logo: Option<String>,
    lints: Option<BTreeMap<toml::Spanned<String>, toml::Spanned<String>>>,
    types: Option<BTreeMap<String, RawTypeSetting>>,
    raw_html: Option<RawHtml>,
    publish: Option<RawPublish>,
    frameworks: Option<Vec<toml::Spanned<String>>>,
    site: Option<RawSite>,
    navigation: Option<RawNavigation>,
    theme: Option<RawTheme>,
    images: Option<RawImages>,
    links: Option<RawLinks>,
}

pub(crate) const KNOWN_SETTINGS: &[&str] = &[
    "title",
    "organisation",
    "version",
    "base_url",
    "exclude",
    "default_review",
    "warn_before",
    "management_review_every",
    "roles",
    "logo",
    "lints",
    "types",
    "raw_html",
    "publish",
    "frameworks",
    "site",
    "navigation",
    "theme",
    "images",
    "links",
];

/// Reads `annexa.toml` from `project`, or the defaults when there is none.
/// Returns Err with an `invalid-config` diagnostic when the file is there but wrong, and
/// Err(None) is never produced: a read error other than "not found" becomes a diagnostic too.
pub fn load(project: &Path) -> Result<Config, Diagnostic> {
    let path = project.join(CONFIG_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(crate::lint::registry::INVALID_CONFIG
            .report(format!("cannot read {CONFIG_FILE}: {e}"))
            .at(Location::whole_file(CONFIG_FILE))
            .with_help("annexa.toml must be a readable UTF-8 text file")),
    }
}

/// Parses the text of annexa.toml.
pub fn parse(text: &str) -> Result<Config, Diagnostic> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let mut config = Config::default();
    let interval = |value: toml::Spanned<String>, key: &str| {
        Interval::parse(value.get_ref()).map_err(|message| {
            let span = value.span();
            crate::lint::registry::INVALID_CONFIG
                .report(format!("{key}: {message}"))
                .at(Location::in_text(CONFIG_FILE, text, span.start, span.len()))
                .with_help(format!("for example: {key} = \"12 months\""))
        })
    };
    if let Some(v) = raw.default_review {
        config.default_review = interval(v, "default_review")?;
    }
    if let Some(v) = raw.warn_before {
        config.warn_before = interval(v, "warn_before")?;
    }
    if let Some(v) = raw.management_review_every {
        config.management_review_every = interval(v, "management_review_every")?;
    }
    config.title = raw.title.unwrap_or(config.title);
    config.organisation = raw.organisation.unwrap_or_default();
    config.version = raw.version.unwrap_or_default();
    if let Some(url) = raw.base_url {
        let span = url.span();
        let lower = url.get_ref().to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            return Err(crate::lint::registry::INVALID_CONFIG.report(format!("base_url: `{}` is not an http(s) address", url.get_ref()))
                .at(Location::in_text(CONFIG_FILE, text, span.start, span.len()))
                .with_help("write the address the site is published at, e.g. base_url = \"https://intranet.example.com/isms/\""));
        }
        config.base_url = Some(url.get_ref().trim_end_matches('/').to_string() + "/");
    }
    config.exclude = raw.exclude.unwrap_or_default();
    config.roles = raw.roles.unwrap_or_default();
    config.logo = raw.logo;
    for (name, level) in raw.lints.unwrap_or_default() {
        let level_span = level.span();
        let level = match level.get_ref().as_str() {
            "allow" => LintLevelSetting::Allow,
            "warn" | "warning" => LintLevelSetting::Warn,
            "error" | "deny" => LintLevelSetting::Error,
            other => {
                return Err(crate::lint::registry::INVALID_CONFIG
                    .report(format!("lints: `{other}` is not a lint level"))
                    .at(Location::in_text(
                        CONFIG_FILE,
                        text,
                        level_span.start,
                        level_span.len(),
                    ))
                    .with_help("use \"allow\", \"warn\" or \"error\""))
            }
        };
        let name_span = name.span();
        config.lints.push(LintSetting {
            name: name.into_inner(),
            level,
            location: Location::in_text(CONFIG_FILE, text, name_span.start, name_span.len()),
        });
    }
    config
        .lints
        .sort_by_key(|l| (l.location.line, l.location.column));
    for (name, raw_setting) in raw.types.unwrap_or_default() {
        let setting = type_setting(text, &name, raw_setting, &config.types)?;
        config.types.insert(name.to_lowercase(), setting);
    }
    config.raw_html = raw.raw_html.unwrap_or_default();
    if let Some(frameworks) = raw.frameworks {
        config.frameworks = frameworks
            .into_iter()
            .map(|id| {
                let span = id.span();
                FrameworkSetting {
                    location: Location::in_text(CONFIG_FILE, text, span.start, span.len()),
                    id: id.into_inner().trim().to_string(),
                }
            })
            .collect();
    }
    config.show_diagnostics_detail = raw
        .site
        .and_then(|s| s.show_diagnostics_detail)
        .unwrap_or(false);
    config.pinned = raw
        .navigation
        .and_then(|n| n.pinned)
        .unwrap_or_default()
        .into_iter()
        .map(|id| {
            let span = id.span();
            Pinned {
                id: id.into_inner(),
                location: Location::in_text(CONFIG_FILE, text, span.start, span.len()),
            }
        })
        .collect();
    if let Some(folder) = raw.theme.and_then(|t| t.overrides) {
        let span = folder.span();
        let name = folder.get_ref().trim();
        if let Some(problem) = theme_overrides_problem(name) {
            return Err(crate::lint::registry::INVALID_CONFIG
                .report(problem)
                .at(Location::in_text(CONFIG_FILE, text, span.start, span.len()))
                .with_help("name a folder of its own at the project root, e.g. overrides = \"theme-overrides\""));
        }
        config.theme_overrides = name.to_string();
    }
    let at =
        |span: std::ops::Range<usize>| Location::in_text(CONFIG_FILE, text, span.start, span.len());
    for host in raw.images.and_then(|i| i.allow_hosts).unwrap_or_default() {
        let name = host.get_ref().trim().to_ascii_lowercase();
        if !valid_host(&name) {
            return Err(crate::lint::registry::INVALID_CONFIG
                .report(format!("images.allow_hosts: `{}` is not a host name", host.get_ref()))
                .at(at(host.span()))
                .with_help("write the host alone, without scheme or path, e.g. allow_hosts = [\"img.shields.io\"]"));
        }
        if !config.image_hosts.contains(&name) {
            config.image_hosts.push(name);
        }
    }
    if let Some(origin) = raw.links.and_then(|l| l.origin) {
        let written = origin.get_ref().trim();
        let lower = written.to_ascii_lowercase();
        let host = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .map(|rest| rest.trim_end_matches('/'));
        match host {
            Some(host) if valid_host(host.split(':').next().unwrap_or(host)) => {
                config.links_origin = Some(written.trim_end_matches('/').to_string());
            }
            _ => {
                return Err(crate::lint::registry::INVALID_CONFIG
                    .report(format!(
                        "links.origin: `{written}` is not the address of a web site"
                    ))
                    .at(at(origin.span()))
                    .with_help(
                        "write scheme and host only, e.g. origin = \"https://www.example.com\"",
                    ));
            }
        }
    }
    if let Some(level) = raw.publish.and_then(|p| p.max_classification) {
        let span = level.span();
        config.max_classification =
            Some(parse_classification(level.get_ref()).ok_or_else(|| {
                crate::lint::registry::INVALID_CONFIG
                    .report(format!(
                        "publish.max_classification: `{}` is not a classification",
                        level.get_ref()
                    ))
                    .at(Location::in_text(CONFIG_FILE, text, span.start, span.len()))
                    .with_help("use public, internal, confidential or restricted")
            })?);
    }
    Ok(config)
}

/// A host name as a Content-Security-Policy may name it: letters, digits, `-` and `.`,
/// optionally starting with `*.` (every subdomain).
fn valid_host(host: &str) -> bool {
    let name = host.strip_prefix("*.").unwrap_or(host);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// One `[types.<name>]` table on top of the built-in type of that name, if any.
fn type_setting(
    text: &str,
    name: &str,
    raw: RawTypeSetting,
    known: &BTreeMap<String, TypeSetting>,
) -> Result<TypeSetting, Diagnostic> {
    let at =
        |span: std::ops::Range<usize>| Location::in_text(CONFIG_FILE, text, span.start, span.len());
    let example = "e.g. [types.risk] with prefix = \"RSK\" and folder = \"risks\"";
    let built_in = known.get(&name.to_lowercase());
    let (prefix, folder) = match (&raw.prefix, &raw.folder, built_in) {
        (Some(p), Some(f), _) => (p.get_ref().clone(), f.get_ref().clone()),
        (p, f, Some(b)) => (
            p.as_ref().map_or(b.prefix.clone(), |p| p.get_ref().clone()),
            f.as_ref().map_or(b.folder.clone(), |f| f.get_ref().clone()),
        ),
        (p, _, None) => {
            let missing = if p.is_none() { "prefix" } else { "folder" };
            let location = text.find(&format!("[types.{name}]")).map_or_else(
                || Location::whole_file(CONFIG_FILE),
                |i| Location::in_text(CONFIG_FILE, text, i, name.len() + 8),
            );
            return Err(crate::lint::registry::INVALID_CONFIG
                .report(format!("types.{name}: a new type needs a `{missing}`"))
                .at(location)
                .with_help(example));
        }
    };
    let ids = match &raw.ids {
        None => IdStyle::Auto,
        Some(ids) => IdStyle::parse(ids.get_ref()).ok_or_else(|| {
            crate::lint::registry::INVALID_CONFIG.report(format!("types.{name}.ids: `{}` is not an id style", ids.get_ref()),
            )
            .at(at(ids.span()))
            .with_help(format!(
                "use \"numbered\" (POL-001), \"initials\" (POL-RW) or \"auto\" (like the project's documents); one of: {}",
                IdStyle::KEYS.join(", ")
            ))
        })?,
    };
    let setting = TypeSetting {
        prefix,
        folder,
        ids,
    };
    if let Err((field, problem)) = setting.check() {
        let span = if field == "prefix" {
            raw.prefix.as_ref().map(toml::Spanned::span)
        } else {
            raw.folder.as_ref().map(toml::Spanned::span)
        };
        return Err(crate::lint::registry::INVALID_CONFIG
            .report(format!("types.{name}: {problem}"))
            .at(span.map_or_else(|| Location::whole_file(CONFIG_FILE), at))
            .with_help(example));
    }
    Ok(setting)
}

fn toml_error(text: &str, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let message = error.message().trim().to_string();
    let mut diagnostic = crate::lint::registry::INVALID_CONFIG
        .report(message.clone())
        .at(Location::in_text(
            CONFIG_FILE,
            text,
            span.start,
            span.len().max(1),
        ));
    // serde words an unknown key as "unknown field `titel`, expected one of `a`, `b`" (or
    // "expected `a` or `b`"): the list is the keys of the table it is in, top level or not.
    if let Some((unknown, rest)) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
    {
        let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        let known: Vec<&str> = if expected.is_empty() {
            KNOWN_SETTINGS.to_vec()
        } else {
            expected
        };
        diagnostic.message = format!("unknown setting `{unknown}`");
        diagnostic.help = Some(match did_you_mean(unknown, known.iter().copied()) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("known settings here: {}", known.join(", ")),
        });
    } else {
        diagnostic.help =
            Some("see the README's section on annexa.toml for the settings and their types".into());
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let config = parse("").unwrap_or_default();
        assert_eq!(config.title, "ISMS Manual");
        assert_eq!(
            config.default_review,
            Interval::new(12, IntervalUnit::Months)
        );
    }

    #[test]
    fn settings_are_read() {
        let text =
            "title = \"T\"\norganisation = \"O\"\nwarn_before = \"2 weeks\"\nroles = [\"CISO\"]\n";
        let config = parse(text).unwrap_or_default();
        assert_eq!(config.organisation, "O");
        assert_eq!(config.warn_before, Interval::new(2, IntervalUnit::Weeks));
        assert_eq!(config.roles, vec!["CISO".to_string()]);
    }

    #[test]
    fn management_review_every_is_read_and_checked() {
        assert_eq!(
            parse("").unwrap_or_default().management_review_every,
            Interval::new(12, IntervalUnit::Months)
        );
        let config = parse("management_review_every = \"6 months\"\n").unwrap_or_default();
        assert_eq!(
            config.management_review_every,
            Interval::new(6, IntervalUnit::Months)
        );
        let err = parse("management_review_every = \"yearly\"\n").err();
        assert!(err
            .as_ref()
            .is_some_and(|d| d.message.starts_with("management_review_every:")));
    }

    #[test]
    fn unknown_setting_suggests_the_known_one() {
        let err = parse("title = \"T\"\norganization = \"O\"\n").err();
        let err = err.as_ref();
        assert_eq!(
            err.map(|d| d.message.as_str()),
            Some("unknown setting `organization`")
        );
        assert_eq!(
            err.and_then(|d| d.help.as_deref()),
            Some("did you mean `organisation`?")
        );
        let loc = err.and_then(|d| d.location.as_ref());
        assert_eq!(loc.map(|l| (l.line, l.column)), Some((2, 1)));
    }

    #[test]
    fn unknown_key_in_a_table_suggests_that_tables_keys() {
        let err = parse("[types.policy]\nidz = \"initials\"\n").err();
        assert_eq!(
            err.as_ref().and_then(|d| d.help.as_deref()),
            Some("did you mean `ids`?")
        );
        let err = parse("[publish]\nmax = 1\n").err();
        assert_eq!(
            err.as_ref().and_then(|d| d.help.as_deref()),
            Some("known settings here: max_classification")
        );
    }

    #[test]
    fn the_theme_overrides_folder_is_one_folder_of_its_own() {
        assert_eq!(parse("").unwrap_or_default().theme_overrides, "templates");
        let config = parse("[theme]\noverrides = \"theme-overrides\"\n");
        assert_eq!(
            config.map(|c| c.theme_overrides).ok().as_deref(),
            Some("theme-overrides")
        );
        for (value, message) in [
            (
                "theme/overrides",
                "is not a folder name at the project root",
            ),
            ("../elsewhere", "is not a folder name at the project root"),
            ("/abs", "is not a folder name at the project root"),
            ("", "is not a folder name at the project root"),
            ("static", "is already annexa's `static/` folder"),
            ("Frameworks", "is already annexa's `frameworks/` folder"),
        ] {
            let err = parse(&format!("[theme]\noverrides = \"{value}\"\n")).err();
            let err = err.as_ref();
            assert!(
                err.is_some_and(|d| d.message.contains(message)),
                "{value}: {:?}",
                err.map(|d| &d.message)
            );
            let loc = err.and_then(|d| d.location.as_ref());
            assert_eq!(loc.map(|l| (l.line, l.column)), Some((2, 13)), "{value}");
        }
        let err = parse("[theme]\noverride = \"x\"\n").err();
        assert_eq!(
            err.as_ref().and_then(|d| d.help.as_deref()),
            Some("did you mean `overrides`?")
        );
    }

    #[test]
    fn bad_interval_points_at_the_value() {
        let err = parse("default_review = \"yearly\"\n").err();
        let loc = err.as_ref().and_then(|d| d.location.as_ref());
        assert_eq!(loc.map(|l| (l.line, l.column)), Some((1, 18)));
    }

    #[test]
    fn lint_levels_are_read() {
        let config = parse("[lints]\nreview-overdue = \"error\"\nnever-reviewed = \"allow\"\n")
            .unwrap_or_default();
        let levels: Vec<(&str, LintLevelSetting, usize)> = config
            .lints
            .iter()
            .map(|l| (l.name.as_str(), l.level, l.location.line))
            .collect();
        assert_eq!(
            levels,
            vec![
                ("review-overdue", LintLevelSetting::Error, 2),
                ("never-reviewed", LintLevelSetting::Allow, 3)
            ]
        );
        let err = parse("[lints]\nreview-overdue = \"fatal\"\n").err();
        assert_eq!(
            err.and_then(|d| d.location).map(|l| (l.line, l.column)),
            Some((2, 18))
        );
    }

    #[test]
    fn types_extend_the_defaults() {
        let config =
            parse("[types.risk]\nprefix = \"RSK\"\nfolder = \"risks\"\n").unwrap_or_default();
        assert_eq!(
            config.types.get("risk").map(|t| t.prefix.as_str()),
            Some("RSK")
        );
        assert_eq!(
            config.types.get("policy").map(|t| t.folder.as_str()),
            Some("policies")
        );
    }

    #[test]
    fn a_built_in_type_may_set_only_its_id_style() {
        let config = parse("[types.policy]\nids = \"initials\"\n").unwrap_or_default();
        let policy = config.types.get("policy");
        assert_eq!(
            policy.map(|t| (t.prefix.as_str(), t.folder.as_str(), t.ids)),
            Some(("POL", "policies", IdStyle::Initials))
        );
        let bad = parse("[types.policy]\nids = \"letters\"\n").err();
        assert_eq!(
            bad.as_ref().map(|d| d.message.as_str()),
            Some("types.policy.ids: `letters` is not an id style")
        );
        assert_eq!(
            bad.and_then(|d| d.location).map(|l| (l.line, l.column)),
            Some((2, 7))
        );
        let new_type = parse("[types.memo]\nprefix = \"MEM\"\n").err();
        assert_eq!(
            new_type.as_ref().map(|d| d.message.as_str()),
            Some("types.memo: a new type needs a `folder`")
        );
        assert_eq!(new_type.and_then(|d| d.location).map(|l| l.line), Some(1));
    }

    #[test]
    fn diagnostics_detail_is_off_unless_asked_for() {
        assert!(!parse("").is_ok_and(|c| c.show_diagnostics_detail));
        assert!(parse("[site]\nshow_diagnostics_detail = true\n")
            .is_ok_and(|c| c.show_diagnostics_detail));
        let wrong = parse("[site]\nshow_diagnostics_detail = \"yes\"\n").err();
        assert_eq!(wrong.and_then(|d| d.location).map(|l| l.line), Some(2));
    }

    #[test]
    fn pinned_documents_keep_their_places() {
        let config =
            parse("title = \"T\"\n[navigation]\npinned = [\"ISMS-POL\",\n  \"ISMS-SCOPE\"]\n")
                .unwrap_or_default();
        let pinned: Vec<(&str, usize, usize)> = config
            .pinned
            .iter()
            .map(|p| (p.id.as_str(), p.location.line, p.location.column))
            .collect();
        assert_eq!(pinned, [("ISMS-POL", 3, 11), ("ISMS-SCOPE", 4, 3)]);
        let err = parse("[navigation]\npinned = \"ISMS-POL\"\n").err();
        assert_eq!(err.and_then(|d| d.location).map(|l| l.line), Some(2));
    }

    #[test]
    fn image_hosts_and_links_origin() {
        let config = parse("[images]\nallow_hosts = [\"img.shields.io\", \"IMG.shields.io\", \"*.example.org\"]\n[links]\norigin = \"https://www.example.com/\"\n").unwrap_or_default();
        assert_eq!(config.image_hosts, ["img.shields.io", "*.example.org"]);
        assert_eq!(
            config.links_origin.as_deref(),
            Some("https://www.example.com")
        );
        for (bad, line, column) in [
            (
                "[images]\nallow_hosts = [\"https://img.shields.io/\"]\n",
                2,
                16,
            ),
            ("[images]\nallow_hosts = [\"a b\"]\n", 2, 16),
            ("[links]\norigin = \"www.example.com\"\n", 2, 10),
            ("[links]\norigin = \"https://\"\n", 2, 10),
        ] {
            let err = parse(bad).err();
            assert_eq!(
                err.as_ref().map(|d| d.name),
                Some("invalid-config"),
                "{bad}"
            );
            assert_eq!(
                err.and_then(|d| d.location).map(|l| (l.line, l.column)),
                Some((line, column)),
                "{bad}"
            );
        }
        let unknown = parse("[images]\nallow_host = []\n").err();
        assert_eq!(
            unknown.and_then(|d| d.help),
            Some("did you mean `allow_hosts`?".to_string())
        );
    }

    #[test]
    fn syntax_error_has_a_location() {
        let err = parse("title = \n").err();
        assert!(err.and_then(|d| d.location).is_some_and(|l| l.line == 1));
    }
}

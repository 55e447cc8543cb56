//! The 404 page: self-contained, so that it works at any address a web server shows it at.
//!
//! A server answers `/isms/docs/old-name.html` with 404.html, so relative links (which every
//! other page uses) would lead to `/isms/docs/assets/style.css`, another 404. The page
//! therefore carries the theme's stylesheet inline and a small inline script that finds the
//! site root and rebases the page's links (themes/default/inline/not-found.js). The site's
//! policy forbids inline styles and scripts, so this page's own Content-Security-Policy
//! allows exactly these two, by their SHA-256 hashes, and nothing else more than any page.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::Isms;
use crate::render::templates::THEME;
use crate::render::{PageSink, RenderError, Templates};

use super::{render_page, Page};

/// The inline parts of the page and the policy that allows them.
#[derive(Serialize)]
struct NotFound {
    csp: String,
    style: &'static str,
    script: &'static str,
}

#[derive(Serialize)]
struct NotFoundPage {
    not_found: NotFound,
}

/// The text of a theme file (empty if the theme lacks it: the page then has no style).
fn theme_text(path: &str) -> &'static str {
    THEME
        .get_file(path)
        .and_then(|f| f.contents_utf8())
        .unwrap_or("")
}

/// Standard base64 with padding (RFC 4648 §4), as CSP hash sources are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The CSP source that allows an inline `<style>` or `<script>` whose text is `text`.
fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// The policy of every page, plus the hashes of the inline stylesheet and script.
fn policy(style: &str, script: &str) -> String {
    format!(
        "default-src 'self'; img-src 'self' data:; style-src 'self' {}; script-src 'self' {}; object-src 'none'; base-uri 'none'; form-action 'self'",
        hash_source(style),
        hash_source(script)
    )
}

/// Renders `404.html`.
pub fn render(isms: &Isms, templates: &Templates, sink: &dyn PageSink) -> Result<(), RenderError> {
    let style = theme_text("static/style.css");
    let script = theme_text("inline/not-found.js");
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "404.html",
            template: "404.html",
            title: "Page not found",
            nav_key: "",
        },
        &NotFoundPage {
            not_found: NotFound {
                csp: policy(style, script),
                style,
                script,
            },
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn hash_sources_as_csp_writes_them() {
        // `echo -n 'abc' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            hash_source("abc"),
            "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        );
    }

    #[test]
    fn the_inline_parts_exist_and_the_policy_names_them() {
        let style = theme_text("static/style.css");
        let script = theme_text("inline/not-found.js");
        assert!(style.contains("body") && script.contains("assets/style.css"));
        let csp = policy(style, script);
        assert!(
            csp.contains(&format!("style-src 'self' {}", hash_source(style))),
            "{csp}"
        );
        assert!(
            csp.contains(&format!("script-src 'self' {}", hash_source(script))),
            "{csp}"
        );
    }
}

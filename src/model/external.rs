//! Images the reader's browser would fetch from another host, and the hosts annexa.toml
//! allows (`[images] allow_hosts`).

/// The host an image at `url` is loaded from, lower case, when it is another host's
/// (`https://img.shields.io/badge/x` → `img.shields.io`; `//cdn.example.org/x` too).
pub fn remote_host(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "//"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host_port.split(':').next().unwrap_or(host_port),
    };
    (!host.is_empty()).then(|| host.to_string())
}

/// Whether `host` is one of `allowed` (`img.shields.io`), or under one written `*.example.org`.
pub fn host_allowed(allowed: &[String], host: &str) -> bool {
    allowed.iter().any(|a| match a.strip_prefix("*.") {
        Some(domain) => host
            .strip_suffix(domain)
            .is_some_and(|sub| sub.ends_with('.') && sub.len() > 1),
        None => a == host,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for (url, host) in [
            (
                "https://img.shields.io/badge/x-y-green",
                Some("img.shields.io"),
            ),
            ("HTTP://Badgen.NET:8080/x", Some("badgen.net")),
            ("//cdn.example.org/logo.png", Some("cdn.example.org")),
            ("https://user@host.example/x", Some("host.example")),
            ("https://[::1]/x", Some("::1")),
            ("../static/logo.svg", None),
            ("data:image/png;base64,AAAA", None),
            ("https://", None),
        ] {
            assert_eq!(remote_host(url).as_deref(), host, "{url}");
        }
        let allowed = vec!["img.shields.io".to_string(), "*.example.org".to_string()];
        assert!(host_allowed(&allowed, "img.shields.io"));
        assert!(host_allowed(&allowed, "cdn.example.org"));
        assert!(!host_allowed(&allowed, "example.org"));
        assert!(!host_allowed(&allowed, "badexample.org"));
        assert!(!host_allowed(&allowed, "shields.io"));
    }
}

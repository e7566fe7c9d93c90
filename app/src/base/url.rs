//! URLs the app writes: query strings for redirects, values in links to map apps.

/// Percent-encodes a value (UTF-8) for a URL: letters, digits and `-_.~` stay, so does `/`
/// (a path sent back in `next=` stays readable), the rest is `%XX`.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `a=b&c=d`, percent-encoded as a browser would.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            query_string(&[("next", "/admin/c?x=1&y"), ("login", "张")]),
            "next=/admin/c%3Fx%3D1%26y&login=%E5%BC%A0"
        );
        assert_eq!(encode("a-z_0.9~"), "a-z_0.9~");
    }
}

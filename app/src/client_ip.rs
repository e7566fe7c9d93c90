//! Which address a request came from. A forwarded header is believed only from a trusted proxy,
//! otherwise anyone could pick their own rate-limit bucket.
use std::net::IpAddr;

/// `peer` is the TCP peer; `forwarded_for` the X-Forwarded-For header, if any.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    // Walk from the nearest hop outwards; the first address that is not one of our proxies is the client.
    forwarded_for
        .into_iter()
        .flat_map(|h| h.rsplit(','))
        .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
        .find(|ip| !trusted_proxies.contains(ip))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn untrusted_peers_cannot_claim_another_address() {
        assert_eq!(
            client_ip(ip("203.0.113.9"), Some("1.2.3.4"), &[]),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_ip(ip("203.0.113.9"), Some("1.2.3.4"), &[ip("10.0.0.2")]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_passes_the_client_on() {
        let proxy = ip("10.0.0.2");
        assert_eq!(client_ip(proxy, Some("1.2.3.4"), &[proxy]), ip("1.2.3.4"));
        // A client may prepend a fake hop; only the hop our proxy appended counts.
        assert_eq!(
            client_ip(proxy, Some("6.6.6.6, 1.2.3.4"), &[proxy]),
            ip("1.2.3.4")
        );
        let inner = ip("10.0.0.3");
        assert_eq!(
            client_ip(proxy, Some("1.2.3.4, 10.0.0.3"), &[proxy, inner]),
            ip("1.2.3.4")
        );
        assert_eq!(client_ip(proxy, None, &[proxy]), proxy);
        assert_eq!(client_ip(proxy, Some("garbage"), &[proxy]), proxy);
    }
}

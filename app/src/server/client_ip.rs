//! Which address a request came from, and which client that is for rate limits. A forwarded header
//! is believed only from a trusted proxy, otherwise anyone could pick their own bucket.
use std::net::{IpAddr, Ipv6Addr};

/// `peer` is the TCP peer; `forwarded_for` every X-Forwarded-For line of the request, in order.
/// Each proxy appends the address it saw, so the chain is read from the right: the first hop that
/// is not one of our proxies is the client. What a client wrote further left is never believed.
pub fn client_ip<'a>(
    peer: IpAddr,
    forwarded_for: impl DoubleEndedIterator<Item = &'a str>,
    trusted_proxies: &[IpAddr],
) -> IpAddr {
    let trusted = |ip: &IpAddr| trusted_proxies.contains(&canonical(*ip));
    if !trusted(&peer) {
        return peer;
    }
    let mut nearest = peer;
    for hop in forwarded_for.rev().flat_map(|line| line.rsplit(',')) {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else {
            // A hop we cannot read: the one before it is as far as we can trust.
            return nearest;
        };
        if !trusted(&ip) {
            return ip;
        }
        nearest = ip;
    }
    nearest
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// One client for rate limits: an IPv4 address, or an IPv6 /64. A phone or a home router is given
/// a whole /64 and may use any address in it, so keying by the full address gives it 2^64 buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    pub fn of(ip: IpAddr) -> ClientKey {
        ClientKey(match canonical(ip) {
            IpAddr::V6(v6) => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
            v4 => v4,
        })
    }
}

impl std::fmt::Display for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
            v4 => write!(f, "{v4}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn from(peer: &str, lines: &[&str], proxies: &[&str]) -> IpAddr {
        let proxies: Vec<IpAddr> = proxies.iter().map(|p| ip(p)).collect();
        client_ip(ip(peer), lines.iter().copied(), &proxies)
    }

    #[test]
    fn untrusted_peers_cannot_claim_another_address() {
        assert_eq!(from("203.0.113.9", &["1.2.3.4"], &[]), ip("203.0.113.9"));
        assert_eq!(
            from("203.0.113.9", &["1.2.3.4"], &["10.0.0.2"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_passes_the_client_on() {
        assert_eq!(from("10.0.0.2", &["1.2.3.4"], &["10.0.0.2"]), ip("1.2.3.4"));
        // A client may prepend a fake hop; only the hop our proxy appended counts.
        assert_eq!(
            from("10.0.0.2", &["6.6.6.6, 1.2.3.4"], &["10.0.0.2"]),
            ip("1.2.3.4")
        );
        assert_eq!(
            from(
                "10.0.0.2",
                &["1.2.3.4, 10.0.0.3"],
                &["10.0.0.2", "10.0.0.3"]
            ),
            ip("1.2.3.4")
        );
        assert_eq!(from("10.0.0.2", &[], &["10.0.0.2"]), ip("10.0.0.2"));
        assert_eq!(
            from("10.0.0.2", &["garbage"], &["10.0.0.2"]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn every_forwarded_line_is_read_from_the_right() {
        // The client sent its own header line first; our proxy added the real address as a second
        // line. Reading only the first line would believe the client.
        assert_eq!(
            from("10.0.0.2", &["6.6.6.6", "1.2.3.4"], &["10.0.0.2"]),
            ip("1.2.3.4")
        );
        // Behind two proxies, the outer one's line comes last but names the inner one's peer.
        assert_eq!(
            from(
                "10.0.0.2",
                &["6.6.6.6, 1.2.3.4", "10.0.0.3"],
                &["10.0.0.2", "10.0.0.3"]
            ),
            ip("1.2.3.4")
        );
        // Garbage to the right of a real hop stops the walk at the last trusted address.
        assert_eq!(
            from("10.0.0.2", &["1.2.3.4", "x"], &["10.0.0.2"]),
            ip("10.0.0.2")
        );
        // A mapped IPv4 peer is the same proxy.
        assert_eq!(
            from("::ffff:10.0.0.2", &["1.2.3.4"], &["10.0.0.2"]),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn ipv6_clients_are_their_slash_64() {
        let a = ClientKey::of(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        let b = ClientKey::of(ip("2001:db8:1:2::1"));
        let c = ClientKey::of(ip("2001:db8:1:3::1"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.to_string(), "2001:db8:1:2::/64");
        assert_eq!(
            ClientKey::of(ip("::ffff:1.2.3.4")),
            ClientKey::of(ip("1.2.3.4"))
        );
        assert_eq!(ClientKey::of(ip("1.2.3.4")).to_string(), "1.2.3.4");
    }
}

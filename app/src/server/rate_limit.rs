//! Per-client token buckets: anonymous intake and lookups are open to anyone, so each client gets
//! a small burst and a slow refill. Kept in memory, in a map of bounded size: a stranger who
//! makes up new clients only pushes out the buckets used longest ago, in constant time.
use crate::server::client_ip::ClientKey;
use lru::LruCache;
use std::hash::Hash;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    /// How many requests a client may make at once.
    pub burst: u32,
    /// How long until one more request is allowed.
    pub refill_every: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Clients tracked at most by one limiter. A bucket is a few dozen bytes and every key is of
/// bounded size (an address, or a checked login name), so this bounds the memory too.
pub const MAX_CLIENTS: usize = 50_000;

/// Buckets keyed by client address by default; sign-in also keys them by account.
pub struct RateLimiter<K: Hash + Eq = ClientKey> {
    limit: RateLimit,
    buckets: Mutex<LruCache<K, Bucket>>,
}

impl<K: Eq + Hash> RateLimiter<K> {
    pub fn new(limit: RateLimit) -> Self {
        Self::with_capacity(limit, MAX_CLIENTS)
    }

    pub fn with_capacity(limit: RateLimit, capacity: usize) -> Self {
        let capacity = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        RateLimiter {
            limit,
            buckets: Mutex::new(LruCache::new(capacity)),
        }
    }

    /// Takes one token for this client if it has one.
    pub fn allow(&self, client: K) -> bool {
        self.allow_at(client, Instant::now())
    }

    pub fn allow_at(&self, client: K, now: Instant) -> bool {
        let limit = self.limit;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets.get_or_insert_mut(client, || Bucket {
            tokens: limit.burst as f64,
            updated: now,
        });
        bucket.tokens = refilled(limit, *bucket, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Gives back the token `allow` took, for limits that count only failures (wrong
    /// passwords): the token is taken before the check, so parallel tries cannot all pass.
    pub fn refund(&self, client: &K) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bucket) = buckets.get_mut(client) {
            bucket.tokens = (bucket.tokens + 1.0).min(self.limit.burst as f64);
        }
    }

    /// Clients tracked now.
    pub fn len(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn refilled(limit: RateLimit, bucket: Bucket, now: Instant) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    let per_token = limit.refill_every.as_secs_f64().max(f64::MIN_POSITIVE);
    (bucket.tokens + elapsed / per_token).min(limit.burst as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    fn limiter() -> RateLimiter {
        RateLimiter::new(RateLimit {
            burst: 3,
            refill_every: Duration::from_secs(60),
        })
    }

    fn key(s: &str) -> ClientKey {
        ClientKey::of(s.parse::<IpAddr>().unwrap())
    }

    #[test]
    fn a_burst_is_allowed_then_refused() {
        let l = limiter();
        let t0 = Instant::now();
        assert!((0..3).all(|_| l.allow_at(key("10.0.0.1"), t0)));
        assert!(!l.allow_at(key("10.0.0.1"), t0));
    }

    #[test]
    fn tokens_come_back_with_time() {
        let l = limiter();
        let ip = key("10.0.0.1");
        let t0 = Instant::now();
        for _ in 0..3 {
            l.allow_at(ip, t0);
        }
        assert!(!l.allow_at(ip, t0 + Duration::from_secs(59)));
        assert!(l.allow_at(ip, t0 + Duration::from_secs(61)));
        assert!(!l.allow_at(ip, t0 + Duration::from_secs(62)));
    }

    #[test]
    fn a_refund_gives_one_token_back_and_never_more_than_the_burst() {
        let l = limiter();
        let ip = key("10.0.0.9");
        while l.allow(ip) {}
        l.refund(&ip);
        assert!(l.allow(ip));
        assert!(!l.allow(ip));
        let fresh = key("10.0.0.10");
        l.allow(fresh);
        for _ in 0..10 {
            l.refund(&fresh);
        }
        assert_eq!((0..10).filter(|_| l.allow(fresh)).count(), 3);
    }

    #[test]
    fn clients_do_not_share_a_bucket_but_an_ipv6_slash_64_does() {
        let l = limiter();
        let t0 = Instant::now();
        for _ in 0..3 {
            l.allow_at(key("10.0.0.1"), t0);
        }
        assert!(!l.allow_at(key("10.0.0.1"), t0));
        assert!(l.allow_at(key("2001:db8::1"), t0));
        // Every address of one /64 is one client: a phone picks a new one at will.
        assert!(l.allow_at(key("2001:db8::ffff:1"), t0));
        assert!(l.allow_at(key("2001:db8:0:0:abcd::2"), t0));
        assert!(!l.allow_at(key("2001:db8::7"), t0));
        assert!(l.allow_at(key("2001:db8:0:1::1"), t0));
    }

    #[test]
    fn the_map_stays_bounded_and_evicts_the_oldest_client() {
        let l = RateLimiter::with_capacity(
            RateLimit {
                burst: 1,
                refill_every: Duration::from_secs(3600),
            },
            100,
        );
        let t0 = Instant::now();
        assert!(l.allow_at(key("10.0.0.1"), t0));
        assert!(!l.allow_at(key("10.0.0.1"), t0));
        for i in 0..10_000u32 {
            let ip = IpAddr::from(std::net::Ipv4Addr::from(0x0b00_0000 + i));
            l.allow_at(ClientKey::of(ip), t0);
        }
        assert_eq!(l.len(), 100);
        // The busiest clients stay: a recent one is still limited.
        let recent = ClientKey::of(IpAddr::from(std::net::Ipv4Addr::from(0x0b00_0000 + 9_999)));
        assert!(!l.allow_at(recent, t0));
    }
}

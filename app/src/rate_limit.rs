//! Per-client token buckets: anonymous intake and lookups are open to anyone, so each client IP
//! gets a small burst and a slow refill. Kept in memory: each app server limits on its own.
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
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

/// Buckets keyed by client address by default; sign-in also keys them by account.
pub struct RateLimiter<K = IpAddr> {
    limit: RateLimit,
    buckets: Mutex<HashMap<K, Bucket>>,
}

/// Above this many tracked clients, full buckets are dropped: they carry no information.
const PRUNE_AT: usize = 10_000;

impl<K: Eq + Hash> RateLimiter<K> {
    pub fn new(limit: RateLimit) -> Self {
        RateLimiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for this client if it has one.
    pub fn allow(&self, client: K) -> bool {
        self.allow_at(client, Instant::now())
    }

    pub fn allow_at(&self, client: K, now: Instant) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > PRUNE_AT {
            let limit = self.limit;
            buckets.retain(|_, b| refilled(limit, *b, now) < limit.burst as f64);
        }
        let full = Bucket {
            tokens: self.limit.burst as f64,
            updated: now,
        };
        let bucket = buckets.entry(client).or_insert(full);
        bucket.tokens = refilled(self.limit, *bucket, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

impl<K: Eq + Hash> RateLimiter<K> {
    /// Whether `allow` would let this client through now, without taking a token: for limits
    /// that count only failures (wrong passwords), checked before and charged after.
    pub fn has_token(&self, client: &K) -> bool {
        let buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        buckets
            .get(client)
            .is_none_or(|b| refilled(self.limit, *b, Instant::now()) >= 1.0)
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

    fn limiter() -> RateLimiter {
        RateLimiter::new(RateLimit {
            burst: 3,
            refill_every: Duration::from_secs(60),
        })
    }

    #[test]
    fn a_burst_is_allowed_then_refused() {
        let l = limiter();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        assert!((0..3).all(|_| l.allow_at(ip, t0)));
        assert!(!l.allow_at(ip, t0));
    }

    #[test]
    fn tokens_come_back_with_time() {
        let l = limiter();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            l.allow_at(ip, t0);
        }
        assert!(!l.allow_at(ip, t0 + Duration::from_secs(59)));
        assert!(l.allow_at(ip, t0 + Duration::from_secs(61)));
        assert!(!l.allow_at(ip, t0 + Duration::from_secs(62)));
    }

    #[test]
    fn peeking_takes_no_token() {
        let l = limiter();
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        for _ in 0..10 {
            assert!(l.has_token(&ip));
        }
        while l.allow(ip) {}
        assert!(!l.has_token(&ip));
    }

    #[test]
    fn clients_do_not_share_a_bucket() {
        let l = limiter();
        let t0 = Instant::now();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "2001:db8::1".parse().unwrap();
        for _ in 0..3 {
            l.allow_at(a, t0);
        }
        assert!(!l.allow_at(a, t0));
        assert!(l.allow_at(b, t0));
    }
}

//! Likely duplicates among a council's open cases. Chinese has no spaces between words, so texts
//! are compared by overlapping character pairs (bigrams), which catch shared words like 停车 or
//! 路灯 whatever surrounds them.
use std::collections::HashSet;

/// Pairs of neighbouring letters, digits or ideographs; punctuation and spaces break a run.
fn bigrams(text: &str) -> HashSet<(char, char)> {
    let mut out = HashSet::new();
    for run in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        let chars: Vec<char> = run.chars().flat_map(char::to_lowercase).collect();
        for pair in chars.windows(2) {
            out.insert((pair[0], pair[1]));
        }
    }
    out
}

/// Dice coefficient of two texts' bigrams: 0 (nothing shared) to 1 (the same pairs).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (bigrams(a), bigrams(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count() as f64;
    2.0 * shared / (a.len() + b.len()) as f64
}

/// Below this, two concerns share little more than common words such as 村里 or 问题.
pub const LIKELY_DUPLICATE: f64 = 0.2;

/// The candidates most like `text`, best first, at most `limit`, those above the threshold only.
/// The title counts twice: it is what the resident chose to say first.
pub fn likely_duplicates<'a, T>(
    title: &str,
    description: &str,
    candidates: &'a [T],
    text_of: impl Fn(&T) -> (&str, &str),
    limit: usize,
) -> Vec<(&'a T, f64)> {
    let mut scored: Vec<(&T, f64)> = candidates
        .iter()
        .map(|c| {
            let (t, d) = text_of(c);
            let score = (2.0 * similarity(title, t) + similarity(description, d)) / 3.0;
            (c, score)
        })
        .filter(|(_, s)| *s >= LIKELY_DUPLICATE)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(limit);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_chinese_words_count_without_spaces() {
        assert_eq!(similarity("村口路灯坏了", "村口路灯坏了"), 1.0);
        let near = similarity("村口路灯坏了三盏", "路灯不亮，村口太黑");
        let far = similarity("村口路灯坏了三盏", "景区周边垃圾清运不及时");
        assert!(near > 0.25 && far < 0.05, "{near} {far}");
        assert_eq!(similarity("", "路灯"), 0.0);
        assert_eq!(similarity("灯", "灯"), 0.0, "one character makes no pair");
        // Punctuation does not join words; Latin letters ignore case.
        assert_eq!(similarity("ABC", "abc"), 1.0);
        assert_eq!(similarity("路，灯", "路灯"), 0.0);
    }

    #[test]
    fn the_obvious_duplicate_comes_first() {
        let cases = [
            (
                "景区周边垃圾清运不及时",
                "游客服务中心旁边的垃圾桶每到周末就满了",
            ),
            (
                "旅游旺季景区停车难，车辆堵到村道上",
                "停车场满了以后车都停到村道两边，农用车出不去",
            ),
            ("村口路灯坏了三盏", "晚上接孩子不安全"),
        ];
        let found = likely_duplicates(
            "周末景区停车位不够，车停满村道",
            "游客的车停在村道两边，拖拉机过不去",
            &cases,
            |c| (c.0, c.1),
            3,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0 .0, "旅游旺季景区停车难，车辆堵到村道上");
        assert!(likely_duplicates("水渠渗漏", "浇不上地", &cases, |c| (c.0, c.1), 3).is_empty());
    }
}

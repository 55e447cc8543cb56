//! Did-you-mean: the closest option to a mistyped word, and an index that answers it for many
//! options (every document id) without an edit distance to each.
//!
//! A word is close to an option when their Damerau–Levenshtein distance (case ignored) is at
//! most [`allowed_distance`] of the option. [`did_you_mean`] compares the word with every
//! option, which is right for short lists (keys, settings, a document's headings). For the
//! ids of a project, where a renamed id can leave tens of thousands of broken references,
//! [`Suggestions`] indexes every option by the strings left after deleting up to two of its
//! characters (the "symmetric delete" method): two strings within two edits share such a
//! string, so a lookup costs a few hundred hash probes, whatever the number of ids. Options
//! allowed more than two edits (long ones) are compared one by one, but only when nothing is
//! within two edits.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// How many edits an option of `chars` characters allows: a third of it, at least two.
pub fn allowed_distance(chars: usize) -> usize {
    (chars / 3).max(2)
}

/// The number of leading hash bits the directory of the index is keyed by.
const DIRECTORY_BITS: u32 = 16;

/// Edits the index finds by itself; options allowed more are checked one by one.
const INDEXED_EDITS: usize = 2;

/// Words and options longer than this are compared one by one: their deletion variants
/// would be many, and such ids are rare.
const LONGEST_INDEXED: usize = 40;

/// Returns the option closest to `word`, if it is close enough to be a typo. Ties go to the
/// option that comes first.
pub fn did_you_mean<'a>(word: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    options
        .into_iter()
        .filter_map(|o| {
            let lower = o.to_lowercase();
            let distance = strsim::damerau_levenshtein(&word_lower, &lower);
            (distance <= allowed_distance(lower.chars().count())).then_some((distance, o))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, o)| o)
}

/// Did-you-mean over a large, fixed list of options, with the same answers as
/// [`did_you_mean`]. The index is built on the first question (a project whose references
/// all resolve never pays for it) and may be asked from several threads.
pub struct Suggestions<'a> {
    options: &'a [String],
    index: OnceLock<DeleteIndex>,
    /// Answers given so far, by word in lower case: a renamed id is cited from many places.
    answered: Mutex<HashMap<String, Option<u32>>>,
}

struct DeleteIndex {
    /// Each option in lower case, as characters.
    lowered: Vec<Vec<char>>,
    /// (hash of a deletion variant, option), sorted by hash.
    variants: Vec<(u64, u32)>,
    /// Where in `variants` the hashes with each value of their top `DIRECTORY_BITS` bits
    /// start (one more entry at the end): a lookup reads one short run instead of
    /// bisecting the whole list, which at 10,000 ids cost ~20 cache misses a probe.
    directory: Vec<u32>,
    /// Options that are not in `variants` (too long) or that allow more than
    /// `INDEXED_EDITS` edits: compared one by one when the index finds nothing.
    one_by_one: Vec<u32>,
}

impl<'a> Suggestions<'a> {
    /// The option at `index`, as given.
    pub fn option(&self, index: usize) -> &'a str {
        &self.options[index]
    }

    pub fn new(options: &'a [String]) -> Suggestions<'a> {
        Suggestions {
            options,
            index: OnceLock::new(),
            answered: Mutex::new(HashMap::new()),
        }
    }

    /// The option closest to `word`, if any is close enough (as [`did_you_mean`]).
    pub fn closest(&self, word: &str) -> Option<&'a str> {
        let lower = word.to_lowercase();
        let known = self
            .answered
            .lock()
            .ok()
            .and_then(|a| a.get(&lower).copied());
        let found = match known {
            Some(found) => found,
            None => {
                let found = self.search(&lower);
                if let Ok(mut answered) = self.answered.lock() {
                    answered.insert(lower, found);
                }
                found
            }
        };
        found.map(|option| self.options[option as usize].as_str())
    }

    /// The index of the option closest to `word` (in lower case), if any is close enough.
    fn search(&self, word: &str) -> Option<u32> {
        let index = self.index.get_or_init(|| DeleteIndex::build(self.options));
        let word: Vec<char> = word.chars().collect();
        let mut best: Option<(usize, u32)> = None;
        let consider = |option: u32, best: &mut Option<(usize, u32)>| {
            let candidate = &index.lowered[option as usize];
            let allowed = allowed_distance(candidate.len());
            if word.len().abs_diff(candidate.len()) > allowed {
                return;
            }
            let distance = strsim::generic_damerau_levenshtein(&word, candidate);
            if distance <= allowed && best.is_none_or(|b| (distance, option) < b) {
                *best = Some((distance, option));
            }
        };
        if word.len() <= LONGEST_INDEXED {
            let mut candidates = Vec::new();
            for_each_variant(&word, |hash| {
                candidates.extend(index.options_with(hash));
            });
            candidates.sort_unstable();
            candidates.dedup();
            for option in candidates {
                consider(option, &mut best);
            }
        }
        // Every option within two edits was a candidate above; only when there was none can
        // a long option (allowed more edits) or an unindexed one be the closest.
        let indexed_found = best.is_some_and(|(d, _)| d <= INDEXED_EDITS);
        if !indexed_found {
            for &option in &index.one_by_one {
                consider(option, &mut best);
            }
        }
        best.map(|(_, option)| option)
    }
}

impl DeleteIndex {
    /// The options with a deletion variant hashed as `hash`.
    fn options_with(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        let bucket = (hash >> (64 - DIRECTORY_BITS)) as usize;
        let run =
            &self.variants[self.directory[bucket] as usize..self.directory[bucket + 1] as usize];
        run.iter()
            .filter(move |&&(h, _)| h == hash)
            .map(|&(_, option)| option)
    }

    fn build(options: &[String]) -> DeleteIndex {
        let lowered: Vec<Vec<char>> = options
            .iter()
            .map(|o| o.to_lowercase().chars().collect())
            .collect();
        let mut variants = Vec::new();
        let mut one_by_one = Vec::new();
        for (option, chars) in lowered.iter().enumerate() {
            let option = u32::try_from(option).unwrap_or(u32::MAX);
            if chars.len() <= LONGEST_INDEXED {
                for_each_variant(chars, |hash| variants.push((hash, option)));
            }
            if chars.len() > LONGEST_INDEXED || allowed_distance(chars.len()) > INDEXED_EDITS {
                one_by_one.push(option);
            }
        }
        variants.sort_unstable();
        variants.dedup();
        let buckets = 1usize << DIRECTORY_BITS;
        let mut directory = Vec::with_capacity(buckets + 1);
        let mut at = 0;
        for bucket in 0..buckets {
            while at < variants.len()
                && ((variants[at].0 >> (64 - DIRECTORY_BITS)) as usize) < bucket
            {
                at += 1;
            }
            directory.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
        directory.push(u32::try_from(variants.len()).unwrap_or(u32::MAX));
        DeleteIndex {
            lowered,
            variants,
            directory,
            one_by_one,
        }
    }
}

/// Calls `f` with the hash of `chars` with up to two characters deleted, every way.
fn for_each_variant(chars: &[char], mut f: impl FnMut(u64)) {
    let n = chars.len();
    f(hash_without(chars, n, n));
    for i in 0..n {
        f(hash_without(chars, i, n));
        for j in i + 1..n {
            f(hash_without(chars, i, j));
        }
    }
}

/// FNV-1a of `chars` without the characters at `skip_a` and `skip_b` (pass `chars.len()` to
/// skip none). Equal strings hash equally however they were reached; a collision only adds a
/// candidate, which the distance check then drops.
fn hash_without(chars: &[char], skip_a: usize, skip_b: usize) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for (i, &c) in chars.iter().enumerate() {
        if i == skip_a || i == skip_b {
            continue;
        }
        for b in (c as u32).to_le_bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
        }
    }
    // The length keeps "ab" minus nothing apart from a longer string's variants that
    // happen to hash alike.
    let kept = n_kept(chars.len(), skip_a, skip_b);
    (hash ^ kept as u64).wrapping_mul(0x0100_0000_01B3)
}

fn n_kept(n: usize, skip_a: usize, skip_b: usize) -> usize {
    n - usize::from(skip_a < n) - usize::from(skip_b < n && skip_b != skip_a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_typos_only() {
        let options = ["last_reviewed", "next_review", "owner"];
        assert_eq!(
            did_you_mean("last_reveiwed", options),
            Some("last_reviewed")
        );
        assert_eq!(did_you_mean("ownr", options), Some("owner"));
        assert_eq!(did_you_mean("colour", options), None);
    }

    /// The index gives the same answer as comparing with every option, on words made by
    /// every kind of edit (and on words close to nothing).
    #[test]
    fn index_agrees_with_the_linear_search() {
        let options: Vec<String> = [
            "POL-AC",
            "POL-0001",
            "POL-0002",
            "POL-0012",
            "PRO-0001",
            "ISMS-POL",
            "ISMS-POLICY-ACCESS-CONTROL",
            "STD-CRYPTO-KEYS",
            "Zürich-Ü",
            "A",
            "x-really-long-identifier-that-nobody-would-ever-type-by-hand",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let words = [
            "pol-ac",
            "POL-CA",
            "POL-A",
            "POL-ACX",
            "POL-0003",
            "POL-0021",
            "POL-001",
            "PLO-0001",
            "ISMS-PLOICY-ACESS-CONTRL",
            "ISMS-POLICY-ACCESS-CTRL",
            "STD-CRYPT-KEY",
            "zurich-u",
            "B",
            "",
            "nothing-like-any-id",
            "x-really-long-identifier-that-nobody-would-ever-type-by-han",
            "POL-0001-R",
        ];
        let index = Suggestions::new(&options);
        for word in words {
            assert_eq!(
                index.closest(word),
                did_you_mean(word, options.iter().map(String::as_str)),
                "{word}"
            );
        }
    }

    #[test]
    fn ties_go_to_the_first_option() {
        let options: Vec<String> = ["POL-0002", "POL-0001"].map(String::from).to_vec();
        assert_eq!(
            Suggestions::new(&options).closest("POL-0003"),
            Some("POL-0002")
        );
    }
}

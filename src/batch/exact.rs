//! Finding the option whose id a cell holds exactly, as the template writes it: what most
//! of a million rows' cells hold. A linear search mispredicted a branch on most cells, as
//! the option chosen varies from row to row; this table finds an id with one probe.

/// Option ids as written, by a hash of their [`key`].
#[derive(Debug, Clone)]
pub struct ExactIds {
    /// Kept small (32 bytes) so that a question's entries share a cache line or two: a
    /// million rows look up tens of millions of cells.
    ids: Vec<Entry>,
    /// The ids as written, beside `ids`, for the rare id longer than a key holds.
    texts: Vec<String>,
    /// Position in `ids` by hash, or [`EMPTY`]. When there are slots, every id has one of
    /// its own and its key tells it from any other text: a text not found in its slot is
    /// no id. Without slots (ids that share a key) lookups search `ids`.
    slots: Vec<u8>,
    seed: u64,
    shift: u32,
}

#[derive(Debug, Clone)]
struct Entry {
    key: Key,
    position: usize,
}

/// The length and up to sixteen bytes of a text: all of a text of up to 16 bytes.
type Key = (usize, u64, u64);

const EMPTY: u8 = u8::MAX;

/// Seeds tried for each table size; with at most a few dozen options, one of the first few
/// spreads them without collisions.
const SEEDS: u64 = 64;

impl ExactIds {
    /// A table of `ids`, each with the option position it stands for.
    pub fn new<'a>(ids: impl IntoIterator<Item = (&'a str, usize)>) -> Self {
        let (ids, texts): (Vec<Entry>, Vec<String>) = ids
            .into_iter()
            .map(|(id, position)| {
                let entry = Entry {
                    key: key(id),
                    position,
                };
                (entry, id.to_string())
            })
            .unzip();
        let distinct = ids
            .iter()
            .enumerate()
            .all(|(i, e)| ids[..i].iter().all(|o| o.key != e.key));
        let fits = ids.len() < usize::from(EMPTY);
        let mut bits = (2 * ids.len()).next_power_of_two().trailing_zeros().max(1);
        if fits && distinct {
            while bits <= 12 {
                for n in 0..SEEDS {
                    let seed = 0x9E37_79B9_7F4A_7C15u64.wrapping_add(2 * n) | 1;
                    if let Some(table) = Self::place(&ids, &texts, seed, bits) {
                        return table;
                    }
                }
                bits += 1;
            }
        }
        // Ids that share a key (long ones alike at both ends): every lookup that misses its
        // slot searches the list.
        ExactIds {
            ids,
            texts,
            slots: Vec::new(),
            seed: 0,
            shift: 0,
        }
    }

    /// A table of `2^bits` slots with `seed`, if no two ids share a slot.
    fn place(ids: &[Entry], texts: &[String], seed: u64, bits: u32) -> Option<Self> {
        let shift = 64 - bits;
        let mut slots = vec![EMPTY; 1 << bits];
        for (i, e) in ids.iter().enumerate() {
            let slot = &mut slots[slot_of(e.key, seed, shift)];
            if *slot != EMPTY {
                return None;
            }
            *slot = i as u8;
        }
        Some(ExactIds {
            ids: ids.to_vec(),
            texts: texts.to_vec(),
            slots,
            seed,
            shift,
        })
    }

    /// Whether every id has a slot of its own.
    fn is_perfect(&self) -> bool {
        !self.slots.is_empty()
    }

    /// The position of the option whose id is exactly `text`.
    #[inline]
    pub fn get(&self, text: &str) -> Option<usize> {
        let k = key(text);
        // The key holds all of a text up to 16 bytes long, and most ids are that short.
        let same = |i: usize, e: &Entry| {
            e.key == k && (text.len() <= 16 || self.texts.get(i).is_some_and(|id| id == text))
        };
        if self.is_perfect() {
            let i = usize::from(self.slots[slot_of(k, self.seed, self.shift)]);
            let e = self.ids.get(i)?;
            return same(i, e).then_some(e.position);
        }
        self.ids
            .iter()
            .enumerate()
            .find(|(i, e)| same(*i, e))
            .map(|(_, e)| e.position)
    }
}

fn slot_of(k: Key, seed: u64, shift: u32) -> usize {
    let mixed = (k.0 as u64) ^ k.1 ^ k.2.rotate_left(29);
    (mixed.wrapping_mul(seed) >> shift) as usize
}

/// The length of `text` and its bytes: the first and last eight (overlapping when it is
/// shorter than 16), or for shorter texts the first and last four, or the first, middle
/// and last byte. Two texts of up to 16 bytes have the same key only if they are equal.
fn key(text: &str) -> Key {
    let b = text.as_bytes();
    let n = b.len();
    if let (Some(head), Some(tail)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        return (n, u64::from_le_bytes(*head), u64::from_le_bytes(*tail));
    }
    let short = if let (Some(head), Some(tail)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*head)) | (u64::from(u32::from_le_bytes(*tail)) << 32)
    } else if let (Some(first), Some(last)) = (b.first(), b.last()) {
        u64::from(*first) | (u64::from(b[n / 2]) << 8) | (u64::from(*last) << 16)
    } else {
        0
    };
    (n, short, short)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: [&str; 20] = [
        "",
        "a",
        "b",
        "ab",
        "ba",
        "a\0",
        "abc",
        "acc",
        "abcd",
        "abce",
        "abcdefg",
        "abXdefg",
        "abcdefgh",
        "abcdefgi",
        "abcdefghi",
        "xbcdefghi",
        "abcdefghijklmnop",
        "abcdefghijklmnoq",
        "abcdefgXijklmnop",
        "abcdefghXjklmnop",
    ];

    #[test]
    fn keys_tell_every_text_up_to_16_bytes_apart() {
        for a in TEXTS {
            for b in TEXTS {
                assert_eq!(key(a) == key(b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn every_id_is_found_and_nothing_else() {
        let ids = TEXTS.iter().skip(1).step_by(2).enumerate();
        let table = ExactIds::new(ids.clone().map(|(i, id)| (*id, i)));
        assert!(table.is_perfect());
        for (i, id) in ids {
            assert_eq!(table.get(id), Some(i), "{id:?}");
        }
        for other in TEXTS.iter().step_by(2) {
            assert_eq!(table.get(other), None, "{other:?}");
        }
        assert_eq!(table.get("ABC"), None);
    }

    #[test]
    fn long_ids_alike_at_both_ends_are_told_apart() {
        let ids = ["aaaaaaaa_x_bbbbbbbb", "aaaaaaaa_y_bbbbbbbb", "short"];
        let table = ExactIds::new(ids.iter().enumerate().map(|(i, id)| (*id, i)));
        assert!(!table.is_perfect());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(table.get(id), Some(i));
        }
        assert_eq!(table.get("aaaaaaaa_z_bbbbbbbb"), None);
    }

    #[test]
    fn no_ids() {
        let table = ExactIds::new([]);
        assert_eq!(table.get(""), None);
        assert_eq!(table.get("x"), None);
    }
}

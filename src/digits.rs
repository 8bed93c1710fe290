//! Decimal digits two at a time: the table the time renderer writes its
//! fields with and the encoders write small integers with.

/// `"00" "01" .. "99"`, two bytes per number.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// The two ASCII digits of `n % 100`.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn pair(n: u32) -> [u8; 2] {
    let i = (n % 100) as usize * 2;
    [PAIRS[i], PAIRS[i + 1]]
}

/// Append `n`, which is below 10,000, in decimal: two pairs from the
/// table, shifted past the leading zeros as one 4-byte word, appended
/// whole and cut back to the 1 to 4 digits (one store, no branch on the
/// digit count; a copy by length cost W2 about 20 instructions more per
/// integer).
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn put_below_10k(buf: &mut Vec<u8>, n: u32) {
    debug_assert!(n < 10_000);
    let ([a, b], [c, d]) = (pair(n / 100), pair(n));
    let skip = usize::from(n < 1000) + usize::from(n < 100) + usize::from(n < 10);
    let word = u32::from_le_bytes([a, b, c, d]) >> (8 * skip);
    let end = buf.len() + 4 - skip;
    buf.extend_from_slice(&word.to_le_bytes());
    buf.truncate(end);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_below_10k() {
        for n in 0..10_000u32 {
            let mut buf = b"x".to_vec();
            put_below_10k(&mut buf, n);
            assert_eq!(buf, format!("x{n}").as_bytes(), "{n}");
        }
        assert_eq!(pair(7), *b"07");
        assert_eq!(pair(1234), *b"34");
    }
}

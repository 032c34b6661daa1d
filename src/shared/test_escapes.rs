//! The `\ddd` escaping of the test-case files in `testdata/`, shared by the modules whose
//! tests read them.

/// `\ddd` in a test field is the byte ddd.
pub fn decode(field: &str) -> Vec<u8> {
    let b = field.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 4 <= b.len() && b[i + 1..i + 4].iter().all(u8::is_ascii_digit) {
            out.push(
                std::str::from_utf8(&b[i + 1..i + 4])
                    .unwrap()
                    .parse()
                    .unwrap(),
            );
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Bytes outside 32..=126 and `\` as `\ddd`, as the generating scripts write them.
pub fn encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if (32..=126).contains(&b) && b != b'\\' {
                (b as char).to_string()
            } else {
                format!("\\{b:03}")
            }
        })
        .collect()
}

//! Ordered-list numbers as written and as rendered (list-heading questions).

use std::collections::HashMap;

use crate::model::document::Heading;

/// The number written before an ordered list item's marker (`12.` or `12)`).
pub(crate) fn written_number(item: &str) -> Option<u64> {
    let s = item.trim_start();
    let digits: &str = &s[..s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())];
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    let rest = &s[digits.len()..];
    if rest.starts_with('.') || rest.starts_with(')') {
        digits.parse().ok()
    } else {
        None
    }
}

/// For lists written lazily (`1.` on every item), the numbers as rendered: start + index.
pub(crate) fn rendered_list_numbers(
    headings: &[Heading],
    starts: &HashMap<usize, u64>,
) -> HashMap<usize, u64> {
    let mut by_list: HashMap<usize, Vec<(usize, usize, u64)>> = HashMap::new();
    for (hi, h) in headings.iter().enumerate() {
        if let Some((list, idx, n)) = h.list_item {
            by_list.entry(list).or_default().push((hi, idx, n));
        }
    }
    let mut out = HashMap::new();
    for (list, items) in &by_list {
        let first = items[0].2;
        if items.len() > 1 && items.iter().all(|i| i.2 == first) {
            let start = starts.get(list).copied().unwrap_or(first);
            for &(hi, idx, _) in items {
                out.insert(hi, start.saturating_add(idx as u64));
            }
        }
    }
    out
}

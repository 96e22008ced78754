//! Rule selectors (`ALL`, a code, a code prefix such as `QA1`, a rule name, `custom`,
//! `custom/<id>`), resolved once into a [`RuleSet`] indexed by registry position, so nothing
//! re-matches strings per finding.

use crate::base::diagnostic::{RuleMeta, RuleRef};
use crate::rules::REGISTRY;

/// A set of rules: built-in ones by registry position, custom ones by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSet {
    builtin: u128,
    every_custom: bool,
    custom: Vec<String>,
}

/// Whether a selector (`ALL`, a code, a code prefix such as `QA1`, or a rule name) names `meta`.
pub fn selector_matches(sel: &str, meta: &RuleMeta) -> bool {
    let sel = sel.trim();
    sel.eq_ignore_ascii_case("ALL")
        || sel.eq_ignore_ascii_case(meta.name)
        || (sel.len() >= 2
            && meta.code.len() >= sel.len()
            && meta.code.is_char_boundary(sel.len())
            && meta.code[..sel.len()].eq_ignore_ascii_case(sel))
}

/// Every built-in rule a selector names.
pub fn matching(sel: &str) -> Vec<&'static RuleMeta> {
    REGISTRY
        .iter()
        .map(|e| e.meta)
        .filter(|m| selector_matches(sel, m))
        .collect()
}

/// Look up a built-in rule by code or name.
pub fn by_code_or_name(s: &str) -> Option<&'static RuleMeta> {
    REGISTRY
        .iter()
        .map(|e| e.meta)
        .find(|m| m.code.eq_ignore_ascii_case(s) || m.name.eq_ignore_ascii_case(s))
}

/// Whether a selector names at least one rule: `ALL`, a code, a code prefix, a rule name,
/// `custom` or `custom/<id>` (custom ids are checked when custom rules are compiled).
pub fn is_known(sel: &str) -> bool {
    sel == "custom" || sel.starts_with("custom/") || !matching(sel).is_empty()
}

/// The registry position of a built-in rule.
pub fn position(meta: &RuleMeta) -> Option<usize> {
    REGISTRY.iter().position(|e| std::ptr::eq(e.meta, meta))
}

impl RuleSet {
    /// The rules one selector names (empty when it names none).
    pub fn of(sel: &str) -> RuleSet {
        let sel = sel.trim();
        let mut set = RuleSet::default();
        if sel == "custom" {
            set.every_custom = true;
            return set;
        }
        if let Some(id) = sel.strip_prefix("custom/") {
            set.custom.push(id.to_string());
            return set;
        }
        if sel.eq_ignore_ascii_case("ALL") {
            set.every_custom = true;
        } else {
            // A custom rule is also named by its id alone.
            set.custom.push(sel.to_string());
        }
        for (i, e) in REGISTRY.iter().enumerate() {
            if selector_matches(sel, e.meta) {
                set.builtin |= 1 << i;
            }
        }
        set
    }

    /// The union of what `sels` name.
    pub fn of_all<'a>(sels: impl IntoIterator<Item = &'a String>) -> RuleSet {
        let mut set = RuleSet::default();
        for s in sels {
            set.extend(&RuleSet::of(s));
        }
        set
    }

    /// Add every rule of `other`.
    pub fn extend(&mut self, other: &RuleSet) {
        self.builtin |= other.builtin;
        self.every_custom |= other.every_custom;
        self.custom.extend(other.custom.iter().cloned());
    }

    /// Whether the set names at least one built-in rule (custom ids are not known here).
    pub fn names_builtin(&self) -> bool {
        self.builtin != 0
    }

    /// Whether `meta` is in the set.
    pub fn has(&self, meta: &RuleMeta) -> bool {
        position(meta).is_some_and(|i| self.builtin & (1 << i) != 0)
    }

    /// Whether the custom rule `id` is in the set.
    pub fn has_custom(&self, id: &str) -> bool {
        self.every_custom || self.custom.iter().any(|c| c == id)
    }

    /// Whether a finding's rule is in the set.
    pub fn contains(&self, rule: &RuleRef) -> bool {
        match rule {
            RuleRef::Builtin(m) => self.has(m),
            RuleRef::Custom(m) => self.has_custom(&m.name),
        }
    }

    /// Whether every built-in rule with a check is in the set.
    pub fn has_every_check(&self) -> bool {
        REGISTRY
            .iter()
            .enumerate()
            .filter(|(_, e)| e.build.is_some())
            .all(|(i, _)| self.builtin & (1 << i) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_fits_the_set() {
        assert!(REGISTRY.len() <= 128);
    }

    #[test]
    fn sets_follow_selectors() {
        let fam = RuleSet::of("QA1");
        let codes: Vec<_> = REGISTRY
            .iter()
            .filter(|e| fam.has(e.meta))
            .map(|e| e.meta.code)
            .collect();
        assert_eq!(codes, ["QA101", "QA102", "QA103", "QA104", "QA105"]);
        assert!(RuleSet::of("numbering-gap").has(by_code_or_name("QA101").unwrap()));
        assert!(!RuleSet::of("QA9999").names_builtin());
        assert!(RuleSet::of("custom").has_custom("x"));
        assert!(RuleSet::of("custom/x").has_custom("x"));
        assert!(!RuleSet::of("custom/x").has_custom("y"));
        assert!(RuleSet::of("ALL").has_every_check());
    }
}

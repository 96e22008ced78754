//! Layer 0, the vocabulary every other layer shares: findings, fixes, rule metadata and small
//! text helpers. Uses no other layer.

pub mod diagnostic;
pub mod paths;
pub mod percent;
pub mod suggest;

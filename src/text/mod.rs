//! Text helpers shared by the stages: folding names for comparison.

mod fold;

pub use fold::fold;
pub(crate) use fold::*;

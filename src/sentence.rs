//! Abbreviation-aware sentence splitting.

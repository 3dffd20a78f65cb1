//! Linking citations to reference entries.

//! Reference-list entries: finding, splitting and parsing them into fields.

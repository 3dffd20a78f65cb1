//! The audit of claim support and its reports.

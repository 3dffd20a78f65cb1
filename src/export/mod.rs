//! Exporters: BibLaTeX, CSL-JSON, DOT and source tables, each writing to any `impl Write`.

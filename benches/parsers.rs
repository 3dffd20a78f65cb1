//! Throughput of the single parsers: `find_citations` and `split_sentences` (bytes/s),
//! `parse_reference` (reference strings/s) and `load_bib_str` (.bib entries/s).
//!
//! Run: `cargo bench --features internals --bench parsers` (the two text stages are not
//! public API; the feature exposes them as `citegraph::stages`).

mod common;

use citegraph::bib::load_bib_str;
use citegraph::parse_reference;
use citegraph::stages::{find_citations, split_sentences};
use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

fn config(c: &mut Criterion) -> &mut Criterion {
    c
}

fn bench_text(c: &mut Criterion) {
    let paras = common::paragraphs(7, 2000);
    let bytes: usize = paras.iter().map(String::len).sum();
    let mut group = c.benchmark_group("text");
    group.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("find_citations", |b| {
        b.iter(|| {
            let mut n = 0;
            for p in &paras {
                n += find_citations(black_box(p)).len();
            }
            n
        })
    });
    group.bench_function("split_sentences", |b| {
        b.iter(|| {
            let mut n = 0;
            for p in &paras {
                n += split_sentences(black_box(p)).len();
            }
            n
        })
    });
    group.finish();
}

fn bench_refs(c: &mut Criterion) {
    let refs = common::reference_strings(11, 2000);
    let mut group = c.benchmark_group("references");
    group.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Elements(refs.len() as u64));
    group.bench_function("parse_reference", |b| {
        b.iter(|| {
            let mut n = 0;
            for r in &refs {
                n += parse_reference(black_box(r)).1.len();
            }
            n
        })
    });
    group.finish();
}

fn bench_bib(c: &mut Criterion) {
    let n = 2000;
    let text = common::bib(13, n);
    let mut group = c.benchmark_group("bib");
    group.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("load_bib_str", |b| b.iter(|| load_bib_str(black_box(&text), "bench.bib").0.len()));
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_text(config(&mut c));
    bench_refs(&mut c);
    bench_bib(&mut c);
    c.final_summary();
}

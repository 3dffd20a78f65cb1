//! Throughput of the whole pipeline, `extract`, on generated documents of 1, 10 and 100 MB.
//!
//! Run: `cargo bench --bench extract` (all sizes) or `cargo bench --bench extract -- 10MB`.
//! `CITEGRAPH_BENCH_MB=1,10` chooses the sizes. To write a generated document to a file
//! instead (for `/usr/bin/time -v citegraph extract FILE`):
//! `CITEGRAPH_WRITE_CORPUS=/tmp/c100.txt:100 cargo bench --bench extract`.

mod common;

use citegraph::{Options, Source, extract};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::time::Duration;

const MB: usize = 1_000_000;

fn sizes() -> Vec<usize> {
    std::env::var("CITEGRAPH_BENCH_MB")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 10, 100])
}

fn bench_extract(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    for mb in sizes() {
        let text = common::document(42, mb * MB);
        let src = Source::new("bench.txt", text);
        let options = Options::default();
        group.throughput(Throughput::Bytes(src.text.len() as u64));
        if mb >= 50 {
            // One iteration takes seconds: run each sample once and do not warm up long.
            group.sampling_mode(SamplingMode::Flat);
            group.warm_up_time(Duration::from_millis(1));
            group.measurement_time(Duration::from_secs(10));
        } else {
            group.sampling_mode(SamplingMode::Auto);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(4));
        }
        group.bench_with_input(BenchmarkId::from_parameter(format!("{mb}MB")), &src, |b, src| {
            b.iter(|| black_box(extract(black_box(src), &options)))
        });
    }
    group.finish();
}

fn write_corpus(spec: &str) {
    let (path, mb) = spec.rsplit_once(':').expect("CITEGRAPH_WRITE_CORPUS=PATH:MEGABYTES");
    let mb: usize = mb.parse().expect("megabytes");
    let text = common::document(42, mb * MB);
    std::fs::write(path, &text).expect("write corpus");
    eprintln!("wrote {} bytes to {path}", text.len());
}

fn main() {
    if let Ok(spec) = std::env::var("CITEGRAPH_WRITE_CORPUS") {
        write_corpus(&spec);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench_extract(&mut c);
    c.final_summary();
}

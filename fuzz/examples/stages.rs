//! Times the stages of `extract` on a file, once, to see which stage grows faster than the
//! input: `cargo run --release --example stages -- FILE...`.

use std::time::Instant;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("read file");
        let n = bytes.len() as f64 / 1e6;
        let t = Instant::now();
        let (src, _) = citegraph::stages::decode(&path, bytes).expect("decode");
        let t_load = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let layout = citegraph::stages::layout(&src);
        let t_layout = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut cites = 0;
        let mut sents = 0;
        let mut t_sent = 0.0;
        for p in &layout.paragraphs {
            let view = citegraph::stages::TextView::from_lines(&src, &p.lines);
            cites += citegraph::stages::find_citations(&view.text).len();
            let s = Instant::now();
            sents += citegraph::stages::split_sentences(&view.text).len();
            t_sent += s.elapsed().as_secs_f64();
        }
        let t_text = t.elapsed().as_secs_f64() - t_sent;
        let t = Instant::now();
        let doc = citegraph::extract(&src, &citegraph::Options::default());
        let t_all = t.elapsed().as_secs_f64();
        println!(
            "{path}: {n:.1} MB; load {t_load:.2}s layout {t_layout:.2}s find_citations {t_text:.2}s ({cites}) split_sentences {t_sent:.2}s ({sents}); extract total {t_all:.2}s = {:.2} MB/s; {} citations, {} claims, {} refs",
            n / t_all,
            doc.citations.len(),
            doc.claims.len(),
            doc.references.len()
        );
    }
}

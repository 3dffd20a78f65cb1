//! Randomized smoke test of every fuzz target on a stable toolchain (no libFuzzer needed).
//!
//! `cargo run --release --example smoke -- [ITERATIONS] [SEED_FILE...]`
//!
//! Starts from built-in seeds plus the given files, mutates them (byte flips, inserted
//! punctuation and citation fragments, duplicated and spliced slices, truncation), runs every
//! target on every input, and reports panics and slow inputs. Each failing or slow input is
//! written to `fuzz/artifacts/smoke/TARGET-HASH` so it can be replayed with
//! `cargo run --release --example smoke -- replay TARGET FILE`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

const FRAGMENTS: &[&str] = &[
    "(", ")", "[", "]", ".", ",", ";", ":", " ", "\n", "\n\n", "\n\n\n\n", "\x0c", "\u{feff}", "“", "”", "’", "'",
    "\"", "?", "*", "°", "®", "¹", "²³", "^1", "[1]", "-\n", "et al.", " et al., 1999, ", "Smith and ", "Smith & ",
    "(Smith, 2001)", "Smith (2001, 2003a)", "n.d.", "in press", "forthcoming", "2013b", "1999", "pp. 3-4", "p. 5",
    "see ", "e.g., ", "cf. ", "as cited in ", "van der ", "de ", "U.S.", "Dr. ", "No. 5", "1. INTRODUCTION\n",
    "## Heading\n", "References\n", "Bibliography\n", "@article{k,\n", "author = {", "}", "{", "\\'e", "@string{a = ",
    " # ", "crossref = {", "title = \"", "doi:10.1000/x", "https://example.org/a", "(Ed.)", "Vol. 3", "\u{1a}",
    "é", "ß", "\u{0301}", "\u{200b}", "\r\n", "\t", "…", "—", "–", "§ 12", "12 ", "  ",
];

fn seeds(files: &[String]) -> Vec<Vec<u8>> {
    let mut s: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"Text (Smith, 2001; Jones and Lee, 2003a, pp. 4-5). Smith et al. (2010) agree.".to_vec(),
        b"1. INTRODUCTION\n\nA claim (Hill, p. 54).' More.\n\n' A footnote body here.\n\n\n\nnext page.\n\nReferences\n\nHill, R. (2013). A book. Press.\n".to_vec(),
        b"Smith, J., & Jones, K. (2001). A title of a paper. Journal of Things, 3(2), 45-67. https://doi.org/10.1/x".to_vec(),
        b"@string{j = {J}}\n@article{a, author = {M{\\\"u}ller, Anna and {{World Bank}}}, title = {T}, journal = j, year = 2001}\n@book{b, crossref = {a}, title = \"U\"}\n".to_vec(),
    ];
    for f in files {
        match std::fs::read(f) {
            Ok(b) => s.push(b),
            Err(e) => eprintln!("cannot read {f}: {e}"),
        }
    }
    s
}

fn mutate(rng: &mut Rng, pool: &[Vec<u8>], input: &mut Vec<u8>) {
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = input.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.below(256) as u8;
            }
            2 | 3 | 4 => {
                let i = rng.below(len + 1);
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                let times = if rng.below(20) == 0 { 1 + rng.below(200) } else { 1 };
                for _ in 0..times {
                    input.splice(i..i, f.iter().copied());
                }
            }
            5 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                input.drain(a..b);
            }
            6 if len > 0 => {
                // Duplicate a slice in place.
                let a = rng.below(len);
                let b = (a + 1 + rng.below(256)).min(len);
                let piece = input[a..b].to_vec();
                let at = rng.below(input.len() + 1);
                input.splice(at..at, piece);
            }
            7 => {
                // Splice in part of another seed.
                let other = &pool[rng.below(pool.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + 1 + rng.below(2048)).min(other.len());
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[a..b].iter().copied());
                }
            }
            _ if len > 1 => {
                let keep = rng.below(len);
                input.truncate(keep.max(1));
            }
            _ => {}
        }
    }
    if input.len() > 64 * 1024 {
        input.truncate(64 * 1024);
    }
}

fn hash(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ x as u64).wrapping_mul(0x100_0000_01b3))
}

fn save(target: &str, data: &[u8]) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/artifacts/smoke");
    let _ = std::fs::create_dir_all(dir);
    let path = format!("{dir}/{target}-{:016x}", hash(data));
    let _ = std::fs::write(&path, data);
    path
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("replay") {
        let target = &args[1];
        let data = std::fs::read(&args[2]).expect("read input");
        let f = citegraph_fuzz::TARGETS.iter().find(|(n, _)| n == target).expect("known target").1;
        let t = Instant::now();
        f(&data);
        println!("{target}: {} bytes in {:?}", data.len(), t.elapsed());
        return;
    }
    let iterations: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let files: Vec<String> = args.iter().skip(1).cloned().collect();
    let only: Option<String> = std::env::var("SMOKE_TARGET").ok();
    let pool = seeds(&files);
    let mut corpus = pool.clone();
    let mut rng = Rng(std::env::var("SMOKE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1));
    std::panic::set_hook(Box::new(|_| {}));
    let mut panics = 0usize;
    let mut slow = 0usize;
    let start = Instant::now();
    let mut per_target: Vec<(Duration, usize, usize)> = vec![(Duration::ZERO, 0, 0); citegraph_fuzz::TARGETS.len()];
    for it in 0..iterations {
        let mut input = corpus[rng.below(corpus.len())].clone();
        mutate(&mut rng, &pool, &mut input);
        for (ti, (name, f)) in citegraph_fuzz::TARGETS.iter().enumerate() {
            if only.as_deref().is_some_and(|o| o != *name) {
                continue;
            }
            let t = Instant::now();
            let r = catch_unwind(AssertUnwindSafe(|| f(&input)));
            let el = t.elapsed();
            per_target[ti].0 += el;
            per_target[ti].1 += 1;
            per_target[ti].2 += input.len();
            if let Err(e) = r {
                panics += 1;
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                let path = save(name, &input);
                println!("PANIC {name} ({} bytes): {msg}\n  reproducer: {path}", input.len());
            } else if el > Duration::from_millis(20) + Duration::from_micros(input.len() as u64 * 2) {
                // Slower than 20 ms + 2 µs per byte (≈0.5 MB/s): worth a look.
                slow += 1;
                let path = save(name, &input);
                println!("SLOW {name}: {} bytes in {el:?}\n  reproducer: {path}", input.len());
            }
        }
        // Keep some mutants as new starting points (a poor man's corpus).
        if rng.below(8) == 0 && input.len() < 32 * 1024 {
            if corpus.len() < 4096 {
                corpus.push(input);
            } else {
                let k = rng.below(corpus.len());
                corpus[k] = input;
            }
        }
        if (it + 1) % 10_000 == 0 {
            eprintln!("{} iterations, {panics} panics, {slow} slow, {:?}", it + 1, start.elapsed());
        }
    }
    for (i, (name, _)) in citegraph_fuzz::TARGETS.iter().enumerate() {
        let (d, n, b) = per_target[i];
        if n > 0 {
            println!("{name}: {n} inputs, {:.1} MB, {:?} total, {:.1} MB/s", b as f64 / 1e6, d, b as f64 / 1e6 / d.as_secs_f64());
        }
    }
    println!("done: {iterations} iterations, {panics} panics, {slow} slow inputs in {:?}", start.elapsed());
}

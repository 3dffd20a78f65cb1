//! Denial-of-service scaling test: every hostile or unlucky input pattern known to have cost
//! quadratic time or memory is generated at size n and 8n, the `citegraph` binary is run on
//! each as a child process, and the child's own CPU time (user + system) and peak memory
//! (`ru_maxrss`) are read with `wait4`. A linear pattern grows about 8×; the test fails when
//! either grows more than [`MAX_GROWTH`]×. (Wall time is not used: the machine is shared.)
//!
//! Small measurements are dominated by start-up, so ratios are taken over floors
//! ([`CPU_FLOOR`], [`RSS_FLOOR_KB`]): a pattern passes when its 8n run stays within
//! `MAX_GROWTH ×` the larger of its n run and the floor. Sizes are chosen so the debug
//! binary runs each 8n input in well under a second; the whole test takes 11–27 s in
//! debug on two cores.
//!
//! `CITEGRAPH_DOS_BIN=/path/to/citegraph` measures another binary (for example a release
//! build of an older commit, to see the test fail on the patterns it fixed);
//! `CITEGRAPH_DOS_SCALE=k` multiplies every size by k.

use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Largest growth of CPU time or peak memory from n to 8n that passes.
const MAX_GROWTH: f64 = 10.0;
/// CPU seconds below which a run counts as start-up.
const CPU_FLOOR: f64 = 0.05;
/// Peak memory (KiB) below which a run counts as start-up.
const RSS_FLOOR_KB: i64 = 24 * 1024;

fn bin() -> PathBuf {
    std::env::var_os("CITEGRAPH_DOS_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_citegraph")), PathBuf::from)
}

fn scale() -> usize {
    std::env::var("CITEGRAPH_DOS_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1)
}

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dos");
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// What one run cost.
#[derive(Debug, Clone, Copy)]
struct Cost {
    cpu: f64,
    rss_kb: i64,
    stderr_lines: usize,
    /// The signal that killed the child (a stack overflow aborts), if one did.
    signal: Option<i32>,
}

/// Runs the binary with `args`, returning the child's CPU time and peak memory.
fn measure(args: &[&str]) -> Cost {
    let err_path = scratch().join(format!("stderr-{}", std::process::id()));
    let err = std::fs::File::create(&err_path).expect("stderr file");
    // Reaped below with `wait4`, which also returns the child's own resource usage.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err)
        .spawn()
        .expect("run citegraph");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value; `wait4` fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet reaped; the pointers are to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let st = std::process::ExitStatus::from_raw(status);
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let stderr_lines = std::fs::read_to_string(&err_path).map(|s| s.lines().count()).unwrap_or(0);
    Cost {
        cpu: secs(usage.ru_utime) + secs(usage.ru_stime),
        rss_kb: usage.ru_maxrss,
        stderr_lines,
        signal: st.signal(),
    }
}

/// An input pattern: a name, a file extension, and a generator of its text at size `n`.
struct Pattern {
    name: &'static str,
    ext: &'static str,
    n: usize,
    make: fn(usize) -> Vec<u8>,
}

fn text(s: String) -> Vec<u8> {
    s.into_bytes()
}

/// A deterministic pseudo-random sequence (xorshift), so inputs are the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn names(n: usize) -> Vec<String> {
    let (cons, vow) = (b"bcdfghklmnprstvz", b"aeiou");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut seen = std::collections::HashSet::new();
    while seen.len() < n {
        let mut s = String::new();
        for _ in 0..4 {
            s.push(cons[(rng.next() % 16) as usize] as char);
            s.push(vow[(rng.next() % 5) as usize] as char);
        }
        let mut c = s.chars();
        let cap: String = c.next().map(|f| f.to_ascii_uppercase()).into_iter().chain(c).collect();
        seen.insert(cap);
    }
    let mut v: Vec<String> = seen.into_iter().collect();
    v.sort();
    v
}

fn docx(body: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("[Content_Types].xml", opts).expect("zip");
        z.write_all(
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        )
        .expect("zip");
        z.start_file("word/document.xml", opts).expect("zip");
        let doc = format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        z.write_all(doc.as_bytes()).expect("zip");
        z.finish().expect("zip");
    }
    buf.into_inner()
}

const AUTHORS: [&str; 5] = ["Smith", "Jones", "Brown", "Hill", "Lee"];

fn patterns() -> Vec<Pattern> {
    vec![
        Pattern {
            name: "narrative year list `Smith (1900a, 1901b, …)`",
            ext: "txt",
            n: 1_500,
            make: |n| {
                let years: Vec<String> =
                    (0..n).map(|i| format!("{}{}", 1900 + i % 120, (b'a' + (i % 10) as u8) as char)).collect();
                text(format!("Smith ({})\n", years.join(", ")))
            },
        },
        Pattern {
            name: "LaTeX \\cite{k0,…,kn}",
            ext: "tex",
            n: 1_500,
            make: |n| {
                text(format!(
                    "Text \\cite{{{}}} more.\n",
                    (0..n).map(|i| format!("k{i}")).collect::<Vec<_>>().join(",")
                ))
            },
        },
        Pattern {
            name: "LaTeX unclosed \\footnote{",
            ext: "tex",
            n: 4_000,
            make: |n| text("Text \\footnote{".repeat(n)),
        },
        Pattern { name: "LaTeX unclosed \\cite[", ext: "tex", n: 4_000, make: |n| text("Text \\cite[".repeat(n)) },
        Pattern {
            name: "LaTeX nested \\footnote{",
            ext: "tex",
            n: 2_000,
            make: |n| text(format!("Text {}{}\n", "\\footnote{a ".repeat(n), "}".repeat(n))),
        },
        Pattern {
            name: "digits glued in one long token",
            ext: "txt",
            n: 8_000,
            make: |n| text((0..n).map(|i| format!("{}{}", (b'a' + (i % 8) as u8) as char, i % 10)).collect::<String>()),
        },
        Pattern {
            name: "base64 blob",
            ext: "txt",
            n: 16_000,
            make: |n| {
                const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                let mut rng = Rng(42);
                (0..n).map(|_| B64[(rng.next() % 64) as usize]).collect()
            },
        },
        Pattern {
            name: "distinct authors cited with one year",
            ext: "txt",
            n: 400,
            make: |n| text(names(n).iter().map(|a| format!("Text ({a}, 2001). ")).collect()),
        },
        Pattern { name: "Markdown unclosed [", ext: "md", n: 4_000, make: |n| text("Text [ and ".repeat(n)) },
        Pattern {
            name: "Markdown footnotes",
            ext: "md",
            n: 500,
            make: |n| {
                let body: String = (0..n).map(|i| format!("Claim {i} holds.[^n{i}]\n\n")).collect();
                let notes: String = (0..n).map(|i| format!("[^n{i}]: Note {i}.\n\n")).collect();
                text(body + &notes)
            },
        },
        Pattern {
            name: "narrative citations in one paragraph",
            ext: "txt",
            n: 500,
            make: |n| {
                text((0..n).map(|i| format!("{} ({}) argues this point.\n", AUTHORS[i % 5], 1950 + i % 60)).collect())
            },
        },
        Pattern {
            name: "citation-dense paragraph",
            ext: "txt",
            n: 300,
            make: |n| {
                text(
                    (0..n)
                        .map(|i| {
                            format!(
                                "A claim (Smith, {}; Jones et al., {}, p. 4) and Lee ({}) too.\n",
                                1950 + i % 60,
                                1960 + i % 50,
                                1970 + i % 40
                            )
                        })
                        .collect(),
                )
            },
        },
        Pattern {
            name: "a document with its reference list, repeated",
            ext: "txt",
            n: 8,
            make: |n| {
                let doc = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example.txt"))
                    .expect("data/example.txt");
                doc.repeat(n)
            },
        },
        Pattern {
            name: ".docx paragraphs with citations",
            ext: "docx",
            n: 300,
            make: |n| {
                docx(
                    &(0..n)
                        .map(|i| {
                            format!("<w:p><w:r><w:t>Claim {i} holds (Smith, {}).</w:t></w:r></w:p>", 1950 + i % 60)
                        })
                        .collect::<String>(),
                )
            },
        },
        Pattern {
            name: ".docx one long paragraph of citations",
            ext: "docx",
            n: 300,
            make: |n| {
                let runs: String = (0..n)
                    .map(|i| format!("<w:r><w:t xml:space=\"preserve\">Claim (Smith, {}). </w:t></w:r>", 1950 + i % 60))
                    .collect();
                docx(&format!("<w:p>{runs}</w:p>"))
            },
        },
    ]
}

/// .bib patterns, read with `--bib` beside a one-line document.
fn bib_patterns() -> Vec<Pattern> {
    vec![
        Pattern {
            name: ".bib nested braces",
            ext: "bib",
            n: 2_000,
            make: |n| text(format!("@article{{k, title = {{{}x{}}}, year = 2001}}\n", "{".repeat(n), "}".repeat(n))),
        },
        Pattern {
            name: ".bib @string chain",
            ext: "bib",
            n: 500,
            make: |n| {
                let mut s = String::from("@string{s0 = \"x\"}\n");
                for i in 1..n {
                    s.push_str(&format!("@string{{s{i} = s{} # \"y\"}}\n", i - 1));
                }
                s.push_str(&format!("@article{{k, title = s{}, year = 2001}}\n", n - 1));
                text(s)
            },
        },
        Pattern { name: ".bib stray @", ext: "bib", n: 20_000, make: |n| text("@".repeat(n)) },
    ]
}

fn write(name: &str, ext: &str, n: usize, bytes: &[u8]) -> PathBuf {
    let slug: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let p = scratch().join(format!("{slug}-{n}.{ext}"));
    std::fs::write(&p, bytes).expect("write input");
    p
}

fn growth(small: Cost, large: Cost) -> (f64, f64) {
    let cpu = large.cpu / small.cpu.max(CPU_FLOOR);
    let rss = large.rss_kb as f64 / small.rss_kb.max(RSS_FLOOR_KB) as f64;
    (cpu, rss)
}

/// Runs every pattern at n and 8n and collects the ones that grew too much.
fn check(patterns: Vec<Pattern>, bib: bool) -> Vec<String> {
    let doc = scratch().join("one-line.txt");
    std::fs::write(&doc, "A claim (Smith, 2001).\n").expect("write document");
    let mut failures = Vec::new();
    for p in patterns {
        let n = p.n * scale();
        let mut costs = Vec::new();
        for size in [n, 8 * n] {
            let file = write(p.name, p.ext, size, &(p.make)(size));
            let f = file.to_string_lossy().into_owned();
            let d = doc.to_string_lossy().into_owned();
            let args: Vec<&str> = if bib {
                vec!["extract", &d, "--bib", &f, "-o", "/dev/null"]
            } else {
                vec!["extract", &f, "-o", "/dev/null"]
            };
            costs.push(measure(&args));
        }
        let (cpu, rss) = growth(costs[0], costs[1]);
        println!(
            "{:<48} n={:<6} cpu {:.3}s -> {:.3}s (x{cpu:.1})  rss {} -> {} KiB (x{rss:.1})  stderr {} -> {} lines",
            p.name,
            n,
            costs[0].cpu,
            costs[1].cpu,
            costs[0].rss_kb,
            costs[1].rss_kb,
            costs[0].stderr_lines,
            costs[1].stderr_lines
        );
        if let Some(sig) = costs.iter().find_map(|c| c.signal) {
            failures.push(format!("{}: citegraph was killed by signal {sig}", p.name));
        }
        if cpu > MAX_GROWTH || rss > MAX_GROWTH {
            failures.push(format!("{}: cpu x{cpu:.1}, memory x{rss:.1} from n={n} to 8n", p.name));
        }
        // Repeated diagnostics are summarised, not printed once per occurrence.
        if costs[1].stderr_lines > 200 {
            failures.push(format!("{}: {} lines on standard error at 8n", p.name, costs[1].stderr_lines));
        }
    }
    failures
}

#[test]
fn every_pattern_scales_linearly() {
    let mut failures = check(patterns(), false);
    failures.extend(check(bib_patterns(), true));
    assert!(failures.is_empty(), "super-linear growth:\n{}", failures.join("\n"));
}

#[test]
fn latex_include_cycles_through_other_spellings_stop() {
    let dir = scratch().join("include-cycle/one");
    std::fs::create_dir_all(&dir).expect("dir");
    let main = dir.join("self.tex");
    std::fs::write(&main, "Text.\n\\input{../one/self}\n\\input{../one/../one/self}\n\\input{./self}\n")
        .expect("write");
    let cost = measure(&["extract", &main.to_string_lossy(), "-o", "/dev/null"]);
    assert!(cost.signal.is_none(), "killed by signal {:?}", cost.signal);
    assert!(cost.cpu < 2.0, "an include cycle took {:.2} s", cost.cpu);
    let out = Command::new(bin()).args(["extract", &main.to_string_lossy()]).output().expect("run");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let cycles =
        doc["diagnostics"].as_array().map_or(0, |d| d.iter().filter(|x| x["code"] == "latex-input-cycle").count());
    assert_eq!(cycles, 3, "{}", doc["diagnostics"]);
}

#[test]
fn latex_include_outside_the_folder_is_refused_unless_allowed() {
    let root = scratch().join("include-outside");
    let dir = root.join("paper");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(root.join("secret.tex"), "Secret words here.\n").expect("write");
    let main = dir.join("main.tex");
    std::fs::write(&main, "Text.\n\\input{../secret}\n").expect("write");
    let run = |allow: bool| {
        let mut c = Command::new(bin());
        c.args(["extract", &main.to_string_lossy()]);
        if allow {
            c.env("CITEGRAPH_ALLOW_OUTSIDE_INCLUDES", "1");
        }
        let out = c.output().expect("run");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
    };
    let refused = run(false);
    assert!(!refused.to_string().contains("Secret words"), "outside file was read");
    assert!(refused["diagnostics"].as_array().is_some_and(|d| d.iter().any(|x| x["code"] == "latex-input-outside")));
    let allowed = run(true);
    assert!(allowed.to_string().contains("Secret words"), "CITEGRAPH_ALLOW_OUTSIDE_INCLUDES did not allow it");
}

#[test]
fn an_input_above_the_size_limit_is_refused_with_a_message() {
    let p = scratch().join("limit.txt");
    std::fs::write(&p, "A claim (Smith, 2001).\n".repeat(100_000)).expect("write");
    let out = Command::new(bin())
        .args(["extract", &p.to_string_lossy(), "-o", "/dev/null"])
        .env("CITEGRAPH_MAX_INPUT_MB", "1")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("above the limit of 1 MiB") && err.contains("CITEGRAPH_MAX_INPUT_MB"), "{err}");
}

#[test]
fn a_docx_part_cut_at_the_limit_is_reported() {
    let body: String = (0..40_000)
        .map(|i| format!("<w:p><w:r><w:t>Claim {i} holds (Smith, {}).</w:t></w:r></w:p>", 1950 + i % 60))
        .collect();
    let p = scratch().join("big-part.docx");
    std::fs::write(&p, docx(&body)).expect("write");
    let out = Command::new(bin())
        .args(["extract", &p.to_string_lossy()])
        .env("CITEGRAPH_MAX_INPUT_MB", "1")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let diags = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(diags.iter().any(|d| d["code"] == "docx-part-truncated"), "no docx-part-truncated diagnostic");
    let n = doc["citations"].as_array().map_or(0, Vec::len);
    assert!(n > 1_000 && n < 40_000, "{n} citations read from the cut part");
}

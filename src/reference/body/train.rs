//! Learning the corrections of `super::learned` from tagged reference strings.
//!
//! Data: AnyStyle's `core.xml` and `good.xml` and the training part of GROBID's citation
//! corpus (the files at even positions when the file names are sorted bytewise). AnyStyle's
//! `ugly.xml`, `bad.xml` and the GROBID files at odd positions are never read here except by
//! [`dump_grobid`], which writes them out for scoring.
//!
//! Each tagged string is parsed as usual up to its body (what follows the authors and year);
//! the body is cut into segments, and each segment takes the gold field that covers most of
//! its characters. The weights are learned by an averaged structured perceptron over the
//! Viterbi decoder, on top of the hand-set scores (which stay as they are). Everything is
//! deterministic: sorted input, a fixed shuffling seed, a fixed grid of learning rates and
//! epochs chosen by 3-fold cross-validation on the training part only.

use super::decode::{contexts, viterbi};
use super::features::segments;
use super::fields::label_segments_with;
use super::fixups::RULES;
use super::learned::{DELIM_NAMES, FORMAT, LABEL_NAMES, Learned, ModelFile, ND, feature_hash, features};
use super::model::{NEG, emit, trans};
use super::{L, LABELS, NL, Num};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One tagged reference string: pieces of text with their field, joined by single spaces.
#[derive(Debug, Clone)]
pub struct Tagged {
    /// `(text, field)`; fields are AnyStyle's names (`author`, `title`, `journal`, ...).
    pub pieces: Vec<(String, &'static str)>,
}

impl Tagged {
    /// The string as one line (pieces joined by a space).
    pub fn line(&self) -> String {
        self.pieces.iter().map(|p| p.0.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// Settings of one training run.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Perceptron step.
    pub rate: f32,
    /// Passes over the data.
    pub epochs: usize,
    /// Repairs that do not run with the model (names in src/reference/body/fixups.rs).
    pub retired: Vec<String>,
}

impl Settings {
    /// Reads `RATE,EPOCHS[,RULE+RULE...]`.
    pub fn parse(s: &str) -> Option<Settings> {
        let mut parts = s.split(',').map(str::trim);
        let rate = parts.next()?.parse().ok()?;
        let epochs = parts.next()?.parse().ok()?;
        let retired: Vec<String> = parts
            .next()
            .map(|r| r.split('+').filter(|x| !x.is_empty()).map(str::to_string).collect())
            .unwrap_or_default();
        if parts.next().is_some() || retired.iter().any(|r| !RULES.iter().any(|x| x.0 == r)) {
            return None;
        }
        Some(Settings { rate, epochs, retired })
    }

    /// The settings recorded in a model file's `about.settings`.
    pub fn of_model(f: &ModelFile) -> Option<Settings> {
        let s = f.about.get("settings")?;
        Some(Settings {
            rate: s.get("rate")?.as_f64()? as f32,
            epochs: s.get("epochs")?.as_u64()? as usize,
            retired: s.get("retired")?.as_array()?.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        })
    }
}

/// The learning rates and epoch counts cross-validation chooses from.
const RATES: [f32; 4] = [0.1, 0.25, 0.5, 1.0];
const MAX_EPOCHS: usize = 8;
const FOLDS: usize = 3;
const SEED: u64 = 0x5eed_2026;
/// A feature must occur in this many training segments to get weights.
const MIN_COUNT: u32 = 2;

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// Text pieces of a record with the child element they stand in.
type Record = Vec<(String, Option<String>)>;

/// The records (`record` elements) of an XML file: for each, its text pieces with the name of
/// the record's child element they are in (`name:attr` with the first of the `level`, `type`
/// or `unit` attributes), `None` for text directly in the record.
fn records(xml: &str, record: &str) -> Result<Vec<Record>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth = 0usize; // inside a record: 1 = the record itself
    let mut child: Option<String> = None;
    let mut cur: Vec<(String, Option<String>)> = Vec::new();
    let push = |cur: &mut Vec<(String, Option<String>)>, text: &str, child: &Option<String>| match cur.last_mut() {
        Some(last) if last.1 == *child => last.0.push_str(text),
        _ => cur.push((text.to_string(), child.clone())),
    };
    loop {
        let ev = reader.read_event().map_err(|e| format!("bad XML at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if depth == 0 && name == record {
                    depth = 1;
                    cur.clear();
                } else if depth >= 1 {
                    if depth == 1 {
                        let a = ["level", "type", "unit"].iter().find_map(|k| attr(&e, k));
                        child = Some(match a {
                            Some(a) => format!("{name}:{a}"),
                            None => name,
                        });
                    }
                    depth += 1;
                }
            }
            // `<lb/>`: a line break inside the string.
            Event::Empty(e) if depth >= 1 && e.local_name().as_ref() == "lb" => push(&mut cur, " ", &child),
            Event::End(_) if depth >= 1 => {
                depth -= 1;
                if depth == 1 {
                    child = None;
                    push(&mut cur, " ", &None);
                } else if depth == 0 {
                    out.push(std::mem::take(&mut cur));
                }
            }
            Event::Text(t) if depth >= 1 => push(&mut cur, &t.html_content(), &child),
            Event::CData(t) if depth >= 1 => push(&mut cur, &t.into_inner(), &child),
            Event::GeneralRef(r) if depth >= 1 => {
                if let Some(c) = crate::input::entity_char(&r) {
                    push(&mut cur, c.encode_utf8(&mut [0u8; 4]), &child);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// AnyStyle's field name for an element of either corpus.
fn field_name(tag: &str, has_article_title: bool) -> &'static str {
    match tag {
        "author" => "author",
        "editor" => "editor",
        "title" | "title:a" => "title",
        "title:m" if has_article_title => "container-title",
        "title:m" => "title",
        "title:j" | "journal" => "journal",
        "container-title" => "container-title",
        "title:s" | "collection-title" => "collection-title",
        "volume" | "biblScope:vol" | "biblScope:volume" => "volume",
        "biblScope:issue" => "issue",
        "pages" | "biblScope:pp" | "biblScope:page" => "pages",
        "date" => "date",
        "publisher" => "publisher",
        "location" | "pubPlace" => "location",
        "doi" | "idno:DOI" | "idno:doi" => "doi",
        "url" | "ptr:web" => "url",
        "edition" => "edition",
        "genre" => "genre",
        "translator" => "translator",
        "citation-number" => "citation-number",
        _ => "note",
    }
}

/// The `<sequence>`s of an AnyStyle file.
pub fn read_anystyle(xml: &str) -> Result<Vec<Tagged>, String> {
    Ok(records(xml, "sequence")?
        .into_iter()
        .map(|rec| Tagged {
            pieces: rec
                .into_iter()
                .filter_map(|(t, tag)| {
                    let t = collapse(&t);
                    let tag = tag?;
                    (!t.is_empty()).then(|| (t, field_name(&tag, false)))
                })
                .collect(),
        })
        .filter(|t| !t.pieces.is_empty())
        .collect())
}

/// The `<bibl>`s of a GROBID file. The text between elements (punctuation, `and`) has no
/// field; each space-separated word takes the field of most of its letters, a word with none
/// the field of the word before it, and words of one field form a piece, so the line is the
/// string as written.
pub fn read_grobid(xml: &str) -> Result<Vec<Tagged>, String> {
    let mut out = Vec::new();
    for rec in records(xml, "bibl")? {
        let has_a = rec.iter().any(|(_, t)| t.as_deref() == Some("title:a"));
        // Characters with their field.
        let mut chars: Vec<(char, Option<&'static str>)> = Vec::new();
        for (text, tag) in &rec {
            let f = tag.as_deref().map(|t| field_name(t, has_a));
            chars.extend(text.chars().map(|c| (c, f)));
        }
        let mut words: Vec<(String, Option<&'static str>)> = Vec::new();
        for w in chars.split(|(c, _)| c.is_whitespace()).filter(|w| !w.is_empty()) {
            let mut count: Vec<(&'static str, usize)> = Vec::new();
            for (c, f) in w {
                if let Some(f) = f
                    && c.is_alphanumeric()
                {
                    match count.iter_mut().find(|x| x.0 == *f) {
                        Some(x) => x.1 += 1,
                        None => count.push((f, 1)),
                    }
                }
            }
            let best = count.iter().max_by_key(|x| x.1).map(|x| x.0);
            words.push((w.iter().map(|x| x.0).collect(), best));
        }
        let mut pieces: Vec<(String, &'static str)> = Vec::new();
        let mut prev: Option<&'static str> = None;
        for (i, (w, f)) in words.iter().enumerate() {
            let f = f.or(prev).or_else(|| words[i..].iter().find_map(|x| x.1)).unwrap_or("note");
            match pieces.last_mut() {
                Some(last) if last.1 == f => {
                    last.0.push(' ');
                    last.0.push_str(w);
                }
                _ => pieces.push((w.clone(), f)),
            }
            prev = Some(f);
        }
        if !pieces.is_empty() {
            out.push(Tagged { pieces });
        }
    }
    Ok(out)
}

/// The GROBID citation files under `root`, sorted bytewise, split into (training, held out):
/// even positions train, odd positions are held out.
pub fn grobid_files(root: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), String> {
    let dir = root.join("grobid-citation/corpus");
    let rd = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> =
        rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "xml")).collect();
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    let (mut train, mut held) = (Vec::new(), Vec::new());
    for (i, f) in files.into_iter().enumerate() {
        if i % 2 == 0 { train.push(f) } else { held.push(f) }
    }
    Ok((train, held))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The strings of GROBID files, in order.
pub fn read_grobid_files(files: &[PathBuf]) -> Result<Vec<Tagged>, String> {
    let mut out = Vec::new();
    for f in files {
        out.extend(read_grobid(&read(f)?).map_err(|e| format!("{}: {e}", f.display()))?);
    }
    Ok(out)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Writes strings as an AnyStyle dataset (for `score_refs.py`).
pub fn anystyle_xml(strings: &[Tagged]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dataset>\n");
    for t in strings {
        out.push_str("  <sequence>\n");
        for (text, f) in &t.pieces {
            out.push_str(&format!("    <{f}>{}</{f}>\n", xml_escape(text)));
        }
        out.push_str("  </sequence>\n");
    }
    out.push_str("</dataset>\n");
    out
}

/// Writes the GROBID training and held-out parts under `root` as AnyStyle datasets
/// `grobid-train.xml` and `grobid-heldout.xml` in `out`.
pub fn dump_grobid(root: &Path, out: &Path) -> Result<(usize, usize), String> {
    let (train, held) = grobid_files(root)?;
    let (a, b) = (read_grobid_files(&train)?, read_grobid_files(&held)?);
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, v) in [("grobid-train.xml", &a), ("grobid-heldout.xml", &b)] {
        let p = out.join(name);
        std::fs::write(&p, anystyle_xml(v)).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok((a.len(), b.len()))
}

/// The gold label of a segment from the field covering most of it.
fn gold_label(field: &str) -> L {
    match field {
        "title" => L::Title,
        "journal" | "container-title" => L::Container,
        "volume" => L::Volume,
        "issue" => L::Issue,
        "pages" => L::Pages,
        "date" => L::Year,
        "publisher" => L::Publisher,
        "location" => L::Place,
        "editor" => L::Editor,
        _ => L::Note,
    }
}

/// One training string, ready for the perceptron.
struct Example {
    /// The body as the parser sees it.
    body: String,
    /// Group for cross-validation folds.
    unit: usize,
    /// Gold label index per segment (`None`: unknown or not reachable).
    gold: Vec<Option<usize>>,
    /// Feature indices per segment.
    feats: Vec<Vec<u32>>,
    /// Hand emission scores `[k][l]` (`NEG`: forbidden).
    hand_e: Vec<[f32; NL]>,
    /// Hand transition scores `[k][from][to]`, `from == NL` at the start.
    hand_t: Vec<[[f32; NL]; NL + 1]>,
    /// Delimiter index before each segment.
    delims: Vec<usize>,
}

/// The body the parser hands to the labeller for `line`, if any.
fn body_of(line: &str) -> Option<String> {
    let mut body = None;
    let _ = crate::reference::parse::parse_with(line, &mut |b, _, _| body = Some(b.to_string()));
    body.filter(|b| !b.trim().is_empty())
}

/// Gold labels of the segments of `body`, found in `t`'s line in order.
fn align(t: &Tagged, line: &str, seg_texts: &[&str], nums: &[Num], paren_or_no: &[bool]) -> Vec<Option<L>> {
    // Field and piece of every byte of the line.
    let mut field = vec![("", usize::MAX); line.len()];
    let mut pos = 0;
    for (i, (text, f)) in t.pieces.iter().enumerate() {
        for b in field.iter_mut().skip(pos).take(text.len()) {
            *b = (*f, i);
        }
        pos += text.len() + 1;
    }
    let mut out = Vec::with_capacity(seg_texts.len());
    let mut cursor = 0;
    let mut volume_pieces: Vec<usize> = Vec::new();
    for (k, s) in seg_texts.iter().enumerate() {
        let Some(p) = line.get(cursor..).and_then(|rest| rest.find(s)).map(|p| p + cursor) else {
            out.push(None);
            continue;
        };
        cursor = p + s.len();
        let mut count: Vec<((&str, usize), usize)> = Vec::new();
        for (b, c) in field[p..p + s.len()].iter().zip(line[p..p + s.len()].bytes()) {
            if b.1 == usize::MAX || !c.is_ascii_alphanumeric() && c < 0x80 {
                continue;
            }
            match count.iter_mut().find(|x| x.0 == *b) {
                Some(x) => x.1 += 1,
                None => count.push((*b, 1)),
            }
        }
        let Some(((f, piece), _)) = count.iter().max_by_key(|x| x.1).copied() else {
            out.push(None);
            continue;
        };
        let mut l = gold_label(f);
        // AnyStyle has no issue field: a later number of the same volume piece is the issue,
        // and so are the words after the volume's number (`Pt`, `Suppl` in `54(Pt 1)`,
        // `2(12 Suppl)`), which name a part, not the volume.
        if l == L::Volume && nums[k] != Num::None {
            if volume_pieces.contains(&piece) && paren_or_no[k] {
                l = L::Issue;
            }
            volume_pieces.push(piece);
        } else if l == L::Volume && volume_pieces.contains(&piece) {
            l = L::Issue;
        }
        out.push(Some(l));
    }
    out
}

/// Feature names to dense indices while building examples.
#[derive(Default)]
struct FeatureTable {
    index: HashMap<u64, u32>,
    names: Vec<String>,
    counts: Vec<u32>,
}

impl FeatureTable {
    fn id(&mut self, parts: &[&str]) -> u32 {
        let h = feature_hash(parts);
        if let Some(&i) = self.index.get(&h) {
            self.counts[i as usize] += 1;
            return i;
        }
        let i = self.names.len() as u32;
        self.index.insert(h, i);
        self.names.push(parts.concat());
        self.counts.push(1);
        i
    }
}

fn example(t: &Tagged, unit: usize, table: &mut FeatureTable) -> Option<Example> {
    let line = crate::reference::parse::collapse_ws(&t.line());
    let body = body_of(&line)?;
    let segs = segments(&body);
    if segs.is_empty() {
        return None;
    }
    let cxs = contexts(&segs);
    let texts: Vec<&str> = segs.iter().map(|s| s.text).collect();
    let nums: Vec<Num> = segs.iter().map(|s| s.num).collect();
    let pn: Vec<bool> = segs.iter().map(|s| s.paren || s.no_mark || s.before == super::Delim::Comma).collect();
    let gold = align(t, &line, &texts, &nums, &pn);
    let n = segs.len();
    let mut hand_e = vec![[NEG; NL]; n];
    let mut hand_t = vec![[[0.0f32; NL]; NL + 1]; n];
    let mut feats = Vec::with_capacity(n);
    for k in 0..n {
        for (l, &lab) in LABELS.iter().enumerate() {
            hand_e[k][l] = emit(&segs, k, lab, &cxs[k]);
            for (p, &plab) in LABELS.iter().enumerate() {
                hand_t[k][p][l] = trans(Some(plab), lab, segs[k].before, &segs[k], k);
            }
            hand_t[k][NL][l] = trans(None, lab, segs[k].before, &segs[k], k);
        }
        let mut fs = Vec::new();
        features(&segs, k, &cxs[k], &mut |parts| fs.push(table.id(parts)));
        feats.push(fs);
    }
    let gold =
        gold.iter().enumerate().map(|(k, g)| g.map(|l| l as usize).filter(|&l| hand_e[k][l] > NEG / 2.0)).collect();
    let delims = segs.iter().map(|s| s.before as usize).collect();
    Some(Example { body, unit, gold, feats, hand_e, hand_t, delims })
}

/// Perceptron weights (current and running sums for the average).
#[derive(Clone)]
struct Weights {
    emit: Vec<[f32; NL]>,
    trans: [[f32; NL]; NL + 1],
    trans_d: Vec<[[f32; ND]; NL]>,
}

impl Weights {
    fn new(nf: usize) -> Weights {
        Weights { emit: vec![[0.0; NL]; nf], trans: [[0.0; NL]; NL + 1], trans_d: vec![[[0.0; ND]; NL]; NL + 1] }
    }

    fn decode(&self, ex: &Example, active: &[bool]) -> Vec<usize> {
        let n = ex.feats.len();
        let mut e = ex.hand_e.clone();
        for (k, row) in e.iter_mut().enumerate() {
            for &f in &ex.feats[k] {
                if active[f as usize] {
                    for (r, w) in row.iter_mut().zip(&self.emit[f as usize]) {
                        *r += w;
                    }
                }
            }
        }
        let labels = viterbi(
            n,
            |k, l| if ex.hand_e[k][l] <= NEG / 2.0 { NEG } else { e[k][l] },
            |k, p, l| {
                let a = p.unwrap_or(NL);
                ex.hand_t[k][a][l] + self.trans[a][l] + self.trans_d[a][l][ex.delims[k]]
            },
        );
        labels.into_iter().map(|l| l as usize).collect()
    }

    /// `self += scale * (features of gold - features of pred)`.
    fn update(&mut self, ex: &Example, gold: &[usize], pred: &[usize], scale: f32, active: &[bool]) {
        for k in 0..gold.len() {
            if gold[k] != pred[k] {
                for &f in &ex.feats[k] {
                    if active[f as usize] {
                        self.emit[f as usize][gold[k]] += scale;
                        self.emit[f as usize][pred[k]] -= scale;
                    }
                }
            }
            let (ga, pa) = if k == 0 { (NL, NL) } else { (gold[k - 1], pred[k - 1]) };
            if (ga, gold[k]) != (pa, pred[k]) {
                let d = ex.delims[k];
                self.trans[ga][gold[k]] += scale;
                self.trans[pa][pred[k]] -= scale;
                self.trans_d[ga][gold[k]][d] += scale;
                self.trans_d[pa][pred[k]][d] -= scale;
            }
        }
    }

    /// `self - other / c` (the averaged weights from current and accumulated ones).
    fn averaged(&self, acc: &Weights, c: f32) -> Weights {
        let mut w = self.clone();
        for (a, b) in w.emit.iter_mut().zip(&acc.emit) {
            for l in 0..NL {
                a[l] -= b[l] / c;
            }
        }
        for a in 0..=NL {
            for b in 0..NL {
                w.trans[a][b] -= acc.trans[a][b] / c;
                for d in 0..ND {
                    w.trans_d[a][b][d] -= acc.trans_d[a][b][d] / c;
                }
            }
        }
        w
    }
}

/// xorshift64*: the shuffling of each epoch.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains on `exs`, calling `after_epoch(epoch, averaged weights)` after every pass.
fn perceptron(
    exs: &[&Example],
    nf: usize,
    active: &[bool],
    rate: f32,
    epochs: usize,
    after_epoch: &mut dyn FnMut(usize, &Weights),
) {
    let mut w = Weights::new(nf);
    let mut acc = Weights::new(nf);
    let mut c = 1.0f32;
    let mut order: Vec<usize> = (0..exs.len()).collect();
    let mut rng = Rng(SEED);
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = exs[i];
            let pred = w.decode(ex, active);
            let gold: Vec<usize> = ex.gold.iter().zip(&pred).map(|(g, p)| g.unwrap_or(*p)).collect();
            if gold != pred {
                w.update(ex, &gold, &pred, rate, active);
                acc.update(ex, &gold, &pred, rate * c, active);
            }
            c += 1.0;
        }
        after_epoch(epoch, &w.averaged(&acc, c));
    }
}

/// The weights as a model file (weights rounded to 1/1000, zeros left out).
fn model_file(w: &Weights, table: &FeatureTable, active: &[bool], about: serde_json::Value) -> ModelFile {
    let r = |x: f32| (x * 1000.0).round() / 1000.0;
    let mut transitions = BTreeMap::new();
    let mut transitions_by_delim = BTreeMap::new();
    for (a, (row, row_d)) in w.trans.iter().zip(&w.trans_d).enumerate() {
        let from = LABEL_NAMES.get(a).copied().unwrap_or("Start");
        for (b, to) in LABEL_NAMES.iter().enumerate() {
            if r(row[b]) != 0.0 {
                transitions.insert(format!("{from}>{to}"), r(row[b]));
            }
            for (d, delim) in DELIM_NAMES.iter().enumerate() {
                if r(row_d[b][d]) != 0.0 {
                    transitions_by_delim.insert(format!("{from}>{to}|{delim}"), r(row_d[b][d]));
                }
            }
        }
    }
    let mut emissions = BTreeMap::new();
    for (i, name) in table.names.iter().enumerate() {
        if !active[i] {
            continue;
        }
        let row: BTreeMap<String, f32> = (0..NL)
            .filter(|&l| r(w.emit[i][l]) != 0.0)
            .map(|l| (LABEL_NAMES[l].to_string(), r(w.emit[i][l])))
            .collect();
        if !row.is_empty() {
            emissions.insert(name.clone(), row);
        }
    }
    ModelFile {
        format: FORMAT.to_string(),
        about,
        transitions,
        transitions_by_delim,
        emissions,
        retired_rules: Vec::new(),
    }
}

/// Share of known-gold segments labelled right (after the repairs but those of `retired`),
/// with `model`.
fn accuracy(exs: &[&Example], model: Option<&Learned>, retired: u32) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    for ex in exs {
        let segs = segments(&ex.body);
        let labels = label_segments_with(&segs, model, retired);
        for (g, l) in ex.gold.iter().zip(&labels) {
            if let Some(g) = g {
                n += 1;
                ok += usize::from(*g == *l as usize);
            }
        }
    }
    ok as f64 / n.max(1) as f64
}

/// The training strings under `root` (`../shared/corpus/refstrings`): core, good and the
/// GROBID training part, with their cross-validation units.
pub fn training_strings(root: &Path) -> Result<Vec<(usize, Tagged)>, String> {
    let mut out = Vec::new();
    let mut unit = 0;
    for name in ["core.xml", "good.xml"] {
        let p = root.join("anystyle").join(name);
        for t in read_anystyle(&read(&p)?).map_err(|e| format!("{}: {e}", p.display()))? {
            out.push((unit, t));
            unit += 1;
        }
    }
    let (train, _) = grobid_files(root)?;
    for f in &train {
        for t in read_grobid(&read(f)?).map_err(|e| format!("{}: {e}", f.display()))? {
            out.push((unit, t));
        }
        unit += 1;
    }
    Ok(out)
}

/// Learns the model from the training strings under `root`. With `fixed` settings the
/// cross-validation is skipped. `log` gets one line per step.
pub fn train(root: &Path, fixed: Option<Settings>, log: &mut dyn FnMut(String)) -> Result<ModelFile, String> {
    let strings = training_strings(root)?;
    let mut table = FeatureTable::default();
    let exs: Vec<Example> = strings.iter().filter_map(|(u, t)| example(t, *u, &mut table)).collect();
    let nf = table.names.len();
    let active: Vec<bool> = table.counts.iter().map(|&c| c >= MIN_COUNT).collect();
    let segs_known: usize = exs.iter().map(|e| e.gold.iter().flatten().count()).sum();
    log(format!(
        "{} training strings, {} with a body, {} segments with a gold label, {} features ({} kept)",
        strings.len(),
        exs.len(),
        segs_known,
        nf,
        active.iter().filter(|a| **a).count()
    ));
    let mut cv = serde_json::Map::new();
    let settings = match fixed {
        Some(s) => s,
        None => {
            // 3-fold cross-validation over units; segment accuracy after the repairs.
            let all: Vec<&Example> = exs.iter().collect();
            let folds: Vec<(Vec<&Example>, Vec<&Example>)> = (0..FOLDS)
                .map(|f| {
                    let (test, train): (Vec<&Example>, Vec<&Example>) = all.iter().partition(|e| e.unit % FOLDS == f);
                    (train, test)
                })
                .collect();
            let hand: f64 = folds.iter().map(|(_, te)| accuracy(te, None, 0)).sum::<f64>() / FOLDS as f64;
            log(format!("cross-validation: hand-set weights alone {hand:.4}"));
            cv.insert("hand".into(), serde_json::json!((hand * 1e4).round() / 1e4));
            let mut best = (hand, Settings { rate: 0.0, epochs: 0, retired: Vec::new() });
            for rate in RATES {
                let mut sums = [0.0f64; MAX_EPOCHS + 1];
                for (tr, te) in &folds {
                    perceptron(tr, nf, &active, rate, MAX_EPOCHS, &mut |epoch, w| {
                        let f = model_file(w, &table, &active, serde_json::Value::Null);
                        let m = Learned::from_file(&f).ok();
                        sums[epoch] += accuracy(te, m.as_ref(), 0) / FOLDS as f64;
                    });
                }
                for (epoch, acc) in sums.iter().enumerate().skip(1) {
                    cv.insert(format!("rate {rate} epochs {epoch}"), serde_json::json!((acc * 1e4).round() / 1e4));
                    if *acc > best.0 {
                        best = (*acc, Settings { rate, epochs: epoch, retired: Vec::new() });
                    }
                }
                log(format!(
                    "cross-validation: rate {rate}: {}",
                    sums[1..].iter().map(|a| format!("{a:.4}")).collect::<Vec<_>>().join(" ")
                ));
            }
            log(format!("chosen: rate {} epochs {} ({:.4})", best.1.rate, best.1.epochs, best.0));
            let mut chosen = best.1;
            if chosen.epochs > 0 {
                chosen.retired = retire_rules(&folds, nf, &table, &active, &chosen, &mut cv, log);
            }
            chosen
        }
    };
    let all: Vec<&Example> = exs.iter().collect();
    let mut fin = Weights::new(nf);
    if settings.epochs > 0 {
        perceptron(&all, nf, &active, settings.rate, settings.epochs, &mut |epoch, w| {
            if epoch == settings.epochs {
                fin = w.clone();
            }
        });
    }
    let about = serde_json::json!({
        "what": "learned corrections added to the hand-set scores of the reference-body labeller (src/reference/body)",
        "data": "anystyle core.xml + good.xml, GROBID citation corpus files at even positions (names sorted bytewise); held out: ugly.xml, bad.xml, GROBID odd positions",
        "method": "averaged structured perceptron over the Viterbi decoder, hand-set scores kept; epochs and rate by 3-fold cross-validation on the training part",
        "retrain": "citegraph train-refs ../shared/corpus/refstrings -o data/refs-model.json",
        "settings": {"rate": settings.rate, "epochs": settings.epochs, "retired": settings.retired, "seed": SEED, "min_count": MIN_COUNT},
        "training": {"strings": strings.len(), "bodies": exs.len(), "segments": segs_known},
        "cv": cv,
    });
    let mut f = model_file(&fin, &table, &active, about);
    f.retired_rules = settings.retired.clone();
    Ok(f)
}

/// Backward elimination of the repairs: with the fold models of `settings`, each repair in
/// turn is left out when the cross-validated segment accuracy does not drop without it.
fn retire_rules(
    folds: &[(Vec<&Example>, Vec<&Example>)],
    nf: usize,
    table: &FeatureTable,
    active: &[bool],
    settings: &Settings,
    cv: &mut serde_json::Map<String, serde_json::Value>,
    log: &mut dyn FnMut(String),
) -> Vec<String> {
    let mut models = Vec::new();
    for (tr, _) in folds {
        perceptron(tr, nf, active, settings.rate, settings.epochs, &mut |epoch, w| {
            if epoch == settings.epochs {
                models.push(Learned::from_file(&model_file(w, table, active, serde_json::Value::Null)).ok());
            }
        });
    }
    let score = |retired: u32| -> f64 {
        folds.iter().zip(&models).map(|((_, te), m)| accuracy(te, m.as_ref(), retired)).sum::<f64>() / FOLDS as f64
    };
    let mut retired = 0u32;
    let mut cur = score(0);
    log(format!("repairs: all on {cur:.4}"));
    for (i, (name, _)) in RULES.iter().enumerate() {
        let without = score(retired | (1 << i));
        cv.insert(format!("without {name}"), serde_json::json!((without * 1e4).round() / 1e4));
        if without >= cur {
            retired |= 1 << i;
            cur = without;
            log(format!("repairs: {name} retired ({without:.4})"));
        }
    }
    RULES.iter().enumerate().filter(|(i, _)| retired & (1 << i) != 0).map(|(_, r)| r.0.to_string()).collect()
}

/// The JSON text of a model file as shipped: one weight or one feature a line, so a
/// retrained file diffs line by line without a line per number.
pub fn model_json(f: &ModelFile) -> String {
    fn map<V: serde::Serialize>(m: &BTreeMap<String, V>) -> String {
        if m.is_empty() {
            return "{}".to_string();
        }
        let rows: Vec<String> = m
            .iter()
            .map(|(k, v)| {
                let k = serde_json::to_string(k).unwrap_or_default();
                format!("    {k}: {}", serde_json::to_string(v).unwrap_or_default())
            })
            .collect();
        format!("{{\n{}\n  }}", rows.join(",\n"))
    }
    let about = serde_json::to_string_pretty(&f.about).unwrap_or_default().replace('\n', "\n  ");
    format!(
        "{{\n  \"format\": {},\n  \"about\": {about},\n  \"retired_rules\": {},\n  \"transitions\": {},\n  \"transitions_by_delim\": {},\n  \"emissions\": {}\n}}\n",
        serde_json::to_string(&f.format).unwrap_or_default(),
        serde_json::to_string(&f.retired_rules).unwrap_or_default(),
        map(&f.transitions),
        map(&f.transitions_by_delim),
        map(&f.emissions),
    )
}

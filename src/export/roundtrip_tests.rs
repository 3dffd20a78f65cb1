//! BibLaTeX output read back by the biblatex crate (the parser biber's users meet first):
//! generated titles, journals, volumes and names survive the round trip as normalised on
//! export. A unit test because the expected values are `normalize_reference`'s, which is
//! not public.

use super::{Flavour, write_bib};
use crate::model::{Document, EntryType, Person, Reference};
use crate::{Options, Source, extract};
use biblatex::ChunksExt;
use proptest::prelude::*;

fn bib_of(docs: &[Document], flavour: Flavour) -> String {
    let mut out = Vec::new();
    write_bib(docs, flavour, &mut out).expect("write");
    String::from_utf8(out).expect("utf8")
}

fn citegraph_one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_strategy() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-z0-9 &%$#_{}~^\\\\\"'.,:;()<>/é–ß]{1,30}")
        .expect("regex")
        .prop_filter("needs a letter", |s| s.chars().any(char::is_alphabetic))
}

fn name_strategy() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Z][a-zé'\\-]{1,10}").expect("regex")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn biblatex_round_trips(
        title in text_strategy(),
        journal in text_strategy(),
        volume in "[0-9]{1,3}",
        family in name_strategy(),
        given in name_strategy(),
        corporate in text_strategy(),
        year in 1900u32..2030,
    ) {
        let text = "Intro\n\nCats purr loudly (Hill, 2013).\n";
        let mut doc = extract(&Source::new("t.txt", text.into()), &Options::default());
        doc.references = vec![Reference {
            id: "r1".into(),
            key: "k1".into(),
            kind: EntryType::Article,
            authors: vec![Person::name(family.clone(), Some(given.clone())), Person::literal(corporate.clone())],
            year: Some(year.to_string()),
            title: Some(title.clone()),
            container: Some(journal.clone()),
            volume: Some(volume.clone()),
            ..Reference::default()
        }];
        for c in &mut doc.citations {
            c.reference = Some("r1".into());
        }
        let out = bib_of(std::slice::from_ref(&doc), Flavour::Biblatex);
        // Reference-list entries are normalised on export (initials, stray periods).
        let n = super::normalize::normalize_reference(&doc.references[0]);
        let (family, given, corporate) = (
            n.authors[0].family.clone().unwrap_or_default(),
            n.authors[0].given.clone().unwrap_or_default(),
            n.authors[1].literal.clone().unwrap_or_default(),
        );
        let bib = biblatex::Bibliography::parse(&out).map_err(|e| TestCaseError::fail(format!("{e:?}\n{out}")))?;
        let e = bib.get("k1").ok_or_else(|| TestCaseError::fail("no entry"))?;
        let field = |n: &str| e.get(n).map(|f| citegraph_one_line(&f.format_verbatim())).unwrap_or_default();
        prop_assert_eq!(e.entry_type.to_string(), "article");
        prop_assert_eq!(field("title"), citegraph_one_line(&title));
        prop_assert_eq!(field("journaltitle"), citegraph_one_line(&journal));
        prop_assert_eq!(field("volume"), volume);
        prop_assert_eq!(field("date"), year.to_string());
        let authors = e.author().map_err(|err| TestCaseError::fail(format!("{err:?}\n{out}")))?;
        prop_assert_eq!(authors.len(), 2);
        let full = format!("{} {}", authors[0].prefix, authors[0].name);
        prop_assert_eq!(full.trim(), family.as_str());
        prop_assert_eq!(authors[0].given_name.as_str(), given.as_str());
        prop_assert_eq!(citegraph_one_line(&authors[1].name), citegraph_one_line(&corporate));
    }
}

//! Unit tests.

use super::*;

/// The names found in `text`, with their kinds.
fn names(text: &str) -> Vec<(Kind, String)> {
    find(text).into_iter().map(|f| (f.kind, f.name)).collect()
}

fn one(text: &str, kind: Kind, name: &str) {
    assert_eq!(names(text), [(kind, name.to_string())], "in {text:?}");
}

fn none(text: &str) {
    assert_eq!(names(text), [], "in {text:?}");
}

#[test]
fn every_rule_has_triggers_and_a_doc() {
    for r in RULES {
        assert!(!r.triggers.is_empty() && !r.doc.is_empty(), "{}", r.name);
    }
    assert!(TRIGGERS.is_some());
}

#[test]
fn resolutions() {
    one("The plenipotentiaries adopted Resolution 45 in Busan.", Kind::Resolution, "Resolution 45");
    one(
        "It recalls Security Council resolution 2341 (2017) on infrastructure.",
        Kind::Resolution,
        "Security Council resolution 2341 (2017)",
    );
    one(
        "See UN General Assembly Resolution A/RES/70/237 on norms.",
        Kind::Resolution,
        "UN General Assembly Resolution A/RES/70/237",
    );
    one("Delegates cited WHA Resolutions 58 and 61 repeatedly.", Kind::Resolution, "WHA Resolutions 58 and 61");
    none("The resolution 300 dpi scans were kept.");
    none("Resolution 2.5 was reached for the map.");
    none("A resolution of 3 Å was obtained.");
    none("Spatial resolution 10 m imagery covered the site.");
    none("The committee passed a resolution in 2012.");
    none("At the lowest resolution, i.e. Resolution 0 of the transform, and at Resolution 2 it changed.");
    one("Delegates recalled UNGA Resolution 1 often.", Kind::Resolution, "UNGA Resolution 1");
}

#[test]
fn itu_recommendations() {
    one(
        "Trust is defined in Recommendation ITU-T Y.3052 for networks.",
        Kind::Recommendation,
        "Recommendation ITU-T Y.3052",
    );
    one("Codecs follow ITU-T G.711 in most gateways.", Kind::Recommendation, "ITU-T G.711");
    one(
        "Spectrum use follows ITU-R Recommendation M.2083 closely.",
        Kind::Recommendation,
        "ITU-R Recommendation M.2083",
    );
    none("The ITU-T study groups met twice.");
    none("Our Recommendation 3 is to fund libraries.");
}

#[test]
fn eu_acts() {
    one("Member states transposed Directive 2016/1148 late.", Kind::EuLaw, "Directive 2016/1148");
    one("Data are protected under Regulation (EU) 2018/1725 too.", Kind::EuLaw, "Regulation (EU) 2018/1725");
    one("Access follows Regulation (EC) No 1049/2001 as amended.", Kind::EuLaw, "Regulation (EC) No 1049/2001");
    one(
        "It replaced Council Framework Decision 2005/222/JHA entirely.",
        Kind::EuLaw,
        "Council Framework Decision 2005/222/JHA",
    );
    one("It repealed Directive 95/46/EC.", Kind::EuLaw, "Directive 95/46/EC");
    none("The Directive was adopted after long debate.");
    none("Regulation of 3/4 of the genes changed.");
}

#[test]
fn provisions_need_a_named_instrument() {
    one("Under Article 51 of the UN Charter, states may act.", Kind::Provision, "Article 51 of the UN Charter");
    one("This follows Art. 17 GDPR closely.", Kind::Provision, "Art. 17 GDPR");
    one(
        "Platforms rely on Section 230 of the Communications Decency Act daily.",
        Kind::Provision,
        "Section 230 of the Communications Decency Act",
    );
    one("Article 2(4) of the treaty forbids force.", Kind::Provision, "Article 2(4) of the treaty");
    one(
        "Articles 3 and 5 of the Radio Regulations apply.",
        Kind::Provision,
        "Articles 3 and 5 of the Radio Regulations",
    );
    one(
        "Chapter VII of the Charter of the United Nations was invoked.",
        Kind::Provision,
        "Chapter VII of the Charter of the United Nations",
    );
    none("As shown in Section 4, the model converges.");
    none("Section 4 of this paper discusses limits.");
    none("Chapter 2 of the thesis reviews the literature.");
    none("The article argues that trade grew.");
    none("Article 3 in this issue takes another view.");
    none("Section 2 of the Supplementary Information lists primers.");
}

#[test]
fn rfcs_and_standards() {
    one("Keywords follow RFC 8174 throughout.", Kind::Rfc, "RFC 8174");
    one("See RFC7231 for methods.", Kind::Rfc, "RFC7231");
    one("Audits use ISO/IEC 27002:2022 controls.", Kind::Standard, "ISO/IEC 27002:2022");
    one("Dates are written per ISO 8601 here.", Kind::Standard, "ISO 8601");
    one("Links run IEEE 802.15.4 radios.", Kind::Standard, "IEEE 802.15.4");
    one("Controls map to NIST SP 800-171 requirements.", Kind::Standard, "NIST SP 800-171");
    one("Modules are validated under FIPS 140-3 today.", Kind::Standard, "FIPS 140-3");
    one("Devices must meet ETSI EN 303 645 baseline.", Kind::Standard, "ETSI EN 303 645");
    one("Bags pass ASTM D6400 tests.", Kind::Standard, "ASTM D6400");
    none("Photos were shot at ISO 400 in daylight.");
    none("It appeared in IEEE Transactions on Computers.");
    none("The IEEE 2019 meeting was in Paris.");
    none("The RFC process is open.");
    none("Sensitive genes such as CDC7, RFC2 and RFC4 were hit.");
    one("Language tags follow BCP 47.", Kind::Rfc, "BCP 47");
}

#[test]
fn statutes_bills_and_orders() {
    one("It was enacted as Public Law 113-283 that year.", Kind::Statute, "Public Law 113-283");
    one("Prosecutors charge under 18 U.S.C. § 1030 often.", Kind::Statute, "18 U.S.C. § 1030");
    one("Privacy rules sit in 45 C.F.R. § 164.502(a) now.", Kind::Statute, "45 C.F.R. § 164.502(a)");
    one(
        "Congress passed the Federal Information Security Modernization Act of 2014 quickly.",
        Kind::Statute,
        "Federal Information Security Modernization Act of 2014",
    );
    one("Critics of the Patriot Act spoke.", Kind::Statute, "Patriot Act");
    one("The House passed H.R. 1560 in April.", Kind::Bill, "H.R. 1560");
    one("The Senate bill S. 754 stalled.", Kind::Bill, "S. 754");
    one("It builds on Executive Order 14028 directly.", Kind::ExecutiveOrder, "Executive Order 14028");
    one("Sectors were named in PPD-21 first.", Kind::ExecutiveOrder, "PPD-21");
    one("Identity cards follow HSPD-12.", Kind::ExecutiveOrder, "HSPD-12");
    none("The Act requires annual reports.");
    none("Speech Act Theory explains requests.");
    none("Jones, S. 2010 reported the same.");
    none("Staphylococcus (S. 1) grew in broth.");
    none("Earth observation EO 12 images were used.");
}

#[test]
fn treaties() {
    one("Most states ratified the Tallinn Convention early.", Kind::Treaty, "Tallinn Convention");
    one("The Convention on Cybercrime has 68 parties.", Kind::Treaty, "Convention on Cybercrime");
    one("They invoked the Treaty of Lisbon.", Kind::Treaty, "Treaty of Lisbon");
    one("The European Convention on Human Rights applies.", Kind::Treaty, "European Convention on Human Rights");
    one(
        "States joined the International Covenant on Civil and Political Rights.",
        Kind::Treaty,
        "International Covenant on Civil and Political Rights",
    );
    one("The Protocol on Water and Health entered into force.", Kind::Treaty, "Protocol on Water and Health");
    none("We used the standard naming convention for genes.");
    none("Follow the Naming Convention of the lab.");
    none("Packets use the Internet Protocol by default.");
    none("The Convention Committee met in June.");
    none("Records are shared by the Open Archives Protocol for Metadata Harvesting.");
    none("Sites signed the Data Use Agreement between partners.");
    none("It was presented at the 2019 Annual Convention.");
}

#[test]
fn court_cases() {
    one("The Court decided Marbury v. Madison in 1803.", Kind::Case, "Marbury v. Madison");
    one("In Roe v. Wade the Court held otherwise.", Kind::Case, "Roe v. Wade");
    one("Compare R v Dudley and Stephens on necessity.", Kind::Case, "R v Dudley and Stephens");
    one("See New York Times Co. v. Sullivan for libel.", Kind::Case, "New York Times Co. v. Sullivan");
    none("Model A v. Model B differed.");
    none("We used Python v. 3.8 and R.");
    none("Treatment v. Control showed no change.");
    none("Yields of KO v. WT plants and of WT v. Col0 differed.");
    one("The FCC v. Pacifica ruling stands.", Kind::Case, "FCC v. Pacifica");
}

#[test]
fn vulnerabilities() {
    one("Servers were patched for CVE-2021-44228 within days.", Kind::Vulnerability, "CVE-2021-44228");
    none("The CVE-list is long.");
}

#[test]
fn things_a_paper_says_about_itself_are_not_named_sources() {
    for s in [
        "Figure 3 shows the trend.",
        "Table 2 lists the sites.",
        "In Section 4 we relax this.",
        "Chapter 2 reviews theory.",
        "Equation 5 gives the rate.",
        "Eq. (3) holds for all x.",
        "Phase 2 enrolled 40 patients.",
        "Step 3 repeats the loop.",
        "Appendix A has the proofs.",
        "Box 1 summarises the terms.",
        "Study 2 replicated Study 1.",
    ] {
        none(s);
    }
}

#[test]
fn names_cross_line_breaks_and_keep_spans() {
    let text = "found in Recommendation ITU-T\nX.1205 and elsewhere";
    let f = find(text);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].name, "Recommendation ITU-T X.1205");
    assert_eq!(&text[f[0].range.clone()], "Recommendation ITU-T\nX.1205");
}

#[test]
fn long_and_odd_input_is_safe() {
    let long = "Resolution Article v. Act Convention ISO ".repeat(5000);
    let _ = find(&long);
    for s in ["Resolution", "ISO", "CVE-", " v. ", "Article 3 of", "S. 1", "§", "Art.", "Act", "ISO/"] {
        let _ = find(s);
    }
    let _ = find("Resolution\u{a0}130 é Article 5 of the Τreaty ü");
}

#[test]
fn official_documents() {
    one(
        "The proposal was tabled as WIPO document SCCR/24/8 in Geneva.",
        Kind::OfficialDocument,
        "WIPO document SCCR/24/8",
    );
    one("The rapporteur's report (UN Doc. A/HRC/27/37) warned of this.", Kind::OfficialDocument, "UN Doc. A/HRC/27/37");
    one("Read the note in document A/68/98 of the Assembly.", Kind::OfficialDocument, "document A/68/98");
    one("Delegates answered ITU-T documents 12 and 14 in turn.", Kind::OfficialDocument, "ITU-T documents 12 and 14");
    one("See OECD Document No. 7 (2003) for the survey.", Kind::OfficialDocument, "OECD Document No. 7 (2003)");
    none("Supplementary Document 1 lists the primers.");
    none("The PDF document 2 was scanned twice.");
    none("We coded document 12 of the interview set.");
    none("The EU document 2015 draft was never adopted.");
    none("This document 3 pages long was circulated.");
}

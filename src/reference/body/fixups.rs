//! Repairs of the decoded labels that a first-order decoder cannot see: each looks at more
//! than two neighbouring segments or at the entry as a whole.

use super::features::{date_span, genre_head, translator, year_span};
use super::{Delim, L, Num, Seg};
use crate::reference::lexical::is_place_end;

/// `Shell Shocks in France: 1914-1918. London: ...`, `Studies of Genesis 1 and Revelation 12.
/// Leiden: ...`: in an entry without a container, a number closing the first title's sentence
/// belongs to the title: a span of years after any mark, a bare number after one of its words.
/// Reason: numbers are cut into segments of their own and score as pages or volume; only the
/// absence of a container, seen over the whole entry, says there are none to take them.
pub(super) fn numbers_closing_title(segs: &[Seg], labels: &mut [L]) {
    if labels.contains(&L::Container) {
        return;
    }
    let Some(first) = labels.iter().position(|l| *l == L::Title) else {
        return;
    };
    for k in first + 1..segs.len() {
        let s = &segs[k];
        if labels[k - 1] != L::Title {
            return;
        }
        if !matches!(labels[k], L::Volume | L::Issue | L::Pages) || s.pp_mark || s.vol_mark || s.no_mark {
            continue;
        }
        let next = segs.get(k + 1);
        let sentence_end = next.is_none_or(|n| matches!(n.before, Delim::Period | Delim::Quote));
        // A quoted title is closed; page spans in brackets may follow it (`‘Title’ (714-733)`).
        if segs[k - 1].quoted {
            return;
        }
        let years = year_span(s.text) && s.paren || date_span(s.text) && sentence_end;
        let glued =
            s.before == Delim::Space && matches!(s.num, Num::Small | Num::Year) && sentence_end && next.is_some();
        if years || glued {
            labels[k] = L::Title;
        }
    }
}

/// A repair of decoded labels.
pub(super) type Rule = fn(&[Seg], &mut [L]);

/// Every repair, by name, in the order they run after decoding.
pub(super) const RULES: [(&str, Rule); 16] = [
    ("bracketed_acronym", bracketed_acronym),
    ("number_inside_words", number_inside_words),
    ("bracketed_medium", bracketed_medium),
    ("bracketed_genre", bracketed_genre),
    ("book_subtitle", book_subtitle),
    ("comma_title_before_imprint", comma_title_before_imprint),
    ("and_list_in_container", and_list_in_container),
    ("issue_only_journal", issue_only_journal),
    ("container_tail", container_tail),
    ("book_publisher", book_publisher),
    ("comma_imprint", comma_imprint),
    ("genre_institution", genre_institution),
    ("publisher_list", publisher_list),
    ("in_container_commas", in_container_commas),
    ("place_and_state", place_and_state),
    ("numbers_closing_title", numbers_closing_title),
];

/// Runs the repairs of [`RULES`] in order, except those whose bit is set in `retired`.
pub(super) fn repair(segs: &[Seg], labels: &mut [L], retired: u32) {
    for (i, (_, rule)) in RULES.iter().enumerate() {
        if retired & (1 << i) == 0 {
            rule(segs, labels);
        }
    }
}

/// A bracketed acronym after a container (`Proceedings of ... Systems (ASPLOS-VI)`) names the
/// same venue: the decoder sees only the bracket before it, which usually opens a note or year.
fn bracketed_acronym(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    for k in 1..n {
        // `Proceedings of ... Systems (ASPLOS-VI)`: an acronym in brackets after a container.
        let s = &segs[k];
        if labels[k - 1] == L::Container
            && s.before == Delim::Open
            && s.paren
            && (1..=2).contains(&s.words)
            && s.caps == s.words
            && s.text.chars().filter(|c| c.is_uppercase()).count() >= 2
            && !s.ed_mark
            // `(New York: Norton, 1995)`: a place before a publisher, not an acronym.
            && !s.place_word
            && segs.get(k + 1).is_none_or(|n| n.before != Delim::Colon)
        {
            labels[k] = L::Container;
        }
    }
}

/// A number between two segments of the same text label (`Proceedings of the 1990 ACM
/// Conference`) is part of the name: numbers are cut into segments of their own, so the
/// decoder would otherwise read them as volume or pages.
fn number_inside_words(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    for k in 1..n.saturating_sub(1) {
        // `Proceedings of the 1990 ACM Conference`: a number inside a run of words.
        let (p, q) = (labels[k - 1], labels[k + 1]);
        if segs[k].num != Num::None
            && segs[k].before == Delim::Space
            && segs[k + 1].before == Delim::Space
            && p == q
            && matches!(p, L::Title | L::Container | L::Publisher)
        {
            labels[k] = p;
        }
    }
}

/// A short square-bracketed description after a title (`Title [DVD]`) describes the medium,
/// not the title: the decoder cannot tell brackets from the rest of a title run.
fn bracketed_medium(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    // `Title [Motion picture]`, `Title [DVD]`: a short bracketed description closes the title.
    for k in 1..n {
        let s = &segs[k];
        if labels[k] == L::Title
            && labels[k - 1] == L::Title
            && s.square
            && s.num == Num::None
            && (1..=3).contains(&s.words)
            && labels.get(k + 1).is_none_or(|l| *l != L::Title)
        {
            labels[k] = L::Note;
        }
    }
}

/// A round-bracketed genre statement after a title (`Title (Unpublished doctoral
/// dissertation)`, `Title (Policy Brief 2012-01)`) is a note about the work, not its title.
fn bracketed_genre(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    // `Title (Unpublished doctoral dissertation).`, `Title (Policy Brief 2012-01)`: a bracketed
    // description closing the title.
    for k in 1..n {
        let s = &segs[k];
        let lt = s.text.to_lowercase();
        if labels[k] == L::Title
            && labels[k - 1] == L::Title
            && s.before == Delim::Open
            && s.paren
            && !s.square
            && labels.get(k + 1).is_none_or(|l| *l != L::Title)
            && (genre_head(s)
                || lt.starts_with("unpublished")
                || ["dissertation", "thesis"].iter().any(|w| lt.split(' ').any(|x| x == *w))
                || s.text.chars().any(|c| c.is_ascii_digit())
                    && ["report", "brief", "paper", "no.", "series"].iter().any(|w| lt.split(' ').any(|x| x == *w)))
        {
            labels[k] = L::Note;
        }
    }
}

/// In a book (place or publisher, no numbers, no `In`), a second sentence after the title
/// is its subtitle: a book has no container, but the decoder's title→container transition
/// after a period is strong.
fn book_subtitle(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    // A book: `Title. Subtitle. Place: Publisher` with no numbers and no `In`; the second
    // sentence is the rest of the title, not a container.
    let bookish = labels.iter().any(|l| matches!(l, L::Publisher | L::Place))
        && !labels.iter().any(|l| matches!(l, L::Volume | L::Issue | L::Pages | L::Editor))
        && !segs.iter().zip(labels.iter()).any(|(s, l)| s.in_mark || (s.journal && !matches!(l, L::Place)));
    if bookish && let Some(t) = labels.iter().rposition(|l| *l == L::Title) {
        let mut k = t + 1;
        while k < n && labels[k] == L::Container && segs[k].num == Num::None && !segs[k].quoted && !genre_head(&segs[k])
        {
            labels[k] = L::Title;
            k += 1;
        }
    }
}

/// A comma part after a title that runs into a book's imprint (`Easter Island, Earth Island.
/// New York: Thames`) is the rest of the title: the comma transition alone favours a container.
fn comma_title_before_imprint(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    // `Easter Island, Earth Island. New York: Thames`: a comma part after a title, closed by
    // the place or publisher of a book, is the rest of the title.
    if !segs.iter().any(|s| s.in_mark)
        && !labels.iter().any(|l| matches!(l, L::Volume | L::Issue | L::Pages | L::Editor))
    {
        for k in 1..n {
            if labels[k] != L::Container || labels[k - 1] != L::Title || segs[k].before != Delim::Comma {
                continue;
            }
            let mut e = k;
            while e < n && labels[e] == L::Container && segs[e].num == Num::None && !segs[e].quoted {
                e += 1;
            }
            if e < n && e > k && matches!(labels[e], L::Place | L::Publisher) && segs[e].before == Delim::Period {
                labels[k..e].fill(L::Title);
            }
            break;
        }
    }
}

/// A comma list closed by `and` inside a container (`In Proceedings IEEE System, Man, and
/// Cybernetics Conf`) stays in it: each comma otherwise looks like the start of a new field.
fn and_list_in_container(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    // `In Proceedings IEEE System, Man, and Cybernetics Conf`: a comma list closed by `and`
    // inside a container stays in it.
    for k in 2..n {
        let t = segs[k].text;
        if segs[k].before != Delim::Comma
            || !(t.starts_with("and ") || t.starts_with("& "))
            || !t.split(' ').nth(1).is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        {
            continue;
        }
        let mut j = k - 1;
        while j > 0
            && segs[j].before == Delim::Comma
            && segs[j].num == Num::None
            && segs[j].words <= 3
            && segs[j].caps == segs[j].words
        {
            j -= 1;
        }
        let l = labels[j];
        if l == L::Container && segs[j + 1..=k].iter().all(|s| s.num == Num::None && !s.ed_mark) {
            labels[j..=k].fill(l);
        }
    }
}

/// A journal numbered by issue only (`Pouvoirs, 1979, n°9`) has that number as its volume:
/// the first-order decoder cannot see that no volume comes.
fn issue_only_journal(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    // `Pouvoirs, 1979, n°9`, `Crafts no. 211`: a journal numbered by issue only.
    if !labels.contains(&L::Volume) {
        let issues: Vec<usize> = (0..n).filter(|&k| labels[k] == L::Issue).collect();
        if let [k] = issues[..]
            && segs[k].no_mark
            && !segs[k].paren
            && k > 0
            && labels[..k].contains(&L::Container)
        {
            labels[k] = L::Volume;
        }
    }
}

/// Names after a publisher up to the date (`New York: Longmans, Green, and Co., 1912`) are
/// more publishers: a publisher name with commas looks like several fields to the decoder.
fn publisher_list(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    // `New York: Longmans, Green, and Co., 1912`: names after the publisher up to the date are
    // more publishers.
    for k in 1..n {
        if labels[k] == L::Publisher && labels[k - 1] == L::Place && segs[k].before == Delim::Colon {
            let mut j = k + 1;
            while j < n
                && segs[j].before == Delim::Comma
                && segs[j].num == Num::None
                && (1..=4).contains(&segs[j].words)
                && segs[j].text.split(' ').find(|w| !matches!(*w, "and" | "&")).is_some_and(|w| {
                    w.chars().next().is_some_and(|c| c.is_uppercase()) || w.eq_ignore_ascii_case("co.")
                })
                && !segs[j].place_word
                && !is_place_end(segs[j].text.trim_end_matches('.'))
                && !segs[j].month
                && !segs[j].pp_mark
                && !segs[j].edition
                && !segs[j].text.bytes().any(|c| c.is_ascii_digit())
                && segs.get(j + 1).is_none_or(|s| s.num != Num::None || s.before == Delim::Comma)
            {
                j += 1;
            }
            if j > k + 1 && (j == n || segs[j].num != Num::None) {
                labels[k + 1..j].fill(L::Publisher);
            }
            break;
        }
    }
}

/// A state or country after a place (`Providence, RI`) belongs to it, and a short name before
/// a state code (`Murray Hill, NJ`) is the city: the state codes are too short to carry
/// features of their own.
fn place_and_state(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    for k in 0..n {
        if labels[k] != L::Place {
            continue;
        }
        // `Providence, RI`: a state or country after a place belongs to it.
        if let Some(nx) = segs.get(k + 1)
            && nx.before == Delim::Comma
            && labels[k + 1] != L::Place
            && nx.num == Num::None
            && is_place_end(nx.text.trim_end_matches('.'))
        {
            labels[k + 1] = L::Place;
        }
        // `Murray Hill, NJ`: a short capitalised name before a state code is the city.
        if k > 0
            && segs[k].before == Delim::Comma
            && labels[k - 1] != L::Place
            && is_place_end(segs[k].text.trim_end_matches('.'))
        {
            let pv = &segs[k - 1];
            // `The Everyday Writing Center. Logan, UT: Press`: a new sentence after the title.
            let after_title = labels[k - 1] == L::Title
                && pv.before == Delim::Period
                && k >= 2
                && labels[k - 2] == L::Title
                && segs.get(k + 1).is_none_or(|n| matches!(n.before, Delim::Colon | Delim::Comma));
            if pv.num == Num::None
                // `Marcel Dekker, New York`: a city name, not a state after a city.
                && !(segs[k].place_word && segs[k].words >= 2 && !pv.place_word)
                && (1..=3).contains(&pv.words)
                && pv.caps == pv.words
                && !pv.pub_word
                && (!pv.journal || pv.text.split(' ').all(|w| !w.ends_with('.')))
                && !pv.quoted
                && !pv.in_mark
                && (matches!(labels[k - 1], L::Publisher | L::Note | L::Container) || after_title)
                && (k < 2
                    || labels[k - 2] != labels[k - 1]
                    || after_title
                    // `Society of Automotive Engineers, Warrendale, PA`: the publisher stays.
                    || labels[k - 1] == L::Publisher && segs[k - 2].pub_word && segs[k - 1].before == Delim::Comma)
            {
                labels[k - 1] = L::Place;
            }
        }
    }
}

/// Extends a container over what belongs to its name: `In A (Eds.), Book. Subtitle. Place:
/// Publisher` (a sentence between an edited container and the place) and `In Advances in
/// Neural Information Processing Systems 6. Publisher` (a bare number closing a book container).
/// Reason: both need what comes after the run (a place further on, no pages at all), which
/// the first-order decoder does not see.
pub(super) fn container_tail(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    // `In A, B, and C (Eds.), Handbook: Theory. London: Sage`: what follows the editors is the
    // container when a place and publisher come after it anyway.
    for k in 1..n {
        if labels[k - 1] == L::Editor && labels[k] == L::Place && segs[k].num == Num::None && !segs[k].place_word {
            let mut j = k + 1;
            while j < n && labels[j] == L::Publisher && segs[j].num == Num::None && !segs[j].pub_word {
                j += 1;
            }
            if j > k + 1 && j < n && labels[j] == L::Place && labels[j + 1..].contains(&L::Publisher) {
                labels[k..j].fill(L::Container);
            }
        }
    }
    let mut k = 1;
    while k < n {
        if labels[k] != L::Container || labels[k - 1] == L::Container {
            k += 1;
            continue;
        }
        let start = k;
        let edited = labels[k - 1] == L::Editor;
        let in_mark = segs[k].in_mark;
        while k < n && labels[k] == L::Container {
            k += 1;
        }
        // A subtitle sentence after an edited container, up to the place; `Breakthroughs in
        // statistics volume 1. Foundations and basic theory. New York`: also after the volume of
        // the book it names.
        let book_volume = edited
            && k + 1 < n
            && labels[k] == L::Volume
            && segs[k].vol_mark
            && segs[k].before == Delim::Space
            && segs[k + 1].before == Delim::Space
            && segs[k].text.ends_with('.');
        if edited && k < n && (segs[k].before == Delim::Period || book_volume) {
            let first = if book_volume { k + 1 } else { k };
            let mut j = first;
            while j < n
                && matches!(labels[j], L::Publisher | L::Note | L::Container)
                && segs[j].num == Num::None
                && (!segs[j].pub_word || segs[j].lower_start)
                && !segs[j].place_word
                && !segs[j].ed_mark
                && !segs[j].pp_mark
                && !segs[j].vol_mark
                && !segs[j].edition
                && (j == first || matches!(segs[j].before, Delim::Comma | Delim::Period))
            {
                j += 1;
            }
            if j > first && j < n && labels[j] == L::Place {
                labels[k..j].fill(L::Container);
                k = j;
                continue;
            }
        }
        // A bare number closing a book container, with no pages or issue after it.
        if (edited || segs[start].in_mark || in_mark)
            && k < n
            && labels[k] == L::Volume
            && segs[k].num == Num::Small
            && !segs[k].vol_mark
            && matches!(segs[k].before, Delim::Space | Delim::Comma)
            // `CCSL 29`, `LNCS 649`: a series abbreviation with its volume number.
            && segs[k - 1].words >= 3
            && labels[k + 1..].iter().all(|l| matches!(l, L::Publisher | L::Place | L::Year | L::Note))
            && segs.get(k + 1).is_none_or(|s| s.before == Delim::Period)
        {
            labels[k] = L::Container;
        }
    }
}

/// `Title. Morgan Kaufmann.`, `Title. Praeger, 2005.`: a short capitalised name closing an
/// entry with no numbers, editors or `In` is the publisher of a book, not a container.
/// Reason: a journal and a publisher look alike segment by segment; only the absence of any
/// volume, issue or pages in the whole entry tells them apart.
pub(super) fn book_publisher(segs: &[Seg], labels: &mut [L]) {
    if labels.iter().any(|l| matches!(l, L::Volume | L::Issue | L::Pages | L::Editor | L::Publisher))
        || segs.iter().any(|s| s.in_mark)
    {
        return;
    }
    let Some(k) = labels.iter().position(|l| *l == L::Container) else {
        return;
    };
    let s = &segs[k];
    let run_end = labels[k..].iter().position(|l| *l != L::Container).map_or(labels.len(), |e| k + e);
    if run_end != k + 1
        || k == 0
        || labels[k - 1] != L::Title
        || s.before != Delim::Period
        || s.num != Num::None
        || s.quoted
        || s.paren
        || !(1..=4).contains(&s.words)
        || s.caps != s.words
        || s.journal && !s.pub_word
        || s.month
        || s.note_word && !s.pub_word
        || !labels[k + 1..]
            .iter()
            .zip(&segs[k + 1..])
            .all(|(l, s)| matches!(l, L::Year | L::Place) || *l == L::Note && s.edition)
    {
        return;
    }
    // `“Title.” Voluntas. 2011`, `Title. ArXiv.`: a quoted title marks an article, and
    // preprint or data repositories are containers; a name without a publisher word must end
    // the entry.
    let lt = s.text.to_lowercase();
    if ["arxiv", "rxiv", "repository", "preprint"].iter().any(|w| lt.contains(w))
        || segs.iter().any(|s| s.quoted)
        || !s.pub_word && k + 1 != segs.len()
    {
        return;
    }
    labels[k] = L::Publisher;
}

/// `in Literary Criticism: Essays on Literature, American Writers (New York: ...)`, `In Myth,
/// Rulership, Church and Charters, ed. Julia Barrow`: a book title after `In` runs over its
/// commas up to the bracketed imprint or the editors.
/// Reason: after a comma the decoder starts a new field; what closes the book title (the
/// bracket, the editors) may stand several segments ahead.
pub(super) fn in_container_commas(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    let Some(a) = (0..n).find(|&k| segs[k].in_mark && labels[k] == L::Container) else {
        return;
    };
    let mut e = a + 1;
    while e < n && labels[e] == L::Container {
        e += 1;
    }
    let mut j = e;
    while j < n
        && (segs[j].before == Delim::Comma || j > e && segs[j].before == Delim::Colon)
        && (segs[j].num == Num::None || year_span(segs[j].text))
        && !segs[j].ed_mark
        && !segs[j].place_word
        && !segs[j].pub_word
        && !segs[j].pp_mark
        && !segs[j].vol_mark
        && !segs[j].no_mark
        && !segs[j].quoted
        && !segs[j].paren
        && !segs[j].month
        && !segs[j].edition
        && !translator(&segs[j])
    {
        j += 1;
    }
    if j > e && j < n && (segs[j].before == Delim::Open || segs[j].ed_mark && segs[j].before == Delim::Comma) {
        labels[e..j].fill(L::Container);
    }
}

/// `Ph.D. dissertation, TU Delft, 2004`, `Technical report, NHTSA, July 2007`: the names after
/// a thesis or report statement are the institution that issued it.
/// Reason: institution names look like journal names; the genre statement that decides it
/// may be several segments back.
pub(super) fn genre_institution(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    let Some(g) = (1..n).find(|&k| genre_head(&segs[k]) && !segs[k].edition && matches!(labels[k], L::Note | L::Title))
    else {
        return;
    };
    if segs.iter().any(|s| s.in_mark) {
        return;
    }
    // `PhD thesis, Department of Computer Science, University of Waterloo`: every part up to
    // the place or the date.
    let mut k = g + 1;
    while k < n
        && matches!(labels[k], L::Container | L::Note | L::Title | L::Publisher)
        && segs[k].before == Delim::Comma
        && segs[k].num == Num::None
        && !segs[k].place_word
        && !segs[k].month
        && !segs[k].quoted
        && segs[k].text.chars().next().is_some_and(|c| c.is_uppercase())
    {
        labels[k] = L::Publisher;
        k += 1;
    }
}

/// `Titre, Paris, Gallimard, 2001` and `Title, Edilig, Paris, 1988`: a known city and a short
/// name between commas, with only numbers after them, are the place and publisher of a book.
/// Reason: with commas only, the imprint has no colon to mark it; what decides is that
/// nothing but numbers follows, which the decoder does not see.
pub(super) fn comma_imprint(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    let name = |s: &Seg| {
        s.num == Num::None
            && s.before == Delim::Comma
            && (1..=4).contains(&s.words)
            && s.text.chars().next().is_some_and(|c| c.is_uppercase())
            && !s.quoted
            && !s.paren
            && !s.ed_mark
            && !s.pp_mark
            && !s.vol_mark
            && !s.in_mark
            && !s.month
            && !s.edition
            && !s.note_word
    };
    let tail = |from: usize| segs[from..].iter().all(|s| s.num != Num::None || s.pp_mark || s.paren);
    // `Trans. D. W. Robertson, Jr. Indianapolis, 1958.`: a known city alone before the date.
    for k in 1..n {
        let s = &segs[k];
        if s.place_word
            && s.num == Num::None
            && (1..=3).contains(&s.words)
            && s.caps == s.words
            && matches!(s.before, Delim::Comma | Delim::Period)
            && !s.quoted
            && !s.paren
            && !labels.contains(&L::Place)
            && labels[..k].contains(&L::Title)
            && segs[k + 1..].iter().all(|s| s.num != Num::None)
            && segs[k + 1..].iter().any(|s| s.num == Num::Year)
        {
            labels[k] = L::Place;
            return;
        }
    }
    for k in 2..n {
        let s = &segs[k];
        if !s.place_word || !name(s) || s.words > 3 || s.caps != s.words {
            continue;
        }
        if !matches!(labels[k - 1], L::Title | L::Container) {
            continue;
        }
        // City, then the publisher.
        if k + 1 < n && name(&segs[k + 1]) && !segs[k + 1].place_word && tail(k + 2) {
            labels[k] = L::Place;
            labels[k + 1] = L::Publisher;
            return;
        }
        // Publisher, then the city.
        let pv = &segs[k - 1];
        if labels[k - 2] == L::Title && name(pv) && !pv.place_word && pv.caps == pv.words && tail(k + 1) {
            labels[k - 1] = L::Publisher;
            labels[k] = L::Place;
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each rule on examples written for it: the segments of a body, the labels a decoder
    //! could plausibly give, and the labels after the rule (unchanged where the rule must
    //! not fire). The labels are set by hand so the rule is tested alone, whatever the
    //! decoder's weights.
    use super::super::LABELS;
    use super::super::features::segments;
    use super::*;
    use L::*;

    /// The rule of a case by its name.
    fn rule(name: &str) -> Option<Rule> {
        RULES.iter().find(|r| r.0 == name).map(|r| r.1)
    }

    fn label(name: &str) -> L {
        *LABEL_NAMES.iter().zip(LABELS.iter()).find(|(n, _)| **n == name).unwrap_or_else(|| panic!("label {name}")).1
    }

    const LABEL_NAMES: [&str; 10] =
        ["Title", "Container", "Volume", "Issue", "Pages", "Year", "Publisher", "Place", "Editor", "Note"];

    #[test]
    fn each_rule_on_its_examples() {
        let cases = include_str!("../../../tests/fixtures/references/fixups.txt");
        let lines: Vec<&str> = cases.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
        assert_eq!(lines.len() % 4, 0, "four lines a case");
        let mut failures = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for case in lines.chunks(4) {
            let field =
                |i: usize, key: &str| case[i].strip_prefix(key).unwrap_or_else(|| panic!("{key} in {case:?}")).trim();
            let name = field(0, "rule:");
            let body = field(1, "body:");
            let given: Vec<L> = field(2, "given:").split(' ').map(label).collect();
            let want: Vec<L> = field(3, "want:").split(' ').map(label).collect();
            let rule_name = name.split(' ').next().unwrap_or("");
            let rule = rule(rule_name).unwrap_or_else(|| panic!("no rule {rule_name}"));
            seen.insert(rule_name);
            let segs = segments(body);
            let texts: Vec<&str> = segs.iter().map(|s| s.text).collect();
            if segs.len() != given.len() {
                failures.push(format!("{name}: segments {texts:?}"));
                continue;
            }
            let mut labels = given.clone();
            rule(&segs, &mut labels);
            if labels != want {
                failures.push(format!("{name}: {texts:?} gave {labels:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert_eq!(seen.len(), 16, "every rule has a case: {seen:?}");
    }

    #[test]
    fn container_tail_takes_a_subtitle_after_an_edited_book() {
        let body = "In B. Hale (Ed.), Tidewater Studies. Methods and Cases. Ithaca: Fenland.";
        let segs = segments(body);
        let texts: Vec<&str> = segs.iter().map(|s| s.text).collect();
        let k = texts.iter().position(|t| *t == "Tidewater Studies").expect("container segment");
        assert_eq!(segs.len(), k + 4, "{texts:?}");
        let mut labels = vec![Editor; k];
        labels.extend([Container, Publisher, Place, Publisher]);
        container_tail(&segs, &mut labels);
        assert_eq!(labels[k + 1], Container, "{texts:?}");
    }
}

//! Renders a GC event trace (JSON lines) as a standalone SVG chart.
//!
//! Pure std so the command line needs no extra crates: trace lines are flat objects, so a tiny
//! tolerant parser is enough, and pixel-column thinning bounds the output so even very long
//! traces give a file a browser opens instantly.

use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write;

use moonlab::api::CycleKind;

/// Layout options for [`render`].
pub struct ChartOptions {
    pub title: String,
    pub width: u32,
    pub height: u32,
}

impl Default for ChartOptions {
    fn default() -> Self {
        let title = "moonlab GC trace".to_string();
        ChartOptions {
            title,
            width: 960,
            height: 480,
        }
    }
}

/// A JSON value; a trace needs no bools or nulls, so they parse as `Other`.
enum Val {
    Str(String),
    Num(f64),
    Other,
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

const NUM: &[u8] = b"0123456789+-.eE";

impl Cursor<'_> {
    /// Skips whitespace and returns the next byte.
    fn peek(&mut self) -> Option<u8> {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> Result<(), String> {
        if self.peek() != Some(c) {
            return Err(format!("expected '{}' at column {}", c as char, self.i + 1));
        }
        self.i += 1;
        Ok(())
    }

    fn string(&mut self) -> Result<String, String> {
        self.eat(b'"')?;
        let mut out = Vec::new();
        while let Some(&c) = self.s.get(self.i) {
            self.i += 1;
            match c {
                b'"' => return Ok(String::from_utf8_lossy(&out).into_owned()),
                // Traces only escape `"` and `\`, so an escaped byte stands for itself.
                b'\\' if self.i < self.s.len() => {
                    out.push(self.s[self.i]);
                    self.i += 1;
                }
                _ => out.push(c),
            }
        }
        Err("unterminated string".into())
    }

    fn value(&mut self) -> Result<Val, String> {
        match self.peek() {
            Some(b'"') => self.string().map(Val::Str),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                while self.s.get(self.i).is_some_and(|c| NUM.contains(c)) {
                    self.i += 1;
                }
                let txt = String::from_utf8_lossy(&self.s[start..self.i]);
                let x = txt.parse().map_err(|_| format!("bad number '{txt}'"))?;
                Ok(Val::Num(x))
            }
            _ => {
                for word in ["true", "false", "null"] {
                    if self.s[self.i..].starts_with(word.as_bytes()) {
                        self.i += word.len();
                        return Ok(Val::Other);
                    }
                }
                Err(format!("unexpected value at column {}", self.i + 1))
            }
        }
    }
}

/// Parses one flat JSON object (string, number, bool or null values).
fn parse_object(line: &str) -> Result<BTreeMap<String, Val>, String> {
    let mut c = Cursor {
        s: line.as_bytes(),
        i: 0,
    };
    let mut map = BTreeMap::new();
    c.eat(b'{')?;
    while c.peek() != Some(b'}') {
        if !map.is_empty() {
            c.eat(b',')?;
        }
        let key = c.string()?;
        c.eat(b':')?;
        map.insert(key, c.value()?);
    }
    c.i += 1;
    match c.peek() {
        None => Ok(map),
        Some(_) => Err(format!("unexpected text at column {}", c.i + 1)),
    }
}

/// One known trace event; `amount` is `dur_us` for steps and `entries` for weak clears.
struct Event {
    ev: String,
    t: f64,
    heap: f64,
    kind: String,
    amount: f64,
}

const KNOWN: &str = "cycle_start phase step cycle_end finalizer weak_clear";

/// Parses a trace, dropping unknown events, and orders it by time (stably, so equal
/// timestamps keep their trace order and a cycle's start stays before its end).
fn parse_trace(trace: &str) -> Result<Vec<Event>, String> {
    let mut evs = Vec::new();
    for (n, line) in trace.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |m: String| format!("line {}: {m}", n + 1);
        let obj = parse_object(line).map_err(err)?;
        let num = |k: &str| match obj.get(k) {
            Some(Val::Num(x)) if x.is_finite() => Some(*x),
            _ => None,
        };
        let text = |k: &str| match obj.get(k) {
            Some(Val::Str(s)) => Some(s.clone()),
            _ => None,
        };
        let (Some(ev), Some(t), Some(heap)) = (text("ev"), num("t_us"), num("heap")) else {
            return Err(err("missing or mistyped ev, t_us or heap".into()));
        };
        if KNOWN.split(' ').any(|k| k == ev) {
            let amount = num(if ev == "step" { "dur_us" } else { "entries" }).unwrap_or(0.0);
            let kind = text("kind").unwrap_or_else(|| "unknown".into());
            evs.push(Event {
                ev,
                t,
                heap,
                kind,
                amount,
            });
        }
    }
    evs.sort_by(|a, b| a.t.total_cmp(&b.t));
    Ok(evs)
}

/// A linear axis whose ticks are multiples of a 1/2/5 x 10^k step.
struct Axis {
    lo: f64,
    hi: f64,
    step: f64,
}

impl Axis {
    /// Picks the coarsest step giving 5-8 ticks, ending the axis at `hi` or at the next tick
    /// past it: for 1-2-5 steps one of the two always fits (the tests sweep this).
    fn nice(lo: f64, hi: f64) -> Axis {
        let hi = if hi > lo { hi } else { lo + 1.0 };
        let mag = 10f64.powf((hi - lo).log10().floor());
        let mut best = (f64::INFINITY, lo, hi, hi - lo); // (miss, lo, hi, step)
        for m in [5.0, 2.0, 1.0, 0.5, 0.2, 0.1] {
            let step = m * mag;
            let a = (lo / step + 1e-9).floor() * step;
            for b in [hi, (hi / step - 1e-9).ceil() * step] {
                let n = ((b - a) / step + 1e-9).floor() + 1.0;
                let miss = (5.0 - n).max(n - 8.0).max(0.0);
                if miss < best.0 {
                    best = (miss, a, b, step);
                }
            }
        }
        Axis {
            lo: best.1,
            hi: best.2,
            step: best.3,
        }
    }

    fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step + 1e-9).floor() as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }

    /// Maps `v` linearly so that `lo` lands on pixel `a` and `hi` on pixel `b`.
    fn pos(&self, v: f64, a: f64, b: f64) -> f64 {
        a + (v - self.lo) / (self.hi - self.lo) * (b - a)
    }

    fn label(&self, v: f64) -> String {
        let d = (-self.step.log10() - 1e-9).ceil().max(0.0) as usize;
        format!("{v:.d$}")
    }
}

/// Formats a coordinate with at most one decimal, which keeps the file small.
fn f1(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Escapes text for XML; control characters are dropped as XML 1.0 text cannot hold them.
fn esc(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_control()).collect();
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn fmt_dur(us: f64) -> String {
    if us >= 1e6 {
        format!("{:.2} s", us / 1e6)
    } else if us >= 10.0 {
        format!("{:.2} ms", us / 1e3)
    } else {
        format!("{us:.1} µs")
    }
}

/// Keeps the lowest and highest point of each `col`-pixel column, in their original order,
/// so spikes such as the peak heap survive while the count stays under 2 * width / col.
/// `pts` must be sorted by x.
fn downsample(pts: &[(f64, f64)], col: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pts.len() {
        let c = (pts[i].0 / col).floor();
        let (mut lo, mut hi, mut j) = (i, i, i);
        while j < pts.len() && (pts[j].0 / col).floor() == c {
            if pts[j].1 < pts[lo].1 {
                lo = j;
            }
            if pts[j].1 > pts[hi].1 {
                hi = j;
            }
            j += 1;
        }
        out.push(pts[lo.min(hi)]);
        if lo != hi {
            out.push(pts[lo.max(hi)]);
        }
        i = j;
    }
    out
}

/// Drops markers that would land on the same spot, then thins dense ones per 3 px column
/// (markers are ~5 px wide, so this is invisible but bounds the element count).
fn thin_markers(mut pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pts.dedup_by(|a, b| f1(a.0) == f1(b.0) && f1(a.1) == f1(b.1));
    if pts.len() > 1000 {
        pts = downsample(&pts, 3.0);
    }
    pts
}

/// Widens pixel spans to at least 1 px and merges overlapping ones: overlapping translucent
/// rects carry no extra information, and merging bounds their number by the plot width.
fn merge_spans(mut spans: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        let b = b.max(a + 1.0);
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Appends a rect; coordinates are rounded to 0.1 px like everywhere else.
fn rect(s: &mut String, class: &str, x: f64, y: f64, w: f64, h: f64) {
    let (x, y, w, h) = (f1(x), f1(y), f1(w), f1(h));
    s.push_str(&format!(
        "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/>\n"
    ));
}

/// Appends a text element; `body` is escaped, `attrs` is trusted markup.
fn text(s: &mut String, x: f64, y: f64, attrs: &str, body: &str) {
    let (x, y, body) = (f1(x), f1(y), esc(body));
    s.push_str(&format!("<text x=\"{x}\" y=\"{y}\"{attrs}>{body}</text>\n"));
}

/// A finalizer dot or a weak-clear triangle centred on (x, y).
fn marker(s: &mut String, finalizer: bool, x: f64, y: f64) {
    let (x, y, top) = (f1(x), f1(y), f1(y - 3.5));
    s.push_str(&if finalizer {
        format!("<circle class=\"fin\" cx=\"{x}\" cy=\"{y}\" r=\"2.5\"/>\n")
    } else {
        format!("<path class=\"weak\" d=\"M{x} {top}l4 7h-8z\"/>\n")
    });
}

const STYLE: &str = "<style>text{font-family:sans-serif;font-size:11px;fill:#333}\
.title{font-size:16px;font-weight:bold}.grid,.axis{fill:none;stroke:#e6e6e6}.axis{stroke:#444}\
.major{fill:#e67e22;fill-opacity:.2}.minor{fill:#3498db;fill-opacity:.2}\
.heap{fill:none;stroke:#2c3e50;stroke-width:1.5}.pause{fill:#c0392b}.fin{fill:#8e44ad}\
.weak{fill:#27ae60}.lbl{paint-order:stroke;stroke:#fff;stroke-width:3}</style>";
const MID: &str = " text-anchor=\"middle\"";
const END: &str = " text-anchor=\"end\"";
const TITLE: &str = " class=\"title\" text-anchor=\"middle\"";
const ROT: &str = " transform=\"rotate(-90)\" text-anchor=\"middle\"";
const LEGEND: &str = "heap|major/incremental cycle|minor cycle|GC pause|finalizer|weak clear";
const KB: f64 = 1024.0;
const MB: f64 = 1024.0 * 1024.0;

/// Renders `trace` (JSON lines of GC events) as a complete standalone SVG document.
pub fn render(trace: &str, opts: &ChartOptions) -> Result<String, String> {
    let evs = parse_trace(trace)?;
    let (Some(first), Some(last)) = (evs.first(), evs.last()) else {
        return Err("empty trace".into());
    };
    let (first, last) = (first.t, last.t);
    // A minimum size keeps the fixed margins, legend and summary inside the picture.
    let w = f64::from(opts.width.max(400));
    let h = f64::from(opts.height.max(240));
    let (x0, x1, y0, y1) = (64.0, w - 24.0, 40.0, h - 100.0);
    let mx = (x0 + x1) / 2.0;
    let long = last - first > 10e6;
    let (tdiv, tunit) = if long { (1e6, "s") } else { (1e3, "ms") };
    let peak = evs.iter().map(|e| e.heap).fold(0.0, f64::max);
    let (hdiv, hunit) = if peak >= MB { (MB, "MB") } else { (KB, "KB") };
    let xa = Axis::nice(first / tdiv, last / tdiv);
    let ya = Axis::nice(0.0, peak / hdiv);
    let px = |t: f64| xa.pos(t / tdiv, x0, x1);
    let py = |b: f64| ya.pos(b / hdiv, y1, y0);

    let mut line = Vec::with_capacity(evs.len());
    let (mut fins, mut weaks, mut pauses) = (Vec::new(), Vec::new(), Vec::new());
    let mut bands: [Vec<(f64, f64)>; 2] = Default::default(); // [major/incremental, minor]
    let mut open: VecDeque<(f64, bool)> = VecDeque::new();
    let mut cycles: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut total_pause, mut max_pause, mut weak_total) = (0.0, None::<(f64, f64)>, 0.0);
    for e in &evs {
        let p = (px(e.t), py(e.heap));
        line.push(p);
        match e.ev.as_str() {
            "cycle_start" => {
                *cycles.entry(e.kind.as_str()).or_default() += 1;
                open.push_back((p.0, e.kind == CycleKind::Minor.name()));
            }
            // Ends match starts in order; a stray end (trace cut mid-cycle) is dropped.
            "cycle_end" => {
                if let Some((x, minor)) = open.pop_front() {
                    bands[usize::from(minor)].push((x, p.0));
                }
            }
            "step" => {
                pauses.push((p.0, px(e.t + e.amount)));
                total_pause += e.amount;
                if max_pause.is_none_or(|(d, _)| e.amount > d) {
                    max_pause = Some((e.amount, p.0));
                }
            }
            "finalizer" => fins.push(p),
            "weak_clear" => {
                weaks.push(p);
                weak_total += e.amount;
            }
            _ => {}
        }
    }
    for (x, minor) in open {
        bands[usize::from(minor)].push((x, px(last)));
    }

    let mut s = String::with_capacity(64 * 1024);
    macro_rules! out {
        ($($a:tt)*) => { write!(s, $($a)*).unwrap_or(()) };
    }
    let (wf, hf) = (f1(w), f1(h));
    out!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {wf} {hf}\" width=\"{wf}\" height=\"{hf}\">\n");
    out!("{STYLE}\n<rect width=\"{wf}\" height=\"{hf}\" fill=\"#fff\"/>\n");
    text(&mut s, w / 2.0, 24.0, TITLE, &opts.title);
    let (fx0, fx1, fy0, fy1) = (f1(x0), f1(x1), f1(y0), f1(y1));
    for v in ya.ticks() {
        let y = ya.pos(v, y1, y0);
        let fy = f1(y);
        out!("<path class=\"grid\" d=\"M{fx0} {fy}H{fx1}\"/>");
        text(&mut s, x0 - 6.0, y + 4.0, END, &ya.label(v));
    }
    for v in xa.ticks() {
        let x = xa.pos(v, x0, x1);
        let fx = f1(x);
        out!("<path class=\"axis\" d=\"M{fx} {fy1}v5\"/>");
        text(&mut s, x, y1 + 17.0, MID, &xa.label(v));
    }
    for (spans, class) in bands.into_iter().zip(["band major", "band minor"]) {
        for (a, b) in merge_spans(spans) {
            rect(&mut s, class, a, y0, b - a, y1 - y0);
        }
    }
    out!("<path class=\"axis\" d=\"M{fx0} {fy0}V{fy1}H{fx1}\"/>\n");
    for (a, b) in merge_spans(pauses) {
        rect(&mut s, "pause", a, y1 - 8.0, b - a, 8.0);
    }
    // Past ~4000 points a polyline holds far more points than the plot has pixel columns, so
    // keep each column's extremes instead.
    if line.len() > 4000 {
        line = downsample(&line, 1.0);
    }
    out!("<polyline class=\"heap\" points=\"");
    for (x, y) in line {
        out!("{},{} ", f1(x), f1(y));
    }
    out!("\"/>\n");
    let fin_count = fins.len();
    for (x, y) in thin_markers(fins) {
        marker(&mut s, true, x, y);
    }
    for (x, y) in thin_markers(weaks) {
        marker(&mut s, false, x, y);
    }
    if let Some((d, x)) = max_pause {
        let end = if x < mx { "start" } else { "end" };
        let attrs = format!(" class=\"lbl\" text-anchor=\"{end}\"");
        let label = format!("max pause {}", fmt_dur(d));
        text(&mut s, x, y1 - 12.0, &attrs, &label);
    }
    text(&mut s, mx, y1 + 33.0, MID, &format!("time ({tunit})"));
    let my = -(y0 + y1) / 2.0; // rotated: the text's x runs up the y axis
    text(&mut s, my, 16.0, ROT, &format!("heap ({hunit})"));

    // Legend: swatch + label, left to right, widths estimated from the label length.
    let (mut lx, ly) = (x0, y1 + 55.0);
    for (i, label) in LEGEND.split('|').enumerate() {
        let (sx, sy) = (f1(lx), f1(ly - 4.0));
        match i {
            0 => out!("<path class=\"heap\" d=\"M{sx} {sy}h14\"/>"),
            1 => rect(&mut s, "band major", lx, ly - 9.0, 14.0, 10.0),
            2 => rect(&mut s, "band minor", lx, ly - 9.0, 14.0, 10.0),
            3 => rect(&mut s, "pause", lx + 5.0, ly - 9.0, 4.0, 10.0),
            _ => marker(&mut s, i == 4, lx + 7.0, ly - 4.0),
        }
        text(&mut s, lx + 19.0, ly, "", label);
        lx += 32.0 + 6.0 * label.len() as f64;
    }

    let mut summary = format!("{} cycles", cycles.values().sum::<usize>());
    let by_kind: Vec<String> = cycles.iter().map(|(k, n)| format!("{n} {k}")).collect();
    if !by_kind.is_empty() {
        summary += &format!(" ({})", by_kind.join(", "));
    }
    let max = max_pause.map_or("-".into(), |(d, _)| fmt_dur(d));
    summary += &format!(" | total pause {} | max pause {max}", fmt_dur(total_pause));
    text(&mut s, x0, y1 + 78.0, "", &summary);
    let peak = format!("{:.1} {hunit}", peak / hdiv);
    let more =
        format!("{fin_count} finalizers | {weak_total:.0} weak entries cleared | peak heap {peak}");
    text(&mut s, x0, y1 + 94.0, "", &more);
    s.push_str("</svg>\n");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(ev: &str, t: f64, heap: f64, extra: &str) -> String {
        format!("{{\"ev\":\"{ev}\",\"t_us\":{t},\"heap\":{heap}{extra}}}\n")
    }

    /// Every opened tag is closed, in order, and no number inside a tag has two decimals
    /// (text such as "1.23 ms" is exempt).
    fn check_well_formed(svg: &str) {
        let mut stack = Vec::new();
        for piece in svg.split('<').skip(1) {
            let tag = &piece[..piece.find('>').expect("unclosed '<'")];
            let b = tag.as_bytes();
            let two = |k: usize| b[k] == b'.' && b[k + 1..k + 3].iter().all(u8::is_ascii_digit);
            assert!(
                !(0..b.len().saturating_sub(2)).any(two),
                "2 decimals: <{tag}>"
            );
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap());
            }
        }
        assert!(stack.is_empty(), "unclosed tags {stack:?}");
    }

    fn polyline_ys(svg: &str) -> Vec<f64> {
        let pts = svg
            .split("<polyline class=\"heap\" points=\"")
            .nth(1)
            .unwrap();
        let pts = &pts[..pts.find('"').unwrap()];
        let y = |p: &str| p.split(',').nth(1).unwrap().parse().unwrap();
        pts.split_whitespace().map(y).collect()
    }

    #[test]
    fn parses_numbers_order_and_unknowns() {
        let trace = concat!(
            "{\"heap\":3e2, \"dur_us\":7, \"t_us\":12.5,\"ev\":\"step\",\"work\":1.5E1}\n",
            "\n   \n{\"ev\":\"mystery\",\"t_us\":1,\"heap\":2}\n",
            " { \"note\":\"a\\\"b\\\\\", \"ok\":true, \"n\":null, \"ev\":\"cycle_start\",",
            " \"kind\":\"minor\", \"t_us\":-0.5e-1, \"heap\":1024 }\n",
        );
        let evs = parse_trace(trace).unwrap();
        assert_eq!(evs.len(), 2, "the unknown event must be dropped");
        // Sorted by time: the cycle start at -0.05 us comes first.
        assert_eq!(
            (evs[0].ev.as_str(), evs[0].kind.as_str()),
            ("cycle_start", "minor")
        );
        assert_eq!((evs[0].t, evs[0].heap), (-0.05, 1024.0));
        assert_eq!(evs[1].ev, "step");
        assert_eq!((evs[1].t, evs[1].heap, evs[1].amount), (12.5, 300.0, 7.0));
    }

    #[test]
    fn bad_lines_and_empty_traces_are_errors() {
        let ok = ev("phase", 1.0, 2.0, ",\"phase\":\"atomic\"");
        for bad in [
            "[1,2]",
            "hello",
            "{\"ev\":\"phase\",\"t_us\":1",
            "{\"ev\":\"phase\",\"t_us\":1,\"heap\":2} junk",
            "{\"ev\":\"phase\",\"t_us\":\"1\",\"heap\":2}",
            "{\"ev\":\"phase\",\"t_us\":1}",
            "{\"t_us\":1,\"heap\":2}",
            "{\"ev\":\"step\",\"t_us\":1.2.3,\"heap\":2}",
        ] {
            let e = render(&format!("{ok}\n{bad}\n{ok}"), &ChartOptions::default()).unwrap_err();
            assert!(e.starts_with("line 3:"), "{bad:?} gave {e:?}");
        }
        let opts = ChartOptions::default();
        assert_eq!(render("", &opts).unwrap_err(), "empty trace");
        assert_eq!(render("\n  \n", &opts).unwrap_err(), "empty trace");
        let only_unknown = ev("mystery", 1.0, 2.0, "");
        assert_eq!(render(&only_unknown, &opts).unwrap_err(), "empty trace");
        check_well_formed(&render(&ok, &opts).unwrap()); // a single event still renders
    }

    #[test]
    fn renders_small_trace() {
        let t = r#"{"ev":"cycle_start","kind":"major","t_us":0,"heap":2e6}
{"ev":"step","t_us":100,"dur_us":100,"heap":2.1e6,"work":5}
{"ev":"phase","phase":"atomic","t_us":200,"heap":2.2e6}
{"ev":"finalizer","t_us":300,"heap":2.0e6}
{"ev":"weak_clear","t_us":400,"heap":1.9e6,"entries":4}
{"ev":"cycle_end","kind":"major","t_us":500,"heap":1.5e6,"freed_bytes":5e5,"freed_objects":9}
{"ev":"cycle_start","kind":"minor","t_us":2000,"heap":2.5e6}
{"ev":"step","t_us":2100,"dur_us":1230,"heap":2.4e6,"work":7}
{"ev":"finalizer","t_us":2500,"heap":2.3e6}
{"ev":"cycle_end","kind":"minor","t_us":3500,"heap":2.0e6,"freed_bytes":5e5,"freed_objects":9}
{"ev":"finalizer","t_us":4000,"heap":3.0e6}
{"ev":"weak_clear","t_us":4100,"heap":3.1e6,"entries":6}
{"ev":"cycle_start","kind":"incremental","t_us":5000,"heap":3.2e6}
{"ev":"step","t_us":5100,"dur_us":50,"heap":3.3e6,"work":1}
{"ev":"phase","phase":"propagate","t_us":6000,"heap":3.4e6}"#;
        let title = "a <b> & \"c\"".to_string();
        let opts = ChartOptions {
            title,
            ..Default::default()
        };
        let svg = render(t, &opts).unwrap();
        check_well_formed(&svg);
        let head = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 960 480\"";
        assert!(svg.starts_with(head));
        assert!(svg.contains(">a &lt;b&gt; &amp; &quot;c&quot;</text>"));
        // One band per cycle (the unterminated incremental one too) plus a legend swatch.
        assert_eq!(svg.matches("class=\"band major\"").count(), 2 + 1);
        assert_eq!(svg.matches("class=\"band minor\"").count(), 1 + 1);
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(polyline_ys(&svg).len(), 15);
        assert_eq!(svg.matches("class=\"fin\"").count(), 3 + 1);
        assert_eq!(svg.matches("class=\"weak\"").count(), 2 + 1);
        assert_eq!(svg.matches("class=\"pause\"").count(), 3 + 1);
        assert!(svg.contains(">max pause 1.23 ms</text>"));
        assert!(svg.contains("3 cycles (1 incremental, 1 major, 1 minor) | total pause 1.38 ms"));
        assert!(svg.contains("3 finalizers | 10 weak entries cleared | peak heap 3.2 MB"));
        assert!(svg.contains(">time (ms)</text>") && svg.contains(">heap (MB)</text>"));
        // The unterminated band runs to the last event, the right end of the x axis (936).
        let band = svg.split("class=\"band major\" x=\"").nth(2).unwrap();
        let num = |k: usize| band.split('"').nth(k).unwrap().parse::<f64>().unwrap();
        assert!(
            (num(0) + num(4) - 936.0).abs() < 0.2,
            "band ends at {}",
            num(0) + num(4)
        );
    }

    #[test]
    fn long_trace_is_bounded_and_keeps_peak() {
        let mut t = String::new();
        for i in 0..200_000 {
            let at = i as f64 * 150.0; // 30 s: also exercises the seconds unit
            let heap = if i == 123_457 {
                50.0 * MB
            } else {
                (8 + i % 97) as f64 * 65536.0
            };
            let kind = if i % 16 < 8 { "minor" } else { "major" };
            t.push_str(&match i % 8 {
                0 => ev("cycle_start", at, heap, &format!(",\"kind\":\"{kind}\"")),
                1 | 5 => ev("step", at, heap, ",\"dur_us\":20"),
                2 => ev("finalizer", at, heap, ""),
                3 => ev("weak_clear", at, heap, ",\"entries\":1"),
                7 => ev("cycle_end", at, heap, ""),
                _ => ev("phase", at, heap, ",\"phase\":\"sweep\""),
            });
        }
        let svg = render(&t, &ChartOptions::default()).unwrap();
        check_well_formed(&svg);
        assert!(svg.len() < 300_000, "svg is {} bytes", svg.len());
        let ys = polyline_ys(&svg);
        assert!(ys.len() <= 2 * 960, "{} points", ys.len());
        let top = ys.iter().copied().fold(f64::INFINITY, f64::min);
        assert_eq!(
            f1(top),
            f1(Axis::nice(0.0, 50.0).pos(50.0, 380.0, 40.0)),
            "peak lost"
        );
        assert!(svg.contains("peak heap 50.0 MB") && svg.contains(">time (s)</text>"));
        assert!(svg.contains("25000 cycles (12500 major, 12500 minor)"));
        assert!(svg.contains("25000 finalizers | 25000 weak entries cleared"));
    }

    #[test]
    fn nice_axes_have_five_to_eight_ticks() {
        for lo in [0.0, 3.7, 1234.0] {
            for i in 0..400 {
                let span = 10f64.powf(i as f64 / 97.0 - 2.0);
                let a = Axis::nice(lo, lo + span);
                let n = a.ticks().len();
                assert!((5..=8).contains(&n), "{lo}+{span}: {n} ticks");
                assert!(a.lo <= lo + 1e-9 && a.hi >= lo + span - 1e-9, "{lo}+{span}");
                let m = a.step / 10f64.powf(a.step.log10().floor());
                assert!(
                    [1.0, 2.0, 5.0].iter().any(|k| (m - k).abs() < 1e-6),
                    "{}",
                    a.step
                );
            }
        }
        assert_eq!(Axis::nice(0.0, 2.0).label(1.5), "1.5");
        assert_eq!(Axis::nice(0.0, 40.0).label(20.0), "20");
        assert_eq!(
            (f1(12.345), f1(-0.04), f1(7.0)),
            ("12.3".into(), "0".into(), "7".into())
        );
        assert_eq!(
            (fmt_dur(1234.0), fmt_dur(2.5e6)),
            ("1.23 ms".into(), "2.50 s".into())
        );
    }
}

//! `os.date` and `os.time` without Lua values (loslib.c over C's `gmtime`, `localtime`,
//! `mktime` and `strftime`): broken-down time, the conversions lua5.4 accepts with their
//! C-locale (glibc) output, the date table's field rules and `mktime`'s normalisation.
//!
//! Calendar arithmetic is done here on 64-bit integers (the proleptic Gregorian calendar,
//! as glibc's), so `gmtime` needs nothing from the system. The local time zone comes from
//! the `tz-rs` crate (`tz`), which reads `TZ` (a zone name, a file or a POSIX rule) or
//! /etc/localtime as glibc does, and is written in safe Rust: the library must not call C's
//! `localtime_r` through `unsafe`, and `chrono`'s `Local` gives an offset but neither the
//! daylight-saving flag (`isdst`) nor the zone's abbreviation (`%Z`).

use super::lib_error::LibError;

/// C's `struct tm`, with the year as a calendar year (`tm_year + 1900`), the month 1-12
/// and the day of the year 0-365.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tm {
    /// Calendar year (`tm_year + 1900`).
    pub year: i64,
    /// Month, 1-12.
    pub month: u32,
    /// Day of the month, 1-31.
    pub day: u32,
    /// Hour, 0-23.
    pub hour: u32,
    /// Minute, 0-59.
    pub min: u32,
    /// Second, 0-60 (60 for a leap second).
    pub sec: u32,
    /// 0 = Sunday.
    pub wday: u32,
    /// 0 = January 1st.
    pub yday: u32,
    /// Whether daylight saving time is in effect.
    pub isdst: bool,
    /// Seconds east of UTC (`tm_gmtoff`).
    pub gmtoff: i64,
    /// The zone's abbreviation (`tm_zone`): "GMT" for `gmtime`, as glibc's.
    pub zone: String,
}

/// Days from 1970-01-01 to the given date (month 1-12, any day count).
pub fn days_from_civil(year: i64, month: u32, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468 + (day - 1)
}

/// The date `days` after 1970-01-01: (year, month 1-12, day 1-31).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Whether `tm_year` (`year - 1900`) fits C's `int`: `gmtime` and `localtime` fail past it.
fn year_fits(year: i64) -> bool {
    i32::try_from(year - 1900).is_ok()
}

/// The broken-down time of `t` at `gmtoff` seconds east of UTC, or `None` where C's
/// `struct tm` cannot hold the year.
fn breakdown(t: i64, gmtoff: i64, isdst: bool, zone: &str) -> Option<Tm> {
    let local = t.checked_add(gmtoff)?;
    let days = local.div_euclid(86400);
    let secs = local.rem_euclid(86400);
    let (year, month, day) = civil_from_days(days);
    if !year_fits(year) {
        return None;
    }
    Some(Tm {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        min: (secs / 60 % 60) as u32,
        sec: (secs % 60) as u32,
        wday: (days + 4).rem_euclid(7) as u32,
        yday: (days - days_from_civil(year, 1, 1)) as u32,
        isdst,
        gmtoff,
        zone: zone.to_string(),
    })
}

/// C's `gmtime`.
pub fn gmtime(t: i64) -> Option<Tm> {
    breakdown(t, 0, false, "GMT")
}

/// The local time zone as glibc finds it: `TZ` if set (empty means UTC), else
/// /etc/localtime; UTC where neither can be read.
fn local_zone() -> tz::TimeZone {
    let zone = match std::env::var("TZ") {
        Ok(s) if s.is_empty() => None,
        Ok(s) => tz::TimeZone::from_posix_tz(&s).ok(),
        Err(_) => tz::TimeZone::local().ok(),
    };
    zone.unwrap_or_else(tz::TimeZone::utc)
}

/// The local time type at instant `t`: (seconds east of UTC, daylight saving, abbreviation).
fn local_type(zone: &tz::TimeZone, t: i64) -> (i64, bool, String) {
    match zone.find_local_time_type(t) {
        Ok(l) => {
            let name = match l.time_zone_designation() {
                "" => "UTC",
                n => n,
            };
            (i64::from(l.ut_offset()), l.is_dst(), name.to_string())
        }
        Err(_) => (0, false, "UTC".to_string()),
    }
}

/// C's `localtime`.
pub fn localtime(t: i64) -> Option<Tm> {
    localtime_in(&local_zone(), t)
}

fn localtime_in(zone: &tz::TimeZone, t: i64) -> Option<Tm> {
    let (off, dst, name) = local_type(zone, t);
    breakdown(t, off, dst, &name)
}

/// A date table's field as `lua_getfield` + `lua_tointegerx` saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// nil.
    Absent,
    /// An integer, or a float or string convertible to one.
    Int(i64),
    /// Any other value.
    NotInt,
}

/// loslib.c's `getfield`: the field `key` of a date table, less `delta` (1900 for the year,
/// 1 for the month), as C's `int`. `default` is `None` for the fields that must be there.
pub fn date_field(key: &str, v: Field, default: Option<i32>, delta: i32) -> Result<i32, LibError> {
    match v {
        Field::Int(res) => {
            let delta = i64::from(delta);
            let ok = if res >= 0 {
                (res as u64) <= i32::MAX as u64 + delta as u64
            } else {
                i64::from(i32::MIN) + delta <= res
            };
            if !ok {
                return Err(LibError::plain(format!("field '{key}' is out-of-bound")));
            }
            Ok((res - delta) as i32)
        }
        Field::NotInt => Err(LibError::plain(format!("field '{key}' is not an integer"))),
        Field::Absent => {
            default.ok_or_else(|| LibError::plain(format!("field '{key}' missing in date table")))
        }
    }
}

/// The fields `os.time` gives `mktime`, as C's `struct tm` holds them (`year` is
/// `tm_year`, `month` 0-based); `isdst` is `None` where the table has no `isdst`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TmFields {
    /// Years since 1900 (`tm_year`).
    pub year: i32,
    /// Month, 0-based (`tm_mon`); out-of-range values are normalised by `mktime`.
    pub month: i32,
    /// Day of the month (`tm_mday`).
    pub day: i32,
    /// Hour (`tm_hour`).
    pub hour: i32,
    /// Minute (`tm_min`).
    pub min: i32,
    /// Second (`tm_sec`).
    pub sec: i32,
    /// `tm_isdst`: `None` lets `mktime` decide (C's -1).
    pub isdst: Option<bool>,
}

/// The message of `os.time` when `mktime` fails (or gives -1, which lua5.4 cannot tell
/// from a failure).
pub const TIME_UNREPRESENTABLE: &str = "time result cannot be represented in this installation";
/// The message of `os.date` when the time has no broken-down form.
pub const DATE_UNREPRESENTABLE: &str = "date result cannot be represented in this installation";

/// The fields as wall-clock seconds since 1970-01-01 00:00, normalised as `mktime` does
/// (month 14 is February of the next year, day 0 the last of the month before, ...).
fn wall_seconds(f: &TmFields) -> i64 {
    let month = i64::from(f.month);
    let year = i64::from(f.year) + 1900 + month.div_euclid(12);
    let days = days_from_civil(year, month.rem_euclid(12) as u32 + 1, i64::from(f.day));
    days * 86400 + i64::from(f.hour) * 3600 + i64::from(f.min) * 60 + i64::from(f.sec)
}

/// C's `mktime`: the instant the fields name in the local zone, and its broken-down time
/// (the fields normalised); `None` where that has no `struct tm`.
pub fn mktime(f: &TmFields) -> Option<(i64, Tm)> {
    mktime_in(&local_zone(), f)
}

/// `mktime` in `zone`. A wanted `isdst` that differs from the flag in force is honoured as
/// glibc (gnulib's mktime.c) does: the offset of the nearest instant, probing a week at a
/// time up to some four years either way, whose flag is the wanted one; with none, a wanted
/// daylight-saving time is read as one hour ahead of standard time.
fn mktime_in(zone: &tz::TimeZone, f: &TmFields) -> Option<(i64, Tm)> {
    let wall = wall_seconds(f);
    let (off0, _, _) = local_type(zone, wall);
    let (off1, _, _) = local_type(zone, wall - off0);
    let mut t = wall - off1;
    let (_, dst, _) = local_type(zone, t);
    if let Some(want) = f.isdst {
        if dst != want {
            const STRIDE: i64 = 601_200;
            const BOUND: i64 = 536_454_000 / 2 + STRIDE;
            let other = (1..)
                .map(|k| k * STRIDE)
                .take_while(|d| *d < BOUND)
                .flat_map(|d| [t - d, t + d])
                .map(|probe| local_type(zone, probe))
                .find(|(_, d, _)| *d == want);
            t = match other {
                Some((off, _, _)) => wall - off,
                None if want => t - 3600,
                None => t + 3600,
            };
        }
    }
    Some((t, localtime_in(zone, t)?))
}

/// `os.date`'s format: whether it asks for UTC (`!`), and the rest.
pub fn split_utc(format: &[u8]) -> (bool, &[u8]) {
    match format.split_first() {
        Some((b'!', rest)) => (true, rest),
        _ => (false, format),
    }
}

/// Whether the format (after `!`) asks for the table: `strcmp(s, "*t") == 0`, so the
/// comparison ends at a zero byte.
pub fn wants_table(format: &[u8]) -> bool {
    format.split(|&b| b == 0).next() == Some(b"*t")
}

/// The conversions `strftime` may get from lua5.4 (`LUA_STRFTIMEOPTIONS` for C99): one
/// character, then two with the `E` and `O` modifiers.
const OPTIONS_1: &[u8] = b"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
const OPTIONS_2: &[&[u8]] = &[
    b"Ec", b"EC", b"Ex", b"EX", b"Ey", b"EY", b"Od", b"Oe", b"OH", b"OI", b"Om", b"OM", b"OS",
    b"Ou", b"OU", b"OV", b"Ow", b"OW", b"Oy",
];

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `os.date(format)` once `!` is taken off and the format is not `*t`: each conversion
/// checked as loslib.c's `checkoption` does, then written as glibc's `strftime` writes it
/// in the C locale.
pub fn strftime(format: &[u8], tm: &Tm, out: &mut Vec<u8>) -> Result<(), LibError> {
    let mut i = 0;
    while i < format.len() {
        let c = format[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let rest = &format[i..];
        let conv = if rest.first().is_some_and(|c| OPTIONS_1.contains(c)) {
            i += 1;
            rest[0]
        } else if rest.len() >= 2 && OPTIONS_2.contains(&&rest[..2]) {
            // In the C locale the E and O forms are the plain conversions.
            i += 2;
            rest[1]
        } else {
            // lua5.4 quotes the rest of the format, up to a zero byte.
            let shown = rest.split(|&b| b == 0).next().unwrap_or_default();
            return Err(LibError::arg(
                1,
                format!(
                    "invalid conversion specifier '%{}'",
                    String::from_utf8_lossy(shown)
                ),
            ));
        };
        convert(conv, tm, out);
    }
    Ok(())
}

/// The year as glibc prints it: `tm_year + 1900` in C's `int`, which wraps for the last
/// 1900 years `tm_year` can hold.
fn shown_year(year: i64) -> i64 {
    i64::from(((year - 1900) as i32).wrapping_add(1900))
}

/// Days from the Monday that starts week 1 of the ISO year to the day `yday` (glibc's
/// `iso_week_days`): negative if the day belongs to the year before.
fn iso_week_days(yday: i64, wday: i64) -> i64 {
    // Week 1 holds the year's first Thursday (4); weeks start on Monday (1).
    yday - (yday - wday + 4 + 378).rem_euclid(7) + 4 - 1
}

/// The ISO 8601 week-based year and week number (`%G`, `%g`, `%V`).
fn iso_week(tm: &Tm) -> (i64, u32) {
    let (yday, wday) = (i64::from(tm.yday), i64::from(tm.wday));
    let year_days = |y: i64| if is_leap(y) { 366 } else { 365 };
    let days = iso_week_days(yday, wday);
    if days < 0 {
        let days = iso_week_days(yday + year_days(tm.year - 1), wday);
        return (tm.year - 1, (days / 7 + 1) as u32);
    }
    let next = iso_week_days(yday - year_days(tm.year), wday);
    if next >= 0 {
        return (tm.year + 1, (next / 7 + 1) as u32);
    }
    (tm.year, (days / 7 + 1) as u32)
}

fn push_num(out: &mut Vec<u8>, v: i64, width: usize, pad: u8) {
    let s = v.unsigned_abs().to_string();
    if v < 0 {
        out.push(b'-');
    }
    for _ in s.len()..width {
        out.push(pad);
    }
    out.extend_from_slice(s.as_bytes());
}

fn convert(conv: u8, tm: &Tm, out: &mut Vec<u8>) {
    let hour12 = match tm.hour % 12 {
        0 => 12,
        h => h,
    };
    let year = shown_year(tm.year);
    let two = |out: &mut Vec<u8>, v: u32| push_num(out, i64::from(v), 2, b'0');
    match conv {
        b'a' => out.extend_from_slice(&DAYS[tm.wday as usize].as_bytes()[..3]),
        b'A' => out.extend_from_slice(DAYS[tm.wday as usize].as_bytes()),
        b'b' | b'h' => out.extend_from_slice(&MONTHS[tm.month as usize - 1].as_bytes()[..3]),
        b'B' => out.extend_from_slice(MONTHS[tm.month as usize - 1].as_bytes()),
        b'c' => {
            for c in [b'a', b' ', b'b', b' ', b'e', b' ', b'T', b' ', b'Y'] {
                if c == b' ' {
                    out.push(b' ');
                } else {
                    convert(c, tm, out);
                }
            }
        }
        b'C' => push_num(out, year.div_euclid(100), 1, b'0'),
        b'd' => two(out, tm.day),
        b'D' | b'x' => {
            two(out, tm.month);
            out.push(b'/');
            two(out, tm.day);
            out.push(b'/');
            convert(b'y', tm, out);
        }
        b'e' => push_num(out, i64::from(tm.day), 2, b' '),
        b'F' => {
            push_num(out, year, 1, b'0');
            out.push(b'-');
            two(out, tm.month);
            out.push(b'-');
            two(out, tm.day);
        }
        b'g' => {
            let (g, _) = iso_week(tm);
            push_num(out, shown_year(g).rem_euclid(100), 2, b'0');
        }
        b'G' => push_num(out, shown_year(iso_week(tm).0), 1, b'0'),
        b'H' => two(out, tm.hour),
        b'I' => two(out, hour12),
        b'j' => push_num(out, i64::from(tm.yday) + 1, 3, b'0'),
        b'm' => two(out, tm.month),
        b'M' => two(out, tm.min),
        b'n' => out.push(b'\n'),
        b'p' => out.extend_from_slice(if tm.hour < 12 { b"AM" } else { b"PM" }),
        b'r' => {
            two(out, hour12);
            out.push(b':');
            two(out, tm.min);
            out.push(b':');
            two(out, tm.sec);
            out.push(b' ');
            convert(b'p', tm, out);
        }
        b'R' => {
            two(out, tm.hour);
            out.push(b':');
            two(out, tm.min);
        }
        b'S' => two(out, tm.sec),
        b't' => out.push(b'\t'),
        b'T' | b'X' => {
            two(out, tm.hour);
            out.push(b':');
            two(out, tm.min);
            out.push(b':');
            two(out, tm.sec);
        }
        b'u' => push_num(out, i64::from((tm.wday + 6) % 7 + 1), 1, b'0'),
        b'U' => two(out, (tm.yday + 7 - tm.wday) / 7),
        b'V' => two(out, iso_week(tm).1),
        b'w' => push_num(out, i64::from(tm.wday), 1, b'0'),
        b'W' => two(out, (tm.yday + 7 - (tm.wday + 6) % 7) / 7),
        b'y' => two(out, tm.year.rem_euclid(100) as u32),
        b'Y' => push_num(out, year, 1, b'0'),
        b'z' => {
            let minutes = tm.gmtoff / 60;
            out.push(if tm.gmtoff < 0 { b'-' } else { b'+' });
            let m = minutes.unsigned_abs();
            push_num(out, ((m / 60) * 100 + m % 60) as i64, 4, b'0');
        }
        b'Z' => out.extend_from_slice(tm.zone.as_bytes()),
        b'%' => out.push(b'%'),
        _ => unreachable!("checked conversion"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `testdata/date.txt`, from `TZ=UTC lua5.4 testdata/date.lua > testdata/date.txt`:
    /// `D <format> <time> <result>` lines for `os.date`, `T <fields> <result>` lines for
    /// `os.time` (fields `year,month,day,hour,min,sec,isdst`, `_` for absent), results
    /// `ok <text>` or `err <message>`.
    #[test]
    fn date_and_time_against_lua() {
        let data = include_str!("testdata/date.txt");
        let mut failures = Vec::new();
        for line in data.lines() {
            let mut parts = line.split('\t');
            let kind = parts.next().unwrap();
            let got = match kind {
                "D" => {
                    let fmt = crate::shared::test_escapes::decode(parts.next().unwrap());
                    let t: i64 = parts.next().unwrap().parse().unwrap();
                    run_date(&fmt, t)
                }
                "T" => {
                    let fields: Vec<&str> = parts.next().unwrap().split(',').collect();
                    run_time(&fields)
                }
                _ => panic!("bad line {line}"),
            };
            let want = parts.next().unwrap();
            let want = crate::shared::test_escapes::decode(want);
            if got != want {
                failures.push(format!("{line}\n   got: {}", String::from_utf8_lossy(&got)));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    fn show_tm(tm: &Tm) -> String {
        format!(
            "{}-{}-{} {}:{}:{} w{} y{} {}",
            tm.year,
            tm.month,
            tm.day,
            tm.hour,
            tm.min,
            tm.sec,
            tm.wday + 1,
            tm.yday + 1,
            tm.isdst
        )
    }

    fn run_date(fmt: &[u8], t: i64) -> Vec<u8> {
        let (utc, rest) = split_utc(fmt);
        // The local side runs in UTC (lua5.4 with TZ=UTC), whatever the machine's zone.
        let tm = if utc {
            gmtime(t)
        } else {
            localtime_in(&tz::TimeZone::utc(), t)
        };
        let Some(tm) = tm else {
            return format!("err {DATE_UNREPRESENTABLE}").into_bytes();
        };
        if wants_table(rest) {
            return format!("ok {}", show_tm(&tm)).into_bytes();
        }
        let mut out = b"ok ".to_vec();
        match strftime(rest, &tm, &mut out) {
            Ok(()) => out,
            Err(e) => format!("err {e}").into_bytes(),
        }
    }

    fn run_time(fields: &[&str]) -> Vec<u8> {
        let get = |i: usize| match fields[i] {
            "_" => Field::Absent,
            "x" => Field::NotInt,
            s => Field::Int(s.parse().unwrap()),
        };
        let r = (|| -> Result<String, LibError> {
            let f = TmFields {
                year: date_field("year", get(0), None, 1900)?,
                month: date_field("month", get(1), None, 1)?,
                day: date_field("day", get(2), None, 0)?,
                hour: date_field("hour", get(3), Some(12), 0)?,
                min: date_field("min", get(4), Some(0), 0)?,
                sec: date_field("sec", get(5), Some(0), 0)?,
                isdst: match fields[6] {
                    "_" => None,
                    s => Some(s == "true"),
                },
            };
            match mktime_in(&tz::TimeZone::utc(), &f) {
                Some((t, tm)) if t != -1 => Ok(format!("{t} {}", show_tm(&tm))),
                _ => Err(LibError::plain(TIME_UNREPRESENTABLE)),
            }
        })();
        match r {
            Ok(s) => format!("ok {s}").into_bytes(),
            Err(e) => format!("err {e}").into_bytes(),
        }
    }
}

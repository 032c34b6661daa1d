//! Listings in the format of `luac5.4 -l -l` (`PrintFunction` in luac.c), so compiled code
//! can be diffed against the reference compiler.
//!
//! Addresses are fake and stable: `0x1` for the main function, then the nested functions
//! numbered in the order they are listed (tests normalise addresses anyway).

use std::fmt::Write;

use super::opcode::*;
use super::proto::{Constant, Proto};
use crate::shared::number::{fmt_float, fmt_int};
use crate::shared::tm::Tm;

/// The listing of `p` and every function nested in it, in the format of `luac5.4 -l -l`
/// (where luac prints an address, the listing numbers the functions in listing order).
///
/// ```
/// let arena = bumpalo::Bump::new();
/// let chunk = moonlab::syntax::parse(&arena, b"local x = ... return x + 1", b"=example").unwrap();
/// let proto = moonlab::compiler::compile(&chunk).unwrap();
/// let listing = moonlab::compiler::disasm::disassemble(&proto);
/// assert!(listing.contains("0+ params, 2 slots, 1 upvalue, 1 local, 0 constants, 0 functions"));
/// assert!(listing.contains("\t3\t[1]\tADDI     \t1 0 1\n"));
/// ```
pub fn disassemble(p: &Proto) -> String {
    let mut out = String::new();
    print_function(p, 1, &mut out);
    out
}

/// Functions in the tree of `p` (itself included).
fn count(p: &Proto) -> usize {
    1 + p.protos.iter().map(|c| count(c)).sum::<usize>()
}

fn print_function(p: &Proto, id: usize, out: &mut String) {
    // Children are numbered in listing (pre-)order.
    let mut child_ids = Vec::with_capacity(p.protos.len());
    let mut next = id + 1;
    for c in &p.protos {
        child_ids.push(next);
        next += count(c);
    }
    print_header(p, id, out);
    print_code(p, &child_ids, out);
    print_debug(p, id, out);
    for (c, &cid) in p.protos.iter().zip(&child_ids) {
        print_function(c, cid, out);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn print_header(p: &Proto, id: usize, out: &mut String) {
    let src: &[u8] = &p.source;
    let name: String = match src.first() {
        Some(b'@') | Some(b'=') => String::from_utf8_lossy(&src[1..]).into_owned(),
        Some(0x1b) => "(bstring)".into(),
        _ => "(string)".into(),
    };
    let n = p.code.len();
    let _ = writeln!(
        out,
        "\n{} <{}:{},{}> ({} instruction{} at 0x{:x})",
        if p.line_defined == 0 {
            "main"
        } else {
            "function"
        },
        name,
        p.line_defined,
        p.last_line_defined,
        n,
        plural(n),
        id
    );
    let np = p.num_params as usize;
    let ms = p.max_stack as usize;
    let nu = p.upvalues.len();
    let _ = write!(
        out,
        "{}{} param{}, {} slot{}, {} upvalue{}, ",
        np,
        if p.is_vararg { "+" } else { "" },
        plural(np),
        ms,
        plural(ms),
        nu,
        plural(nu)
    );
    let (nl, nk, nf) = (p.locals.len(), p.constants.len(), p.protos.len());
    let _ = writeln!(
        out,
        "{} local{}, {} constant{}, {} function{}",
        nl,
        plural(nl),
        nk,
        plural(nk),
        nf,
        plural(nf)
    );
}

/// A constant as luac prints it: floats always look like floats, strings quoted.
pub fn constant_text(c: &Constant) -> String {
    match c {
        Constant::Nil => "nil".into(),
        Constant::Bool(b) => b.to_string(),
        Constant::Int(i) => {
            let mut v = Vec::new();
            fmt_int(*i, &mut v);
            String::from_utf8_lossy(&v).into_owned()
        }
        Constant::Float(f) => {
            let mut v = Vec::new();
            fmt_float(*f, &mut v);
            String::from_utf8_lossy(&v).into_owned()
        }
        Constant::Str(s) => quote(s),
    }
}

/// `PrintString`: C escapes for the usual controls, `\ddd` for other unprintable bytes.
fn quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for &c in s {
        match c {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x0b => out.push_str("\\v"),
            0x20..=0x7e => out.push(c as char),
            _ => {
                let _ = write!(out, "\\{c:03}");
            }
        }
    }
    out.push('"');
    out
}

fn upval_name(p: &Proto, i: u32) -> &str {
    p.upvalues.get(i as usize).map_or("-", |u| &u.name)
}

fn kst(p: &Proto, i: u32) -> String {
    p.constants
        .get(i as usize)
        .map_or_else(|| "?".into(), constant_text)
}

fn print_code(p: &Proto, child_ids: &[usize], out: &mut String) {
    for (pc, &i) in p.code.iter().enumerate() {
        let o = op(i);
        let (a, b, c) = (arg_a(i), arg_b(i), arg_c(i));
        let (sb, sc, bx, sbx) = (arg_sb(i), arg_sc(i), arg_bx(i), arg_sbx(i));
        let isk = arg_k(i);
        let k = if isk { "k" } else { "" };
        let line = p.lines.get(pc).copied().unwrap_or(0);
        let _ = write!(out, "\t{}\t", pc + 1);
        if line > 0 {
            let _ = write!(out, "[{line}]\t");
        } else {
            out.push_str("[-]\t");
        }
        let _ = write!(out, "{:<9}\t", o.name());
        let extra = || p.code.get(pc + 1).map_or(0, |&n| arg_ax(n));
        let pc = pc as i64;
        use OpCode::*;
        let _ = match o {
            Move | Unm | BNot | Not | Len | Concat => write!(out, "{a} {b}"),
            LoadI | LoadF => write!(out, "{a} {sbx}"),
            LoadK => write!(out, "{a} {bx}\t; {}", kst(p, bx)),
            LoadKX => write!(out, "{a}\t; {}", kst(p, extra())),
            LoadFalse | LFalseSkip | LoadTrue | Close | Tbc | Return1 | VarArgPrep => {
                write!(out, "{a}")
            }
            LoadNil => write!(out, "{a} {b}\t; {} out", b + 1),
            GetUpval | SetUpval => write!(out, "{a} {b}\t; {}", upval_name(p, b)),
            GetTabUp => write!(out, "{a} {b} {c}\t; {} {}", upval_name(p, b), kst(p, c)),
            GetTable | GetI => write!(out, "{a} {b} {c}"),
            GetField => write!(out, "{a} {b} {c}\t; {}", kst(p, c)),
            SetTabUp => {
                let _ = write!(out, "{a} {b} {c}{k}\t; {} {}", upval_name(p, a), kst(p, b));
                if isk {
                    let _ = write!(out, " {}", kst(p, c));
                }
                Ok(())
            }
            SetTable | SetI | SelfOp => {
                let _ = write!(out, "{a} {b} {c}{k}");
                if isk {
                    let _ = write!(out, "\t; {}", kst(p, c));
                }
                Ok(())
            }
            SetField => {
                let _ = write!(out, "{a} {b} {c}{k}\t; {}", kst(p, b));
                if isk {
                    let _ = write!(out, " {}", kst(p, c));
                }
                Ok(())
            }
            NewTable => write!(out, "{a} {b} {c}\t; {}", c + extra() * (MAXARG_C + 1)),
            AddI | ShrI | ShlI => write!(out, "{a} {b} {sc}"),
            AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK => {
                write!(out, "{a} {b} {c}\t; {}", kst(p, c))
            }
            Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
                write!(out, "{a} {b} {c}")
            }
            MmBin => write!(out, "{a} {b} {c}\t; {}", event(c)),
            MmBinI => {
                let _ = write!(out, "{a} {sb} {c} {}\t; {}", isk as u8, event(c));
                if isk {
                    out.push_str(" flip");
                }
                Ok(())
            }
            MmBinK => {
                let _ = write!(
                    out,
                    "{a} {b} {c} {}\t; {} {}",
                    isk as u8,
                    event(c),
                    kst(p, b)
                );
                if isk {
                    out.push_str(" flip");
                }
                Ok(())
            }
            Jmp => {
                let sj = arg_sj(i) as i64;
                write!(out, "{sj}\t; to {}", sj + pc + 2)
            }
            Eq | Lt | Le => write!(out, "{a} {b} {}", isk as u8),
            EqK => write!(out, "{a} {b} {}\t; {}", isk as u8, kst(p, b)),
            EqI | LtI | LeI | GtI | GeI => write!(out, "{a} {sb} {}", isk as u8),
            Test => write!(out, "{a} {}", isk as u8),
            TestSet => write!(out, "{a} {b} {}", isk as u8),
            Call => {
                let _ = write!(out, "{a} {b} {c}\t; ");
                if b == 0 {
                    out.push_str("all in ");
                } else {
                    let _ = write!(out, "{} in ", b as i64 - 1);
                }
                if c == 0 {
                    out.push_str("all out");
                } else {
                    let _ = write!(out, "{} out", c as i64 - 1);
                }
                Ok(())
            }
            TailCall => write!(out, "{a} {b} {c}{k}\t; {} in", b as i64 - 1),
            Return => {
                let _ = write!(out, "{a} {b} {c}{k}\t; ");
                if b == 0 {
                    out.push_str("all out");
                } else {
                    let _ = write!(out, "{} out", b as i64 - 1);
                }
                Ok(())
            }
            Return0 => Ok(()),
            ForLoop | TForLoop => write!(out, "{a} {bx}\t; to {}", pc - bx as i64 + 2),
            ForPrep => write!(out, "{a} {bx}\t; exit to {}", pc + bx as i64 + 3),
            TForPrep => write!(out, "{a} {bx}\t; to {}", pc + bx as i64 + 2),
            TForCall => write!(out, "{a} {c}"),
            SetList => {
                let _ = write!(out, "{a} {b} {c}");
                if isk {
                    let _ = write!(out, "\t; {}", c + extra() * (MAXARG_C + 1));
                }
                Ok(())
            }
            Closure => {
                let target = child_ids.get(bx as usize).copied().unwrap_or(0);
                write!(out, "{a} {bx}\t; 0x{target:x}")
            }
            VarArg => {
                let _ = write!(out, "{a} {c}\t; ");
                if c == 0 {
                    out.push_str("all out");
                } else {
                    let _ = write!(out, "{} out", c as i64 - 1);
                }
                Ok(())
            }
            ExtraArg => write!(out, "{}", arg_ax(i)),
        };
        out.push('\n');
    }
}

fn event(c: u32) -> &'static str {
    Tm::event(c).map_or("?", Tm::name)
}

fn print_debug(p: &Proto, id: usize, out: &mut String) {
    let _ = writeln!(out, "constants ({}) for 0x{:x}:", p.constants.len(), id);
    for (i, c) in p.constants.iter().enumerate() {
        let tag = match c {
            Constant::Nil => "N",
            Constant::Bool(_) => "B",
            Constant::Float(_) => "F",
            Constant::Int(_) => "I",
            Constant::Str(_) => "S",
        };
        let _ = writeln!(out, "\t{i}\t{tag}\t{}", constant_text(c));
    }
    let _ = writeln!(out, "locals ({}) for 0x{:x}:", p.locals.len(), id);
    for (i, v) in p.locals.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}\t{}",
            i,
            v.name,
            v.start_pc + 1,
            v.end_pc + 1
        );
    }
    let _ = writeln!(out, "upvalues ({}) for 0x{:x}:", p.upvalues.len(), id);
    for (i, u) in p.upvalues.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}\t{}",
            i, u.name, u.in_stack as u8, u.index
        );
    }
}

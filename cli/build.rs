//! Lays out the functions the benchmark programs run first in the release binary's code
//! (link-order.txt, written by benches/link_order.sh, which says why: the kernel maps code
//! 64 KB around each page executed, and the peak RSS counts it).
//!
//! Only LLD reads `--symbol-ordering-file`, and rustc links with its own LLD by default
//! only on x86_64 Linux; elsewhere, or when the build names a linker of its own, the
//! binary keeps the compiler's order. `MOONLAB_NO_LINK_ORDER=1` turns it off by hand.
fn main() {
    println!("cargo::rerun-if-changed=link-order.txt");
    println!("cargo::rerun-if-env-changed=MOONLAB_NO_LINK_ORDER");
    println!("cargo::rerun-if-env-changed=CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let rustflags = env("CARGO_ENCODED_RUSTFLAGS");
    let own_linker = rustflags.contains("linker")
        || rustflags.contains("link-self-contained")
        || !env("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_empty();
    if env("TARGET") != "x86_64-unknown-linux-gnu"
        || env("PROFILE") != "release"
        || own_linker
        || !env("MOONLAB_NO_LINK_ORDER").is_empty()
    {
        return;
    }
    let list = format!("{}/link-order.txt", env("CARGO_MANIFEST_DIR"));
    println!("cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={list}");
    // A name the binary no longer has (a renamed function) is not an error: the function
    // keeps the compiler's place. benches/rss.sh counts how many still match.
    println!("cargo::rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    // .init, .fini and .plt before .text rather than after it: ld.so runs .init at
    // start-up and exit runs .fini and a .plt stub, which faulted in the last 64 KB of
    // code as well (init-first.ld; papers/performance.md, m5init).
    println!("cargo::rerun-if-changed=init-first.ld");
    println!(
        "cargo::rustc-link-arg-bins=-Wl,-T,{}/init-first.ld",
        env("CARGO_MANIFEST_DIR")
    );
    // Relative relocations packed (DT_RELR): the 66 KB .rela.dyn the loader reads at start-up
    // shrinks to 1 KB. The binary then needs glibc 2.36, so only where the build's is as new.
    if glibc_at_least(2, 36) {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether the C library the binary will run on here is glibc MAJOR.MINOR or newer.
fn glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(out) = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
    else {
        return false;
    };
    // "glibc 2.36"
    let text = String::from_utf8_lossy(&out.stdout);
    let Some((ma, mi)) = text
        .trim()
        .strip_prefix("glibc ")
        .and_then(|v| v.split_once('.'))
    else {
        return false;
    };
    let num = |s: &str| {
        s.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse::<u32>()
    };
    matches!((num(ma), num(mi)), (Ok(a), Ok(b)) if (a, b) >= (major, minor))
}

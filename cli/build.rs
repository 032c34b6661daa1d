//! Lays out the functions the benchmark programs run first in the release binary's code
//! (link-order.txt, written by benches/link_order.sh, which says why: the kernel maps code
//! 64 KB around each page executed, and the peak RSS counts it).
//!
//! Only LLD reads `--symbol-ordering-file`, and rustc links with its own LLD by default
//! only on x86_64 Linux; elsewhere, or when the build names a linker of its own, the
//! binary keeps the compiler's order. `MOONLAB_NO_LINK_ORDER=1` turns it off by hand.
//!
//! In the same builds the C library is linked in (a static PIE, `static_pie` below), so
//! that its code is laid out by the same list instead of mapped from libc.so.
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
    static_pie();
}

/// Links the C library into the binary (a static PIE): no libc.so, libm.so, libgcc_s.so or
/// ld.so mapped at run time. Each shared library costs a process the 64 KB fault-around
/// windows of all the code it runs there (libc's text alone was ~1 MB resident), where
/// linked in, the few libc functions the VM calls are laid out with the rest of the code
/// (papers/performance.md, m6static). `MOONLAB_NO_STATIC=1` keeps the dynamic link.
///
/// `-C target-feature=+crt-static` would say it directly, but a build script cannot set
/// it, and in RUSTFLAGS it also reaches the host's proc-macro crates, which cannot be
/// static. So the binary's link asks the C compiler driver for `-static-pie` (its start
/// files and no interpreter), and the libraries rustc names for a dynamic link (`-lgcc_s
/// -lutil -lrt -lpthread -lm -ldl -lc`, after a `-Bdynamic`) are found first in OUT_DIR as
/// linker scripts that name the static archives instead.
fn static_pie() {
    println!("cargo::rerun-if-env-changed=MOONLAB_NO_STATIC");
    if !std::env::var("MOONLAB_NO_STATIC")
        .unwrap_or_default()
        .is_empty()
    {
        return;
    }
    // Where the C compiler finds each archive; "name" alone back means it has none.
    let archive = |name: &str| -> Option<String> {
        let out = std::process::Command::new("cc")
            .arg(format!("-print-file-name={name}"))
            .output()
            .ok()?;
        let path = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (path != name && std::path::Path::new(&path).is_file()).then_some(path)
    };
    let needed = ["libc.a", "libm.a", "libgcc.a", "libgcc_eh.a", "rcrt1.o"];
    let Some(found) = needed
        .iter()
        .map(|n| archive(n))
        .collect::<Option<Vec<_>>>()
    else {
        return; // no static C library here (libc6-dev without libc.a): keep the dynamic link
    };
    let (libc, libm, libgcc, libgcc_eh) = (&found[0], &found[1], &found[2], &found[3]);
    let dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("static-libs");
    std::fs::create_dir_all(&dir).unwrap();
    // glibc 2.34+ has libpthread, libdl, librt and libutil inside libc; their names stay.
    let scripts = [
        ("libc.so", format!("GROUP ( {libc} {libgcc} {libgcc_eh} )")),
        ("libm.so", format!("INPUT ( {libm} )")),
        ("libgcc_s.so", format!("INPUT ( {libgcc_eh} {libgcc} )")),
        ("libpthread.so", format!("INPUT ( {libc} )")),
        ("libdl.so", format!("INPUT ( {libc} )")),
        ("librt.so", format!("INPUT ( {libc} )")),
        ("libutil.so", format!("INPUT ( {libc} )")),
    ];
    for (name, text) in scripts {
        std::fs::write(dir.join(name), format!("{text}\n")).unwrap();
    }
    // -L only for the binary: in any position, it is searched before the default paths.
    println!("cargo::rustc-link-arg-bins=-L{}", dir.display());
    println!("cargo::rustc-link-arg-bins=-static-pie");
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

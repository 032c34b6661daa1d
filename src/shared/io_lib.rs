//! The io library's engine-free part (liolib.c): `LuaFile`, a stream with C stdio's
//! buffering and position rules over a file, a child process's pipe, or a standard stream,
//! the read formats (`read_number` scans a numeral as liolib does), `fopen`'s mode check,
//! and the `nil, message, errno` results of `luaL_fileresult` / `luaL_execresult`. The
//! engines keep a `LuaFile` in a userdata and only convert arguments and results.
//!
//! Writes to standard output go to the engine's own sink (so they stay in order with
//! `print`): every function that may write takes it as `out`.

use std::io::{self, Read, Seek, SeekFrom, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use crate::shared::cfmt::{format_float, Conv, Spec};
use crate::shared::number::{self, Number};

/// `EBADF` on Linux: bad file descriptor (e.g. reading a file opened for writing).
pub const EBADF: i32 = 9;
/// `EINVAL` on Linux: invalid argument.
pub const EINVAL: i32 = 22;
/// `ESPIPE` on Linux: illegal seek (seeking a pipe).
pub const ESPIPE: i32 = 29;

/// `LUAL_BUFFERSIZE` on 64-bit Linux: the size of C stdio's and our read chunks.
pub const BUFFER_SIZE: usize = 4096;
/// `L_MAXLENNUM`: the longest numeral `read("n")` scans.
const MAX_NUMERAL: usize = 200;
/// `MAXARGLINE`: formats one `lines` iterator may keep.
pub const MAX_LINES_FORMATS: usize = 250;
/// A count `read(n)` asks for that lua5.4 could never allocate in one buffer: it raises a
/// memory error; smaller counts read what the file has.
pub const MAX_READ_COUNT: u64 = 1 << 48;

/// `l_checkmode`: `[rwa]%+?b*` (C sees the mode up to its first zero byte).
pub fn check_mode(mode: &[u8]) -> bool {
    let mode = c_str(mode);
    let Some((&first, mut rest)) = mode.split_first() else {
        return false;
    };
    if !matches!(first, b'r' | b'w' | b'a') {
        return false;
    }
    if rest.first() == Some(&b'+') {
        rest = &rest[1..];
    }
    rest.iter().all(|&b| b == b'b')
}

/// `l_checkmodep`: `popen` takes "r" or "w" only.
pub fn check_popen_mode(mode: &[u8]) -> bool {
    matches!(c_str(mode), b"r" | b"w")
}

fn c_str(s: &[u8]) -> &[u8] {
    match s.iter().position(|&b| b == 0) {
        Some(i) => &s[..i],
        None => s,
    }
}

/// A read format (`g_read`), after the optional `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `"n"`: a numeral, read as `read_number` scans it.
    Number,
    /// `"l"`: a line without its newline.
    Line,
    /// `"L"`: a line with its newline.
    LineKeep,
    /// `"a"`: the rest of the file.
    All,
    /// Up to this many bytes; 0 tests for end of file.
    Count(u64),
}

/// A string format as `g_read` reads it: only its first character (after `*`) counts.
pub fn parse_format(s: &[u8]) -> Option<Format> {
    let s = s.strip_prefix(b"*").unwrap_or(s);
    match s.first() {
        Some(b'n') => Some(Format::Number),
        Some(b'l') => Some(Format::Line),
        Some(b'L') => Some(Format::LineKeep),
        Some(b'a') => Some(Format::All),
        _ => None,
    }
}

/// One result of a read: a value, or the failure that ends the results (nil).
#[derive(Clone, Debug, PartialEq)]
pub enum ReadItem {
    /// A string read.
    Str(Vec<u8>),
    /// A number read by `"n"`.
    Num(Number),
    /// Nothing could be read (end of file or a bad numeral): `nil`, and no further results.
    Fail,
}

/// A read that would take more memory than the engine allows (`room`), or that the
/// allocator refused: the engine raises "not enough memory", as lua5.4's buffer would.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoRoom;

/// Appends `add` to `buf` within `room` bytes, without aborting when memory runs out.
fn append(buf: &mut Vec<u8>, add: &[u8], room: usize) -> Result<(), NoRoom> {
    if buf.len().saturating_add(add.len()) > room {
        return Err(NoRoom);
    }
    buf.try_reserve(add.len()).map_err(|_| NoRoom)?;
    buf.extend_from_slice(add);
    Ok(())
}

/// `luaL_fileresult`'s failure: `nil, message, errno`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// The message, `"fname: strerror"` or `strerror` alone.
    pub message: String,
    /// The error number (`errno`; 0 when the error has none).
    pub errno: i64,
}

impl FileError {
    /// The failure for `e`, its message prefixed with `fname: ` when there is one.
    pub fn new(e: &io::Error, fname: Option<&[u8]>) -> FileError {
        let text = crate::shared::os_lib::io_error_text(e);
        let message = match fname {
            Some(n) => format!("{}: {text}", String::from_utf8_lossy(n)),
            None => text,
        };
        FileError {
            message,
            errno: i64::from(e.raw_os_error().unwrap_or(0)),
        }
    }
}

/// The results of closing a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloseResult {
    /// `true`.
    Closed,
    /// Closing failed: `nil, message, errno`.
    Failed(FileError),
    /// A standard stream stays open: `nil, "cannot close standard file"`.
    Standard,
    /// A process's pipe (`luaL_execresult`): `true|nil, "exit"|"signal", code`.
    Exec {
        /// Whether the command exited with status 0.
        ok: bool,
        /// `"exit"` or `"signal"`.
        what: &'static str,
        /// The exit status or the signal number.
        code: i64,
    },
}

/// The words of `io_noclose`.
pub const CANNOT_CLOSE_STANDARD: &str = "cannot close standard file";

/// `setvbuf`'s modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BufMode {
    /// `"no"`: unbuffered.
    No,
    /// `"full"`: written out when the buffer fills (or on flush).
    Full,
    /// `"line"`: written out at each newline too.
    Line,
}

enum Stream {
    File(std::fs::File),
    Stdin(io::Stdin),
    /// The engine's output sink (`io.stdout`).
    HostOut,
    Stderr,
    PipeFrom(Child, ChildStdout),
    PipeTo(Child, ChildStdin),
}

/// A Lua file handle's stream: C's `FILE` as liolib uses it.
pub struct LuaFile {
    /// `None` once closed.
    stream: Option<Stream>,
    readable: bool,
    writable: bool,
    /// Bytes read ahead from the stream; `rpos` is the next one to hand out.
    rbuf: Vec<u8>,
    rpos: usize,
    /// Bytes written and not yet passed to the stream.
    wbuf: Vec<u8>,
    mode: BufMode,
    size: usize,
    /// The error indicator (`ferror`), cleared by every read call (`clearerr`).
    error: Option<io::Error>,
}

fn bad_fd() -> io::Error {
    io::Error::from_raw_os_error(EBADF)
}

impl LuaFile {
    fn new(stream: Stream, readable: bool, writable: bool, mode: BufMode) -> LuaFile {
        LuaFile {
            stream: Some(stream),
            readable,
            writable,
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
            mode,
            size: BUFFER_SIZE,
            error: None,
        }
    }

    /// `fopen(name, mode)`; `mode` must have passed `check_mode`.
    pub fn open(name: &[u8], mode: &[u8]) -> io::Result<LuaFile> {
        let mode = c_str(mode);
        let plus = mode.get(1) == Some(&b'+');
        let mut o = std::fs::OpenOptions::new();
        let (r, w) = match mode.first() {
            Some(b'r') => {
                o.read(true).write(plus);
                (true, plus)
            }
            Some(b'w') => {
                o.write(true).create(true).truncate(true).read(plus);
                (plus, true)
            }
            _ => {
                o.append(true).create(true).read(plus);
                (plus, true)
            }
        };
        let f = o.open(path_of(name))?;
        Ok(LuaFile::new(Stream::File(f), r, w, BufMode::Full))
    }

    /// `tmpfile()`: a new file opened "w+" whose name is removed at once, so it goes away
    /// when closed.
    pub fn tmpfile() -> io::Result<LuaFile> {
        let dir = std::env::temp_dir();
        let pid = std::process::id();
        for attempt in 0u32..100 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let path = dir.join(format!("moonlab-tmp-{pid}-{nanos}-{attempt}"));
            match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(f) => {
                    let _ = std::fs::remove_file(&path);
                    return Ok(LuaFile::new(Stream::File(f), true, true, BufMode::Full));
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::from_raw_os_error(17))
    }

    /// `popen(cmd, mode)` through `/bin/sh -c`; `mode` must have passed `check_popen_mode`.
    /// The engine flushes its output first (`l_popen` calls `fflush(NULL)`).
    pub fn popen(cmd: &[u8], mode: &[u8]) -> io::Result<LuaFile> {
        use std::os::unix::process::CommandExt;
        let mut c = Command::new("/bin/sh");
        // argv[0] "sh", as glibc's popen passes (the shell names itself in its messages).
        c.arg0("sh").arg("-c").arg(os_str(cmd));
        if c_str(mode) == b"r" {
            let mut child = c.stdout(Stdio::piped()).spawn()?;
            let out = child.stdout.take().ok_or_else(bad_fd)?;
            Ok(LuaFile::new(
                Stream::PipeFrom(child, out),
                true,
                false,
                BufMode::Full,
            ))
        } else {
            let mut child = c.stdin(Stdio::piped()).spawn()?;
            let input = child.stdin.take().ok_or_else(bad_fd)?;
            Ok(LuaFile::new(
                Stream::PipeTo(child, input),
                false,
                true,
                BufMode::Full,
            ))
        }
    }

    /// `io.stdin`.
    pub fn stdin() -> LuaFile {
        LuaFile::new(Stream::Stdin(io::stdin()), true, false, BufMode::Full)
    }

    /// `io.stdout`: writes go to the engine's sink, which does its own buffering.
    pub fn stdout() -> LuaFile {
        LuaFile::new(Stream::HostOut, false, true, BufMode::Full)
    }

    /// `io.stderr`: unbuffered.
    pub fn stderr() -> LuaFile {
        LuaFile::new(Stream::Stderr, false, true, BufMode::No)
    }

    /// True once closed (`io.type` says "closed file").
    pub fn is_closed(&self) -> bool {
        self.stream.is_none()
    }

    /// True for `io.stdin`, `io.stdout` and `io.stderr`, which `close` refuses to close.
    pub fn is_standard(&self) -> bool {
        matches!(
            self.stream,
            Some(Stream::Stdin(_) | Stream::HostOut | Stream::Stderr)
        )
    }

    /// A stable number for `tostring` ("file (0x...)"), from where the stream lives.
    pub fn address(&self) -> usize {
        self as *const LuaFile as usize
    }

    /// `f:close()` and the finalizer: standard streams stay open.
    pub fn close(&mut self, out: &mut dyn Write) -> CloseResult {
        if self.is_standard() {
            let _ = self.flush(out);
            return CloseResult::Standard;
        }
        let flushed = self.flush(out);
        self.rbuf.clear();
        self.rpos = 0;
        match self.stream.take() {
            None => CloseResult::Closed,
            Some(Stream::PipeFrom(child, pipe)) => {
                drop(pipe);
                exec_result(child)
            }
            Some(Stream::PipeTo(child, pipe)) => {
                drop(pipe);
                exec_result(child)
            }
            Some(_) => match flushed {
                Ok(()) => CloseResult::Closed,
                Err(e) => CloseResult::Failed(FileError::new(&e, None)),
            },
        }
    }

    // ------------------------------------------------------------------ reading

    /// `clearerr`, at the start of every read call.
    pub fn clear_error(&mut self) {
        self.error = None;
    }

    /// The error a read met (`ferror`), taken.
    pub fn take_error(&mut self) -> Option<io::Error> {
        self.error.take()
    }

    /// Refills the read buffer when it is used up; false at end of file or on error.
    fn fill(&mut self, out: &mut dyn Write) -> bool {
        if self.rpos < self.rbuf.len() {
            return true;
        }
        if !self.readable {
            self.error = Some(bad_fd());
            return false;
        }
        // A switch from writing to reading passes the written bytes on first.
        if let Err(e) = self.flush(out) {
            self.error = Some(e);
            return false;
        }
        self.rbuf.resize(BUFFER_SIZE, 0);
        self.rpos = 0;
        loop {
            let r = match &mut self.stream {
                Some(Stream::File(f)) => f.read(&mut self.rbuf),
                Some(Stream::Stdin(s)) => s.read(&mut self.rbuf),
                Some(Stream::PipeFrom(_, p)) => p.read(&mut self.rbuf),
                _ => Err(bad_fd()),
            };
            match r {
                Ok(n) => {
                    self.rbuf.truncate(n);
                    return n > 0;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.rbuf.clear();
                    self.error = Some(e);
                    return false;
                }
            }
        }
    }

    fn peek(&mut self, out: &mut dyn Write) -> Option<u8> {
        if self.fill(out) {
            Some(self.rbuf[self.rpos])
        } else {
            None
        }
    }

    /// One read format (`g_read`'s loop body); a string result may take `room` bytes.
    pub fn read(
        &mut self,
        format: Format,
        room: usize,
        out: &mut dyn Write,
    ) -> Result<ReadItem, NoRoom> {
        Ok(match format {
            Format::Number => match self.read_number(out) {
                Some(n) => ReadItem::Num(n),
                None => ReadItem::Fail,
            },
            Format::Line | Format::LineKeep => {
                let (s, ok) = self.read_line(format == Format::Line, room, out)?;
                if ok {
                    ReadItem::Str(s)
                } else {
                    ReadItem::Fail
                }
            }
            Format::All => ReadItem::Str(self.read_all(room, out)?),
            Format::Count(0) => {
                if self.peek(out).is_some() {
                    ReadItem::Str(Vec::new())
                } else {
                    ReadItem::Fail
                }
            }
            Format::Count(n) => {
                let s = self.read_chars(n, room, out)?;
                if s.is_empty() {
                    ReadItem::Fail
                } else {
                    ReadItem::Str(s)
                }
            }
        })
    }

    /// `read_line`: the line, and whether anything (a newline or a byte) was read.
    pub fn read_line(
        &mut self,
        chop: bool,
        room: usize,
        out: &mut dyn Write,
    ) -> Result<(Vec<u8>, bool), NoRoom> {
        let mut line = Vec::new();
        while self.fill(out) {
            let avail = &self.rbuf[self.rpos..];
            match avail.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    append(&mut line, &avail[..i + usize::from(!chop)], room)?;
                    self.rpos += i + 1;
                    return Ok((line, true));
                }
                None => {
                    append(&mut line, avail, room)?;
                    self.rpos = self.rbuf.len();
                }
            }
        }
        let ok = !line.is_empty();
        Ok((line, ok))
    }

    /// `read("a")`: everything up to the end of file (possibly empty), at most `room` bytes
    /// ([`NoRoom`] otherwise). Pending writes are flushed first; `out` is the engine's output
    /// sink, where those of `io.stdout` go.
    pub fn read_all(&mut self, room: usize, out: &mut dyn Write) -> Result<Vec<u8>, NoRoom> {
        let mut all = Vec::new();
        while self.fill(out) {
            append(&mut all, &self.rbuf[self.rpos..], room)?;
            self.rpos = self.rbuf.len();
        }
        Ok(all)
    }

    /// `read(n)`: up to `n` bytes (fewer at end of file); `room` and `out` as for
    /// [`read_all`](Self::read_all).
    pub fn read_chars(
        &mut self,
        n: u64,
        room: usize,
        out: &mut dyn Write,
    ) -> Result<Vec<u8>, NoRoom> {
        let mut s = Vec::new();
        let mut left = n;
        while left > 0 && self.fill(out) {
            let avail = &self.rbuf[self.rpos..];
            let take = avail.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            append(&mut s, &avail[..take], room)?;
            self.rpos += take;
            left -= take as u64;
        }
        Ok(s)
    }

    /// `read_number`: scans the longest prefix that can start a numeral (at most 200
    /// bytes, spaces skipped first), consuming it, then converts it as
    /// `lua_stringtonumber` does; `None` if it is no numeral.
    pub fn read_number(&mut self, out: &mut dyn Write) -> Option<Number> {
        let mut sc = Scanner {
            file: self,
            out,
            buf: Vec::new(),
            overflow: false,
        };
        sc.scan();
        if sc.overflow {
            return None;
        }
        number::str2number(&sc.buf)
    }

    // ------------------------------------------------------------------ writing

    /// `fwrite`: the bytes go to the buffer, and on by the buffering mode.
    pub fn write(&mut self, data: &[u8], out: &mut dyn Write) -> io::Result<()> {
        if !self.writable {
            return Err(bad_fd());
        }
        if matches!(self.stream, Some(Stream::HostOut)) {
            out.write_all(data)?;
            return match self.mode {
                BufMode::No => out.flush(),
                BufMode::Line if data.contains(&b'\n') => out.flush(),
                _ => Ok(()),
            };
        }
        self.drop_read_ahead();
        self.wbuf.extend_from_slice(data);
        // glibc's rules: unbuffered writes at once; a line-buffered stream passes on
        // everything up to the last newline written; a full buffer of `size` bytes is
        // written when more arrive, and what is past the last whole block stays.
        let keep = match self.mode {
            BufMode::No => 0,
            BufMode::Line if data.contains(&b'\n') => {
                let last = self.wbuf.iter().rposition(|&b| b == b'\n').unwrap_or(0);
                let rest = self.wbuf.len() - last - 1;
                if rest > self.size {
                    rest % self.size
                } else {
                    rest
                }
            }
            _ if self.wbuf.len() > self.size => self.wbuf.len() % self.size,
            _ => return Ok(()),
        };
        let tail = self.wbuf.split_off(self.wbuf.len() - keep);
        let r = self.flush(out);
        self.wbuf = tail;
        r
    }

    /// A number as `g_write` prints it: `%d` for integers, `%.14g` for floats (no `.0`).
    pub fn write_number(&mut self, n: Number, out: &mut dyn Write) -> io::Result<()> {
        let mut text = Vec::new();
        number_text(n, &mut text);
        self.write(&text, out)
    }

    /// Bytes read ahead but not handed out are given back to the stream (its position
    /// moves back to where the reader is), as glibc does before a write.
    fn drop_read_ahead(&mut self) {
        let ahead = self.rbuf.len() - self.rpos;
        if ahead > 0 {
            if let Some(Stream::File(f)) = &mut self.stream {
                let _ = f.seek(SeekFrom::Current(-(ahead as i64)));
            }
        }
        self.rbuf.clear();
        self.rpos = 0;
    }

    /// `fflush`.
    pub fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.wbuf.is_empty() {
            return match self.stream {
                Some(Stream::HostOut) => out.flush(),
                _ => Ok(()),
            };
        }
        let data = std::mem::take(&mut self.wbuf);
        match &mut self.stream {
            Some(Stream::File(f)) => f.write_all(&data),
            Some(Stream::Stderr) => io::stderr().write_all(&data),
            Some(Stream::PipeTo(_, p)) => p.write_all(&data),
            Some(Stream::HostOut) => out.write_all(&data).and_then(|()| out.flush()),
            _ => Err(bad_fd()),
        }
    }

    /// `fseek` then `ftell`: the new position.
    pub fn seek(
        &mut self,
        whence: SeekWhence,
        offset: i64,
        out: &mut dyn Write,
    ) -> io::Result<u64> {
        if !matches!(self.stream, Some(Stream::File(_))) {
            let _ = self.flush(out);
            return Err(io::Error::from_raw_os_error(ESPIPE));
        }
        self.flush(out)?;
        let ahead = (self.rbuf.len() - self.rpos) as i64;
        self.rbuf.clear();
        self.rpos = 0;
        let to = match whence {
            SeekWhence::Set => SeekFrom::Start(
                u64::try_from(offset).map_err(|_| io::Error::from_raw_os_error(EINVAL))?,
            ),
            SeekWhence::Cur => SeekFrom::Current(offset.saturating_sub(ahead)),
            SeekWhence::End => SeekFrom::End(offset),
        };
        match &mut self.stream {
            Some(Stream::File(f)) => f.seek(to),
            _ => Err(bad_fd()),
        }
    }

    /// `setvbuf(f, NULL, mode, size)` as glibc does it: without a buffer of the caller's
    /// the size is ignored; only "no" flushes the pending output, and a stream once made
    /// unbuffered keeps its one-byte buffer in the other modes.
    pub fn setvbuf(&mut self, mode: BufMode, _size: i64, out: &mut dyn Write) -> io::Result<()> {
        if mode == BufMode::No {
            self.flush(out)?;
            self.size = 1;
        }
        self.mode = mode;
        Ok(())
    }
}

impl Drop for LuaFile {
    /// A file never closed is flushed and closed when collected or at exit; a process's
    /// pipe is closed and the process waited for, as `pclose` does.
    fn drop(&mut self) {
        let _ = self.flush(&mut io::sink());
        match self.stream.take() {
            Some(Stream::PipeFrom(mut child, pipe)) => {
                drop(pipe);
                let _ = child.wait();
            }
            Some(Stream::PipeTo(mut child, pipe)) => {
                drop(pipe);
                let _ = child.wait();
            }
            _ => {}
        }
    }
}

/// `seek`'s `whence` ("set", "cur", "end").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeekWhence {
    /// `"set"`: from the start of the file.
    Set,
    /// `"cur"`: from the current position.
    Cur,
    /// `"end"`: from the end of the file.
    End,
}

/// `seek`'s option names, in the order of [`SEEK_WHENCE`] (for `luaL_checkoption`).
pub const SEEK_OPTIONS: [&str; 3] = ["set", "cur", "end"];
/// The [`SeekWhence`] of each name in [`SEEK_OPTIONS`].
pub const SEEK_WHENCE: [SeekWhence; 3] = [SeekWhence::Set, SeekWhence::Cur, SeekWhence::End];
/// `setvbuf`'s option names, in the order of [`VBUF_MODES`].
pub const VBUF_OPTIONS: [&str; 3] = ["no", "full", "line"];
/// The [`BufMode`] of each name in [`VBUF_OPTIONS`].
pub const VBUF_MODES: [BufMode; 3] = [BufMode::No, BufMode::Full, BufMode::Line];

/// A number as `io.write` prints it (`LUA_INTEGER_FMT`, `LUA_NUMBER_FMT` "%.14g").
pub fn number_text(n: Number, text: &mut Vec<u8>) {
    match n {
        Number::Int(i) => number::fmt_int(i, text),
        Number::Float(f) => {
            let spec = Spec {
                precision: Some(14),
                ..Spec::default()
            };
            format_float(&spec, Conv::General { upper: false }, f, text);
        }
    }
}

/// How a process ended, as `luaL_execresult` reports it.
fn exec_result(mut child: Child) -> CloseResult {
    match child.wait() {
        Err(e) => CloseResult::Failed(FileError::new(&e, None)),
        Ok(status) => {
            use std::os::unix::process::ExitStatusExt;
            if let Some(sig) = status.signal() {
                CloseResult::Exec {
                    ok: false,
                    what: "signal",
                    code: i64::from(sig),
                }
            } else {
                let code = i64::from(status.code().unwrap_or(0));
                CloseResult::Exec {
                    ok: code == 0,
                    what: "exit",
                    code,
                }
            }
        }
    }
}

fn os_str(b: &[u8]) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(c_str(b)).to_os_string()
}

fn path_of(name: &[u8]) -> std::path::PathBuf {
    std::path::PathBuf::from(os_str(name))
}

/// `read_number`'s state (liolib's `RN`): the numeral so far and the look-ahead.
struct Scanner<'a> {
    file: &'a mut LuaFile,
    out: &'a mut dyn Write,
    buf: Vec<u8>,
    overflow: bool,
}

impl Scanner<'_> {
    fn cur(&mut self) -> Option<u8> {
        self.file.peek(self.out)
    }

    /// `nextc`: keeps the current byte and moves on; false (and the numeral is void) past
    /// 200 bytes.
    fn next(&mut self) -> bool {
        if self.buf.len() >= MAX_NUMERAL {
            self.overflow = true;
            return false;
        }
        if let Some(c) = self.cur() {
            self.buf.push(c);
            self.file.rpos += 1;
        }
        true
    }

    fn test2(&mut self, set: &[u8; 2]) -> bool {
        match self.cur() {
            Some(c) if c == set[0] || c == set[1] => self.next(),
            _ => false,
        }
    }

    fn digits(&mut self, hex: bool) -> usize {
        let mut count = 0;
        while let Some(c) = self.cur() {
            let ok = if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            };
            if !ok || !self.next() {
                break;
            }
            count += 1;
        }
        count
    }

    fn scan(&mut self) {
        while let Some(c) = self.cur() {
            if !number::is_space(c) {
                break;
            }
            self.file.rpos += 1;
        }
        self.test2(b"-+");
        let mut count = 0;
        let mut hex = false;
        if self.test2(b"00") {
            if self.test2(b"xX") {
                hex = true;
            } else {
                count = 1;
            }
        }
        count += self.digits(hex);
        if self.test2(b"..") {
            count += self.digits(hex);
        }
        if count > 0 && self.test2(if hex { b"pP" } else { b"eE" }) {
            self.test2(b"-+");
            self.digits(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_with(content: &[u8]) -> LuaFile {
        let mut f = LuaFile::tmpfile().unwrap();
        let mut sink = io::sink();
        f.write(content, &mut sink).unwrap();
        f.seek(SeekWhence::Set, 0, &mut sink).unwrap();
        f
    }

    fn read_all_numbers(content: &[u8]) -> (Vec<Option<Number>>, Vec<u8>) {
        let mut f = temp_with(content);
        let mut sink = io::sink();
        let n = f.read_number(&mut sink);
        let rest = f.read_all(usize::MAX, &mut sink).unwrap();
        (vec![n], rest)
    }

    #[test]
    fn modes_as_l_checkmode() {
        // Cases checked with lua5.4's io.open: valid ones open, the rest raise
        // "invalid mode".
        for m in [
            "r", "w", "a", "r+", "w+", "a+", "rb", "r+b", "rbb", "w+bbb", "ab",
        ] {
            assert!(check_mode(m.as_bytes()), "{m}");
        }
        for m in ["", "rw", "r++", "br", "x", "rt", "+", "r+t", "r b", "R"] {
            assert!(!check_mode(m.as_bytes()), "{m}");
        }
        // C stops at a zero byte.
        assert!(check_mode(b"r\0junk"));
        assert!(check_popen_mode(b"r") && check_popen_mode(b"w"));
        assert!(!check_popen_mode(b"rb") && !check_popen_mode(b"r+") && !check_popen_mode(b""));
    }

    #[test]
    fn formats() {
        assert_eq!(parse_format(b"*l"), Some(Format::Line));
        assert_eq!(parse_format(b"line"), Some(Format::Line));
        assert_eq!(parse_format(b"L"), Some(Format::LineKeep));
        assert_eq!(parse_format(b"*a"), Some(Format::All));
        assert_eq!(parse_format(b"n"), Some(Format::Number));
        assert_eq!(parse_format(b"**l"), None);
        assert_eq!(parse_format(b"x"), None);
        assert_eq!(parse_format(b""), None);
    }

    #[test]
    fn number_scanner_matches_lua() {
        // (input, value, what is left): from lua5.4's `f:read("n"), f:read("a")`.
        use Number::*;
        let cases: &[(&[u8], Option<Number>, &[u8])] = &[
            (b"  42 rest", Some(Int(42)), b" rest"),
            (b"-7\n", Some(Int(-7)), b"\n"),
            (b"+3.5e2x", Some(Float(350.0)), b"x"),
            (b"0x1F;", Some(Int(31)), b";"),
            (b"0x1p4 ", Some(Float(16.0)), b" "),
            (b".5", Some(Float(0.5)), b""),
            (b"5.", Some(Float(5.0)), b""),
            (b"1e", None, b""),
            (b"1e+", None, b""),
            (b"abc", None, b"abc"),
            (b"--1", None, b"-1"),
            (b"0x", None, b""),
            (b"00012", Some(Int(12)), b""),
            (b"1..2", Some(Float(1.0)), b".2"),
            (
                b"9223372036854775808",
                Some(Float(9.223372036854776e18)),
                b"",
            ),
            (b"e5", None, b"e5"),
            (b"", None, b""),
            (b"\t\n 12\t", Some(Int(12)), b"\t"),
            (b"0x.8", Some(Float(0.5)), b""),
            (b"1e5e", Some(Float(100000.0)), b"e"),
        ];
        for (input, want, rest) in cases {
            let (got, left) = read_all_numbers(input);
            assert_eq!(&got[0], want, "{:?}", String::from_utf8_lossy(input));
            assert_eq!(&left[..], *rest, "{:?}", String::from_utf8_lossy(input));
        }
        // Over 200 bytes: no number, and the 200 are gone.
        let long = vec![b'1'; 250];
        let (got, left) = read_all_numbers(&long);
        assert_eq!(got[0], None);
        assert_eq!(left.len(), 50);
    }

    #[test]
    fn lines_and_counts() {
        let mut f = temp_with(b"one\ntwo\n\nlast");
        let mut s = io::sink();
        assert_eq!(
            f.read(Format::Line, usize::MAX, &mut s).unwrap(),
            ReadItem::Str(b"one".to_vec())
        );
        assert_eq!(
            f.read(Format::LineKeep, usize::MAX, &mut s).unwrap(),
            ReadItem::Str(b"two\n".to_vec())
        );
        assert_eq!(
            f.read(Format::Line, usize::MAX, &mut s).unwrap(),
            ReadItem::Str(Vec::new())
        );
        assert_eq!(
            f.read(Format::Count(0), usize::MAX, &mut s).unwrap(),
            ReadItem::Str(Vec::new())
        );
        assert_eq!(
            f.read(Format::Count(2), usize::MAX, &mut s).unwrap(),
            ReadItem::Str(b"la".to_vec())
        );
        assert_eq!(
            f.read(Format::Line, usize::MAX, &mut s).unwrap(),
            ReadItem::Str(b"st".to_vec())
        );
        assert_eq!(
            f.read(Format::Line, usize::MAX, &mut s).unwrap(),
            ReadItem::Fail
        );
        assert_eq!(
            f.read(Format::Count(0), usize::MAX, &mut s).unwrap(),
            ReadItem::Fail
        );
        assert_eq!(
            f.read(Format::Count(3), usize::MAX, &mut s).unwrap(),
            ReadItem::Fail
        );
        assert_eq!(
            f.read(Format::All, usize::MAX, &mut s).unwrap(),
            ReadItem::Str(Vec::new())
        );
    }

    #[test]
    fn reads_stay_within_room() {
        let mut f = temp_with(b"0123456789\nabc");
        let mut s = io::sink();
        assert_eq!(f.read(Format::Line, 5, &mut s), Err(NoRoom));
        f.seek(SeekWhence::Set, 0, &mut s).unwrap();
        assert_eq!(f.read(Format::All, 10, &mut s), Err(NoRoom));
        f.seek(SeekWhence::Set, 0, &mut s).unwrap();
        assert_eq!(
            f.read(Format::Count(20), 14, &mut s),
            Ok(ReadItem::Str(b"0123456789\nabc".to_vec()))
        );
    }

    #[test]
    fn write_seek_read_same_file() {
        let mut f = LuaFile::tmpfile().unwrap();
        let mut s = io::sink();
        f.write(b"hello world", &mut s).unwrap();
        assert_eq!(f.seek(SeekWhence::Set, 6, &mut s).unwrap(), 6);
        assert_eq!(
            f.read(Format::Count(3), usize::MAX, &mut s).unwrap(),
            ReadItem::Str(b"wor".to_vec())
        );
        // Writing after reading continues where the reader is.
        f.write(b"LD", &mut s).unwrap();
        assert_eq!(f.seek(SeekWhence::Cur, 0, &mut s).unwrap(), 11);
        assert_eq!(f.seek(SeekWhence::Set, 0, &mut s).unwrap(), 0);
        assert_eq!(
            f.read(Format::All, usize::MAX, &mut s).unwrap(),
            ReadItem::Str(b"hello worLD".to_vec())
        );
        assert_eq!(f.seek(SeekWhence::End, -2, &mut s).unwrap(), 9);
        let e = f.seek(SeekWhence::Set, -1, &mut s).unwrap_err();
        assert_eq!(FileError::new(&e, None).message, "Invalid argument");
        assert_eq!(f.close(&mut s), CloseResult::Closed);
        assert!(f.is_closed());
    }

    #[test]
    fn errors_have_c_words_and_errno() {
        let e = LuaFile::open(b"/nonexistent/x", b"r").err().unwrap();
        let fe = FileError::new(&e, Some(b"/nonexistent/x"));
        assert_eq!(fe.message, "/nonexistent/x: No such file or directory");
        assert_eq!(fe.errno, 2);
        let e = LuaFile::open(b"/", b"w").err().unwrap();
        assert_eq!(FileError::new(&e, None).message, "Is a directory");
        // A directory opens for reading; reading it fails.
        let mut d = LuaFile::open(b"/", b"r").unwrap();
        let mut s = io::sink();
        assert_eq!(
            d.read(Format::Line, usize::MAX, &mut s).unwrap(),
            ReadItem::Fail
        );
        let fe = FileError::new(&d.take_error().unwrap(), None);
        assert_eq!((fe.message.as_str(), fe.errno), ("Is a directory", 21));
        // Wrong direction: EBADF.
        let mut w = LuaFile::stdout();
        assert_eq!(
            w.read(Format::Line, usize::MAX, &mut s).unwrap(),
            ReadItem::Fail
        );
        assert_eq!(w.take_error().unwrap().raw_os_error(), Some(EBADF));
        let mut r = LuaFile::stdin();
        let e = r.write(b"x", &mut s).unwrap_err();
        assert_eq!(FileError::new(&e, None).message, "Bad file descriptor");
    }

    #[test]
    fn numbers_print_as_c_does() {
        let mut t = Vec::new();
        for n in [
            Number::Float(1.0),
            Number::Int(-3),
            Number::Float(1e100),
            Number::Float(0.1),
        ] {
            number_text(n, &mut t);
            t.push(b' ');
        }
        assert_eq!(t, b"1 -3 1e+100 0.1 ");
    }

    #[test]
    fn popen_results() {
        let mut s = io::sink();
        let mut p = LuaFile::popen(b"echo hi; exit 3", b"r").unwrap();
        assert_eq!(
            p.read(Format::Line, usize::MAX, &mut s).unwrap(),
            ReadItem::Str(b"hi".to_vec())
        );
        assert_eq!(
            p.close(&mut s),
            CloseResult::Exec {
                ok: false,
                what: "exit",
                code: 3
            }
        );
        let mut p = LuaFile::popen(b"kill -9 $$", b"r").unwrap();
        assert_eq!(
            p.close(&mut s),
            CloseResult::Exec {
                ok: false,
                what: "signal",
                code: 9
            }
        );
    }
}

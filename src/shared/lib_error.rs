//! The error a library rule in this folder raises, worded as lua5.4 words it. An engine
//! turns it into its own error value in one place (`stdlib::aux::raise` on the VM,
//! `Ctx::raise` in the reference), so the wording exists once for both.

use std::borrow::Cow;
use std::fmt;

/// An error raised by a library rule, before the engine makes it a Lua error value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibError {
    /// `luaL_argerror`: the engine words it "bad argument #`arg` to 'name' (`msg`)".
    Arg {
        /// The argument number (1 for the first).
        arg: usize,
        /// The text in parentheses.
        msg: Cow<'static, str>,
    },
    /// `luaL_error`: the message alone (raised at a library function's level, it gets no
    /// position).
    Plain(Cow<'static, str>),
    /// A buffer whose size the program chose could not be allocated: each engine raises
    /// its "not enough memory" (lua5.4's memory error, which has no position).
    NoMemory,
}

impl LibError {
    /// A [`LibError::Arg`] for argument number `arg`.
    pub fn arg(arg: usize, msg: impl Into<Cow<'static, str>>) -> LibError {
        LibError::Arg {
            arg,
            msg: msg.into(),
        }
    }

    /// A [`LibError::Plain`] with message `msg`.
    pub fn plain(msg: impl Into<Cow<'static, str>>) -> LibError {
        LibError::Plain(msg.into())
    }
}

/// As the tests print it: "arg N: msg" or the plain message.
impl fmt::Display for LibError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LibError::Arg { arg, msg } => write!(f, "arg {arg}: {msg}"),
            LibError::Plain(msg) => f.write_str(msg),
            LibError::NoMemory => f.write_str("not enough memory"),
        }
    }
}

impl std::error::Error for LibError {}

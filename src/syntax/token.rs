//! Tokens of Lua 5.4 (`llex.h`).

/// A token. Single-byte tokens (operators, punctuation, and any byte the lexer does not
/// recognise, which the parser then reports as an unexpected symbol) are `Char`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tok<'a> {
    Eof,
    Name(&'a str),
    Str(&'a [u8]),
    Int(i64),
    Float(f64),
    // Reserved words.
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    // Multi-byte symbols.
    IDiv,
    Concat,
    Dots,
    Eq,
    Ge,
    Le,
    Ne,
    Shl,
    Shr,
    DbColon,
    Char(u8),
}

/// The reserved words, in the order `llex.c` lists them.
pub const RESERVED: [(&str, Tok<'static>); 22] = [
    ("and", Tok::And),
    ("break", Tok::Break),
    ("do", Tok::Do),
    ("else", Tok::Else),
    ("elseif", Tok::Elseif),
    ("end", Tok::End),
    ("false", Tok::False),
    ("for", Tok::For),
    ("function", Tok::Function),
    ("goto", Tok::Goto),
    ("if", Tok::If),
    ("in", Tok::In),
    ("local", Tok::Local),
    ("nil", Tok::Nil),
    ("not", Tok::Not),
    ("or", Tok::Or),
    ("repeat", Tok::Repeat),
    ("return", Tok::Return),
    ("then", Tok::Then),
    ("true", Tok::True),
    ("until", Tok::Until),
    ("while", Tok::While),
];

/// The reserved word spelled `name`, if it is one.
pub fn reserved(name: &[u8]) -> Option<Tok<'static>> {
    // Reserved words are 2 to 8 lowercase letters; most names fail this cheaply.
    if !(2..=8).contains(&name.len()) || !name[0].is_ascii_lowercase() {
        return None;
    }
    RESERVED
        .iter()
        .find(|(word, _)| word.as_bytes() == name)
        .map(|&(_, tok)| tok)
}

/// True if `name` is a reserved word (the printer must not use it as a field name).
pub fn is_reserved(name: &str) -> bool {
    reserved(name.as_bytes()).is_some()
}

impl Tok<'_> {
    /// The fixed spelling of a token without semantic content, as `luaX_token2str` shows it
    /// (without quotes). `None` for names, strings and numerals.
    pub fn fixed_text(&self) -> Option<&'static str> {
        Some(match self {
            Tok::Eof => "<eof>",
            Tok::Name(_) | Tok::Str(_) | Tok::Int(_) | Tok::Float(_) | Tok::Char(_) => return None,
            Tok::IDiv => "//",
            Tok::Concat => "..",
            Tok::Dots => "...",
            Tok::Eq => "==",
            Tok::Ge => ">=",
            Tok::Le => "<=",
            Tok::Ne => "~=",
            Tok::Shl => "<<",
            Tok::Shr => ">>",
            Tok::DbColon => "::",
            word => RESERVED
                .iter()
                .find(|(_, tok)| tok == word)
                .map(|(w, _)| *w)
                .expect("every other token is a reserved word"),
        })
    }
}

//! Tokens of Lua 5.4 (`llex.h`).

/// A token. Single-byte tokens (operators, punctuation, and any byte the lexer does not
/// recognise, which the parser then reports as an unexpected symbol) are `Char`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tok<'a> {
    /// End of input (`TK_EOS`).
    Eof,
    /// A name (identifier that is not a reserved word).
    Name(&'a str),
    /// A string literal, escapes decoded.
    Str(&'a [u8]),
    /// An integer numeral.
    Int(i64),
    /// A float numeral (also a decimal integer numeral too large for an integer).
    Float(f64),
    // Reserved words.
    /// `and`
    And,
    /// `break`
    Break,
    /// `do`
    Do,
    /// `else`
    Else,
    /// `elseif`
    Elseif,
    /// `end`
    End,
    /// `false`
    False,
    /// `for`
    For,
    /// `function`
    Function,
    /// `goto`
    Goto,
    /// `if`
    If,
    /// `in`
    In,
    /// `local`
    Local,
    /// `nil`
    Nil,
    /// `not`
    Not,
    /// `or`
    Or,
    /// `repeat`
    Repeat,
    /// `return`
    Return,
    /// `then`
    Then,
    /// `true`
    True,
    /// `until`
    Until,
    /// `while`
    While,
    // Multi-byte symbols.
    /// `//`
    IDiv,
    /// `..`
    Concat,
    /// `...`
    Dots,
    /// `==`
    Eq,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `~=`
    Ne,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `::`
    DbColon,
    /// Any other single byte (operators, punctuation, or a byte the parser will reject).
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

//! The instruction set: Lua 5.4's, opcode for opcode and bit for bit (lopcodes.h), so the
//! code generator can follow lcode.c, the VM can follow lvm.c, and `moonlab --disasm` can
//! be diffed against `luac5.4 -l -l`.
//!
//! An instruction is 32 bits. Formats (bit 0 is the lowest):
//!
//! ```text
//!   iABC   C(8) | B(8) | k(1) | A(8) | op(7)
//!   iABx   Bx(17)             | A(8) | op(7)
//!   iAsBx  sBx(17)            | A(8) | op(7)
//!   iAx    Ax(25)                    | op(7)
//!   isJ    sJ(25)                    | op(7)
//! ```
//!
//! Signed arguments are stored with an offset (excess-K), as in Lua: `sBx = Bx - 65535`,
//! `sJ = J - 16777215`, and `sB`/`sC = B/C - 127`.

pub type Instruction = u32;

pub const SIZE_OP: u32 = 7;
pub const SIZE_A: u32 = 8;
pub const SIZE_B: u32 = 8;
pub const SIZE_C: u32 = 8;
pub const SIZE_BX: u32 = SIZE_C + SIZE_B + 1;
pub const SIZE_AX: u32 = SIZE_BX + SIZE_A;
pub const SIZE_SJ: u32 = SIZE_BX + SIZE_A;

pub const POS_A: u32 = SIZE_OP;
pub const POS_K: u32 = POS_A + SIZE_A;
pub const POS_B: u32 = POS_K + 1;
pub const POS_C: u32 = POS_B + SIZE_B;
pub const POS_BX: u32 = POS_K;
pub const POS_AX: u32 = POS_A;
pub const POS_SJ: u32 = POS_A;

pub const MAXARG_A: u32 = (1 << SIZE_A) - 1;
pub const MAXARG_B: u32 = (1 << SIZE_B) - 1;
pub const MAXARG_C: u32 = (1 << SIZE_C) - 1;
pub const MAXARG_BX: u32 = (1 << SIZE_BX) - 1;
pub const MAXARG_AX: u32 = (1 << SIZE_AX) - 1;
pub const MAXARG_SJ: u32 = (1 << SIZE_SJ) - 1;
pub const OFFSET_SBX: i32 = (MAXARG_BX >> 1) as i32;
pub const OFFSET_SJ: i32 = (MAXARG_SJ >> 1) as i32;
pub const OFFSET_SC: i32 = (MAXARG_C >> 1) as i32;

/// Registers a function may use (`MAXREGS` in lcode.c).
pub const MAX_REGS: u32 = 255;
/// Items flushed by one SETLIST (`LFIELDS_PER_FLUSH`).
pub const FIELDS_PER_FLUSH: u32 = 50;

/// Metamethod events in ltm.h's order (`luaT_eventname`): MMBIN's C operand is an index
/// into this list, and the VM's `Tm` enum follows the same order.
pub const TM_EVENTS: [&str; 25] = [
    "__index",
    "__newindex",
    "__gc",
    "__mode",
    "__len",
    "__eq",
    "__add",
    "__sub",
    "__mul",
    "__mod",
    "__pow",
    "__div",
    "__idiv",
    "__band",
    "__bor",
    "__bxor",
    "__shl",
    "__shr",
    "__unm",
    "__bnot",
    "__lt",
    "__le",
    "__concat",
    "__call",
    "__close",
];

/// Declares the opcodes once: the enum, their Lua names and their formats.
macro_rules! opcodes {
    ($($name:ident = $lua:literal, $mode:ident;)*) => {
        /// One Lua 5.4 opcode, in lopcodes.h's order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum OpCode { $($name),* }

        /// Every opcode, indexed by its number.
        pub const ALL_OPCODES: &[OpCode] = &[$(OpCode::$name),*];

        impl OpCode {
            /// The name `luac -l` prints (`MOVE`, `GETTABUP`, ...).
            pub fn name(self) -> &'static str {
                match self { $(OpCode::$name => $lua),* }
            }
            pub fn mode(self) -> OpMode {
                match self { $(OpCode::$name => OpMode::$mode),* }
            }
        }
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpMode {
    IABC,
    IABx,
    IAsBx,
    IAx,
    IsJ,
}

opcodes! {
    Move = "MOVE", IABC;
    LoadI = "LOADI", IAsBx;
    LoadF = "LOADF", IAsBx;
    LoadK = "LOADK", IABx;
    LoadKX = "LOADKX", IABx;
    LoadFalse = "LOADFALSE", IABC;
    LFalseSkip = "LFALSESKIP", IABC;
    LoadTrue = "LOADTRUE", IABC;
    LoadNil = "LOADNIL", IABC;
    GetUpval = "GETUPVAL", IABC;
    SetUpval = "SETUPVAL", IABC;
    GetTabUp = "GETTABUP", IABC;
    GetTable = "GETTABLE", IABC;
    GetI = "GETI", IABC;
    GetField = "GETFIELD", IABC;
    SetTabUp = "SETTABUP", IABC;
    SetTable = "SETTABLE", IABC;
    SetI = "SETI", IABC;
    SetField = "SETFIELD", IABC;
    NewTable = "NEWTABLE", IABC;
    SelfOp = "SELF", IABC;
    AddI = "ADDI", IABC;
    AddK = "ADDK", IABC;
    SubK = "SUBK", IABC;
    MulK = "MULK", IABC;
    ModK = "MODK", IABC;
    PowK = "POWK", IABC;
    DivK = "DIVK", IABC;
    IDivK = "IDIVK", IABC;
    BAndK = "BANDK", IABC;
    BOrK = "BORK", IABC;
    BXorK = "BXORK", IABC;
    ShrI = "SHRI", IABC;
    ShlI = "SHLI", IABC;
    Add = "ADD", IABC;
    Sub = "SUB", IABC;
    Mul = "MUL", IABC;
    Mod = "MOD", IABC;
    Pow = "POW", IABC;
    Div = "DIV", IABC;
    IDiv = "IDIV", IABC;
    BAnd = "BAND", IABC;
    BOr = "BOR", IABC;
    BXor = "BXOR", IABC;
    Shl = "SHL", IABC;
    Shr = "SHR", IABC;
    MmBin = "MMBIN", IABC;
    MmBinI = "MMBINI", IABC;
    MmBinK = "MMBINK", IABC;
    Unm = "UNM", IABC;
    BNot = "BNOT", IABC;
    Not = "NOT", IABC;
    Len = "LEN", IABC;
    Concat = "CONCAT", IABC;
    Close = "CLOSE", IABC;
    Tbc = "TBC", IABC;
    Jmp = "JMP", IsJ;
    Eq = "EQ", IABC;
    Lt = "LT", IABC;
    Le = "LE", IABC;
    EqK = "EQK", IABC;
    EqI = "EQI", IABC;
    LtI = "LTI", IABC;
    LeI = "LEI", IABC;
    GtI = "GTI", IABC;
    GeI = "GEI", IABC;
    Test = "TEST", IABC;
    TestSet = "TESTSET", IABC;
    Call = "CALL", IABC;
    TailCall = "TAILCALL", IABC;
    Return = "RETURN", IABC;
    Return0 = "RETURN0", IABC;
    Return1 = "RETURN1", IABC;
    ForLoop = "FORLOOP", IABx;
    ForPrep = "FORPREP", IABx;
    TForPrep = "TFORPREP", IABx;
    TForCall = "TFORCALL", IABC;
    TForLoop = "TFORLOOP", IABx;
    SetList = "SETLIST", IABC;
    Closure = "CLOSURE", IABx;
    VarArg = "VARARG", IABC;
    VarArgPrep = "VARARGPREP", IABC;
    ExtraArg = "EXTRAARG", IAx;
}

pub const NUM_OPCODES: usize = ALL_OPCODES.len();

impl OpCode {
    /// The opcode with number `n`, if there is one.
    pub fn from_u8(n: u8) -> Option<OpCode> {
        ALL_OPCODES.get(n as usize).copied()
    }
}

#[inline(always)]
fn field(i: Instruction, pos: u32, size: u32) -> u32 {
    (i >> pos) & ((1 << size) - 1)
}

/// Decoding: these never fail; the loader and the compiler guarantee the opcode is valid.
#[inline(always)]
pub fn op(i: Instruction) -> OpCode {
    let n = (i & ((1 << SIZE_OP) - 1)) as usize;
    // Opcode numbers past the table are rejected by the compiler and the binary loader;
    // clamp anyway so a bad word decodes to EXTRAARG (which the VM treats as an error).
    ALL_OPCODES[n.min(NUM_OPCODES - 1)]
}
#[inline(always)]
pub fn op_bits(i: Instruction) -> u32 {
    i & ((1 << SIZE_OP) - 1)
}
#[inline(always)]
pub fn arg_a(i: Instruction) -> u32 {
    field(i, POS_A, SIZE_A)
}
#[inline(always)]
pub fn arg_b(i: Instruction) -> u32 {
    field(i, POS_B, SIZE_B)
}
#[inline(always)]
pub fn arg_sb(i: Instruction) -> i32 {
    arg_b(i) as i32 - OFFSET_SC
}
#[inline(always)]
pub fn arg_c(i: Instruction) -> u32 {
    field(i, POS_C, SIZE_C)
}
#[inline(always)]
pub fn arg_sc(i: Instruction) -> i32 {
    arg_c(i) as i32 - OFFSET_SC
}
#[inline(always)]
pub fn arg_k(i: Instruction) -> bool {
    field(i, POS_K, 1) != 0
}
#[inline(always)]
pub fn arg_bx(i: Instruction) -> u32 {
    field(i, POS_BX, SIZE_BX)
}
#[inline(always)]
pub fn arg_sbx(i: Instruction) -> i32 {
    arg_bx(i) as i32 - OFFSET_SBX
}
#[inline(always)]
pub fn arg_ax(i: Instruction) -> u32 {
    field(i, POS_AX, SIZE_AX)
}
#[inline(always)]
pub fn arg_sj(i: Instruction) -> i32 {
    field(i, POS_SJ, SIZE_SJ) as i32 - OFFSET_SJ
}

/// Encoding.
pub fn create_abck(o: OpCode, a: u32, b: u32, c: u32, k: bool) -> Instruction {
    debug_assert!(a <= MAXARG_A && b <= MAXARG_B && c <= MAXARG_C);
    (o as u32) | (a << POS_A) | ((k as u32) << POS_K) | (b << POS_B) | (c << POS_C)
}
pub fn create_abx(o: OpCode, a: u32, bx: u32) -> Instruction {
    debug_assert!(a <= MAXARG_A && bx <= MAXARG_BX);
    (o as u32) | (a << POS_A) | (bx << POS_BX)
}
pub fn create_asbx(o: OpCode, a: u32, sbx: i32) -> Instruction {
    create_abx(o, a, (sbx + OFFSET_SBX) as u32)
}
pub fn create_ax(o: OpCode, ax: u32) -> Instruction {
    debug_assert!(ax <= MAXARG_AX);
    (o as u32) | (ax << POS_AX)
}
pub fn create_sj(o: OpCode, sj: i32) -> Instruction {
    let j = (sj + OFFSET_SJ) as u32;
    debug_assert!(j <= MAXARG_SJ);
    (o as u32) | (j << POS_SJ)
}

/// Field setters, for back-patching (`SETARG_*` in lopcodes.h).
pub fn set_a(i: &mut Instruction, a: u32) {
    *i = (*i & !(MAXARG_A << POS_A)) | (a << POS_A);
}
pub fn set_b(i: &mut Instruction, b: u32) {
    *i = (*i & !(MAXARG_B << POS_B)) | (b << POS_B);
}
pub fn set_c(i: &mut Instruction, c: u32) {
    *i = (*i & !(MAXARG_C << POS_C)) | (c << POS_C);
}
pub fn set_k(i: &mut Instruction, k: bool) {
    *i = (*i & !(1 << POS_K)) | ((k as u32) << POS_K);
}
pub fn set_bx(i: &mut Instruction, bx: u32) {
    *i = (*i & !(MAXARG_BX << POS_BX)) | (bx << POS_BX);
}
pub fn set_sbx(i: &mut Instruction, sbx: i32) {
    set_bx(i, (sbx + OFFSET_SBX) as u32);
}
pub fn set_sj(i: &mut Instruction, sj: i32) {
    let j = (sj + OFFSET_SJ) as u32;
    *i = (*i & !(MAXARG_SJ << POS_SJ)) | (j << POS_SJ);
}
pub fn set_op(i: &mut Instruction, o: OpCode) {
    *i = (*i & !((1 << SIZE_OP) - 1)) | o as u32;
}

/// Whether the instruction at `pc` sets register A (`testAMode`), for `getobjname`.
pub fn sets_a(o: OpCode) -> bool {
    use OpCode::*;
    !matches!(
        o,
        SetUpval
            | SetTabUp
            | SetTable
            | SetI
            | SetField
            | MmBin
            | MmBinI
            | MmBinK
            | Close
            | Tbc
            | Jmp
            | Eq
            | Lt
            | Le
            | EqK
            | EqI
            | LtI
            | LeI
            | GtI
            | GeI
            | Test
            | Return
            | Return0
            | Return1
            | ForLoop
            | ForPrep
            | TForPrep
            | TForCall
            | TForLoop
            | SetList
            | VarArgPrep
            | ExtraArg
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_83_opcodes_in_lua_order() {
        assert_eq!(NUM_OPCODES, 83);
        assert_eq!(OpCode::Move as u8, 0);
        assert_eq!(OpCode::Call as u8, 68);
        assert_eq!(OpCode::ExtraArg as u8, 82);
        for (n, o) in ALL_OPCODES.iter().enumerate() {
            assert_eq!(OpCode::from_u8(n as u8), Some(*o));
        }
    }

    #[test]
    fn fields_round_trip() {
        let i = create_abck(OpCode::Add, 200, 255, 7, true);
        assert_eq!(
            (op(i), arg_a(i), arg_b(i), arg_c(i), arg_k(i)),
            (OpCode::Add, 200, 255, 7, true)
        );
        let i = create_asbx(OpCode::LoadI, 3, -65535);
        assert_eq!(arg_sbx(i), -65535);
        let i = create_sj(OpCode::Jmp, -5);
        assert_eq!(arg_sj(i), -5);
        let mut i = create_abck(OpCode::Eq, 1, 2, 0, false);
        set_k(&mut i, true);
        set_b(&mut i, 9);
        assert!(arg_k(i));
        assert_eq!(arg_b(i), 9);
        assert_eq!(arg_a(i), 1);
    }
}

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

use crate::shared::arith::ArithOp;

/// One encoded 32-bit instruction.
pub type Instruction = u32;

/// Width of the opcode field.
pub const SIZE_OP: u32 = 7;
/// Width of argument A.
pub const SIZE_A: u32 = 8;
/// Width of argument B.
pub const SIZE_B: u32 = 8;
/// Width of argument C.
pub const SIZE_C: u32 = 8;
/// Width of argument Bx (B, C and k together).
pub const SIZE_BX: u32 = SIZE_C + SIZE_B + 1;
/// Width of argument Ax (everything but the opcode).
pub const SIZE_AX: u32 = SIZE_BX + SIZE_A;
/// Width of argument sJ (everything but the opcode).
pub const SIZE_SJ: u32 = SIZE_BX + SIZE_A;

/// Lowest bit of argument A.
pub const POS_A: u32 = SIZE_OP;
/// Position of the k bit.
pub const POS_K: u32 = POS_A + SIZE_A;
/// Lowest bit of argument B.
pub const POS_B: u32 = POS_K + 1;
/// Lowest bit of argument C.
pub const POS_C: u32 = POS_B + SIZE_B;
/// Lowest bit of argument Bx.
pub const POS_BX: u32 = POS_K;
/// Lowest bit of argument Ax.
pub const POS_AX: u32 = POS_A;
/// Lowest bit of argument sJ.
pub const POS_SJ: u32 = POS_A;

/// Largest value of argument A.
pub const MAXARG_A: u32 = (1 << SIZE_A) - 1;
/// Largest value of argument B.
pub const MAXARG_B: u32 = (1 << SIZE_B) - 1;
/// Largest value of argument C.
pub const MAXARG_C: u32 = (1 << SIZE_C) - 1;
/// Largest value of argument Bx.
pub const MAXARG_BX: u32 = (1 << SIZE_BX) - 1;
/// Largest value of argument Ax.
pub const MAXARG_AX: u32 = (1 << SIZE_AX) - 1;
/// Largest value of the raw (unsigned) sJ field.
pub const MAXARG_SJ: u32 = (1 << SIZE_SJ) - 1;
/// Excess-K offset of sBx: `sBx = Bx - OFFSET_SBX`.
pub const OFFSET_SBX: i32 = (MAXARG_BX >> 1) as i32;
/// Excess-K offset of sJ.
pub const OFFSET_SJ: i32 = (MAXARG_SJ >> 1) as i32;
/// Excess-K offset of sB and sC (`sC = C - OFFSET_SC`).
pub const OFFSET_SC: i32 = (MAXARG_C >> 1) as i32;

/// Registers a function may use (`MAXREGS` in lcode.c).
pub const MAX_REGS: u32 = 255;
/// Items flushed by one SETLIST (`LFIELDS_PER_FLUSH`).
pub const FIELDS_PER_FLUSH: u32 = 50;

/// Declares the opcodes once, in lopcodes.h's order: the enum, the name `luac -l` prints,
/// the operand format and the property bits of `luaP_opmodes` (lopcodes.c), MM OT IT T A:
///
/// - MM: a metamethod instruction (the MMBIN family), run when the one before failed.
/// - OT: sets the top for the next instruction, when C = 0 (results up to the top).
/// - IT: uses the top the instruction before set, when B = 0 (values up to the top).
/// - T: a test; the next instruction is a JMP, which it skips or lets run.
/// - A: writes register A.
///
/// Each entry's doc line gives its operands and what it does, with `R[x]` a register, `K[x]`
/// a constant, `Up[x]` an upvalue, `RK(C)` K[C] if k is set and R[C] otherwise, and "skip"
/// meaning pc += 1 (over the JMP after a test).
macro_rules! opcodes {
    ($(
        $(#[$doc:meta])*
        $name:ident = $lua:literal, $mode:ident,
        $mm:literal $ot:literal $it:literal $t:literal $a:literal;
    )*) => {
        /// One Lua 5.4 opcode, in lopcodes.h's order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum OpCode { $($(#[$doc])* $name),* }

        /// Every opcode, indexed by its number.
        pub const ALL_OPCODES: &[OpCode] = &[$(OpCode::$name),*];

        /// The property bits of every opcode, packed as lopcodes.c packs them.
        const PROPERTIES: [u8; ALL_OPCODES.len()] = [$(
            ($mm << MM_BIT) | ($ot << OT_BIT) | ($it << IT_BIT) | ($t << T_BIT) | ($a << A_BIT)
        ),*];

        impl OpCode {
            /// The name `luac -l` prints (`MOVE`, `GETTABUP`, ...).
            pub const fn name(self) -> &'static str {
                match self { $(OpCode::$name => $lua),* }
            }
            /// The operand layout (`getOpMode`).
            pub const fn mode(self) -> OpMode {
                match self { $(OpCode::$name => OpMode::$mode),* }
            }
        }
    };
}

const A_BIT: u8 = 0;
const T_BIT: u8 = 1;
const IT_BIT: u8 = 2;
const OT_BIT: u8 = 3;
const MM_BIT: u8 = 4;

/// The operand layout of an instruction (`enum OpMode` of lopcodes.h).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpMode {
    /// A, B, C and the k bit.
    IABC,
    /// A and an unsigned 17-bit Bx.
    IABx,
    /// A and a signed 17-bit sBx.
    IAsBx,
    /// A 25-bit Ax (only EXTRAARG).
    IAx,
    /// A signed 25-bit jump offset sJ (only JMP).
    IsJ,
}

opcodes! {
    //                                        MM OT IT T  A
    /// `A B`: `R[A] := R[B]`.
    Move       = "MOVE",       IABC,          0  0  0  0  1;
    /// `A sBx`: `R[A] := sBx`, an integer.
    LoadI      = "LOADI",      IAsBx,         0  0  0  0  1;
    /// `A sBx`: `R[A] := sBx` converted to a float.
    LoadF      = "LOADF",      IAsBx,         0  0  0  0  1;
    /// `A Bx`: `R[A] := K[Bx]`.
    LoadK      = "LOADK",      IABx,          0  0  0  0  1;
    /// `A`: `R[A] := K[Ax]`, Ax the operand of the EXTRAARG that follows.
    LoadKX     = "LOADKX",     IABx,          0  0  0  0  1;
    /// `A`: `R[A] := false`.
    LoadFalse  = "LOADFALSE",  IABC,          0  0  0  0  1;
    /// `A`: `R[A] := false`, then skip the next instruction (which loads true).
    LFalseSkip = "LFALSESKIP", IABC,          0  0  0  0  1;
    /// `A`: `R[A] := true`.
    LoadTrue   = "LOADTRUE",   IABC,          0  0  0  0  1;
    /// `A B`: `R[A], ..., R[A+B] := nil`.
    LoadNil    = "LOADNIL",    IABC,          0  0  0  0  1;
    /// `A B`: `R[A] := Up[B]`.
    GetUpval   = "GETUPVAL",   IABC,          0  0  0  0  1;
    /// `A B`: `Up[B] := R[A]`.
    SetUpval   = "SETUPVAL",   IABC,          0  0  0  0  0;
    /// `A B C`: `R[A] := Up[B][K[C]]`, `K[C]` a short string.
    GetTabUp   = "GETTABUP",   IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B][R[C]]`.
    GetTable   = "GETTABLE",   IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B][C]`, the integer C as the key.
    GetI       = "GETI",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B][K[C]]`, `K[C]` a short string.
    GetField   = "GETFIELD",   IABC,          0  0  0  0  1;
    /// `A B C k`: `Up[A][K[B]] := RK(C)`, `K[B]` a short string.
    SetTabUp   = "SETTABUP",   IABC,          0  0  0  0  0;
    /// `A B C k`: `R[A][R[B]] := RK(C)`.
    SetTable   = "SETTABLE",   IABC,          0  0  0  0  0;
    /// `A B C k`: `R[A][B] := RK(C)`, the integer B as the key.
    SetI       = "SETI",       IABC,          0  0  0  0  0;
    /// `A B C k`: `R[A][K[B]] := RK(C)`, `K[B]` a short string.
    SetField   = "SETFIELD",   IABC,          0  0  0  0  0;
    /// `A B C k`: `R[A] :=` a new table with `2^(B-1)` hash slots (none if B = 0) and C
    /// array slots (C plus EXTRAARG's Ax times 256 if k).
    NewTable   = "NEWTABLE",   IABC,          0  0  0  0  1;
    /// `A B C k`: `R[A+1] := R[B]; R[A] := R[B][RK(C)]` (a method and its object).
    SelfOp     = "SELF",       IABC,          0  0  0  0  1;
    /// `A B sC`: `R[A] := R[B] + sC`.
    AddI       = "ADDI",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] + K[C]`, a number constant.
    AddK       = "ADDK",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] - K[C]`, a number constant.
    SubK       = "SUBK",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] * K[C]`, a number constant.
    MulK       = "MULK",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] % K[C]`, a number constant.
    ModK       = "MODK",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] ^ K[C]`, a number constant.
    PowK       = "POWK",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] / K[C]`, a number constant.
    DivK       = "DIVK",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] // K[C]`, a number constant.
    IDivK      = "IDIVK",      IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] & K[C]`, an integer constant.
    BAndK      = "BANDK",      IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] | K[C]`, an integer constant.
    BOrK       = "BORK",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] ~ K[C]`, an integer constant.
    BXorK      = "BXORK",      IABC,          0  0  0  0  1;
    /// `A B sC`: `R[A] := R[B] >> sC`.
    ShrI       = "SHRI",       IABC,          0  0  0  0  1;
    /// `A B sC`: `R[A] := sC << R[B]` (the immediate is the left operand).
    ShlI       = "SHLI",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] + R[C]`.
    Add        = "ADD",        IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] - R[C]`.
    Sub        = "SUB",        IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] * R[C]`.
    Mul        = "MUL",        IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] % R[C]`.
    Mod        = "MOD",        IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] ^ R[C]`.
    Pow        = "POW",        IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] / R[C]`.
    Div        = "DIV",        IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] // R[C]`.
    IDiv       = "IDIV",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] & R[C]`.
    BAnd       = "BAND",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] | R[C]`.
    BOr        = "BOR",        IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] ~ R[C]`.
    BXor       = "BXOR",       IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] << R[C]`.
    Shl        = "SHL",        IABC,          0  0  0  0  1;
    /// `A B C`: `R[A] := R[B] >> R[C]`.
    Shr        = "SHR",        IABC,          0  0  0  0  1;
    /// `A B C`: the instruction before had no fast result: its result is event C's
    /// metamethod called on `R[A]` and `R[B]`.
    MmBin      = "MMBIN",      IABC,          1  0  0  0  0;
    /// `A sB C k`: like MMBIN, on `R[A]` and the integer sB (in the other order if k).
    MmBinI     = "MMBINI",     IABC,          1  0  0  0  0;
    /// `A B C k`: like MMBIN, on `R[A]` and `K[B]` (in the other order if k).
    MmBinK     = "MMBINK",     IABC,          1  0  0  0  0;
    /// `A B`: `R[A] := -R[B]`.
    Unm        = "UNM",        IABC,          0  0  0  0  1;
    /// `A B`: `R[A] := ~R[B]`.
    BNot       = "BNOT",       IABC,          0  0  0  0  1;
    /// `A B`: `R[A] := not R[B]`.
    Not        = "NOT",        IABC,          0  0  0  0  1;
    /// `A B`: `R[A] := #R[B]`.
    Len        = "LEN",        IABC,          0  0  0  0  1;
    /// `A B`: `R[A] := R[A] .. R[A+1] .. ... .. R[A+B-1]`.
    Concat     = "CONCAT",     IABC,          0  0  0  0  1;
    /// `A`: close the upvalues and to-be-closed variables at `R[A]` and above.
    Close      = "CLOSE",      IABC,          0  0  0  0  0;
    /// `A`: `R[A]` becomes a to-be-closed variable.
    Tbc        = "TBC",        IABC,          0  0  0  0  0;
    /// `sJ`: `pc += sJ`.
    Jmp        = "JMP",        IsJ,           0  0  0  0  0;
    /// `A B k`: skip unless `R[A] == R[B]` is k.
    Eq         = "EQ",         IABC,          0  0  0  1  0;
    /// `A B k`: skip unless `R[A] < R[B]` is k.
    Lt         = "LT",         IABC,          0  0  0  1  0;
    /// `A B k`: skip unless `R[A] <= R[B]` is k.
    Le         = "LE",         IABC,          0  0  0  1  0;
    /// `A B k`: skip unless `R[A] == K[B]` is k.
    EqK        = "EQK",        IABC,          0  0  0  1  0;
    /// `A sB k`: skip unless `R[A] == sB` is k (C: sB stands for a float).
    EqI        = "EQI",        IABC,          0  0  0  1  0;
    /// `A sB k`: skip unless `R[A] < sB` is k (C: sB stands for a float).
    LtI        = "LTI",        IABC,          0  0  0  1  0;
    /// `A sB k`: skip unless `R[A] <= sB` is k (C: sB stands for a float).
    LeI        = "LEI",        IABC,          0  0  0  1  0;
    /// `A sB k`: skip unless `R[A] > sB` is k (C: sB stands for a float).
    GtI        = "GTI",        IABC,          0  0  0  1  0;
    /// `A sB k`: skip unless `R[A] >= sB` is k (C: sB stands for a float).
    GeI        = "GEI",        IABC,          0  0  0  1  0;
    /// `A k`: skip unless `R[A]` is truthy exactly when k is set.
    Test       = "TEST",       IABC,          0  0  0  1  0;
    /// `A B k`: like TEST on `R[B]`; when not skipping, `R[A] := R[B]`.
    TestSet    = "TESTSET",    IABC,          0  0  0  1  1;
    /// `A B C`: `R[A], ..., R[A+C-2] := R[A](R[A+1], ..., R[A+B-1])`; B = 0 passes the
    /// values up to the top, C = 0 keeps every result and sets the top after them.
    Call       = "CALL",       IABC,          0  1  1  0  1;
    /// `A B C k`: `return R[A](R[A+1], ..., R[A+B-1])`, reusing the frame (k, C: as RETURN).
    TailCall   = "TAILCALL",   IABC,          0  1  1  0  1;
    /// `A B C k`: `return R[A], ..., R[A+B-2]` (B = 0: up to the top); k: close upvalues
    /// first; C > 0: a vararg function with C - 1 fixed parameters.
    Return     = "RETURN",     IABC,          0  0  1  0  0;
    /// Return no values.
    Return0    = "RETURN0",    IABC,          0  0  0  0  0;
    /// `A`: `return R[A]`.
    Return1    = "RETURN1",    IABC,          0  0  0  0  0;
    /// `A Bx`: count the numeric loop at `R[A]` on; if it goes on, `pc -= Bx`.
    ForLoop    = "FORLOOP",    IABx,          0  0  0  0  1;
    /// `A Bx`: check and prepare the numeric loop at `R[A]`; if it runs no times,
    /// `pc += Bx + 1`.
    ForPrep    = "FORPREP",    IABx,          0  0  0  0  1;
    /// `A Bx`: `R[A+3]` (the closing value) becomes to-be-closed; `pc += Bx`.
    TForPrep   = "TFORPREP",   IABx,          0  0  0  0  0;
    /// `A C`: `R[A+4], ..., R[A+3+C] := R[A](R[A+1], R[A+2])`.
    TForCall   = "TFORCALL",   IABC,          0  0  0  0  0;
    /// `A Bx`: if `R[A+4]` is not nil, `R[A+2] := R[A+4]` and `pc -= Bx`.
    TForLoop   = "TFORLOOP",   IABx,          0  0  0  0  1;
    /// `A B C k`: `R[A][C+n] := R[A+n]` for n from 1 to B (B = 0: up to the top; k: C
    /// plus EXTRAARG's Ax times 256).
    SetList    = "SETLIST",    IABC,          0  0  1  0  0;
    /// `A Bx`: `R[A] :=` a closure of nested prototype Bx.
    Closure    = "CLOSURE",    IABx,          0  0  0  0  1;
    /// `A C`: `R[A], ..., R[A+C-2] :=` the extra arguments (C = 0: all, setting the top).
    VarArg     = "VARARG",     IABC,          0  1  0  0  1;
    /// `A`: move the frame of a vararg function with A fixed parameters above its extra
    /// arguments.
    VarArgPrep = "VARARGPREP", IABC,          0  0  1  0  1;
    /// `Ax`: a wider operand for the instruction before.
    ExtraArg   = "EXTRAARG",   IAx,           0  0  0  0  0;
}

/// Number of opcodes; valid opcode numbers are below it.
pub const NUM_OPCODES: usize = ALL_OPCODES.len();

impl OpCode {
    /// The opcode with number `n`, if there is one.
    pub const fn from_u8(n: u8) -> Option<OpCode> {
        if (n as usize) < ALL_OPCODES.len() {
            Some(ALL_OPCODES[n as usize])
        } else {
            None
        }
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
/// The opcode field as a number, without [`op`]'s clamping (the VM's dispatch indexes with it).
#[inline(always)]
pub fn op_bits(i: Instruction) -> u32 {
    i & ((1 << SIZE_OP) - 1)
}
/// Argument A (`GETARG_A`).
#[inline(always)]
pub fn arg_a(i: Instruction) -> u32 {
    field(i, POS_A, SIZE_A)
}
/// Argument B (`GETARG_B`).
#[inline(always)]
pub fn arg_b(i: Instruction) -> u32 {
    field(i, POS_B, SIZE_B)
}
/// Argument B read as signed (`GETARG_sB`).
#[inline(always)]
pub fn arg_sb(i: Instruction) -> i32 {
    arg_b(i) as i32 - OFFSET_SC
}
/// Argument C (`GETARG_C`).
#[inline(always)]
pub fn arg_c(i: Instruction) -> u32 {
    field(i, POS_C, SIZE_C)
}
/// Argument C read as signed (`GETARG_sC`).
#[inline(always)]
pub fn arg_sc(i: Instruction) -> i32 {
    arg_c(i) as i32 - OFFSET_SC
}
/// The k bit (`GETARG_k`).
#[inline(always)]
pub fn arg_k(i: Instruction) -> bool {
    field(i, POS_K, 1) != 0
}
/// Argument Bx (`GETARG_Bx`).
#[inline(always)]
pub fn arg_bx(i: Instruction) -> u32 {
    field(i, POS_BX, SIZE_BX)
}
/// Argument sBx (`GETARG_sBx`).
#[inline(always)]
pub fn arg_sbx(i: Instruction) -> i32 {
    arg_bx(i) as i32 - OFFSET_SBX
}
/// Argument Ax (`GETARG_Ax`).
#[inline(always)]
pub fn arg_ax(i: Instruction) -> u32 {
    field(i, POS_AX, SIZE_AX)
}
/// Argument sJ, a jump offset (`GETARG_sJ`).
#[inline(always)]
pub fn arg_sj(i: Instruction) -> i32 {
    field(i, POS_SJ, SIZE_SJ) as i32 - OFFSET_SJ
}

/// Encoding.
pub fn create_abck(o: OpCode, a: u32, b: u32, c: u32, k: bool) -> Instruction {
    debug_assert!(a <= MAXARG_A && b <= MAXARG_B && c <= MAXARG_C);
    (o as u32) | (a << POS_A) | ((k as u32) << POS_K) | (b << POS_B) | (c << POS_C)
}
/// An iABx instruction (`CREATE_ABx`).
pub fn create_abx(o: OpCode, a: u32, bx: u32) -> Instruction {
    debug_assert!(a <= MAXARG_A && bx <= MAXARG_BX);
    (o as u32) | (a << POS_A) | (bx << POS_BX)
}
/// An iAsBx instruction.
pub fn create_asbx(o: OpCode, a: u32, sbx: i32) -> Instruction {
    create_abx(o, a, (sbx + OFFSET_SBX) as u32)
}
/// An iAx instruction (`CREATE_Ax`).
pub fn create_ax(o: OpCode, ax: u32) -> Instruction {
    debug_assert!(ax <= MAXARG_AX);
    (o as u32) | (ax << POS_AX)
}
/// An isJ instruction (`CREATE_sJ`).
pub fn create_sj(o: OpCode, sj: i32) -> Instruction {
    let j = (sj + OFFSET_SJ) as u32;
    debug_assert!(j <= MAXARG_SJ);
    (o as u32) | (j << POS_SJ)
}

/// Field setters, for back-patching (`SETARG_*` in lopcodes.h).
pub fn set_a(i: &mut Instruction, a: u32) {
    *i = (*i & !(MAXARG_A << POS_A)) | (a << POS_A);
}
/// Sets argument B.
pub fn set_b(i: &mut Instruction, b: u32) {
    *i = (*i & !(MAXARG_B << POS_B)) | (b << POS_B);
}
/// Sets argument C.
pub fn set_c(i: &mut Instruction, c: u32) {
    *i = (*i & !(MAXARG_C << POS_C)) | (c << POS_C);
}
/// Sets the k bit.
pub fn set_k(i: &mut Instruction, k: bool) {
    *i = (*i & !(1 << POS_K)) | ((k as u32) << POS_K);
}
/// Sets argument Bx.
pub fn set_bx(i: &mut Instruction, bx: u32) {
    *i = (*i & !(MAXARG_BX << POS_BX)) | (bx << POS_BX);
}
/// Sets argument sBx.
pub fn set_sbx(i: &mut Instruction, sbx: i32) {
    set_bx(i, (sbx + OFFSET_SBX) as u32);
}
/// Sets argument sJ (patching a jump).
pub fn set_sj(i: &mut Instruction, sj: i32) {
    let j = (sj + OFFSET_SJ) as u32;
    *i = (*i & !(MAXARG_SJ << POS_SJ)) | (j << POS_SJ);
}
/// Replaces the opcode, keeping the arguments.
pub fn set_op(i: &mut Instruction, o: OpCode) {
    *i = (*i & !((1 << SIZE_OP) - 1)) | o as u32;
}

impl OpCode {
    #[inline(always)]
    const fn has(self, bit: u8) -> bool {
        PROPERTIES[self as usize] & (1 << bit) != 0
    }
    /// Writes register A (`testAMode`; `getobjname` looks for the last such write).
    pub const fn sets_a(self) -> bool {
        self.has(A_BIT)
    }
    /// A test, which the next instruction, a JMP, completes (`testTMode`).
    pub const fn is_test(self) -> bool {
        self.has(T_BIT)
    }
    /// Takes values up to the top when B = 0 (`testITMode`).
    pub const fn uses_top(self) -> bool {
        self.has(IT_BIT)
    }
    /// Leaves values up to the top when C = 0 (`testOTMode`).
    pub const fn sets_top(self) -> bool {
        self.has(OT_BIT)
    }
    /// Calls a metamethod for the instruction before it (`testMMMode`).
    pub const fn is_mm(self) -> bool {
        self.has(MM_BIT)
    }
}

/// Arithmetic instructions come in families that follow `ArithOp`'s order (ORDER OP), each
/// member followed by the MMBIN of its family: ADD .. SHR on two registers (MMBIN), ADDK ..
/// BXORK with a constant (MMBINK; no shifts), and ADDI, SHRI, SHLI with an immediate (MMBINI).
impl OpCode {
    /// The two-register instruction for `op` (None for the unary operations).
    pub fn arith_rr(op: ArithOp) -> Option<OpCode> {
        Self::family_member(OpCode::Add, OpCode::Shr, op)
    }

    /// The register-constant instruction for `op` (None for shifts and unary operations).
    pub fn arith_k(op: ArithOp) -> Option<OpCode> {
        Self::family_member(OpCode::AddK, OpCode::BXorK, op)
    }

    fn family_member(first: OpCode, last: OpCode, op: ArithOp) -> Option<OpCode> {
        let n = first as u8 + op as u8;
        if n <= last as u8 {
            OpCode::from_u8(n)
        } else {
            None
        }
    }

    /// The operation an arithmetic instruction performs, and the MMBIN that follows it.
    pub const fn arith(self) -> Option<(ArithOp, OpCode)> {
        use OpCode::*;
        let n = self as u8;
        Some(match self {
            AddI => (ArithOp::Add, MmBinI),
            ShrI => (ArithOp::Shr, MmBinI),
            ShlI => (ArithOp::Shl, MmBinI),
            _ if Add as u8 <= n && n <= Shr as u8 => {
                (ArithOp::ALL[(n - Add as u8) as usize], MmBin)
            }
            _ if AddK as u8 <= n && n <= BXorK as u8 => {
                (ArithOp::ALL[(n - AddK as u8) as usize], MmBinK)
            }
            _ => return None,
        })
    }
}

// The families line up with `ArithOp`.
const _: () = assert!(OpCode::Shr as u8 - OpCode::Add as u8 == ArithOp::Shr as u8);
const _: () = assert!(OpCode::BXorK as u8 - OpCode::AddK as u8 == ArithOp::BXor as u8);

/// Whether `i` uses the top the instruction before it set (`isIT`).
pub fn uses_top(i: Instruction) -> bool {
    op(i).uses_top() && arg_b(i) == 0
}

/// Whether `i` sets the top for the instruction after it (`isOT`).
pub fn sets_top(i: Instruction) -> bool {
    let o = op(i);
    (o.sets_top() && arg_c(i) == 0) || o == OpCode::TailCall
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
    fn arithmetic_families_follow_the_operations() {
        use crate::shared::tm::Tm;
        for op in ArithOp::ALL {
            let event = Tm::of_arith(op).bare_name();
            let rr = OpCode::arith_rr(op);
            let k = OpCode::arith_k(op);
            match op {
                ArithOp::Unm | ArithOp::BNot => assert_eq!((rr, k), (None, None)),
                ArithOp::Shl | ArithOp::Shr => assert_eq!(k, None),
                _ => {
                    let k = k.expect("a constant variant");
                    assert_eq!(k.name().to_lowercase(), format!("{event}k"));
                    assert_eq!(k.arith(), Some((op, OpCode::MmBinK)));
                }
            }
            if let Some(rr) = rr {
                assert_eq!(rr.name().to_lowercase(), event);
                assert_eq!(rr.arith(), Some((op, OpCode::MmBin)));
            }
        }
        assert_eq!(OpCode::ShlI.arith(), Some((ArithOp::Shl, OpCode::MmBinI)));
        assert_eq!(OpCode::Unm.arith(), None, "unary: no MMBIN follows");
        let with_mmbin = ALL_OPCODES.iter().filter(|o| o.arith().is_some()).count();
        assert_eq!(with_mmbin, 12 + 10 + 3);
    }

    #[test]
    fn property_bits_match_lopcodes() {
        let with = |p: fn(OpCode) -> bool| -> Vec<&str> {
            ALL_OPCODES
                .iter()
                .filter(|o| p(**o))
                .map(|o| o.name())
                .collect()
        };
        assert_eq!(with(OpCode::is_mm), ["MMBIN", "MMBINI", "MMBINK"]);
        assert_eq!(with(OpCode::sets_top), ["CALL", "TAILCALL", "VARARG"]);
        assert_eq!(
            with(OpCode::uses_top),
            ["CALL", "TAILCALL", "RETURN", "SETLIST", "VARARGPREP"]
        );
        let tests = with(OpCode::is_test);
        assert_eq!(tests.len(), 11);
        assert!(tests.iter().all(|n| ["EQ", "LT", "LE", "GT", "GE", "TEST"]
            .iter()
            .any(|p| n.starts_with(p))));
        let no_a = with(|o| !o.sets_a());
        assert_eq!(no_a.len(), 28);
        assert!(OpCode::TestSet.sets_a() && !OpCode::Test.sets_a());
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

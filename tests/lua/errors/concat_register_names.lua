-- `a .. b .. c` is one OP_CONCAT over consecutive registers, run from the right: the
-- result of `b .. c` (here from a __concat that returns a table) lands in b's register,
-- and lua5.4 names that register by the instruction that loaded b.
local mt = {__concat = function(a, b) return {} end}
local o = setmetatable({}, mt)
local k <const> = "kk"
local t = {f = o}
g = o

local function try(label, f)
  print(label, pcall(f))
end

try("upvalue", function() return "s" .. o .. 1 end)
try("local", function() local l = o; return "s" .. l .. 1 end)
try("field", function() return "s" .. t.f .. 1 end)
try("global", function() return "s" .. g .. 1 end)
try("constant", function() return "s" .. "c" .. o end)
try("const local", function() return "s" .. k .. o end)
try("parenthesised rhs", function() return "s" .. (o .. 1) end)
try("parenthesised lhs", function() return ("s" .. o) .. 1 end)
try("parenthesised operand", function() return "s" .. (o) .. 1 end)
try("longer chain", function() return "s" .. o .. "a" .. "b" end)
try("middle", function() return "s" .. "a" .. o .. "b" end)
try("number first", function() return 1 .. o .. 1 end)
try("number loaded", function() return "s" .. 2 .. o end)
try("number loaded, longer", function() return "s" .. 2 .. o .. "x" end)
try("length", function() return "s" .. #"ab" .. o end)
try("unary result", function() return "s" .. -o .. 1 end)
try("call result", function() return "s" .. o() .. 1 end)
try("string key", function() return "s" .. t["f"] .. 1 end)
try("arithmetic rhs", function() return "s" .. 1 + 1 .. o end)
try("local string", function() local a = "x"; return a .. "s" .. o end)
try("vararg", function(...) return "s" .. ... .. o end, "v")

-- Operands that are not results are named as before.
local u
try("nil upvalue", function() return "a" .. u end)
try("nil upvalue first", function() return u .. "a" end)
try("nil upvalue middle", function() return "a" .. u .. "b" end)
try("nil field", function() return "a" .. t.x end)
-- A key lcode.c folds to a small integer is an OP_GETI key.
try("folded integer key", function() return "s" .. t[1 + 0] .. 1 end)
try("folded key index", function() return t[2 - 1].x end)
try("float key", function() return t[1.0].x end)
try("big folded key", function() return t[255 + 1].x end)

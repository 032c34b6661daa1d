-- Strings are values, not objects, for weak tables (never removed for being dead), but
-- an entry cleared because its value died does not keep its string key alive: lgc.c
-- marks a string key only when its entry survives (gc.lua's "string keys in weak
-- tables"). Memory amounts are only compared.
collectgarbage(); collectgarbage()
local before = collectgarbage("count")
local w = setmetatable({}, {__mode = "kv"})
w[string.rep("a", 2^20)] = 25
w[string.rep("b", 2^20)] = {}
collectgarbage()
local after = collectgarbage("count")
print("one big key kept", after > before + 2^9 and after < before + 2^10 + 2^9)
print("values", w[string.rep("a", 2^20)], w[string.rep("b", 2^20)])


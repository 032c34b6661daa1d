-- Count and line hooks over arithmetic the VM has specialised on its operand types
-- (numbers/quickening.lua has the rest): the hooks see lua5.4's instructions and lines.
local function f(a, b) return a + b, a * b, a / b, a + 1, a / 2 end
for _ = 1, 50 do f(3, 4) end
for _ = 1, 50 do f(0.5, 4.0) end
-- Count and line hooks over specialised code.
local count = 0
debug.sethook(function() count = count + 1 end, "", 1)
local s = 0
for i = 1, 100 do s = s + i * 2 + i / 4 end
debug.sethook()
print(s, count > 0)
local lines = {}
debug.sethook(function(_, l) lines[#lines + 1] = l end, "l")
local t = 0.5
for i = 1, 3 do
  t = t + i
  t = t * 2
end
debug.sethook()
print(t, table.concat(lines, " "))

local calls = 0
debug.sethook(function() calls = calls + 1 end, "", 1)
print(f(3, 4))
print(f(0.5, 4.0))
debug.sethook()
print(calls)

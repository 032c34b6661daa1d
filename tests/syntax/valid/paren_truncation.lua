-- A parenthesised call (or vararg) is truncated to exactly one value.
local function three() return 1, 2, 3 end
local function none() end
print(three())
print((three()))
print(three(), 10)
print((three()), 10)
print(#{three()}, #{(three())}, #{three(), three()})
local function pass(...) return ... end
print(select('#', pass()), select('#', (pass())))
print((none()))
print(select('#', none()), select('#', (none())))
local a, b = (three())
print(a, b)
local function ret() return (three()) end
print(ret())
print(((three())))
local function va(...) return (...) end
print(va(7, 8, 9))
print(select('#', va()))
local t = {three(), (three())}
print(#t, t[1], t[2], t[3])
print(string.byte("abc", 1, -1))
print((string.byte("abc", 1, -1)))
print(math.max(three()), math.max((three())))

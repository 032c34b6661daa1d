-- ipairs and pairs return the library's own iterators, the same value every time
-- (lua5.4 returns light C functions), whatever the global `next` is.
print("ipairs same", ipairs({}) == ipairs({}), ipairs({}) == ipairs({1, 2}))
print("pairs is next", pairs({}) == next, pairs({}) == pairs({1}))
local lib_next = next
next = function() return nil end
print("pairs ignores global next", pairs({}) == lib_next)
local n = 0
for _ in pairs({1, 2, 3}) do n = n + 1 end
print("iterated", n)
next = nil
n = 0
for _ in pairs({a = 1, b = 2}) do n = n + 1 end
print("iterated without global next", n)
next = lib_next
local f, s, i = ipairs({10, 20})
print("ipairs triple", type(f), type(s), i, f(s, i))
print(pcall(ipairs))
print(pcall(pairs))

-- Runaway Lua recursion, in a coroutine and in the main thread.
local function r(n) return 1 + r(n + 1) end
print(coroutine.resume(coroutine.create(function() return r(1) end)))
print(pcall(r, 1))
local function t(n) return t(n + 1) end
t(1)

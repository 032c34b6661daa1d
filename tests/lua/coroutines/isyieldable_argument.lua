-- coroutine.isyieldable's argument, when given, must be a thread (both engines ignored
-- anything else and answered for the running coroutine; found by fuzzgen::generate_hostile,
-- with isyieldable as a metamethod and as xpcall's message handler).
print(coroutine.isyieldable())
print(pcall(coroutine.isyieldable, nil))
print(pcall(coroutine.isyieldable, {}))
print(pcall(coroutine.isyieldable, "x"))
print(coroutine.isyieldable(coroutine.running()))
print(coroutine.wrap(function() return coroutine.isyieldable(), coroutine.isyieldable(coroutine.running()) end)())
print(xpcall(string.rep, coroutine.isyieldable))
local o = setmetatable({}, {__add = coroutine.isyieldable})
print(pcall(function() return o + 1 end))

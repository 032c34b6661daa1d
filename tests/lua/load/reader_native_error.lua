-- A library function as load's reader that fails: load returns the error, and the state
-- goes on (the reference once left the reader's frame behind). Inside pcall, since at the
-- top level lua.c's message handler also sees the reader's error and adds a traceback.
print(pcall(load, string.rep))
local a = 1; print(type(function() return a end))
print((function() return a end)())
print(pcall(load, function() error("reader boom") end))
print(pcall(load, error))
print(pcall(load, select))
print(pcall(load, coroutine.yield))
print(a, select("#", pcall(load, string.rep)))

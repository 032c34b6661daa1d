-- Switching the collector's mode. Entering generational mode from incremental mode is a
-- full collection in lua5.4 (lgc.c's entergen), finalizers and weak tables included, even
-- while the collector is stopped; entering incremental mode collects nothing. (Found by the
-- gc_differential fuzzer: both engines only changed a flag.)
collectgarbage("stop")
local log = {}
local function fin(o) log[#log + 1] = o.name end
local weak = setmetatable({}, {__mode = "v"})

print("start", collectgarbage("incremental"))
do
  setmetatable({name = "a"}, {__gc = fin})
  weak[1] = {}
end
print("to incremental again", collectgarbage("incremental"), #log, weak[1] ~= nil)
print("to generational", collectgarbage("generational"), #log, log[1], weak[1] ~= nil)
do
  setmetatable({name = "b"}, {__gc = fin})
  weak[2] = {}
end
print("generational again", collectgarbage("generational"), #log, weak[2] ~= nil)
print("to incremental", collectgarbage("incremental"), #log, weak[2] ~= nil)
print("to generational", collectgarbage("generational"), #log, log[2], weak[2] ~= nil)
-- The finalizer runs inside the call, before its result is used.
do setmetatable({name = "c"}, {__gc = function() print("finalizer c") end}) end
collectgarbage("incremental")
print("switched", collectgarbage("generational"))
print("running", collectgarbage("isrunning"))

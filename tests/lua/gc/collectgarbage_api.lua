-- collectgarbage options and their result types (no values that depend on memory use).
-- The standalone lua5.4 interpreter switches the collector to generational mode at startup,
-- so the first mode switch reports "generational" as the previous mode.
print("first mode switch", collectgarbage("incremental"))
print("collect", collectgarbage())
print("collect explicit", collectgarbage("collect"))
print("isrunning", collectgarbage("isrunning"))
print("stop", collectgarbage("stop"))
print("isrunning after stop", collectgarbage("isrunning"))
-- allocation while stopped still works
local t = {}
for i = 1, 1000 do t[i] = {i} end
print("allocated while stopped", #t)
print("explicit collect while stopped", collectgarbage())
print("still stopped", collectgarbage("isrunning"))
print("restart", collectgarbage("restart"))
print("isrunning after restart", collectgarbage("isrunning"))
local c = collectgarbage("count")
print("count", type(c), math.type(c), c > 0, select("#", collectgarbage("count")))
local before = collectgarbage("count")
local big = {}
for i = 1, 10000 do big[i] = {} end
print("count grows", collectgarbage("count") > before)
big = nil
collectgarbage()
print("step type", type(collectgarbage("step")), type(collectgarbage("step", 0)), type(collectgarbage("step", 100)))
print("incremental", collectgarbage("incremental"))
print("generational", collectgarbage("generational"))
print("generational again", collectgarbage("generational"))
print("back", collectgarbage("incremental"))
print("incremental with args", collectgarbage("incremental", 0, 0, 0))
print("invalid", pcall(collectgarbage, "nonsense"))
print("bad type", pcall(collectgarbage, 1))
-- weak tables behave the same in generational mode
collectgarbage("generational")
local weak = setmetatable({}, {__mode = "k"})
do for i = 1, 3 do weak[{}] = i end end
collectgarbage()
local n = 0
for _ in pairs(weak) do n = n + 1 end
print("generational weak", n)
collectgarbage("incremental")

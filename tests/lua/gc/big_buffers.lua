-- collectgarbage("count") sees the bytes of long strings and of table storage, and
-- garbage long strings are collected as a program makes them (the heap does not grow
-- with every one).
-- A full cycle first, so that `before` counts no garbage left from starting up (whose
-- amount depends on the libraries an engine opens and on when its cycles end).
collectgarbage()
local before = collectgarbage("count")
local s = string.rep("abcdefgh", 2^22) -- 32 MiB
print("live string counted", collectgarbage("count") - before > 30 * 1024)
s = nil
collectgarbage()
print("freed", collectgarbage("count") - before < 1024)

local peak = 0
for i = 1, 40 do
  local s = string.rep("abcdefgh", 2^20) -- 8 MiB each, garbage at the next iteration
  local c = collectgarbage("count") - before
  if c > peak then peak = c end
end
print("garbage collected as it goes", peak < 100 * 1024)

local t = {}
for i = 1, 2^18 do t[i] = i end
print("array part counted", collectgarbage("count") - before > 2 * 1024)
t = nil
collectgarbage()
print("array freed", collectgarbage("count") - before < 1024)
local h = {}
for i = 1, 2^13 do h[i * 0.5] = true end
print("hash part counted", collectgarbage("count") - before > 128)

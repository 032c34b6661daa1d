-- An entry whose value was set to nil does not keep its key alive (lgc.c marks only the
-- keys of entries that have a value), yet `next` still finds the cleared key's place.
-- (Found by the gc_differential fuzzer on 2026-11-21: the reference kept such keys alive.)
collectgarbage("stop")
local strong = {}
local ephemerons = setmetatable({}, {__mode = "k"})
local weak_keys = setmetatable({}, {__mode = "k"})
local log = {}
do
  local a = {}
  ephemerons[a] = {ref = a}
  strong[a] = true
  strong[a] = nil
  local b = {}
  weak_keys[b] = "b"
  strong[b] = 1
  strong[b] = nil
  local c = setmetatable({}, {__gc = function() log[#log + 1] = "c finalized" end})
  strong[c] = "c"
  strong[c] = nil
end
collectgarbage()
print("ephemeron entries", next(ephemerons) == nil and 0 or 1)
print("weak key entries", next(weak_keys) == nil and 0 or 1)
print("finalizers", table.concat(log, ","))

-- Clearing fields during a traversal, with collections in between.
local t = {}
for i = 1, 30 do t[{}] = i end
for i = 1, 10 do t["s" .. i] = i end
local n, sum = 0, 0
for k, v in pairs(t) do
  t[k] = nil
  n = n + 1
  sum = sum + v
  if n % 7 == 0 then collectgarbage() end
end
print("traversal", n, sum, next(t))

-- A cleared key assigned again is an ordinary entry.
local k = {}
t[k] = 1
t[k] = nil
collectgarbage()
t[k] = 2
print("revived", t[k], select(2, next(t)))

-- weak_cache: memoization in a weak-valued table under allocation pressure, with
-- periodic collectgarbage("step"). Whether a lookup hits or recomputes depends on when
-- collections happen, so the output uses only values that are the same either way, plus
-- one GC invariant: an entry whose value is still strongly held must never be cleared.
-- Size: the number of lookups.
local n = tonumber(arg and arg[1]) or 50000
local M = 1000000007

local cache = setmetatable({}, { __mode = "v" })
local notes = setmetatable({}, { __mode = "k" })   -- per-entry data, weak keys

local function compute(k)
  local parts = {}
  local v, sum = k, 0
  for i = 1, 8 do
    v = (v * 1103 + 12345) % 65536
    parts[i] = v
    sum = sum + v
  end
  return { key = k, sum = sum, label = "entry-" .. k, parts = parts }
end

local function lookup(k)
  local e = cache[k]
  if e == nil then
    e = compute(k)
    cache[k] = e
  end
  return e
end

local seed = 99
local function rnd(k)
  seed = (seed * 16807) % 2147483647
  return seed % k
end

local ring, RING = {}, 64               -- the most recent entries stay strongly reachable
local total = 0
for i = 1, n do
  local e = lookup(rnd(4000))
  ring[i % RING + 1] = e
  notes[e] = (notes[e] or 0) + 1
  total = (total + e.sum + #e.label + e.parts[1 + i % 8]) % M
  -- unrelated garbage to keep the collector busy
  local junk = { i, tostring(i), { i } }
  if #junk ~= 3 then total = -1 end
  if i % 256 == 0 then collectgarbage("step") end
end

collectgarbage()
local consistent = 0
for i = 1, RING do
  local e = ring[i]
  if e ~= nil and cache[e.key] == e and notes[e] ~= nil then consistent = consistent + 1 end
end
print(string.format("lookups = %d  total = %d  live ring entries = %d/%d",
  n, total, consistent, RING))

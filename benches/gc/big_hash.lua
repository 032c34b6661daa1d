-- A big hash table: N string keys, each with a small table value, then N/2 updates that
-- replace values (garbage for the collector). Prints a checksum.
-- usage: big_hash.lua N
local n = tonumber(arg and arg[1]) or 200000
local t = {}
for i = 1, n do
  t["key" .. i] = {i, i * 2}
end
for i = 1, n, 2 do
  t["key" .. i] = {i + 1, i}
end
local sum = 0
for i = 1, n do
  local v = t["key" .. i]
  sum = sum + v[1] - v[2]
end
print(sum)

-- table_access: array appends and reads, string-keyed inserts and lookups, table.insert and
-- table.remove at both ends and in the middle, and field overwrite/deletion.
-- Size: the number of elements per round (10 rounds).
local n = tonumber(arg and arg[1]) or 10000
local M = 1000000007

local checksum = 0
for round = 1, 10 do
  -- integer keys: fill by appending, read back with a stride
  local arr = {}
  for i = 1, n do arr[#arr + 1] = (i * round) % 1009 end
  for i = 1, n, 3 do checksum = (checksum + arr[i]) % M end

  -- string keys built once per round, then looked up many times
  local keys = {}
  for i = 1, 200 do keys[i] = "key" .. ((i * 37 + round) % 500) end
  local dict = {}
  for i = 1, n do
    local k = keys[i % 200 + 1]
    dict[k] = (dict[k] or 0) + i
  end
  for i = 1, 200 do checksum = (checksum + dict[keys[i]] * i) % M end

  -- a queue with table.insert/table.remove: push at the end, pop from the front in batches
  local q = {}
  for i = 1, 200 do table.insert(q, i) end
  for i = 1, math.floor(n / 20) do
    table.insert(q, i + round)
    local front = table.remove(q, 1)
    local back = table.remove(q)
    table.insert(q, math.floor(#q / 2) + 1, front + back)
    checksum = (checksum + front * 3 + back) % M
  end

  -- record tables: field writes, reads and deletion (hash part churn)
  local rec = {}
  for i = 1, n do
    local r = rec[i % 64]
    if not r then r = { a = 0, b = 0 }; rec[i % 64] = r end
    r.a = r.a + i
    if i % 7 == 0 then r.c = i else r.c = nil end
    r.b = r.b + (r.c or 1)
  end
  for i = 0, 63 do checksum = (checksum + rec[i].a + rec[i].b) % M end
end
print(string.format("n = %d  checksum = %d", n, checksum))

-- Write barriers of the generational collector: objects that survived several minor
-- collections (old) get young objects stored into them, with 0-3 minor collections
-- between writes, so touched tables, forward barriers and aging are all exercised; the
-- young objects must stay intact through more minor and full collections.
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
collectgarbage("generational")
local function minors(n) for _ = 1, n do collectgarbage("step", 0) end end
local finalized = {}
local graveyard = {}
local function fin(name, resurrect)
  return setmetatable({name = name, body = {name .. " body"}}, {__gc = function(o)
    finalized[#finalized + 1] = o.name
    if resurrect then graveyard[#graveyard + 1] = o end
  end})
end

-- Old objects: they survive several minor collections before any mutation.
local old = {}
local old_list = {}
for i = 1, 30 do old_list[i] = {i = i} end
local weakv = setmetatable({}, {__mode = "v"})
local ephem = setmetatable({}, {__mode = "k"})
local ephem_keys = {}
local function make_box()
  local v
  return function() return v end, function(x) v = x end
end
local box_get, box_set = make_box()
local meta_obj = {}
local closers = {}
local chain = {depth = 0}          -- an old node that gets ever deeper young children
minors(5)

for round = 1, 48 do
  old["f" .. round % 5] = {round = round, inner = {round * 2}}
  local fresh = {item = {round = round, inner = {tag = "moved"}}}
  minors(1)                                     -- fresh and its items survive once
  old_list[round % 30 + 1] = fresh.item         -- then move into the old list
  fresh.item = nil
  box_set({round = round, nested = {deep = {round * 3}}})   -- forward barrier on an upvalue
  setmetatable(meta_obj, {__index = {value = round}})
  global_slot = {round = round}
  local node = chain
  while node.child do node = node.child end
  node.child = {depth = node.depth + 1}         -- a young child under a possibly old node
  do
    local late = {round = round}
    closers[round % 3 + 1] = function() return late end
    minors(round % 3)                        -- the open upvalue may be traced (or aged) here
    late = {round = round, inner = {"late" .. round}}   -- then it closes over a new table
  end
  local obj = {name = "w" .. round}
  weakv["w" .. round] = obj
  if round % 8 == 0 then old["w" .. round] = obj end
  local k = {}
  ephem[k] = {round = round, back = k, extra = {round}}
  if round % 12 == 0 then ephem_keys[round] = k end
  if round % 4 == 0 then old["fin" .. round % 3] = fin("fin" .. round, round % 16 == 0) end
  minors(round % 4)
end
minors(10)

local function check(label)
  local ok = true
  for k = 0, 4 do
    local o = old["f" .. k]
    ok = ok and o.round % 5 == k and o.inner[1] == o.round * 2 and o.round > 43
  end
  for i = 1, 30 do
    local o = old_list[i]
    ok = ok and (o.i == i or (o.round % 30 + 1 == i and o.inner.tag == "moved"))
  end
  local b = box_get()
  ok = ok and b.round == 48 and b.nested.deep[1] == 144
  ok = ok and meta_obj.value == 48 and global_slot.round == 48
  local node, depth = chain, 0
  while node.child do node = node.child; depth = depth + 1; ok = ok and node.depth == depth end
  ok = ok and depth == 48
  for _, o in ipairs(graveyard) do ok = ok and o.body[1] == o.name .. " body" end
  for i = 1, 3 do
    local l = closers[i]()
    ok = ok and l.round % 3 + 1 == i and l.round > 45 and l.inner[1] == "late" .. l.round
  end
  print(label, ok)
end
check("after minor collections")
collectgarbage()
minors(3)
collectgarbage()
check("after full collections")

local names = {}
for k, v in pairs(weakv) do names[#names + 1] = k .. "=" .. v.name end
table.sort(names)
print("weak values", table.concat(names, " "))
local live = {}
for k, v in pairs(ephem) do
  live[#live + 1] = v.round .. (ephem_keys[v.round] == k and v.extra[1] == v.round and "" or "?")
end
table.sort(live)
print("ephemeron", table.concat(live, " "))
table.sort(finalized)
print("finalized", table.concat(finalized, " "))
local buried = {}
for i, o in ipairs(graveyard) do buried[i] = o.name end
table.sort(buried)
print("resurrected", table.concat(buried, " "))
print("still held", old.fin0.name, old.fin1.name, old.fin2.name)
-- Back to incremental mode: the same objects survive its steps and a full cycle.
collectgarbage("incremental")
for _ = 1, 50 do collectgarbage("step", 0) end
collectgarbage()
check("after switching to incremental")

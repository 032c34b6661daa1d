-- Write barriers of the incremental collector: tables, upvalues, metatables, globals and
-- coroutines made long before (and traced by many steps) get new objects stored into them
-- between explicit steps; the new objects must stay intact through more steps and cycles.
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
collectgarbage("incremental")
collectgarbage("incremental", 200, 100, 4)   -- small steps: a cycle spans a few rounds
local function steps(n) for _ = 1, n do collectgarbage("step", 0) end end
local finalized = {}
local function fin(name) return setmetatable({name = name}, {__gc = function(o)
  finalized[#finalized + 1] = o.name end}) end

-- Old objects, traversed by many steps before any mutation.
local old, old_list, old_strings = {}, {}, {}
for i = 1, 40 do old_list[i] = {i = i} end
local weakv, ephem = setmetatable({}, {__mode = "v"}), setmetatable({}, {__mode = "k"})
local function make_box()
  local v
  return function() return v end, function(x) v = x end
end
local box_get, box_set = make_box()
local closures, closers, meta_obj, old_queue, ephem_keys = {}, {}, {}, {}, {}
local round_ok = true
local cell                                   -- an open upvalue of the main chunk
local function get_cell() return cell end
local co = coroutine.wrap(function(t)
  local kept = {}
  while true do
    local late = {round = -1}                 -- its upvalue stays open while suspended
    closers[#kept % 3 + 1] = function() return late end
    kept[#kept + 1] = t
    t = coroutine.yield()
    if t == "done" then return kept end
    late = {round = t.round, inner = {"late" .. t.round}}   -- then closes over a new table
  end
end)
co({round = 0})
steps(60)

for round = 1, 60 do
  old["f" .. round % 7] = {round = round, inner = {round * 2}}        -- overwrite a field
  local fresh = {item = {round = round, inner = {tag = "moved"}}}
  steps(1)
  old_list[round % 40 + 1] = fresh.item                                -- move new -> old
  fresh.item = nil
  old_strings["key" .. round % 9] = string.rep("v", 3) .. round        -- new string key/value
  box_set({round = round, data = {round * 3}})                         -- closed upvalue
  local captured = {round = round}
  closures[round % 5 + 1] = function() return captured.round end       -- closure over new table
  setmetatable(meta_obj, {__index = {value = round}})                  -- new metatable
  global_slot, old.last = {round = round}, {round = round}             -- _ENV is old too
  cell = {round = round}
  table.insert(old_queue, {round = round})                             -- through the C API
  if #old_queue > 5 then table.remove(old_queue, 1) end
  rawset(old, "raw" .. round % 2, {round = round})
  co({round = round})
  local obj = {name = "w" .. round}; weakv[obj.name] = obj
  if round % 6 == 0 then old["w" .. round] = obj end                   -- some kept strongly
  local k = {}; ephem[k] = {round = round, back = k}                    -- an ephemeron
  if round % 10 == 0 then ephem_keys[round] = k end
  if round % 5 == 0 then old["fin" .. round % 3] = fin("fin" .. round) end
  steps(round % 4 * 2 + 1)
  local l, b = closers[(round - 1) % 3 + 1](), box_get()   -- l closed by this round's resume
  round_ok = round_ok and l.round == round and l.inner[1] == "late" .. round
    and b.data[1] == round * 3 and old["f" .. round % 7].inner[1] == round * 2
    and old_list[round % 40 + 1].inner.tag == "moved" and meta_obj.value == round
    and global_slot.round == round and old.last.round == round
end
print("new objects intact after each round", round_ok)

local n = 0
repeat n = n + 1 until collectgarbage("step") or n > 1000000
print("step loop terminated", n <= 1000000)
steps(100)

local function check(label)
  local ok = true
  for k = 0, 6 do
    local o = old["f" .. k]
    ok = ok and o.round % 7 == k and o.inner[1] == o.round * 2 and o.round > 53
  end
  for i = 1, 40 do
    local o = old_list[i]
    ok = ok and (o.i == i or (o.round % 40 + 1 == i and o.inner.tag == "moved"))
  end
  for k = 0, 8 do
    local v = old_strings["key" .. k]
    ok = ok and v == "vvv" .. (v:sub(4) + 0) and (v:sub(4) + 0) % 9 == k
  end
  local b, sum = box_get(), 0
  for i = 1, 5 do sum = sum + closures[i]() end
  ok = ok and sum == 56 + 57 + 58 + 59 + 60 and b.round == 60 and b.data[1] == 180
  ok = ok and meta_obj.value == 60 and global_slot.round == 60 and get_cell().round == 60
  for i = 1, 5 do ok = ok and old_queue[i].round == 55 + i end
  ok = ok and old.raw0.round == 60 and old.raw1.round == 59 and old.last.round == 60
  for i = 1, 3 do
    local l = closers[i]()
    ok = ok and (l.round == -1 or (l.round - 1) % 3 + 1 == i and l.round > 57
      and l.inner[1] == "late" .. l.round)
  end
  print(label, ok)
end
check("after steps")
collectgarbage()
collectgarbage()
check("after collections")

local kept = co("done")
local rounds = 0; for i, t in ipairs(kept) do if t.round == i - 1 then rounds = rounds + 1 end end
print("coroutine kept", #kept, rounds)
local names = {}
for k, v in pairs(weakv) do names[#names + 1] = k .. "=" .. v.name end
table.sort(names); print("weak values", table.concat(names, " "))
local live = {}
for k, v in pairs(ephem) do live[#live + 1] = v.round .. (ephem_keys[v.round] == k and "" or "?") end
table.sort(live); print("ephemeron", table.concat(live, " "))
table.sort(finalized)
print("finalized", table.concat(finalized, " "))
print("still held", old.fin0.name, old.fin1.name, old.fin2.name)

-- A __len that is pcall (or another library function) called by the table library's
-- luaL_len: pcall catches the failing call of the table itself, returns false, and the
-- length "is not an integer".
for _, f in ipairs({pcall, next, select, type, rawlen}) do
  local mt = {__len = f}
  local o = setmetatable({}, mt)
  print("#", pcall(function() return #o end))
  print("concat", pcall(table.concat, o, ","))
  print("unpack", pcall(table.unpack, o))
  print("insert", pcall(table.insert, o, "v"))
  print("remove", pcall(table.remove, o))
  print("ipairs", pcall(function() for i in ipairs(o) do return i end return "none" end))
end

-- The same with __index, __newindex and __lt as pcall: the table library reads, writes
-- and compares through them.
local o = setmetatable({}, {__index = pcall, __newindex = pcall, __len = function() return 2 end})
print("concat", pcall(table.concat, o, ","))
print("unpack", select("#", table.unpack(o)), (table.unpack(o)))
print("insert", pcall(table.insert, o, 1, "v"))
print("move", pcall(function() return type(table.move(o, 1, 2, 3)) end))

-- next raises "invalid key" inside a C function: no position.
print(pcall(function() return next({}, "x") end))
print(pcall(function() for k in next, {}, "x" do end end))
print(pcall(next, {}, "x"))

-- A finalizer that raises an error, run from a collection step inside a Lua function,
-- leaves no trace on that function's later calls: a library function it calls is named
-- as usual in argument errors (the VM kept the finalizer mark on the calling frame and
-- named it '__gc'; found by fuzzgen::generate_hostile).
print(pcall(function()
  for i = 1, 20 do setmetatable({}, {__gc = error}) end
  for i = 1, 200000 do local t = {i} end
  string.rep()
end))
print(pcall(function()
  for i = 1, 20 do setmetatable({}, {__gc = function() error("in gc") end}) end
  local s = ""
  for i = 1, 20000 do s = s .. "x" if #s > 100 then s = "" end end
  return table.concat({}, ",", 1, 0.5)
end))

-- <close> with errors: the error object is passed to __close; errors inside __close.
local log = {}
local function res(name)
  return setmetatable({}, {__close = function(_, err)
    log[#log + 1] = name .. "(" .. tostring(err) .. ")"
  end})
end
local function flush(label) print(label, table.concat(log, " ")); log = {} end

print("pcall", pcall(function()
  local a <close> = res("a")
  local b <close> = res("b")
  error("boom", 0)
end))
flush("closed with error")

local errobj = {}
local seen
print("table error", pcall(function()
  local c <close> = setmetatable({}, {__close = function(_, e) seen = e end})
  error(errobj)
end) == false, seen == errobj)

-- runtime error (not error()) is also passed
print("runtime", pcall(function()
  local a <close> = res("rt")
  local x = nil
  return x.field
end))
flush("runtime error passed")

-- error inside __close replaces the original error; later closes see the new one
print("error in close", pcall(function()
  local a <close> = res("outer")
  local b <close> = setmetatable({}, {__close = function() error("close failed", 0) end})
  error("original", 0)
end))
flush("after close error")

-- error in __close during normal exit
print("close error on normal exit", pcall(function()
  local a <close> = res("first")
  local b <close> = setmetatable({}, {__close = function() error("late failure", 0) end})
  return "not returned"
end))
flush("others still closed")

-- non-closable value errors at declaration point
print("non-closable table", pcall(function() local x <close> = {} end))
print("non-closable string", pcall(function() local s <close> = "str" end))
print("non-closable number", pcall(function() local n <close> = 1 end))
print("non-closable true", pcall(function() local b <close> = true end))
print("non-closable function", pcall(function() local f <close> = print end))

-- variables declared before the bad one are still closed
print("earlier closed", pcall(function()
  local ok <close> = res("earlier")
  local bad <close> = 42
end))
flush("closed on declaration error")

-- close in nested pcall with error propagating through two levels
print("nested", pcall(function()
  local a <close> = res("lvl1")
  local ok, e = pcall(function()
    local b <close> = res("lvl2")
    error("deep", 0)
  end)
  log[#log + 1] = "caught:" .. e
  error("again", 0)
end))
flush("nested closes")

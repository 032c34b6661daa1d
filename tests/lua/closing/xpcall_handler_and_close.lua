-- xpcall's message handler runs where the error is raised, before the pending
-- to-be-closed variables are closed, so they see its result; and an error raised while
-- closing them goes through the handler too (lua5.4 restores errfunc only after closing).
-- The reference closed first and ran the handler once at the end; the VM did not pass
-- close errors through the handler. Found by fuzzgen::generate_hostile.
local function tbc(name, fail)
  return setmetatable({}, {__close = function(_, e)
    print(name .. " sees", e)
    if fail then error(name .. " failed", 0) end
  end})
end
print(xpcall(function()
  local a <close> = tbc("a")
  error("x", 0)
end, function(m) return "handled " .. m end))
print(xpcall(function()
  local a <close> = tbc("a")
  local b <close> = tbc("b", true)
  error("x", 0)
end, function(m) return "handled " .. m end))
print(xpcall(function()
  local a <close> = tbc("a")
  local b <close> = tbc("b", true)
  return "normal exit"
end, function(m) return "handled " .. m end))
print(xpcall(function()
  local a <close> = tbc("a")
  error("x", 0)
end, error))
print(xpcall(function()
  local b <close> = tbc("b", true)
  error("x", 0)
end, error))
local n = 0
print(xpcall(function()
  local a <close> = tbc("a", true)
  local b <close> = tbc("b", true)
  error({}, 0)
end, function(m) n = n + 1 return "call " .. n .. " " .. type(m) end))
print(pcall(function()
  local a <close> = tbc("a")
  local b <close> = tbc("b", true)
  error("x", 0)
end))

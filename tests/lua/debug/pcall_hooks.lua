-- pcall and xpcall are C functions to the hooks: their own call and return events, with
-- the transfer values getinfo's 'r' reports, around the events of the function they call,
-- also when it fails, yields or is not a function; a line hook set through pcall does
-- not report the line it was set on again.
local function f(...) return ... end
local function g() error("boom") end
local function h(e, l)
  local i = debug.getinfo(2, "nSr")
  print(e, i.name, i.what, l, i.ftransfer, i.ntransfer)
end
debug.sethook(h, "cr")
print(pcall(f, 1, 2))
print(pcall(g))
print(xpcall(g, function(m) return "handled" end))
print(xpcall(f, print, "x"))
local co = coroutine.wrap(function()
  return pcall(function() coroutine.yield(1) return 2 end)
end)
print(co())
print(co())
print(pcall(pcall))
print(pcall(pcall, f, 7))
debug.sethook()

local lines = {}
local a = 1
print(pcall(debug.sethook, function(e, l) lines[#lines + 1] = l end, "l")) local b = 2
local c = 3
debug.sethook()
print(table.concat(lines, " "))

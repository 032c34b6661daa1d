-- A function returning through to-be-closed variables reports its return event after
-- their __close handlers have run (lua5.4 calls the hook from luaD_poscall, after
-- luaF_close), and the handlers' own calls and returns come first.
local function func2close(f) return setmetatable({}, {__close = f}) end
local trace = {}
local function hook(event)
  trace[#trace + 1] = event .. " " .. tostring(debug.getinfo(2).name)
end
local function foo(...)
  local x <close> = func2close(function() trace[#trace + 1] = "x" end)
  local y <close> = func2close(function() debug.sethook(hook, "r") end)
  return ...
end
local t = {foo(10, 20, 30)}
debug.sethook()
print(table.concat(t, ","))
print(table.concat(trace, ", "))

-- An error in load's reader goes through the innermost enclosing xpcall's message handler
-- (lua5.4's protected parser keeps L->errfunc): not past a plain pcall, not into a
-- coroutine, and a failing handler gives lua5.4's status for it; syntax errors do not.
print(xpcall(function() return load(function() return {} end) end, function(m) return "H:" .. m end))
print(xpcall(function() return pcall(load, function() error("x") end) end, function(m) return "H:" .. m end))
print(xpcall(function() return pcall(function() return load(function() error("x") end) end) end, function(m) return "H:" .. m end))
print(xpcall(function() return load(function() error("x") end) end, function(m) error("again") end))
print(xpcall(function() return load("x x") end, function(m) return "H:" .. m end))
local co = coroutine.wrap(function() return load(function() error("inco") end) end)
print(xpcall(co, function(m) return "H:" .. m end))

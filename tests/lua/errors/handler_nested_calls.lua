-- xpcall's message handler runs where the error is raised, above the frames of the
-- calls that failed, also when those calls were made by a library function (a sort
-- comparator, a gsub replacement, a module's loader, an __index function).
-- (handler_quirks.lua: load's reader, and how the handler itself is named.)

local function strip(tb) return (tb:gsub("\n[^\n]*%[C%]: in %?", "")) end
local function bad() local x = nil; return x.field end

print(strip(select(2, xpcall(table.sort, debug.traceback, { 3, 2, 1 }, bad))))
print(strip(select(2, xpcall(string.gsub, debug.traceback, "abc", "b", bad))))
package.preload.fails = bad
print(strip(select(2, xpcall(require, debug.traceback, "fails"))))
local t = setmetatable({}, { __index = bad })
print(strip(select(2, xpcall(function() return t.x end, debug.traceback))))

-- The handler's result replaces the message, once.
local function h(m) return "H:" .. tostring(m) end
print(xpcall(table.sort, h, { 3, 2, 1 }, function() error("in cmp") end))
print(xpcall(function() return tostring(setmetatable({}, { __tostring = function() error("ts") end })) end, h))
-- A pcall between the error and the xpcall: the handler does not run.
print(xpcall(function() return pcall(table.sort, { 3, 2, 1 }, function() error("in cmp") end) end, h))
-- A handler that fails while handling such an error.
print(xpcall(table.sort, function(m) error("again") end, { 3, 2, 1 }, function() error("in cmp") end))

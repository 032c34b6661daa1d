-- An error in a __close handler run by a normal exit (a vararg function's RETURN) is
-- raised from the handler unprotected: the message handler sees the handler's frames,
-- named "metamethod 'close'".
local function func2close(f) return setmetatable({}, {__close = f}) end

local function bar(...)
  local v <close> = func2close(function() error("@v") end)
end
local ok, tb = xpcall(bar, debug.traceback)
print(ok, tb:match("^[^\n]*"), tb:find("in metamethod 'close'", 1, true) ~= nil)

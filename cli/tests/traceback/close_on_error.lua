-- An uncaught error with to-be-closed variables pending: they are closed before the
-- message is printed, seeing the message with its traceback; the finalizer runs when the
-- state is closed afterwards (as lua.c does).
local t = setmetatable({}, {__gc = function() print("finalizer") end})
local x <close> = setmetatable({}, {__close = function(_, e) print("closing", e) end})
print("before")
error("boom")

-- An uncaught error with a pending <close> and a pending finalizer.
setmetatable({}, {__gc = function() print("finalized") end})
local x <close> = setmetatable({}, {__close = function(_, e) print("closing", e) end})
error("boom")

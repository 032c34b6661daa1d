-- An error in a __close handler while closing after an uncaught error replaces it, handled
-- the same way (message and traceback); an error object with __tostring is its words alone.
local a <close> = setmetatable({}, {__close = function(_, e) print("a sees", e) end})
local b <close> = setmetatable({}, {__close = function(_, e) print("b sees", (tostring(e):gsub("\n.*", ""))) error("from b", 0) end})
local c <close> = setmetatable({}, {__close = function(_, e) print("c sees", (tostring(e):gsub("\n.*", ""))) end})
error(setmetatable({}, {__tostring = function() return "custom" end}))

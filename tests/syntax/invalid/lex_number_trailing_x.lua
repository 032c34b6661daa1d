
local x = 08x

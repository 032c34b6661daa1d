-- the error is on line 6
local a = 1
local b = [[
x
]]
local c = = 3

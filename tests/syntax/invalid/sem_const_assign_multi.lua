local a <const> = 1
local b
b, a = 1, 2

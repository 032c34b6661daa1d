-- string.format and string.pack building long strings on every iteration.
local s = string.rep('x', 1e7)
while true do local t = string.format('%s', s) local u = string.pack('s', s) end

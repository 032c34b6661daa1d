-- A plain string.find scanning a long string on every iteration: the scan is charged.
local s = string.rep('x', 1e7)
while true do local t = s:find('y', 1, true) end

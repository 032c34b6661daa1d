-- string.sub copying a long string on every iteration: the copy is charged to the work limit.
local s = string.rep('x', 1e7)
while true do local t = s:sub(1, -2) end

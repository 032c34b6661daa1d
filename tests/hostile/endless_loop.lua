-- Under a limit, an endless loop ends with an error.
local i = 0
while true do i = i + 1 end

local x = 0
local function f()
  local y = 1

  return y

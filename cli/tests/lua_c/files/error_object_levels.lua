-- The __tostring runs under lua.c's message handler: level 4 is the code that raised it.
local m = setmetatable({}, {__tostring = function()
  return "raised at line " .. debug.getinfo(4).currentline
end})
error(m)

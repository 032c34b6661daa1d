local t <const> = {}
local function f()
  t = {}
end

local k <const> = 10
local function f()
  return function()
    k = k + 1
  end
end

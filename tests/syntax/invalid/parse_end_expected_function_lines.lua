local function f()
  local x = 1
  return x

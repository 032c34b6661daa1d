::outer::
local function f()
  goto outer
end

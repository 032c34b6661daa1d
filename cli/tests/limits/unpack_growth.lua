-- A table of growing size unpacked into each call: the copies happen inside `{...}`,
-- `table.unpack` and the call.
local function f(...)
  local t = {...}
  t[#t + 1] = 1
  return f(table.unpack(t))
end
f()

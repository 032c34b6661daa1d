-- A __close handler that never ends while an error unwinds: the work limit ends it.
print(pcall(function()
  local x <close> = setmetatable({}, {__close = function() while true do end end})
  error("first")
end))

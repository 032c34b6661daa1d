-- The same inside xpcall, with a handler and a pcall inside __close.
print(xpcall(function()
  local x <close> = setmetatable({}, {__close = function()
    pcall(function() while true do end end)
  end})
  local y = nil + 1
end, function(m) return "handled: " .. tostring(m) end))

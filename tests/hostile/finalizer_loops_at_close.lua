-- A finalizer that never ends when the state closes: the limit error, exit status 1.
setmetatable({}, {__gc = function() while true do end end})
print("end of chunk")

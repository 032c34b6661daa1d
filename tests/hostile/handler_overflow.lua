-- An error handler that raises, and one that recurses forever.
print(xpcall(error, function(m) error(m) end, "x"))
local function h(m) return h(m) .. "" end
print(xpcall(error, h, "y"))
local function g(m) local a = nil; return a.b end
print(xpcall(function() local z = nil; return z.y end, g))

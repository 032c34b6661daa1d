-- Key normalisation and invalid keys.
local t = {}
t[1] = "int"
print("float lookup", t[1.0])
t[2.0] = "float key"
print("int lookup", t[2], math.type(next({[3.0] = true})))
t[2^53] = "big"
print("2^53", t[math.tointeger(2^53)])
t[1.5] = "frac"
print("fraction stays float", t[1.5], t[1])
t[-0.0] = "negzero"
print("negative zero", t[0], t[0.0])
t["1"] = "string one"
print("string vs number", t["1"], t[1])
print("nil key read", t[nil])
print("nan key read", t[0/0])
print("nil key write", pcall(function() t[nil] = 1 end))
print("nan key write", pcall(function() t[0/0] = 1 end))
print("rawset nil", pcall(rawset, t, nil, 1))
print("rawset nan", pcall(rawset, t, 0/0, 1))
print("rawget nil", rawget(t, nil))
print("nil key write of nil", pcall(function() t[nil] = nil end))
local key = {}
t[key] = "table key"
print("table key", t[key], t[{}])
local f = function() end
t[f] = "function key"
print("function key", t[f])
t[true] = "bool"
print("bool key", t[true], t[false])
-- keys of all types survive in the same table
local n = 0
for _ in pairs(t) do n = n + 1 end
print("total keys", n)
-- integer keys beyond the array
local sparse = {}
sparse[math.maxinteger] = "max"
sparse[math.mininteger] = "min"
print("extreme keys", sparse[math.maxinteger], sparse[math.mininteger], sparse[2^63])
-- float keys that cannot be integers
local fk = {}
fk[2^63] = "float"
print("2^63 key", fk[2^63], fk[math.mininteger])
-- string keys with numeric look
local sk = {["10"] = "s", [10] = "n"}
print("string numeric", sk["10"], sk[10], sk[10.0])
-- assigning nil removes
t[1] = nil
print("removed", t[1], t[1.0])

-- Multiple results: adjustment rules.
local function three() return 1, 2, 3 end
local function none() end

print("last expands", three())
print("middle truncates", three(), "x")
print("paren", (three()))
print("none middle", none(), "y")
print("none last", none())
print("select # none", select("#", none()))
print("select # paren none", select("#", (none())))

local t = {three(), three()}
print("constructor", #t, t[1], t[2], t[4])
local t2 = {three(), (three())}
print("constructor paren", #t2)
local t3 = {three(), nil}
print("constructor middle", #t3)

local a, b, c, d = three()
print("assign", a, b, c, d)
local e, f = three(), 10
print("assign middle", e, f)
local g, h = (three())
print("assign paren", g, h)

-- return f() passes everything through; return (f()) only one
local function all() return three() end
local function one() return (three()) end
print("return all", all())
print("return one", one())

-- string methods and arithmetic on multiple results use only the first
print("arith", three() + 10)
print("concat", three() .. "!")

-- table.insert receives exact number of args
local ins = {}
table.insert(ins, (three()))
print("insert", #ins, ins[1])

-- results from a vararg function in nested calls
local function id(...) return ... end
print("nested", id(id(three())))
print("nested middle", id(three(), id(three())))

-- multiple results into string.format
print("format", string.format("%d-%d-%d", three()))

-- method call results
local obj = {vals = function(self) return self.x, self.y end, x = 5, y = 6}
print("method", obj:vals())
local x, y, z = obj:vals()
print("method assign", x, y, z)

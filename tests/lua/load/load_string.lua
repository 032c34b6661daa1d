-- load with string chunks, chunk names, modes.
local f = load("return 1 + 2")
print("basic", type(f), f())
print("statements", load("local a = 5; local b = a * 2; return a, b")())
print("no return", select("#", load("local x = 1")()))
print("empty chunk", select("#", load("")()))
print("globals", load("loadtest_global = 42")(), loadtest_global)

-- default chunk names
print("default name", pcall(load("error('boom')")))
print("long source name", pcall(load("local a = 1\nerror('second line')")))
print("name truncation", pcall(load("error('e')  -- " .. ("x"):rep(80))))
print("multiline source name", pcall(load("\n\nerror('third')")))

-- explicit chunk names
print("at name", pcall(load("error('msg')", "@myfile.lua")))
print("eq name", pcall(load("error('msg')", "=custom")))
print("plain name", pcall(load("error('msg')", "plain name")))
print("long eq name", pcall(load("error('msg')", "=" .. ("n"):rep(100))))
print("long at name", pcall(load("error('msg')", "@" .. ("d/"):rep(50) .. "f.lua")))

-- syntax errors: load returns nil plus message
print("syntax", load("return +"))
print("syntax named", load("x = = 1", "=chunk"))
print("unexpected eof", load("if true then", "@f.lua"))
print("unfinished string", load("return 'abc", "=s"))
print("bad goto", load("goto nowhere", "=g"))
print("break outside loop", load("break", "=b"))
print("count on error", select("#", load("(")))

-- modes
print("mode t", type(load("return 1", "m", "t")))
print("mode b rejects text", load("return 1", "m", "b"))
print("mode bt", type(load("return 1", "m", "bt")))

-- non-string chunks
print("number chunk", pcall(load, 42))
print("nil chunk", pcall(load, nil))

-- the loaded function is a vararg main chunk
local va = load("return select('#', ...), ...")
print("varargs", va(1, nil, 3))
local va2 = load("local a, b = ...; return b, a")
print("varargs locals", va2("x", "y"))

-- each load produces a new function with its own locals
local counter_src = "local n = 0; return function() n = n + 1; return n end"
local c1, c2 = load(counter_src)(), load(counter_src)()
c1(); c1()
print("independent", c1(), c2())
-- returning functions and tables from loaded code
local mod = load("local M = {}; function M.twice(x) return 2 * x end; return M")()
print("module-like", mod.twice(21))
-- line numbers in loaded code count from 1
print("line numbers", pcall(load("local a = 1\nlocal b = 2\nlocal c = nil + 1", "=lines")))

-- string.gsub with string, table and function replacements.
print("simple", ("hello world"):gsub("o", "0"))
print("max count", ("hello world"):gsub("o", "0", 1))
print("max zero", ("aaa"):gsub("a", "b", 0))
print("max neg", ("aaa"):gsub("a", "b", -1))
print("max float", ("aaa"):gsub("a", "b", 2.0))
print("whole match %0", ("abc"):gsub("%w", "<%0>"))
print("captures", ("hello world"):gsub("(%w+) (%w+)", "%2 %1"))
print("percent escape", ("50"):gsub("%d+", "%0%%"))
print("empty pattern", ("abc"):gsub("", "-"))
print("empty matches", ("abc"):gsub("x*", "-"))
print("mixed empty", ("aab"):gsub("a*", "X"))
print("anchored", ("aaa"):gsub("^a", "b"))
print("anchored empty", ("abc"):gsub("^", ">"))
print("end anchor", ("abc"):gsub("$", "<"))
print("position capture repl", ("abc"):gsub("()", "%1"))
print("pos capture in string", ("hello"):gsub("l()", "[%1]"))

-- table replacement
local map = {name = "Lua", version = "5.4", zero = false}
print("table", ("$name $version $unknown $zero"):gsub("%$(%w+)", map))
print("table whole match key", ("a b c"):gsub("%a", {a = "1", b = 2}))

-- function replacement
print("func", ("1 2 3"):gsub("%d", function(d) return d * 2 end))
print("func nil keeps", ("a b c"):gsub("%a", function(c) if c == "b" then return "B" end end))
print("func false keeps", ("abc"):gsub("%a", function() return false end))
print("func multiple captures", ("k1=v1;k2=v2"):gsub("(%w+)=(%w+)", function(k, v) return v .. "=" .. k end))
print("func position", ("abc"):gsub("()%a", function(p) return p end))
print("func number result", ("x"):gsub("x", function() return 1.5 end))
local calls = 0
("aaaa"):gsub("a", function() calls = calls + 1 end, 2)
print("func call count", calls)

-- errors
print("bad repl type", pcall(string.gsub, "x", "x", true))
print("bad repl value", pcall(string.gsub, "x", "x", function() return {} end))
print("bad capture index", pcall(string.gsub, "abc", "(a)", "%2"))
print("bad percent", pcall(string.gsub, "abc", "a", "%x"))
print("trailing percent", pcall(string.gsub, "abc", "a", "%"))
print("no capture %1", ("abc"):gsub("b", "[%1]"))

-- special characters in replacement are literal
print("literal specials", ("a.b"):gsub("%.", "%%."), ("a"):gsub("a", "$1"))
print("count only", select(2, ("a,b,,c"):gsub(",", ",")))
print("number subject", string.gsub(1234, "2", "x"))
print("newline", ("a\nb"):gsub("\n", "\\n"))
print("backref in pattern", ("aa ab bb"):gsub("(%a)%1", "<%1%1>"))

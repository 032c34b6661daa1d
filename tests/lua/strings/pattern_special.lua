-- %b balanced matches, %f frontiers, back-references, anchors.
print("balanced", ("f(a(b)c) x"):match("%b()"))
print("balanced brackets", ("[[x]] [y]"):gsub("%b[]", "B"))
print("balanced same char", ("'a' 'b'"):match("%b''"))
print("balanced unmatched", ("((a)"):match("%b()"))
print("balanced nested all", ("{a{b}{c{d}}}"):match("%b{}"))
print("balanced in gsub", ("f(1) g(2,3)"):gsub("(%w)%b()", "%1()"))
print("balanced missing args", pcall(string.find, "a", "%b"))
print("balanced one arg", pcall(string.find, "a", "%b("))

print("frontier word", ("THE (quick) fox"):gsub("%f[%a]%a+", "W"))
print("frontier end", ("hello world"):gsub("%f[%s]", "|"))
print("frontier start of string", ("abc"):find("%f[%a]"))
print("frontier end of string", ("abc"):find("%f[%z]"))
print("frontier nonword", ("a,b;;c"):gsub("%f[%p]", "^"))
print("frontier digit boundary", ("abc123def"):match("%f[%d]%d+%f[%D]"))
print("frontier missing set", pcall(string.find, "a", "%f"))
print("frontier bad set", pcall(string.find, "a", "%fx"))

print("backref", ("hello"):match("(l)%1"), ("abcabc"):match("(abc)%1"))
print("backref quotes", ([[say "hi" and 'bye']]):gsub("([\"'])(.-)%1", "<%2>"))
print("backref unclosed", pcall(string.find, "aa", "(a%1)"))
print("backref invalid", pcall(string.find, "aa", "(a)%2"))
print("backref zero", pcall(string.find, "aa", "%0"))

print("anchor start", ("abcabc"):gsub("^abc", "X"))
print("anchor both", ("abc"):match("^abc$"), ("abcd"):match("^abc$"))
print("anchor mid-pattern literal", ("a^b"):match("a^b"))
print("dollar mid-pattern literal", ("a$b"):find("$b"))
print("anchor and init", ("xabc"):find("^abc", 2))

-- nested captures and position captures together
print("nested positions", ("key = value"):match("()(%w+)()%s*=%s*()(%w+)()"))
-- pattern too complex (deep recursion) handled as error or result
local ok = pcall(string.rep, "a", 10)
print("rep ok", ok)
-- matching a long string with an optional-heavy pattern
print("long optional", #(("ab"):rep(500)):match("^(.-)b$"))

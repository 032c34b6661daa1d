-- Long bracket strings and comments.
local a = [[simple]]
print("simple", a)
local b = [[
first newline skipped]]
print("skip newline", b)
local c = [==[contains ]] and ]=] inside]==]
print("levels", c)
local d = [[no \n escapes \t here]]
print("raw", d, #d)
local e = [[
line1
line2
]]
print("multiline", #e, e:byte(-1))
local f = [[]]
print("empty", #f)
local g = [=[
]=]
print("only newline skipped", #g)
local h = [[

two newlines]]
print("second newline kept", h:byte(1), #h)
--[[ a long
comment ]] print("after long comment")
--[==[ comment with ]] inside ]==] print("after level comment")
---[[ not a long comment
print("line comment trick")
--]]
print("nested brackets", [[a[b]c]], [=[[[x]]]=])
print("concat", [[a]] .. [==[b]==])
print("call syntax", #[[xyz]], type[[s]])
local function id(s) return s end
print("call no parens", id[[long arg]], id"short arg")
print("load long", load("return [[\r\nx]]")() == "x")
print("crlf in long", load("return [[a\r\nb]]")() == "a\nb", load("return [[a\n\rb]]")() == "a\nb")
print("unfinished", load("return [[abc"))
print("bad level", load("return [=abc"))

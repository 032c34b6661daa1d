-- Short comments, long comments of several levels, and things that look
-- like long comments but are not.
print("start") -- a trailing short comment
--[[ a level-0 long comment
spanning lines ]] print("code after a long comment on the same line")
--[==[
  level two: neither ]] nor ]=] nor ]===] closes it
]==] print("after a level-2 long comment")
---[[ three dashes: this is only a short comment
print("this line is live code")
--]]
--[=x a '[=' without a second bracket makes this a short comment
--[ a lone bracket: short comment too
--[=[]=] print("empty level-1 long comment")
print("a" --[[ inline ]] .. "b" --[=[ another
inline one ]=] .. "c")
--[[]]print("empty long comment, no space before code")
--
---
----------------------------------------
--[==================[
 a level-18 comment
]==================]
print("end") --[[ long comment running to the end of the file
]]

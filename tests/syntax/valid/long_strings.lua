-- Long brackets of several levels; the first newline is skipped.
local s1 = [[plain]]
print(s1, #s1)
local s2 = [[
the leading newline is not part of the string]]
print(s2, #s2)
local s3 = [==[
contains ]] and ]=] and [[ and [=[ inside]==]
print(s3)
local s4 = [[

only the first of two leading newlines is skipped]]
print(#s4, s4:sub(1, 1) == "\n")
local s5 = [[no \n or \t escapes are processed here]]
print(s5, #s5)
local s6 = [=[]=]
print(#s6)
local s7 = [[line1
line2
  line3]]
for line in s7:gmatch("[^\n]+") do print("<" .. line .. ">") end
local s8 = [====[a]===]b]====]
print(s8)
print([[
]] == "", #[[

]])
print([[a]] .. [=[b]=] .. [==[c]==])
print(#[[ ]], [[--not a comment]])
local s9 = [=[ends with a bracket]]=]
print(s9)
print(type([[x]]), ([[abc]]):upper())

-- Every escape sequence of short strings. Bytes are printed as numbers so
-- the output stays plain ASCII.
local function bytes(s)
  local t = {}
  for i = 1, #s do t[#t + 1] = string.byte(s, i) end
  return #s .. ": " .. table.concat(t, " ")
end
print(bytes("\a\b\f\n\r\t\v"))
print(bytes("\\\"\'"))
print(bytes('\'"\"'))
print("\x41\x62\x7A\x7e\x5F")
print("\65\066\0671")
print(bytes("\0\00\000\0000"))
print(bytes("\255\x00\xFF\xfF\1\12\123"))
print(bytes("\9\10\13"))
print("\u{48}\u{0065}\u{6C}\u{00006C}\u{6f}")
print(bytes("\u{0}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}"))
print(bytes("\u{10000}\u{10FFFF}\u{110000}\u{D800}"))
print(bytes("\u{3FFFFFF}\u{4000000}\u{7FFFFFFF}"))
local z = "a\z
           b\z     c\z

     d"
print(z)
print("one\
two")
print(bytes("x\
y"))
print(#"\z", #"\z   ", #"")
print('single \'quoted\' "string"')
print("double \"quoted\" 'string'")
print("tab:\tend", "nul in the middle:" .. #"a\0b")
print("\u{48}\x49\74" == "HIJ")

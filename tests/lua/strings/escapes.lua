-- Escape sequences in short string literals.
print("basic", "a\tb", "quote\"s", 'single\'s', "back\\slash")
print("bytes", ("\a\b\f\n\r\t\v"):byte(1, -1))
print("decimal", "\65\066\0671", ("\0"):byte(), ("\255"):byte(), #"\1234")
print("hex", "\x41\x62\x7A", ("\xff\x00"):byte(1, -1))
print("utf8 escape", "\u{48}\u{49}", #"\u{7FF}", #"\u{FFFF}", #"\u{10FFFF}", #"\u{7FFFFFFF}")
print("utf8 bytes", ("\u{E9}"):byte(1, -1))
print("utf8 large", ("\u{7FFFFFFF}"):byte(1, -1))
print("z skip", "abc\z
      def", "x\z   y")
print("line continuation", "line1\
line2")
print("newline byte", ("a\
b"):byte(2))
print("mixed", "tab:\t|nul:\0|end" == "tab:" .. "\9" .. "|nul:" .. "\0" .. "|end")
print("lengths", #"\n", #"\\", #"\"", #"\z  ", #"\x00\x01")
-- invalid escapes are syntax errors (checked via load)
local function try(src)
  local f, err = load("return " .. src)
  if f then return "ok", f() end
  return "error", err
end
print(try([["\q"]]))
print(try([["\x4"]]))
print(try([["\256"]]))
print(try([["\u{110000000}"]]))
print(try([["\u48"]]))
print(try([["unfinished]]))
print(try([["\u{}"]]))
print(try('"\\999"'))

-- upper, lower, len, reverse.
print("upper", ("Hello, World! 123"):upper())
print("lower", ("Hello, World! 123"):lower())
print("upper empty", ("").upper("") == "")
print("upper non-ascii bytes untouched", ("\200\255"):upper() == "\200\255")
print("lower mixed", ("MiXeD_CaSe"):lower(), ("ÀB"):lower() == "\195\128b")
print("len", ("abc"):len(), (""):len(), ("\0\0"):len(), string.len(1.5))
print("reverse", ("abc"):reverse(), (""):reverse() == "", ("a"):reverse(), ("ab\0c"):reverse() == "c\0ba")
print("reverse palindrome", ("racecar"):reverse() == "racecar")
print("numbers", string.upper(12), string.reverse(123), string.len(100))
print("upper err", pcall(string.upper))
print("lower err", pcall(string.lower, {}))
print("len err", pcall(string.len, nil))
print("reverse err", pcall(string.reverse, true))
-- method call on string literal requires parens
print("method literal", ("xyz"):upper(), #("xyz"):rep(2))
-- string functions via string table and via method
local s = "Mixed"
print("same", s:upper() == string.upper(s), s.upper == string.upper)
-- len of long string
local long = ("0123456789"):rep(1000)
print("long len", #long, long:len(), long:upper() == long)
